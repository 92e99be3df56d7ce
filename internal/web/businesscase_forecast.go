package web

import (
	"context"
	"html/template"
	"strings"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/money"
)

// forecastView sets a case's expected savings next to the released spend in
// the cells it targets, one row per released year.
type forecastView struct {
	Message  string // why there is nothing to compare, when so
	Targets  string
	Areas    []string
	Baseline string
	Rows     []forecastRow
	Cells    []forecastCell
	Years    []string
	Chart    template.HTML
	Partial  bool // some cell was suppressed in some year
}

type forecastRow struct {
	Year                                 string
	Released, Change, Expected, ExpAll   string
	ExtraSinceBaseline, Forecast         string
	Suppressed, Missing, Cells           int
	AllSuppressed, InHorizon, IsBaseline bool

	calc analysis.ForecastYear
}

// forecastRowOf writes one year of the forecast for the page.
func forecastRowOf(y analysis.ForecastYear) forecastRow {
	row := forecastRow{Year: y.Year, IsBaseline: y.IsBaseline, Suppressed: y.Suppressed, Missing: y.Missing, Cells: y.Cells, InHorizon: y.InHorizon, calc: y}
	switch {
	case y.Released == nil:
		row.AllSuppressed = true
		row.Released = "onderdrukt"
	case !y.Complete:
		row.Released = "ten minste " + centsText(int64(*y.Released))
	default:
		row.Released = centsText(int64(*y.Released))
	}
	row.Expected, row.ExpAll, row.ExtraSinceBaseline = "—", "—", "—"
	if y.InHorizon {
		row.Expected, row.ExpAll = centsText(int64(y.ExpectedGemeente)), centsText(int64(y.ExpectedAll))
		row.ExtraSinceBaseline = centsText(int64(y.ExtraSinceBaseline))
	}
	row.Change, row.Forecast = "—", "—"
	if y.Forecast != nil {
		row.Forecast = centsText(int64(*y.Forecast))
	}
	if y.Change != nil {
		row.Change = signedCents(int64(*y.Change))
	}
	if y.IsBaseline {
		row.Change = "nulmeting"
	}
	return row
}

// forecastCell is one targeted area × zorgsoort across the released years.
type forecastCell struct {
	Area, AreaName, Zorgsoort string
	Values                    []forecastValue
}

type forecastValue struct {
	Text       string
	Suppressed bool
	Reason     string
}

// forecast reads released cells only, through the ReleaseReader.
func (b *businessCasePages) forecast(ctx context.Context, res *businesscase.Result) (*forecastView, error) {
	f := &forecastView{}
	t := res.Targets
	if t == nil || len(t.Zorgsoorten) == 0 || len(t.Areas) == 0 {
		f.Message = "Deze businesscase noemt geen zorgsoorten en gebieden (doelgroep in de monitor). Vul ze in bij Bewerken om de prognose naast de vrijgegeven cijfers te zien."
		return f, nil
	}
	var zs []string
	for _, z := range t.Zorgsoorten {
		zs = append(zs, zorgsoortNaam(z))
	}
	f.Targets = strings.Join(zs, ", ")
	years, targets, err := analysis.TargetCells(ctx, b.rel, t)
	if err != nil {
		return nil, err
	}
	f.Years = years
	if len(f.Years) == 0 {
		f.Message = "Er is nog geen jaarmeting vrijgegeven om de prognose naast te leggen."
		return f, nil
	}
	f.Baseline = f.Years[0]
	names := map[string]string{}
	if as, err := b.rel.Areas(ctx); err == nil {
		for _, a := range as {
			names[a.Code] = a.Name
		}
	}
	for _, a := range t.Areas {
		n := names[a]
		if n == "" {
			n = a
		}
		f.Areas = append(f.Areas, n+" ("+a+")")
	}
	for _, y := range analysis.Forecast(res, f.Years, targets) {
		f.Rows = append(f.Rows, forecastRowOf(y))
		if y.Suppressed > 0 {
			f.Partial = true
		}
	}
	ti := 0
	for _, a := range t.Areas {
		for _, z := range t.Zorgsoorten {
			fc := forecastCell{Area: a, AreaName: names[a], Zorgsoort: zorgsoortNaam(z)}
			cells := targets[ti]
			ti++
			for _, c := range cells {
				switch {
				case c == nil:
					fc.Values = append(fc.Values, forecastValue{Text: "—", Reason: "geen cel in de meting"})
				case c.Suppressed || c.AmountEUR == nil:
					fc.Values = append(fc.Values, forecastValue{Text: "onderdrukt", Suppressed: true, Reason: c.Reason})
				default:
					fc.Values = append(fc.Values, forecastValue{Text: minusSign(money.FormatEuros(*c.AmountEUR))})
				}
			}
			f.Cells = append(f.Cells, fc)
		}
	}
	if res.StartYear == 0 {
		f.Message = "Deze businesscase heeft geen startjaar; zonder startjaar vallen de verwachte besparingen niet op een meting. Vul het startjaar in bij Bewerken."
	}
	f.Chart = chart.Forecast("Vrijgegeven uitgaven in de doelgroep per meting, met de prognose (nulmeting min de extra verwachte besparing van de gemeente)", forecastYears(f.Rows))
	return f, nil
}

func forecastYears(rows []forecastRow) []chart.ForecastYear {
	out := make([]chart.ForecastYear, len(rows))
	for i, r := range rows {
		out[i] = chart.ForecastYear{Year: r.Year, IsBaseline: r.IsBaseline, Released: (*int64)(r.calc.Released), ReleasedText: r.Released,
			Complete: r.calc.Complete, Suppressed: r.Suppressed, Forecast: (*int64)(r.calc.Forecast), ForecastText: r.Forecast}
	}
	return out
}

func signedCents(c int64) string {
	if c > 0 {
		return "+" + centsText(c)
	}
	return centsText(c)
}
