package analysis

import (
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// DiDArea is one area's released cell in the baseline and the comparison
// release; nil is no cell.
type DiDArea struct {
	Code, Name  string
	Inhabitants int64 // -1 when unknown
	Base, Comp  *model.Cell
}

// DiDSum is the sum of one group's cells in one release. Amount is the
// exact sum of the cells that were published; Value is the figure compared
// (euros, or euros per 1,000 inhabitants) and nil when a cell is suppressed
// or missing (or, per 1,000 inhabitants, when an inhabitant count is
// unknown): a sum without those cells would suggest a change that may not
// be there.
type DiDSum struct {
	Amount                                 money.Cents
	Value                                  *float64
	Cells, Suppressed, Missing, NoInhabits int
}

// SumCells sums the cell that cell picks from each area.
func SumCells(areas []DiDArea, cell func(DiDArea) *model.Cell, per1000 bool) DiDSum {
	var s DiDSum
	var inhabitants int64
	for _, a := range areas {
		switch c := cell(a); {
		case c == nil:
			s.Missing++
		case c.Suppressed || c.AmountEUR == nil:
			s.Suppressed++
		default:
			s.Cells++
			s.Amount += money.Cents(*c.AmountEUR * 100)
		}
		if a.Inhabitants > 0 {
			inhabitants += a.Inhabitants
		} else {
			s.NoInhabits++
		}
	}
	if len(areas) == 0 || s.Suppressed > 0 || s.Missing > 0 {
		return s
	}
	amount := float64(s.Amount / 100) // published amounts are whole euros
	if per1000 {
		if s.NoInhabits > 0 || inhabitants == 0 {
			return s
		}
		amount = amount * 1000 / float64(inhabitants)
	}
	s.Value = &amount
	return s
}

// DiDSide is one group from baseline to comparison.
type DiDSide struct {
	Base, Comp        DiDSum
	Change, ChangePct *float64
}

// Side compares one group's two sums.
func Side(areas []DiDArea, per1000 bool) DiDSide {
	s := DiDSide{
		Base: SumCells(areas, func(a DiDArea) *model.Cell { return a.Base }, per1000),
		Comp: SumCells(areas, func(a DiDArea) *model.Cell { return a.Comp }, per1000),
	}
	if s.Base.Value != nil && s.Comp.Value != nil {
		d := *s.Comp.Value - *s.Base.Value
		s.Change = &d
		if *s.Base.Value != 0 {
			p := d / *s.Base.Value
			s.ChangePct = &p
		}
	}
	return s
}

// DiDOutcome is the comparison of the two groups. DiD is the change of the
// intervention group minus the change of the rest; DiDPct the same in
// percentage points. Expected is what the intervention group would have
// reached had it changed like the rest (the parallel-trends assumption).
type DiDOutcome struct {
	In, Rest             DiDSide
	DiD, DiDPct          *float64
	Expected, Difference *float64 // Difference = actual − expected
}

// DiffInDiff compares the intervention areas in with the rest.
func DiffInDiff(in, rest []DiDArea, per1000 bool) DiDOutcome {
	o := DiDOutcome{In: Side(in, per1000), Rest: Side(rest, per1000)}
	if o.In.Change != nil && o.Rest.Change != nil {
		d := *o.In.Change - *o.Rest.Change
		o.DiD = &d
	}
	if o.In.ChangePct != nil && o.Rest.ChangePct != nil {
		p := *o.In.ChangePct - *o.Rest.ChangePct
		o.DiDPct = &p
	}
	if o.In.Base.Value != nil && o.Rest.ChangePct != nil {
		e := *o.In.Base.Value * (1 + *o.Rest.ChangePct)
		o.Expected = &e
		if o.In.Comp.Value != nil {
			d := *o.In.Comp.Value - e
			o.Difference = &d
		}
	}
	return o
}
