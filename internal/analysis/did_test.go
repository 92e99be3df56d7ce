package analysis

import (
	"math"
	"testing"

	"github.com/ontschot/ontschot/internal/model"

	"github.com/ontschot/ontschot/internal/money"
)

func TestDiffInDiff(t *testing.T) {
	amt := func(v int64) *model.Cell { return &model.Cell{AmountEUR: &v} }
	sup := &model.Cell{Suppressed: true}
	area := func(inh int64, base, comp *model.Cell) DiDArea {
		return DiDArea{Inhabitants: inh, Base: base, Comp: comp}
	}
	f := func(p *float64) any {
		if p == nil {
			return nil
		}
		return math.Round(*p*1e6) / 1e6
	}
	cases := []struct {
		name             string
		in, rest         []DiDArea
		per1000          bool
		did, pp, expect  any
		inSupp, restMiss int
	}{
		{"intervention fell, rest rose", []DiDArea{area(1000, amt(100_000), amt(90_000))}, []DiDArea{area(1000, amt(200_000), amt(220_000)), area(1000, amt(100_000), amt(110_000))}, false,
			-40_000.0, -0.2, 110_000.0, 0, 0},
		{"suppressed intervention cell", []DiDArea{area(1000, amt(100_000), sup)}, []DiDArea{area(1000, amt(200_000), amt(220_000))}, false,
			nil, nil, 110_000.0, 1, 0},
		{"missing rest cell", []DiDArea{area(1000, amt(100_000), amt(90_000))}, []DiDArea{area(1000, amt(200_000), nil)}, false,
			nil, nil, nil, 0, 1},
		{"per 1.000 inhabitants", []DiDArea{area(2000, amt(100_000), amt(120_000))}, []DiDArea{area(4000, amt(100_000), amt(110_000))}, true,
			7_500.0, 0.1, 55_000.0, 0, 0},
		{"per 1.000, inhabitants unknown", []DiDArea{area(-1, amt(100_000), amt(120_000))}, []DiDArea{area(4000, amt(100_000), amt(110_000))}, true,
			nil, nil, nil, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := DiffInDiff(c.in, c.rest, c.per1000)
			if got := f(o.DiD); got != c.did {
				t.Errorf("DiD = %v, want %v", got, c.did)
			}
			if got := f(o.DiDPct); got != c.pp {
				t.Errorf("DiD pct = %v, want %v", got, c.pp)
			}
			if got := f(o.Expected); got != c.expect {
				t.Errorf("expected = %v, want %v", got, c.expect)
			}
			if o.In.Comp.Suppressed != c.inSupp || o.Rest.Comp.Missing != c.restMiss {
				t.Errorf("suppressed %d, missing %d", o.In.Comp.Suppressed, o.Rest.Comp.Missing)
			}
		})
	}
}

// TestDiDSums holds the group sums to the cent: the amounts of the published
// cells, nothing for a suppressed or missing one.
func TestDiDSums(t *testing.T) {
	amt := func(v int64) *model.Cell { return &model.Cell{AmountEUR: &v} }
	areas := []DiDArea{
		{Inhabitants: 1000, Base: amt(1_234_567), Comp: amt(1_300_000)},
		{Inhabitants: 2000, Base: amt(765_433), Comp: &model.Cell{Suppressed: true, Reason: "minder dan 10 huishoudens"}},
		{Inhabitants: -1, Base: amt(1), Comp: nil},
	}
	s := Side(areas, false)
	if s.Base.Amount != money.Cents(200_000_100) || s.Base.Cells != 3 || s.Base.Value == nil || *s.Base.Value != 2_000_001 {
		t.Errorf("base: %+v", s.Base)
	}
	if s.Comp.Amount != money.Cents(130_000_000) || s.Comp.Cells != 1 || s.Comp.Suppressed != 1 || s.Comp.Missing != 1 || s.Comp.Value != nil {
		t.Errorf("comparison: %+v (a sum with a suppressed cell has no value)", s.Comp)
	}
	if s.Change != nil || s.ChangePct != nil {
		t.Error("a change from an incomplete sum")
	}
	// Per 1,000 inhabitants: € 3.000.000 over 3,000 inhabitants.
	per := SumCells([]DiDArea{{Inhabitants: 1000, Base: amt(1_000_000)}, {Inhabitants: 2000, Base: amt(2_000_000)}},
		func(a DiDArea) *model.Cell { return a.Base }, true)
	if per.Amount != money.Cents(300_000_000) || per.Value == nil || *per.Value != 1_000_000 {
		t.Errorf("per 1.000: %+v", per)
	}
	if empty := SumCells(nil, func(a DiDArea) *model.Cell { return a.Base }, false); empty.Value != nil || empty.Amount != 0 {
		t.Errorf("no areas: %+v", empty)
	}
}
