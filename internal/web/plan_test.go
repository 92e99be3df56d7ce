package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/store"
)

// planForm is a filled-in plan form; over changes single fields.
func planForm(csrf string, over map[string]string) url.Values {
	f := url.Values{
		"csrf": {csrf}, "actie": {"opslaan"},
		"van": {"2000-01-01"}, "tot": {"31-12-2099"}, "budget": {"1,00"}, "afgesproken": {"ouders en gezinscoach, maart 2025"},
		"doel-0-tekst": {"Schulden onder controle"}, "doel-0-status": {"bezig"},
		"doel-1-tekst": {""}, "doel-1-status": {"open"}, // an empty row: dropped
		"steun-0-omschrijving": {"Ambulante jeugdhulp voor het kind"}, "steun-0-geldstroom": {"jeugdwet"}, "steun-0-categorie": {"45"}, "steun-0-agb": {"12345678"},
		"steun-1-omschrijving": {"Schuldhulpverlening"}, "steun-1-geldstroom": {"schuldhulp"}, "steun-1-categorie": {""}, "steun-1-agb": {""},
	}
	for k, v := range over {
		f.Set(k, v)
	}
	return f
}

func lastAudit(t *testing.T, h *harness) store.AuditRecord {
	t.Helper()
	recs, err := h.f.Store.RecentAudit(context.Background(), 1)
	if err != nil || len(recs) != 1 {
		t.Fatalf("audit: %v %d", err, len(recs))
	}
	return recs[0]
}

func TestPlanSaveAndSpendAgainstBudget(t *testing.T) {
	h := newHarness(t)
	pro := h.login("hulpverlener")
	page := "/huishoudens/" + h.f.HouseholdA
	if _, body := pro.get(page); !strings.Contains(body, "Er is nog geen plan") || !strings.Contains(body, page+"/plan") {
		t.Fatal("household page without a plan does not offer to make one")
	}

	resp, body := pro.post(page+"/plan", planForm(pro.csrf, nil))
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "#plan") {
		t.Fatalf("save: %d\n%s", resp.StatusCode, body)
	}
	if r := lastAudit(t, h); r.Event != "write household" || r.Outcome != "allow" || r.Client != h.f.HouseholdA || r.Basis == "" {
		t.Fatalf("audit record of the save: %+v", r)
	}
	_, body = pro.get(resp.Header.Get("Location"))
	for _, want := range []string{"Het plan is opgeslagen", "Schulden onder controle", ">Bezig<", "Ambulante jeugdhulp voor het kind", "AGB 12345678",
		"Schuldhulpverlening", "ouders en gezinscoach, maart 2025", "1 januari 2000", "31 december 2099",
		"over budget", `<svg class="chart chart-meter"`, "Besteed per geldstroom", "Jeugdwet"} {
		if !strings.Contains(body, want) {
			t.Errorf("household page lacks %q", want)
		}
	}
	if strings.Contains(body, "binnen budget") {
		t.Error("a budget of € 1 is shown as within budget")
	}

	// A budget far above the spend: within budget, the rest remains.
	resp, _ = pro.post(page+"/plan", planForm(pro.csrf, map[string]string{"budget": "10.000.000"}))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second save: %d", resp.StatusCode)
	}
	_, body = pro.get(page)
	if !strings.Contains(body, "binnen budget") || !strings.Contains(body, "Resterend") || strings.Contains(body, "over budget") {
		t.Error("a large budget is not shown as within budget")
	}
	// The edit form comes back filled in.
	_, body = pro.get(page + "/plan")
	for _, want := range []string{`value="10.000.000"`, `value="2000-01-01"`, `value="Schulden onder controle"`, `<option value="bezig" selected>`, `<option value="schuldhulp" selected>`} {
		if !strings.Contains(body, want) {
			t.Errorf("edit form lacks %s", want)
		}
	}
	// A period without deliveries: nothing spent against the plan.
	pro.post(page+"/plan", planForm(pro.csrf, map[string]string{"van": "2099-01-01"}))
	_, body = pro.get(page)
	if !strings.Contains(body, "Nog niets besteed in de planperiode") {
		t.Error("deliveries outside the plan period count against it")
	}
}

func TestPlanFormErrorsAndRows(t *testing.T) {
	h := newHarness(t)
	pro := h.login("hulpverlener")
	page := "/huishoudens/" + h.f.HouseholdA
	resp, body := pro.post(page+"/plan", planForm(pro.csrf, map[string]string{
		"budget": "twaalf", "tot": "1999-12-31", "steun-0-geldstroom": "", "steun-0-agb": "123", "afgesproken": ""}))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("refused form: %d", resp.StatusCode)
	}
	for _, want := range []string{"<title>Fout: ", "Vul het budget in euro", "De einddatum ligt vóór de begindatum", "Kies de geldstroom",
		"Een AGB-code is 8 cijfers", "Vul in met wie", `value="twaalf"`, `value="Schulden onder controle"`, `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	if _, body := pro.get(page); !strings.Contains(body, "Er is nog geen plan") {
		t.Error("a refused plan was stored")
	}
	// "Regel toevoegen" re-renders with one more line and stores nothing.
	f := planForm(pro.csrf, map[string]string{"actie": "steun-erbij", "budget": ""})
	resp, body = pro.post(page+"/plan", f)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `name="steun-2-omschrijving"`) || strings.Contains(body, "Vul het budget") {
		t.Fatalf("row button: %d", resp.StatusCode)
	}
	resp, body = pro.post(page+"/plan", planForm(pro.csrf, map[string]string{"actie": "doel-erbij"}))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `name="doel-2-tekst"`) {
		t.Fatalf("goal button: %d", resp.StatusCode)
	}
	if _, body := pro.get(page); !strings.Contains(body, "Er is nog geen plan") {
		t.Error("a row button stored the plan")
	}
	// Without the CSRF token nothing happens.
	resp, _ = pro.post(page+"/plan", planForm("", nil))
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("without csrf: %d", resp.StatusCode)
	}
}

func TestPlanOnlyForTheAssignedProfessional(t *testing.T) {
	h := newHarness(t)
	pro := h.login("hulpverlener")
	other := "/huishoudens/" + h.f.HouseholdB + "/plan" // not assigned
	for _, c := range []struct {
		name   string
		do     func() *http.Response
		event  string
		client string
	}{
		{"unassigned read", func() *http.Response { r, _ := pro.get(other); return r }, "read household", h.f.HouseholdB},
		{"unassigned save", func() *http.Response { r, _ := pro.post(other, planForm(pro.csrf, nil)); return r }, "write household", h.f.HouseholdB},
		{"unassigned row button", func() *http.Response {
			r, _ := pro.post(other, planForm(pro.csrf, map[string]string{"actie": "doel-erbij"}))
			return r
		}, "read household", h.f.HouseholdB},
		{"expired assignment save", func() *http.Response {
			r, _ := pro.post("/huishoudens/"+h.f.HouseholdC+"/plan", planForm(pro.csrf, nil))
			return r
		}, "write household", h.f.HouseholdC},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := h.auditCount()
			if resp := c.do(); resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", resp.StatusCode)
			}
			if h.auditCount() != before+1 {
				t.Fatal("no audit record of the refusal")
			}
			if r := lastAudit(t, h); r.Event != c.event || r.Outcome != "deny" || r.Client != c.client {
				t.Fatalf("audit record %+v", r)
			}
		})
	}
	for _, user := range []string{"analist", "aanbieder", "gezin", "gezin2", "beheer"} {
		t.Run(user, func(t *testing.T) {
			cl := h.login(user)
			for _, hh := range []string{h.f.HouseholdA, h.f.HouseholdB} {
				before := h.auditCount()
				if resp, _ := cl.post("/huishoudens/"+hh+"/plan", planForm(cl.csrf, nil)); resp.StatusCode != http.StatusForbidden {
					t.Errorf("save plan of %s: %d, want 403", hh, resp.StatusCode)
				}
				if h.auditCount() == before {
					t.Error("no audit record of the refusal")
				}
			}
			if resp, _ := cl.get("/huishoudens/" + h.f.HouseholdA + "/plan"); resp.StatusCode != http.StatusForbidden {
				t.Errorf("plan form: %d, want 403", resp.StatusCode)
			}
		})
	}
}

func TestSpendAgainst(t *testing.T) {
	p := plan{BudgetCent: 100_00, From: 20250101, To: 20251231}
	ds := []store.DeliveryRow{
		{Geldstroom: "wmo", Begin: 20250101, Eind: 20250131, AmountCent: 60_00},
		{Geldstroom: "wmo", Begin: 20250201, Eind: 20250228, AmountCent: -10_00, Credit: true},
		{Geldstroom: "jeugdwet", Begin: 20251231, Eind: 20260131, AmountCent: 30_00}, // begins on the last day: counts
		{Geldstroom: "jeugdwet", Begin: 20241201, Eind: 20250131, AmountCent: 99_00}, // begins before: does not
		{Geldstroom: "wmo", Begin: 20260101, Eind: 20260131, AmountCent: 99_00},      // after
	}
	s := spendAgainst(p, ds)
	if s.Total != 80_00 || s.Count != 3 || s.Remaining != 20_00 || s.Over || s.OverBy != 0 {
		t.Fatalf("spend %+v", s)
	}
	if len(s.PerStream) != 2 || s.PerStream[0].Key != "wmo" || s.PerStream[0].Amount != 50_00 || s.PerStream[1].Amount != 30_00 {
		t.Fatalf("per stream %+v", s.PerStream)
	}
	p.BudgetCent = 70_00
	if s := spendAgainst(p, ds); !s.Over || s.OverBy != 10_00 || s.Remaining != -10_00 {
		t.Fatalf("over budget %+v", s)
	}
}

func TestPlanInPortalOnlyWhereHouseholdTotalsMayBeSeen(t *testing.T) {
	h := newHarness(t)
	adm := h.login("beheer")
	if resp, body := adm.post("/beheer/toewijzingen", url.Values{"csrf": {adm.csrf}, "hulpverlener": {"hulpverlener"}, "huishouden": {h.f.HouseholdB},
		"van": {"2024-01-01"}, "tot": {"2099-12-31"}, "grondslag": {"Wmo 2015 art. 2.3.2"}}); resp.StatusCode != 200 || !strings.Contains(body, "Toewijzing vastgelegd") {
		t.Fatalf("assign: %d", resp.StatusCode)
	}
	approveAll(t, h)
	pro := h.login("hulpverlener")
	for _, hh := range []string{h.f.HouseholdA, h.f.HouseholdB} {
		if resp, _ := pro.post("/huishoudens/"+hh+"/plan", planForm(pro.csrf, nil)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save plan of %s: %d", hh, resp.StatusCode)
		}
	}
	// gezin2 is the sole adult of B: may see household totals, so the plan.
	resp, body := h.login("gezin2").get("/mijn")
	if resp.StatusCode != 200 || !strings.Contains(body, "Het plan van uw huishouden") || !strings.Contains(body, "Schulden onder controle") ||
		!strings.Contains(body, "meer dan het budget") || strings.Contains(body, `name="budget"`) {
		t.Fatalf("portal of gezin2: %d, plan missing or editable", resp.StatusCode)
	}
	// gezin lives in A, whose other adult has no account: no plan.
	_, body = h.login("gezin").get("/mijn")
	if strings.Contains(body, "Het plan van uw huishouden") || strings.Contains(body, "Schulden onder controle") {
		t.Fatal("a member who may not see household totals sees the plan")
	}
	// The family sees in the access log that the plan was written.
	if _, body := h.login("gezin2").get("/mijn/inzage"); !strings.Contains(body, "legde het plan van uw huishouden vast") {
		t.Error("access log does not show the plan being written")
	}
}

// The API's household carries the plan and its spend; null without one.
func TestPlanInHouseholdAPI(t *testing.T) {
	h := newHarness(t)
	tok := h.apiToken("hulpverlener")
	get := func() map[string]any {
		resp, body := h.api("GET", "/api/v1/households/"+h.f.HouseholdA, tok, nil, "")
		var out map[string]any
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &out) != nil {
			t.Fatalf("household API: %d %s", resp.StatusCode, body)
		}
		return out
	}
	if p, ok := get()["plan"]; !ok || p != nil {
		t.Fatalf("without a plan: %v (present %v), want null", p, ok)
	}
	pro := h.login("hulpverlener")
	if resp, _ := pro.post("/huishoudens/"+h.f.HouseholdA+"/plan", planForm(pro.csrf, nil)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save plan: %d", resp.StatusCode)
	}
	p, ok := get()["plan"].(map[string]any)
	if !ok || p["budget_cent"] == nil || p["spent_cent"] == nil || p["goals"] == nil {
		t.Fatalf("plan in API: %v", get()["plan"])
	}
}
