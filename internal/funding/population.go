package funding

import (
	"context"
	"fmt"
	"sort"

	"github.com/ontschot/ontschot/internal/budget"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

// PopulationAreas returns the areas of a level with their inhabitants per
// age band: the area's own CBS age make-up, else its gemeente's from the
// kerncijfers of the year (or the latest before it). own names the areas
// with a make-up of their own.
func PopulationAreas(ctx context.Context, st *store.Store, year int, level string) (_ []budget.Area, own map[string]bool, _ error) {
	all, err := st.Areas(ctx)
	if err != nil {
		return nil, nil, err
	}
	ages, err := st.AreaAges(ctx)
	if err != nil {
		return nil, nil, err
	}
	kern, err := st.KerncijfersOf(ctx, 0)
	if err != nil {
		return nil, nil, err
	}
	ownAges := map[string]bool{}
	gemeenteAges := map[string]store.Kerncijfers{}
	for _, k := range kern {
		if k.Jaar <= year && k.Jaar >= gemeenteAges[k.Code].Jaar {
			gemeenteAges[k.Code] = k
		}
	}
	var out []budget.Area
	for _, a := range all {
		if a.Level != level || a.Inhabitants < 0 {
			continue
		}
		ar := budget.Area{Code: a.Code, Level: a.Level, Inhabitant: a.Inhabitants, Indicators: map[string]float64{}}
		gm := a.Gemeente
		if a.Level == "gemeente" {
			gm = a.Code
		}
		k, haveKern := gemeenteAges[gm]
		pct, ok := ages[a.Code]
		if !ok && haveKern && k.AgePct[0] != nil && k.AgePct[4] != nil {
			for i := range pct {
				if k.AgePct[i] != nil {
					pct[i] = *k.AgePct[i]
				}
			}
			ok = true
		}
		if !ok {
			return nil, nil, fmt.Errorf("geen leeftijdsopbouw bekend voor %s: importeer gebieden met CBS-leeftijdspercentages of de kerncijfers van %s (ontschot import kerncijfers) / no age make-up for %s", a.Code, gm, a.Code)
		}
		if _, own := ages[a.Code]; own {
			ownAges[a.Code] = true
		}
		ar.Bands = budget.BandsFromPercentages(a.Inhabitants, pct)
		if haveKern {
			for name, v := range map[string]*float64{"pct_rond_sociaal_min": k.RondSociaalMin, "pct_hh_laag_inkomen": k.LaagInkomen} {
				if v != nil {
					ar.Indicators[name] = *v
				}
			}
		}
		out = append(out, ar)
	}
	if len(out) == 0 {
		return nil, nil, fmt.Errorf("geen gebieden op niveau %s met een aantal inwoners / no areas at level %s with inhabitants", level, level)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, ownAges, nil
}

// StoredNorms returns the population norms saved for a year; ok is false
// when none are.
func StoredNorms(ctx context.Context, st *store.Store, year int) (n budget.Norms, calibrated string, ok bool, err error) {
	lines, err := st.Norms(ctx, year)
	if err != nil || len(lines) == 0 {
		return n, "", false, err
	}
	for _, l := range lines {
		if i := budget.BandIndex(l.Band); i >= 0 {
			n.PerBand[i] = l.Norm
		} else if l.Factor != "" {
			n.Factors = append(n.Factors, budget.Factor{Indicator: l.Factor, Weight: l.Weight, Reference: l.Reference})
		}
		calibrated = l.Calibrated
	}
	return n, calibrated, true, nil
}

// SaveNorms stores a year's norms (replacing earlier ones).
func SaveNorms(ctx context.Context, st *store.Store, year int, n budget.Norms, calibrated string) error {
	var lines []store.PopulationNorm
	for i, b := range budget.Bands {
		lines = append(lines, store.PopulationNorm{Band: b, Norm: n.PerBand[i], Calibrated: calibrated})
	}
	for _, f := range n.Factors {
		lines = append(lines, store.PopulationNorm{Factor: f.Indicator, Weight: f.Weight, Reference: f.Reference, Calibrated: calibrated})
	}
	return st.SaveNorms(ctx, year, lines)
}

// Population is the population-based budget per area of a level against
// the money a release shows there (declared and spread; nil where
// withheld), or nil when no norms are stored for the year.
func Population(ctx context.Context, st *store.Store, year int, level string, cells []model.SpreadCell) (*model.PopulationBudget, error) {
	norms, calibrated, ok, err := StoredNorms(ctx, st, year)
	if err != nil || !ok {
		return nil, err
	}
	areas, _, err := PopulationAreas(ctx, st, year, level)
	if err != nil {
		// Without inhabitants or an age make-up there is nothing to show;
		// the release goes on without it.
		return nil, nil
	}
	spent := map[string]model.SpreadCell{}
	for _, c := range cells {
		if c.Level == level {
			spent[c.Area] = c
		}
	}
	pb := &model.PopulationBudget{Level: level, Norms: map[string]money.Cents{}, Calibrated: calibrated, Areas: []model.PopulationArea{}}
	for i, b := range budget.Bands {
		pb.Norms[b] = norms.PerBand[i]
	}
	for _, a := range areas {
		row := model.PopulationArea{Area: a.Code, Level: a.Level, Inhabitants: a.Inhabitant, Bands: map[string]int64{}}
		for i, b := range budget.Bands {
			row.Bands[b] = a.Bands[i]
		}
		if b, err := budget.PopulationBudget(a, norms); err == nil {
			// Published no more precisely than the spend beside it (€ 1,000).
			b = (b + 50_000) / 100_000 * 100_000
			row.Budget = &b
		} else {
			row.Note = err.Error()
		}
		switch c, ok := spent[a.Code]; {
		case !ok:
			row.Note = "geen zorg of volume in deze meting"
		case c.Suppressed:
			row.Note = "uitgaven afgeschermd in de meting"
		default:
			row.Spent = c.Total
			if row.Budget != nil {
				d := *c.Total - *row.Budget
				row.Difference = &d
			}
		}
		pb.Areas = append(pb.Areas, row)
	}
	return pb, nil
}
