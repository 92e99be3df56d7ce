package analysis

import (
	"context"
	"math"
	"regexp"
	"strings"

	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// ReleasedCells is what a business case's forecast reads: released,
// disclosure-controlled tables only.
type ReleasedCells interface {
	Releases(ctx context.Context) ([]model.ReleaseInfo, error)
	ReleaseCells(ctx context.Context, releaseID int64, level, by string) ([]model.Cell, error)
}

var yearPeriod = regexp.MustCompile(`^[0-9]{4}$`)

// LevelOfCode returns the level of a CBS area code ("" when unknown).
func LevelOfCode(code string) string {
	switch {
	case strings.HasPrefix(code, "GM"):
		return model.LevelGemeente
	case strings.HasPrefix(code, "WK"):
		return model.LevelWijk
	case strings.HasPrefix(code, "BU"):
		return model.LevelBuurt
	}
	return ""
}

// TargetCells reads, for each yearly release (its newest version), the
// released zorgsoort cell of every target area × care type of a case.
// years are the released years oldest first (the first is the nulmeting);
// cells[t][y] follows the order areas × zorgsoorten, nil where a release
// has no such cell.
func TargetCells(ctx context.Context, src ReleasedCells, t *businesscase.Targets) (years []string, cells [][]*model.Cell, err error) {
	rels, err := src.Releases(ctx)
	if err != nil {
		return nil, nil, err
	}
	// Quarters are not set against yearly forecasts.
	latest, years := LatestPerPeriod(rels, yearPeriod.MatchString)
	if t == nil || len(years) == 0 {
		return years, nil, nil
	}
	type key struct{ area, z string }
	found := map[key][]*model.Cell{}
	wantZ := map[string]bool{}
	for _, a := range t.Areas {
		for _, z := range t.Zorgsoorten {
			found[key{a, z}] = make([]*model.Cell, len(years))
			wantZ[z] = true
		}
	}
	for yi, y := range years {
		byLevel := map[string]map[string]bool{}
		for _, a := range t.Areas {
			if l := LevelOfCode(a); l != "" {
				if byLevel[l] == nil {
					byLevel[l] = map[string]bool{}
				}
				byLevel[l][a] = true
			}
		}
		for level, want := range byLevel {
			cs, err := src.ReleaseCells(ctx, latest[y].ID, level, model.ByZorgsoort)
			if err != nil {
				return nil, nil, err
			}
			for i := range cs {
				c := &cs[i]
				if want[c.Area] && wantZ[c.Category] {
					found[key{c.Area, c.Category}][yi] = c
				}
			}
		}
	}
	for _, a := range t.Areas {
		for _, z := range t.Zorgsoorten {
			cells = append(cells, found[key{a, z}])
		}
	}
	return years, cells, nil
}

// MonitorRow is one year of the GKBA monitor of one business case: the
// forecast against the released spend of its target group, and whether
// they are further apart than the set share.
type MonitorRow struct {
	Case         string       `json:"case"`
	Year         string       `json:"year"`
	Forecast     *money.Cents `json:"forecast_cent"`
	Released     *money.Cents `json:"released_cent"`
	DeviationPct *float64     `json:"deviation_pct"` // (released − forecast) ÷ forecast × 100
	Flag         bool         `json:"flag"`
	Note         string       `json:"note,omitempty"`
}

// Monitor turns a case's forecast years into monitor rows: a year is
// flagged when realised spend deviates from the forecast by more than
// threshold (a share, 0.1 = 10%). The nulmeting, incomplete years (a
// withheld cell) and years without a forecast are shown, not flagged.
func Monitor(name string, years []ForecastYear, threshold float64) []MonitorRow {
	out := make([]MonitorRow, 0, len(years))
	for _, y := range years {
		row := MonitorRow{Case: name, Year: y.Year, Forecast: y.Forecast}
		switch {
		case y.IsBaseline:
			row.Released = y.Released
			row.Note = "nulmeting"
		case y.Released == nil || !y.Complete:
			row.Note = "niet volledig vrijgegeven (een cel is afgeschermd): geen vergelijking"
		case y.Forecast == nil:
			row.Released = y.Released
			row.Note = "geen prognose voor dit jaar"
		case *y.Forecast <= 0:
			row.Released = y.Released
			row.Note = "de verwachte besparing is groter dan de uitgaven in de doelgroep: kies ruimere zorgsoorten of gebieden"
		default:
			row.Released = y.Released
			d := math.Round(float64(*y.Released-*y.Forecast)/float64(*y.Forecast)*1000) / 10
			row.DeviationPct = &d
			row.Flag = math.Abs(d) > threshold*100
		}
		out = append(out, row)
	}
	return out
}

// ExpectedSavingPerParticipant is what a case expects the municipality to
// save in calendar year y per participant: its gemeente gains that year
// divided by the persons of the cohorts started up to then. nil when the
// case has no start year, no gains that year or no participants.
func ExpectedSavingPerParticipant(c *businesscase.Case, res *businesscase.Result, y int) *money.Cents {
	if res.StartYear == 0 {
		return nil
	}
	i := y - res.StartYear
	if i < 0 || i >= res.HorizonYears {
		return nil
	}
	var gains money.Cents
	for _, s := range res.Stakeholders {
		if s.Name == "gemeente" && i < len(s.GainsPerYearCents) {
			gains += money.Cents(s.GainsPerYearCents[i])
		}
	}
	var persons int64
	for _, in := range c.Interventions {
		for _, co := range in.Cohorts {
			if co.Year <= i {
				persons += co.Persons
			}
		}
	}
	if gains == 0 || persons == 0 {
		return nil
	}
	v := gains / money.Cents(persons)
	return &v
}

// MonitorEffect sets a case's expected saving per participant in a year
// against the measured effect of the family plans that began that year
// (the saving is minus the effect), flagged beyond threshold like the
// spend rows; a year whose evaluation was not published is shown, not
// flagged.
func MonitorEffect(name, year string, expected *money.Cents, ev *PlanEvaluation, threshold float64) MonitorRow {
	row := MonitorRow{Case: name, Year: year + " (gezinsplannen, per gezin)", Forecast: expected}
	switch {
	case ev == nil || ev.EffectCent == nil:
		row.Note = "gemeten effect niet gepubliceerd (te weinig gezinnen)"
	case expected == nil || *expected == 0:
		saving := money.Cents(-*ev.EffectCent)
		row.Released = &saving
		row.Note = "de case verwacht dat jaar geen besparing per deelnemer"
	default:
		saving := money.Cents(-*ev.EffectCent)
		row.Released = &saving
		d := math.Round(float64(saving-*expected)/float64(*expected)*1000) / 10
		row.DeviationPct = &d
		row.Flag = math.Abs(d) > threshold*100
		if ev.IntervalCent != nil {
			row.Note = "gemeten besparing, 95%-interval " + money.FormatEuros(money.Cents(-ev.IntervalCent[1]).Euros()) + " tot " + money.FormatEuros(money.Cents(-ev.IntervalCent[0]).Euros())
		}
	}
	return row
}
