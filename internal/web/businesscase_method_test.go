package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/businesscase"
)

// The form refuses care types outside the code lists and areas the store does not know, each
// at its field; known ones are stored.
func TestBusinessCaseFormValidatesTargets(t *testing.T) {
	h := newHarness(t)
	an := h.login("analist")
	form := url.Values{"csrf": {an.csrf}, "actie": {"opslaan"}, "name": {"Doelen"}, "horizon_years": {"3"}, "discount_rate_percent": {"0"},
		"first_year": {"undiscounted"}, "targets.zorgsoorten": {"45, 99, abc"}, "targets.areas": {accesstest.Buurt11 + ", WK999999"},
		"costs[0].payer": {"gemeente"}, "costs[0].per_year_cents[0]": {"1.000"},
		"benefits_per_year[0].stakeholder": {"gemeente"}, "benefits_per_year[0].per_year_cents[0]": {"2.000"}, "benefits_per_year[0].value_type": {"fiscaal_kasbaar"},
	}
	resp, body := an.post("/businesscases/nieuw", form)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{
		`&#34;99&#34; is geen zorgsoortcode`, `&#34;abc&#34; is geen zorgsoortcode`, `gebied &#34;WK999999&#34; is onbekend`,
		`href="#f-targets-zorgsoorten"`, `href="#f-targets-areas"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	if strings.Contains(body, accesstest.Buurt11+"&#34; is onbekend") || strings.Contains(body, "&#34;45&#34; is geen") {
		t.Error("a known care type or area was refused")
	}
	if _, err := h.f.Store.Document(context.Background(), caseKind, "doelen"); err == nil {
		t.Fatal("a case with unknown targets was stored")
	}
	form.Set("targets.zorgsoorten", "45, bijstand")
	form.Set("targets.areas", accesstest.Buurt11+", "+accesstest.Gemeente)
	if resp, body = an.post("/businesscases/nieuw", form); resp.StatusCode != 303 {
		t.Fatalf("known targets: %d %s", resp.StatusCode, body)
	}
	d, err := h.f.Store.Document(context.Background(), caseKind, "doelen")
	if err != nil || !strings.Contains(d.Body, `"value_type": "fiscaal_kasbaar"`) {
		t.Fatalf("stored: %v %s", err, d.Body)
	}
	// The result page shows the value types and the tornado.
	_, body = an.get("/businesscases/doelen")
	for _, want := range []string{"Baten naar waardesoort", "fiscaal, kasbaar", `id="bc-tornado-title"`, "Tornado"} {
		if !strings.Contains(body, want) {
			t.Errorf("result page lacks %q", want)
		}
	}
}

// The form keeps every new field of the method: cost grades and their uplift, the amount per
// cohort, value types.
func TestFormRoundTripMethodFields(t *testing.T) {
	h, rate := 3, 0.0
	c := &businesscase.Case{Name: "methode", HorizonYears: &h, DiscountRatePercent: &rate, CostOptimismBias: true,
		CostGrades:    map[string]float64{"B": 12.5, "X": 40},
		Interventions: []businesscase.Intervention{{Name: "x", Cohorts: []businesscase.Cohort{{Year: 0, Persons: 10}, {Year: 2, Persons: 5}}}},
		Costs: []businesscase.Cost{
			{Payer: "gemeente", Confidence: "X", PerCohortCents: 2_500_00, PerPersonCents: 100_00},
			{Payer: "zorgverzekeraar", Confidence: "B", PerYearCents: []int64{1_000_00}},
		},
		Effects: []businesscase.Effect{{Name: "e", Confidence: "A", ValueType: businesscase.ValueSocial, DurationYears: 1, UnitValueCents: 500_00,
			Stakeholders: []businesscase.Share{{Name: "client", Share: 1}}}},
		BenefitsPerYear: []businesscase.Benefit{{Stakeholder: "gemeente", ValueType: businesscase.ValueFiscalNonCashable, PerYearCents: []int64{100_00}}},
	}
	back, errs := draftFromForm(formValuesOf(draftFromCase(c))).toCase()
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	if !back.CostOptimismBias || back.CostGrades["B"] != 12.5 || back.CostGrades["X"] != 40 ||
		back.Costs[0].Confidence != "X" || back.Costs[0].PerCohortCents != 2_500_00 || back.Costs[1].Confidence != "B" ||
		back.Effects[0].ValueType != businesscase.ValueSocial || back.BenefitsPerYear[0].ValueType != businesscase.ValueFiscalNonCashable {
		t.Errorf("round trip lost a field: %+v", back)
	}
	want, err := businesscase.Evaluate(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := businesscase.Evaluate(back)
	if err != nil || got.PVCostsCents != want.PVCostsCents || got.PVCostsCents != (2_500_00*2+100_00*15)*14/10+1_000_00*1125/1000 {
		t.Errorf("PV costs %d, want %d: %v", got.PVCostsCents, want.PVCostsCents, err)
	}
}
