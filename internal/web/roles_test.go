package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// bsnForms are the ways a person types a BSN: whole, in groups of three
// with spaces, dots or dashes, and 4-2-3 as on a passport.
func bsnForms(b string) []string {
	return []string{b, b[:3] + " " + b[3:6] + " " + b[6:], b[:3] + "." + b[3:6] + "." + b[6:], b[:3] + "-" + b[3:6] + "-" + b[6:], b[:4] + "." + b[4:6] + "." + b[6:]}
}

// assignmentOf returns the id of the professional's assignment to household.
func assignmentOf(t *testing.T, f *accesstest.Fixture, household string) int64 {
	t.Helper()
	as, err := f.Store.Assignments(context.Background(), f.Users[access.Professional].UserID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Household == household && a.ApprovedBy != "" {
			return a.ID
		}
	}
	t.Fatalf("no approved assignment to %s", household)
	return 0
}

// Issue 15.9: an admin types a BSN as the zaaknummer, whole or in groups.
// It is refused with a clear message that does not repeat it, nothing is
// stored, and the page does not echo it back.
func TestAttackZaaknummerBSN(t *testing.T) {
	h := newHarness(t)
	adm := h.login("beheer")
	before, _ := h.f.Store.Assignments(context.Background(), 0)
	bsn := kluis.SyntheticBSN(777)
	for _, z := range bsnForms(bsn) {
		resp, body := adm.post("/beheer/toewijzingen", url.Values{"csrf": {adm.csrf}, "hulpverlener": {"hulpverlener"}, "huishouden": {h.f.HouseholdB},
			"van": {"2025-01-01"}, "tot": {"2030-12-31"}, "grondslag": {"Jeugdwet art. 7.4.4"}, "zaaknummer": {z}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "lijkt op een BSN") {
			t.Errorf("zaaknummer %q: status %d, want 400 with the BSN message", kluis.MaskBSN(z), resp.StatusCode)
		}
		for _, form := range bsnForms(bsn) {
			if strings.Contains(body, form) {
				t.Errorf("the page echoes the BSN typed as zaaknummer (%s)", kluis.MaskBSN(form))
			}
		}
	}
	after, _ := h.f.Store.Assignments(context.Background(), 0)
	if len(after) != len(before) {
		t.Fatalf("%d assignments stored with a BSN as zaaknummer", len(after)-len(before))
	}
	// Not code-like: refused too.
	resp, body := adm.post("/beheer/toewijzingen", url.Values{"csrf": {adm.csrf}, "hulpverlener": {"hulpverlener"}, "huishouden": {h.f.HouseholdB},
		"van": {"2025-01-01"}, "tot": {"2030-12-31"}, "grondslag": {"Jeugdwet"}, "zaaknummer": {"<script>"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "letters, cijfers") {
		t.Errorf("zaaknummer <script>: status %d", resp.StatusCode)
	}
}

// Issue 15.9: the zaaknummer entered with the assignment is how the
// professional finds the household: on the list, searchable, and on the
// household page.
func TestZaaknummerOnCaseload(t *testing.T) {
	h := newHarness(t)
	adm := h.login("beheer")
	resp, body := adm.post("/beheer/toewijzingen", url.Values{"csrf": {adm.csrf}, "hulpverlener": {"hulpverlener"}, "huishouden": {h.f.HouseholdB},
		"van": {"2025-01-01"}, "tot": {"2099-12-31"}, "grondslag": {"Jeugdwet art. 7.4.4"}, "zaaknummer": {"JZ-2025/0042"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("assign: %d %s", resp.StatusCode, body)
	}
	as, _ := h.f.Store.Assignments(context.Background(), h.f.Users[access.Professional].UserID)
	if as[0].Zaaknummer != "JZ-2025/0042" || as[0].Household != h.f.HouseholdB {
		t.Fatalf("newest assignment %+v", as[0])
	}
	tl := h.login("teamleider")
	if resp, _ := tl.post(fmt.Sprintf("/toewijzingen/%d/goedkeuren", as[0].ID), url.Values{"csrf": {tl.csrf}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("approve: %d", resp.StatusCode)
	}
	pro := h.login("hulpverlener")
	_, list := pro.get("/huishoudens")
	if !strings.Contains(list, "JZ-2025/0042") || !strings.Contains(list, shortID(h.f.HouseholdA)) {
		t.Errorf("the list does not show both households with the zaaknummer")
	}
	if !regexp.MustCompile(`\d+ [a-z]{3} \d{4} – \d+ [a-z]{3} \d{4}`).MatchString(list) {
		t.Errorf("the list's totals state no period")
	}
	_, found := pro.get("/huishoudens?zoek=0042")
	if !strings.Contains(found, "JZ-2025/0042") || strings.Contains(found, "/huishoudens/"+h.f.HouseholdA) {
		t.Errorf("searching 0042 should find household B only")
	}
	_, none := pro.get("/huishoudens?zoek=XYZ")
	if !strings.Contains(none, "Geen van uw 2 huishoudens") {
		t.Errorf("a search without result says nothing")
	}
	_, page := pro.get("/huishoudens/" + h.f.HouseholdB)
	if !strings.Contains(page, "Zaak JZ-2025/0042") {
		t.Errorf("the household page does not name the zaaknummer")
	}
	if !strings.Contains(page, "Alle totalen op deze pagina gaan over de leveringen van <strong>1 jan 2025 – 30 jun 2025</strong>") {
		t.Errorf("the household page does not state the period of its totals")
	}
	resp, js := h.api("GET", "/api/v1/households", h.apiToken("hulpverlener"), nil, "")
	if resp.StatusCode != 200 || !strings.Contains(js, `"zaaknummer": "JZ-2025/0042"`) {
		t.Errorf("API caseload without zaaknummer: %d %s", resp.StatusCode, js)
	}
}

// Issue 15.9: an admin ends an assignment; from that day the professional
// is refused the household's page and API, and each try is in the audit
// log as a deny.
func TestAttackEndedAssignment(t *testing.T) {
	h := newHarness(t)
	pro := h.login("hulpverlener")
	tok := h.apiToken("hulpverlener")
	if resp, _ := pro.get("/huishoudens/" + h.f.HouseholdA); resp.StatusCode != 200 {
		t.Fatalf("before the end: %d", resp.StatusCode)
	}
	id := assignmentOf(t, h.f, h.f.HouseholdA)
	// A teamleider may not end it.
	tl := h.login("teamleider")
	if resp, _ := tl.post(fmt.Sprintf("/beheer/toewijzingen/%d/beeindigen", id), url.Values{"csrf": {tl.csrf}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("teamleider ends an assignment: %d, want 403", resp.StatusCode)
	}
	// Ending it as of a later day leaves access until then.
	adm := h.login("beheer")
	later := model.Date(access.Today() + 10000) // a year on
	if resp, body := adm.post(fmt.Sprintf("/beheer/toewijzingen/%d/beeindigen", id), url.Values{"csrf": {adm.csrf}, "per": {later.String()}}); resp.StatusCode != 200 || !strings.Contains(body, "is beëindigd per") {
		t.Fatalf("end later: %d", resp.StatusCode)
	}
	if resp, _ := pro.get("/huishoudens/" + h.f.HouseholdA); resp.StatusCode != 200 {
		t.Fatalf("an assignment ended as of next year already refuses: %d", resp.StatusCode)
	}
	// Ending it today refuses at once.
	if resp, _ := adm.post(fmt.Sprintf("/beheer/toewijzingen/%d/beeindigen", id), url.Values{"csrf": {adm.csrf}}); resp.StatusCode != 200 {
		t.Fatalf("end today: %d", resp.StatusCode)
	}
	a, err := h.f.Store.AssignmentByID(context.Background(), id)
	if err != nil || a.ValidTo >= access.Today() {
		t.Fatalf("ended assignment runs to %d", a.ValidTo)
	}
	n := h.auditCount()
	if resp, _ := pro.get("/huishoudens/" + h.f.HouseholdA); resp.StatusCode != http.StatusForbidden {
		t.Errorf("page after the end: %d, want 403", resp.StatusCode)
	}
	if resp, _ := h.api("GET", "/api/v1/households/"+h.f.HouseholdA, tok, nil, ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("API after the end: %d, want 403", resp.StatusCode)
	}
	if resp, _ := pro.post("/huishoudens/"+h.f.HouseholdA+"/plan", planForm(pro.csrf, nil)); resp.StatusCode != http.StatusForbidden {
		t.Errorf("plan write after the end: %d, want 403", resp.StatusCode)
	}
	recs, _ := h.f.Store.RecentAudit(context.Background(), 10)
	denies := 0
	for _, r := range recs {
		if r.Seq > n && r.Username == "hulpverlener" && r.Outcome == "deny" && r.Client == h.f.HouseholdA {
			denies++
		}
	}
	if denies != 3 {
		t.Errorf("%d deny records for the three tries, want 3", denies)
	}
	if _, list := pro.get("/huishoudens"); strings.Contains(list, h.f.HouseholdA) {
		t.Errorf("the ended household is still on the caseload")
	}
	ended := false
	for _, r := range recs {
		ended = ended || r.Event == "end assignment" && r.Client == h.f.HouseholdA && r.Username == "beheer"
	}
	if !ended {
		t.Errorf("the end is not in the audit log")
	}
}

// Issue 15.9: a family asks for a correction, with a BSN in the text in
// every form people type one: none reaches the store, on either engine.
// The assigned professional reads it (masked) and marks it handled; the
// family sees that; Beheer reads the text only where no professional is
// assigned.
func TestAttackCorrectionBSN(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store, path string) {
		f := accesstest.Seed(t, st)
		hd, err := New(sourcesOf(f.Store, f.Importer), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(hd)
		defer srv.Close()
		h := &harness{t: t, f: f, srv: srv}
		bsn := kluis.SyntheticBSN(5151)
		text := "Deze levering klopt niet. BSN " + strings.Join(bsnForms(bsn), ", ")
		mem := h.login("gezin")
		resp, _ := mem.post("/mijn/correctie", url.Values{"csrf": {mem.csrf}, "over": {f.AChild}, "vraag": {text}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("correction: %d", resp.StatusCode)
		}
		// Not for someone else's person, and not without text.
		if resp, _ := mem.post("/mijn/correctie", url.Values{"csrf": {mem.csrf}, "over": {f.B1}, "vraag": {"x"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("correction about another family: %d, want 403", resp.StatusCode)
		}
		if resp, _ := mem.post("/mijn/correctie", url.Values{"csrf": {mem.csrf}, "over": {f.A1}, "vraag": {"  "}}); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("empty correction: %d, want 400", resp.StatusCode)
		}
		dump := dumpStore(t, st, path)
		for _, form := range bsnForms(bsn) {
			if strings.Contains(dump, form) {
				t.Errorf("the database holds the BSN as %q", kluis.MaskBSN(form))
			}
		}
		if !strings.Contains(dump, "Deze levering klopt niet") {
			t.Fatal("the request's text is not stored")
		}
		pro := h.login("hulpverlener")
		_, page := pro.get("/huishoudens/" + f.HouseholdA)
		if !strings.Contains(page, "Deze levering klopt niet") || !strings.Contains(page, "******") || !strings.Contains(page, ">open<") {
			t.Fatalf("the professional does not see the open request")
		}
		m := regexp.MustCompile(`/huishoudens/[^/]+/correcties/(\d+)/afgehandeld`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no handle button")
		}
		// Beheer sees that it exists, not its text (a professional is assigned).
		adm := h.login("beheer")
		_, ap := adm.get("/beheer/correcties")
		if !strings.Contains(ap, "Open (1)") || strings.Contains(ap, "Deze levering klopt niet") {
			t.Errorf("Beheer's list: want one open request without its text")
		}
		if resp, _ := pro.post(m[0], url.Values{"csrf": {pro.csrf}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("handle: %d", resp.StatusCode)
		}
		if resp, _ := pro.post(m[0], url.Values{"csrf": {pro.csrf}}); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("handling twice: %d, want 400", resp.StatusCode)
		}
		_, portal := mem.get("/mijn")
		if !strings.Contains(portal, "afgehandeld") {
			t.Errorf("the family does not see its request handled")
		}
		// Household B has no professional: Beheer reads and routes it.
		mem2 := h.login("gezin2")
		if resp, _ := mem2.post("/mijn/correctie", url.Values{"csrf": {mem2.csrf}, "over": {f.B1}, "vraag": {"Ik kreeg geen huishoudelijke hulp in mei"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("correction B: %d", resp.StatusCode)
		}
		_, ap = adm.get("/beheer/correcties")
		if !strings.Contains(ap, "Ik kreeg geen huishoudelijke hulp in mei") {
			t.Errorf("Beheer does not see the text of a request without a professional")
		}
		// The professional of A may not handle B's request.
		if resp, _ := pro.post("/huishoudens/"+f.HouseholdB+"/correcties/2/afgehandeld", url.Values{"csrf": {pro.csrf}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("professional handles another household's request: %d, want 403", resp.StatusCode)
		}
	})
}

// Issue 15.9: the family portal names its hulpverlener and how to reach
// them, shows provider names instead of AGB codes or ids, leaves out
// empty figures and states the period of every total.
func TestPortalRoles(t *testing.T) {
	h := newHarness(t)
	if err := h.f.Store.SetUserEmail(context.Background(), h.f.Users[access.Professional].UserID, "hulpverlener@wijkteam.example"); err != nil {
		t.Fatal(err)
	}
	mem := h.login("gezin")
	_, page := mem.get("/mijn")
	if !strings.Contains(page, "<strong>Hulpverlener</strong>") || !strings.Contains(page, `href="mailto:hulpverlener@wijkteam.example"`) {
		t.Errorf("the portal does not name the hulpverlener and their e-mail")
	}
	visible := regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(page, " ")
	if strings.Contains(visible, "AGB") || strings.Contains(visible, accesstest.AGB1) || strings.Contains(visible, accesstest.AGB2) {
		t.Errorf("the portal shows an AGB code")
	}
	if regexp.MustCompile(`Levering \d+`).MatchString(visible) {
		t.Errorf("the portal shows a delivery id")
	}
	if strings.Contains(page, "<dd>€ 0</dd>") || strings.Contains(page, "<dd>€ 0,00</dd>") {
		t.Errorf("the portal shows a € 0 card")
	}
	if !strings.Contains(page, "ontschot-stat__hint") {
		t.Errorf("the portal's totals state no period")
	}
	if !strings.Contains(page, "Klopt er iets niet?") {
		t.Errorf("no way to ask for a correction")
	}
	// Household B has no professional: the portal says where to go.
	_, p2 := h.login("gezin2").get("/mijn")
	if !strings.Contains(p2, "geen hulpverlener aan uw gezin gekoppeld") || strings.Contains(p2, "<strong>Hulpverlener</strong>") {
		t.Errorf("household B's portal names a hulpverlener it does not have")
	}
}

// An assignment waiting for approval puts nothing of the household on the
// professional's list: not its code, not its persons or amount.
func TestCaseloadOnlyApproved(t *testing.T) {
	h := newHarness(t)
	if _, err := access.Assign(context.Background(), h.f.Store, access.Assignment{UserID: h.f.Users[access.Professional].UserID, Household: h.f.HouseholdB,
		ValidFrom: 20200101, ValidTo: 20991231, LegalBasis: "Jeugdwet", CreatedBy: "beheer", Zaaknummer: "WACHT-1"}); err != nil {
		t.Fatal(err)
	}
	_, list := h.login("hulpverlener").get("/huishoudens")
	if strings.Contains(list, "WACHT-1") || strings.Contains(list, h.f.HouseholdB) {
		t.Error("a household waiting for approval is on the caseload")
	}
	if !strings.Contains(list, "JZ-2025/0017") {
		t.Error("the approved household is missing")
	}
}
