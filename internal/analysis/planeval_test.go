package analysis

import (
	"testing"

	"github.com/ontschot/ontschot/internal/money"
)

// families makes n households in one matching cell; each spends before
// and then before+delta, with a little spread so the interval has width.
func families(n int, plan bool, before, delta money.Cents) []PlanHousehold {
	var out []PlanHousehold
	for i := 0; i < n; i++ {
		spread := money.Cents((i%5 - 2) * 50_000)
		out = append(out, PlanHousehold{HasPlan: plan, Before: before + spread, After: before + spread + delta, Streams: []string{"jeugdwet", "wmo"}, Persons: 4, Minors: true})
	}
	return out
}

func TestEvaluatePlansDifferenceInDifferences(t *testing.T) {
	// Plan families fall by €8,000; comparable families by €2,000: an
	// effect of −€6,000 per family.
	hs := append(families(30, true, 3_000_000, -800_000), families(90, false, 3_000_000, -200_000)...)
	// A plan family nobody is comparable with (another cell) is left out.
	hs = append(hs, PlanHousehold{HasPlan: true, Before: 99_000_000, After: 1, Persons: 1})
	ev := EvaluatePlans("2025", hs, DefaultEvalRules, 1)
	if ev.EffectCent == nil || *ev.EffectCent != -600_000 {
		t.Fatalf("effect = %v, want −600,000 cents", ev.EffectCent)
	}
	if iv := ev.IntervalCent; iv == nil || iv[0] > -600_000 || iv[1] < -600_000 || iv[1] >= 0 {
		t.Errorf("interval = %v, want around −600,000 and below zero", iv)
	}
	p, c := ev.Groups[0], ev.Groups[1]
	if *p.Households != 30 || *c.Households != 90 || *p.BeforeCent != 3_000_000 || *p.AfterCent != 2_200_000 || *c.AfterCent != 2_800_000 {
		t.Errorf("groups = %+v %+v", p, c)
	}
	if *ev.Unmatched != 0 { // one, rounded to 5
		t.Errorf("unmatched = %d", *ev.Unmatched)
	}
	again := EvaluatePlans("2025", hs, DefaultEvalRules, 1)
	if *again.IntervalCent != *ev.IntervalCent {
		t.Error("same data and seed, other interval")
	}
	// The same households in another order: the same interval.
	rev := append([]PlanHousehold(nil), hs...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if other := EvaluatePlans("2025", rev, DefaultEvalRules, 1); *other.IntervalCent != *ev.IntervalCent {
		t.Errorf("households in another order: interval %v, want %v", *other.IntervalCent, *ev.IntervalCent)
	}
}

func TestEvaluatePlansTooFewSaysSo(t *testing.T) {
	hs := append(families(6, true, 3_000_000, -800_000), families(90, false, 3_000_000, -200_000)...)
	ev := EvaluatePlans("2025", hs, DefaultEvalRules, 1)
	if ev.EffectCent != nil || ev.IntervalCent != nil || ev.Note == "" || !ev.Groups[0].Suppressed || ev.Groups[0].Households != nil {
		t.Errorf("published with six plan families: %+v", ev)
	}
}

func TestPlanCell(t *testing.T) {
	a := PlanHousehold{Before: 4_000_00, Streams: []string{"wmo", "jeugdwet"}, Persons: 3, Minors: true}
	b := PlanHousehold{Before: 1_500_00, Streams: []string{"jeugdwet", "wmo"}, Persons: 4, Minors: true}
	if a.Cell() != b.Cell() {
		t.Errorf("%s ≠ %s", a.Cell(), b.Cell())
	}
	if b.Before = 6_000_00; a.Cell() == b.Cell() {
		t.Error("another spend band, same cell")
	}
}
