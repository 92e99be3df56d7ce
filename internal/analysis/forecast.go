package analysis

import (
	"strconv"

	"github.com/ontschot/ontschot/internal/model"

	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/money"
)

// ForecastYear sets a business case's expected savings next to the released
// spend in the cells it targets, for one released year.
type ForecastYear struct {
	Year       string
	IsBaseline bool // the first released year: the nulmeting

	// Released is the sum of the targeted cells that were published; nil
	// when every cell was suppressed. When Complete is false some cells
	// were suppressed and Released is a lower bound.
	Released                   *money.Cents
	Complete                   bool
	Cells, Suppressed, Missing int

	// The case's gains in this year (undiscounted), for the gemeente and
	// for all stakeholders, and the gemeente's extra gain since the
	// baseline year; zero when the year lies outside the case's horizon.
	InHorizon          bool
	ExpectedGemeente   money.Cents
	ExpectedAll        money.Cents
	ExtraSinceBaseline money.Cents

	// Forecast is the baseline's released spend minus the extra saving
	// expected since then; nil when the baseline is incomplete. Change is
	// the released spend minus the baseline's, when both are complete.
	Forecast *money.Cents
	Change   *money.Cents
}

// Forecast computes one ForecastYear per released year. years are the
// released years in order (the first is the baseline); cells[t][y] is the
// released cell of target t (an area × zorgsoort) in years[y], nil when the
// release has no such cell.
func Forecast(res *businesscase.Result, years []string, cells [][]*model.Cell) []ForecastYear {
	if len(years) == 0 {
		return nil
	}
	gainsIn := func(year int) (gemeente, all money.Cents, ok bool) {
		if res.StartYear == 0 {
			return 0, 0, false
		}
		i := year - res.StartYear
		if i < 0 || i >= res.HorizonYears {
			return 0, 0, false
		}
		for _, s := range res.Stakeholders {
			if i < len(s.GainsPerYearCents) {
				all += money.Cents(s.GainsPerYearCents[i])
				if s.Name == "gemeente" {
					gemeente += money.Cents(s.GainsPerYearCents[i])
				}
			}
		}
		return gemeente, all, true
	}
	baseYear, _ := strconv.Atoi(years[0])
	baseGains, _, _ := gainsIn(baseYear)
	out := make([]ForecastYear, 0, len(years))
	for yi, y := range years {
		row := ForecastYear{Year: y, IsBaseline: yi == 0, Complete: true}
		var sum money.Cents
		for _, target := range cells {
			switch c := target[yi]; {
			case c == nil:
				row.Missing++
			case c.Suppressed || c.AmountEUR == nil:
				row.Suppressed++
				row.Complete = false
			default:
				row.Cells++
				sum += money.Cents(*c.AmountEUR * 100)
			}
		}
		if row.Cells > 0 || row.Suppressed == 0 {
			row.Released = &sum
		}
		yr, _ := strconv.Atoi(y)
		gem, all, in := gainsIn(yr)
		row.InHorizon = in
		if in {
			row.ExpectedGemeente, row.ExpectedAll = gem, all
			row.ExtraSinceBaseline = gem - baseGains
		}
		base := &row
		if yi > 0 {
			base = &out[0]
		}
		if base.Complete && base.Released != nil {
			fc := *base.Released - (gem - baseGains)
			if !in {
				fc = *base.Released
			}
			row.Forecast = &fc
			if yi > 0 && row.Complete && row.Released != nil {
				ch := *row.Released - *base.Released
				row.Change = &ch
			}
		}
		out = append(out, row)
	}
	return out
}
