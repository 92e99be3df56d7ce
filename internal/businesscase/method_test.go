package businesscase

import (
	"strings"
	"testing"
)

// gradedCosts is a case with three graded cost lines, undiscounted, and one fiscal cashable
// benefit of € 600: costs € 100 + € 100 (A), € 200 (B) and 10 persons × € 10 (C).
func gradedCosts() *Case {
	h, rate := 3, 0.0
	return &Case{
		Name: "kosten met klassen", HorizonYears: &h, DiscountRatePercent: &rate, CostOptimismBias: true,
		Interventions: []Intervention{{Name: "x", Cohorts: []Cohort{{Year: 0, Persons: 10}}}},
		Costs: []Cost{
			{Payer: "gemeente", Description: "vast", Confidence: "A", PerYearCents: []int64{100_00, 100_00}},
			{Payer: "gemeente", Description: "inhuur", Confidence: "B", PerYearCents: []int64{200_00}},
			{Payer: "zorgverzekeraar", Description: "per persoon", Confidence: "C", PerPersonCents: 10_00},
		},
		BenefitsPerYear: []Benefit{{Stakeholder: "gemeente", ValueType: ValueFiscalCashable, PerYearCents: []int64{0, 0, 600_00}}},
	}
}

// Green Book practice: each cost line is raised by the uplift of its grade, A +0%, B +10%,
// C +25% by default: € 200 + € 220 + € 125 = € 545.
func TestCostOptimismBias(t *testing.T) {
	r, err := Evaluate(gradedCosts())
	if err != nil {
		t.Fatal(err)
	}
	if r.PVCostsCents != 545_00 || !r.CostOptimismBias {
		t.Errorf("PV costs %d (bias %v), want 54500 with the cost bias on", r.PVCostsCents, r.CostOptimismBias)
	}
	if !near(*r.Ratio, 600.0/545.0, 1e-9) {
		t.Errorf("ratio %v, want %v", *r.Ratio, 600.0/545.0)
	}
	if got := r.Years[0].CostsCents; got != 100_00+220_00+125_00 {
		t.Errorf("year 0 costs %d, want 44500", got)
	}
	if got := r.Stakeholders[1]; got.Name != "zorgverzekeraar" || got.PaysCents != 125_00 {
		t.Errorf("zorgverzekeraar pays %d, want 12500", got.PaysCents)
	}
	// The sensitivity shows the case without the uplift.
	var off *Scenario
	for i := range r.Sensitivity {
		if r.Sensitivity[i].Scenario == "cost_optimism_bias_off" {
			off = &r.Sensitivity[i]
		}
	}
	if off == nil || off.PVCostsCents != 500_00 || off.CostBias || !near(*off.Ratio, 1.2, 1e-12) {
		t.Errorf("sensitivity without cost uplift: %+v, want PV costs 50000, ratio 1.2", off)
	}

	// Discounted at 10%: year 0 € 100 + € 220 + € 125, year 1 € 100 / 1.1.
	c := gradedCosts()
	rate := 10.0
	c.DiscountRatePercent = &rate
	r, err = Evaluate(c)
	if err != nil {
		t.Fatal(err)
	}
	if want := 445_00 + 100_00/1.1; !near(r.pvCosts, want, 1e-12) {
		t.Errorf("discounted PV costs %v, want %v", r.pvCosts, want)
	}

	// The file overrides a grade: B +50% gives € 200 + € 300 + € 125.
	c = gradedCosts()
	c.CostGrades = map[string]float64{"B": 50}
	if r, err = Evaluate(c); err != nil || r.PVCostsCents != 625_00 {
		t.Errorf("overridden grade: PV costs %d, %v; want 62500", r.PVCostsCents, err)
	}

	// Off (the default), the grades change nothing, and the sensitivity shows the uplift on.
	c = gradedCosts()
	c.CostOptimismBias = false
	r, err = Evaluate(c)
	if err != nil || r.PVCostsCents != 500_00 {
		t.Fatalf("cost bias off: PV costs %d, %v; want 50000", r.PVCostsCents, err)
	}
	found := false
	for _, s := range r.Sensitivity {
		if s.Scenario == "cost_optimism_bias_on" {
			found = s.PVCostsCents == 545_00 && s.Label == "optimism bias kosten aan"
		}
	}
	if !found {
		t.Errorf("sensitivity lacks the cost uplift switched on at € 545: %+v", r.Sensitivity)
	}
	// An evaluation option switches it on as well.
	if r, err = EvaluateWith(c, Options{CostOptimismBias: ptr(true)}); err != nil || r.PVCostsCents != 545_00 {
		t.Errorf("option on: PV costs %d, %v; want 54500", r.PVCostsCents, err)
	}
}

func TestCostOptimismBiasNeedsEveryGrade(t *testing.T) {
	c := gradedCosts()
	c.Costs[2].Confidence = ""
	err := c.Validate()
	for _, want := range []string{`veld costs[2].confidence: ontbreekt`, `kostenregel "per persoon" heeft een betrouwbaarheidsklasse nodig`, `cost line "per persoon" needs a confidence grade`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nlacks %s", err, want)
		}
	}
	if strings.Count(err.Error(), "costs[") != 1 {
		t.Errorf("only costs[2] lacks a grade: %v", err)
	}
	// Switched on from outside, the evaluation names the line too.
	c.CostOptimismBias = false
	if err := c.Validate(); err != nil {
		t.Fatalf("with the cost bias off a missing grade is fine: %v", err)
	}
	_, err = EvaluateWith(c, Options{CostOptimismBias: ptr(true)})
	if err == nil || !strings.Contains(err.Error(), "veld costs[2].confidence") {
		t.Errorf("option on without grade: %v", err)
	}
	// An unknown grade is refused, on or off.
	c.Costs[0].Confidence = "Z"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), `veld costs[0].confidence: onbekende betrouwbaarheidsklasse "Z"`) {
		t.Errorf("unknown grade: %v", err)
	}
}

// A fixed amount per cohort started is booked once in each year a cohort of at least one person
// starts, whatever its size, beside the amounts per person.
func TestPerCohortCosts(t *testing.T) {
	h, rate := 5, 0.0
	c := &Case{Name: "cohorten", HorizonYears: &h, DiscountRatePercent: &rate,
		Interventions: []Intervention{{Name: "x", Cohorts: []Cohort{{Year: 0, Persons: 10}, {Year: 2, Persons: 0}, {Year: 3, Persons: 5}}}},
		Costs:         []Cost{{Payer: "gemeente", PerCohortCents: 1_000_00, PerPersonCents: 10_00}},
	}
	r, err := Evaluate(c)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{1_100_00, 0, 0, 1_050_00, 0}
	for i, y := range r.Years {
		if y.CostsCents != want[i] {
			t.Errorf("year %d costs %d, want %d", i, y.CostsCents, want[i])
		}
	}
	if r.PVCostsCents != 2_150_00 {
		t.Errorf("PV costs %d, want 215000", r.PVCostsCents)
	}
	c.Costs[0].PerCohortCents = -1
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "veld costs[0].per_cohort_cents: is negatief") {
		t.Errorf("negative per-cohort amount: %v", err)
	}
	c.Costs[0] = Cost{Payer: "gemeente", PerCohortCents: 5}
	c.Interventions = append(c.Interventions, Intervention{Name: "y"})
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "veld costs[0].intervention: noem de interventie") {
		t.Errorf("per-cohort cost needs its intervention among several: %v", err)
	}
}

func TestValueTypes(t *testing.T) {
	h, rate := 2, 10.0
	c := &Case{Name: "waardesoorten", HorizonYears: &h, DiscountRatePercent: &rate,
		Interventions: []Intervention{{Name: "x", Cohorts: []Cohort{{Year: 0, Persons: 10}}}},
		Costs:         []Cost{{Payer: "gemeente", PerYearCents: []int64{1_000_00}}},
		Effects: []Effect{{Name: "werk", Confidence: "A", ValueType: ValueEconomic, DurationYears: 2, UnitValueCents: 10_00,
			Stakeholders: []Share{{Name: "werkgever", Share: 0.5}, {Name: "uwv", Share: 0.5}}}},
		BenefitsPerYear: []Benefit{
			{Stakeholder: "gemeente", ValueType: ValueFiscalCashable, PerYearCents: []int64{0, 550_00}},
			{Stakeholder: "gemeente", ValueType: ValueFiscalCashable, PerYearCents: []int64{100_00}},
			{Stakeholder: "client", ValueType: ValueSocial, PerYearCents: []int64{50_00}},
			{Stakeholder: "zorgverzekeraar", PerYearCents: []int64{20_00}},
		},
	}
	r, err := Evaluate(c)
	if err != nil {
		t.Fatal(err)
	}
	// Fiscal cashable: 100 + 550/1.1 = 600; economic: 100 + 100/1.1; social 50; unclassified 20.
	want := []ValueTypeResult{
		{ValueFiscalCashable, "fiscaal, kasbaar", 600_00, 650_00},
		{ValueEconomic, "economisch", 19091, 200_00},
		{ValueSocial, "sociaal", 50_00, 50_00},
		{"", "niet ingedeeld", 20_00, 20_00},
	}
	if len(r.ValueTypes) != len(want) {
		t.Fatalf("value types %+v, want %+v", r.ValueTypes, want)
	}
	var sum int64
	for i, v := range r.ValueTypes {
		if v != want[i] {
			t.Errorf("value type %d: %+v, want %+v", i, v, want[i])
		}
		sum += v.PVBenefitsCents
	}
	if sum != r.PVBenefitsCents {
		t.Errorf("value types add up to %d, PV benefits %d", sum, r.PVBenefitsCents)
	}
	if r.PVFiscalCashableCents != 600_00 || r.RatioFiscalCashable == nil || !near(*r.RatioFiscalCashable, 0.6, 1e-12) {
		t.Errorf("fiscal cashable %d, ratio %v; want 60000 and 0.6", r.PVFiscalCashableCents, r.RatioFiscalCashable)
	}
	c.Effects[0].ValueType = "kasbaar"
	c.BenefitsPerYear[1].ValueType = "fiscal"
	err = c.Validate()
	for _, f := range []string{`veld effects[0].value_type: onbekende waardesoort "kasbaar"`, `veld benefits_per_year[1].value_type: onbekende waardesoort "fiscal"`} {
		if err == nil || !strings.Contains(err.Error(), f) {
			t.Errorf("error %v\nlacks %s", err, f)
		}
	}
}

// Costs € 100 now, benefits € 200 next year, undiscounted: NPV € 100. The bars, widest first:
// benefits ±20% (€ 60 – € 140), costs ±20% (€ 120 – € 80), discount 0% – 3.5%
// (€ 100 – € 200/1.035 − € 100), and the optimism bias, which touches no ungraded line.
func TestTornado(t *testing.T) {
	c := streams([]float64{100, 0}, []float64{0, 200}, 0, 1)
	bars, base, err := TornadoBars(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if base != 100_00 {
		t.Errorf("base NPV %d, want 10000", base)
	}
	want := []struct {
		id        string
		low, high int64
	}{
		{"benefits", 60_00, 140_00},
		{"costs", 120_00, 80_00},
		{"discount_rate", 100_00, cents(20000/1.035 - 10000)},
		{"optimism_bias", 100_00, 100_00},
	}
	if len(bars) != len(want) {
		t.Fatalf("bars %+v", bars)
	}
	for i, w := range want {
		b := bars[i]
		if b.Parameter != w.id || b.NPVLowCents != w.low || b.NPVHighCents != w.high {
			t.Errorf("bar %d: %s %d–%d, want %s %d–%d", i, b.Parameter, b.NPVLowCents, b.NPVHighCents, w.id, w.low, w.high)
		}
	}
	if !near(*bars[0].RatioLow, 1.6, 1e-12) || !near(*bars[1].RatioHigh, 200.0/120, 1e-12) {
		t.Errorf("ratios %v %v", *bars[0].RatioLow, *bars[1].RatioHigh)
	}
	for i := 1; i < len(bars); i++ {
		if bars[i].Width() > bars[i-1].Width() {
			t.Errorf("bar %d is wider than bar %d", i, i-1)
		}
	}

	// Several benefit lines each get a bar, and graded costs a bar for their uplift.
	r, err := Evaluate(gradedCosts())
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]TornadoBar{}
	for _, b := range r.Tornado {
		ids[b.Parameter] = b
	}
	if b, ok := ids["cost_optimism_bias"]; !ok || b.NPVLowCents != 55_00 || b.NPVHighCents != 100_00 {
		t.Errorf("cost uplift bar %+v, want € 55 (on) to € 100 (off)", b)
	}
	if _, ok := ids["benefits_per_year[0]"]; ok {
		t.Errorf("a single benefit line duplicates the all-benefits bar: %+v", r.Tornado)
	}
	r, err = Evaluate(effectCase(Effect{Name: "a", Confidence: "A", DurationYears: 1, UnitValueCents: 100, Stakeholders: []Share{{Name: "gemeente", Share: 1}}}))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range r.Tornado {
		if strings.HasPrefix(b.Parameter, "effects[") {
			t.Errorf("a single effect duplicates the all-benefits bar: %+v", b)
		}
	}
}

func TestTargetsAgainstCodeListsAndAreas(t *testing.T) {
	c := streams([]float64{100}, []float64{200}, 0, 1)
	c.Targets = &Targets{Zorgsoorten: []string{"45", "99", "abc", "02", "bijstand"}, Areas: []string{"GM0268", "WK999999", "XX1"}}
	err := c.Validate()
	for _, want := range []string{
		`veld targets.zorgsoorten[1]: "99" is geen zorgsoortcode`,
		`veld targets.zorgsoorten[2]: "abc" is geen zorgsoortcode`,
		`"abc" is not a care-type code`,
		`veld targets.areas[2]: "XX1" is geen CBS-code`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nlacks %s", err, want)
		}
	}
	for _, ok := range []string{"zorgsoorten[0]", "zorgsoorten[3]", "zorgsoorten[4]", "areas[0]", "areas[1]"} {
		if strings.Contains(err.Error(), ok) {
			t.Errorf("%s is valid but refused: %v", ok, err)
		}
	}
	// Against the areas the caller knows, WK999999 is refused as well; without them it passes.
	c.Targets = &Targets{Zorgsoorten: []string{"45"}, Areas: []string{"GM0268", "WK999999"}}
	if err := c.Validate(); err != nil {
		t.Fatalf("format only: %v", err)
	}
	known := func(code string) bool { return code == "GM0268" }
	err = c.ValidateAreas(known)
	if err == nil || !strings.Contains(err.Error(), `veld targets.areas[1]: gebied "WK999999" is onbekend / area "WK999999" is unknown`) || strings.Contains(err.Error(), "areas[0]") {
		t.Errorf("unknown area: %v", err)
	}
	if _, err := EvaluateWith(c, Options{KnownAreas: known}); err == nil || !strings.Contains(err.Error(), "targets.areas[1]") {
		t.Errorf("EvaluateWith with known areas: %v", err)
	}
	if _, err := EvaluateWith(c, Options{KnownAreas: func(string) bool { return true }}); err != nil {
		t.Errorf("all areas known: %v", err)
	}
}

func TestTargetsEvaluationIsKnown(t *testing.T) {
	c := &Case{Name: "x", Targets: &Targets{Evaluation: "gezinsplannen"}}
	if err := c.Validate(); err != nil && strings.Contains(err.Error(), "targets.evaluation") {
		t.Errorf("gezinsplannen refused: %v", err)
	}
	c.Targets.Evaluation = "trajecten"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "targets.evaluation") {
		t.Errorf("unknown evaluation: err = %v, want a refusal naming targets.evaluation", err)
	}
}
