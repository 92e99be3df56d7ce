package export

import (
	"math"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/money"
)

// CaseForecast is a case's forecast against the released spend in the cells
// it targets, for the workbook.
type CaseForecast struct {
	Targets string // "Jeugdhulp ambulant (45) in Centrum (WK199901)"
	Years   []analysis.ForecastYear
}

// CaseSheets are the tables of the business case page, for the Excel
// download: key figures, who pays and who gains, the planexploitatie, the
// sensitivity and, when there is one, the forecast against the monitor.
func CaseSheets(r *businesscase.Result, fc *CaseForecast) []Sheet {
	var payback any
	if r.PaybackYear != nil {
		payback = *r.PaybackYear
		if r.PaybackCalendarYear != nil {
			payback = *r.PaybackCalendarYear
		}
	}
	key := Sheet{Name: "Kerncijfers", Rows: [][]any{
		{"Businesscase", r.Name}, {"Omschrijving", r.Description}, {"Instellingen", businesscase.SettingsLine(r)},
		{"Kosten, contante waarde", money.Cents(r.PVCostsCents)}, {"Baten, contante waarde", money.Cents(r.PVBenefitsCents)},
		{"Netto contante waarde", money.Cents(r.NPVCents)}, {"Baten/kosten-ratio", round4(r.Ratio)},
		{"Netto rendement", round4(r.NetROI)}, {"Terugverdiend in", payback},
		{"Kosten nominaal", money.Cents(r.CostsCents)}, {"Baten nominaal", money.Cents(r.BenefitsCents)},
	}}
	for _, v := range r.ValueTypes {
		key.Rows = append(key.Rows, []any{"Baten " + v.Label + ", contante waarde", money.Cents(v.PVBenefitsCents)})
	}
	key.Rows = append(key.Rows, []any{"Baten/kosten-ratio alleen fiscaal kasbaar", round4(r.RatioFiscalCashable)})
	matrix := Sheet{Name: "Wie betaalt wie wint", Columns: []Column{{Title: "belanghebbende"}, {Title: "betaalt (cw)"}, {Title: "wint (cw)"}, {Title: "saldo (cw)"}, {Title: "ratio"}}}
	for _, s := range r.Stakeholders {
		matrix.Rows = append(matrix.Rows, []any{s.Label, money.Cents(s.PaysCents), money.Cents(s.GainsCents), money.Cents(s.NetCents), round4(s.Ratio)})
	}
	// The totals of the matrix are the case's own (a stakeholder may both
	// pay and gain), so they are a row of the table, not sums.
	matrix.Rows = append(matrix.Rows, []any{"totaal", money.Cents(r.PVCostsCents), money.Cents(r.PVBenefitsCents), money.Cents(r.NPVCents), round4(r.Ratio)})
	years := Sheet{Name: "Planexploitatie", Total: "totaal", Columns: []Column{{Title: "jaar"}, {Title: "kalenderjaar"}, {Title: "kosten", Sum: true}, {Title: "baten", Sum: true},
		{Title: "saldo", Sum: true}, {Title: "cumulatief"}, {Title: "discontofactor"}, {Title: "saldo contant", Sum: true}, {Title: "cumulatief contant"}}}
	for _, y := range r.Years {
		var cal any
		if y.CalendarYear != 0 {
			cal = y.CalendarYear
		}
		years.Rows = append(years.Rows, []any{y.Year, cal, money.Cents(y.CostsCents), money.Cents(y.BenefitsCents), money.Cents(y.NetCents),
			money.Cents(y.CumulativeCents), y.DiscountFactor, money.Cents(y.PVNetCents), money.Cents(y.CumulativePVCents)})
	}
	sens := Sheet{Name: "Gevoeligheid", Columns: []Column{{Title: "scenario"}, {Title: "discontovoet (%)"}, {Title: "optimism bias"}, {Title: "effectfactor"},
		{Title: "kosten (cw)"}, {Title: "baten (cw)"}, {Title: "netto contante waarde"}, {Title: "ratio"}, {Title: "optimism bias kosten"}}}
	onOff := func(b bool) string {
		if b {
			return "aan"
		}
		return "uit"
	}
	for _, s := range r.Sensitivity {
		sens.Rows = append(sens.Rows, []any{s.Label, s.DiscountRate, onOff(s.OptimismBias), s.EffectFactor, money.Cents(s.PVCostsCents), money.Cents(s.PVBenefitsCents), money.Cents(s.NPVCents), round4(s.Ratio), onOff(s.CostBias)})
	}
	if len(r.Tornado) > 0 {
		sens.Notes = append(sens.Notes, "Tornado: netto contante waarde als één parameter tussen laag en hoog varieert, breedste eerst.")
		for _, b := range r.Tornado {
			sens.Notes = append(sens.Notes, b.Label+": "+b.LowLabel+" "+money.FormatEuros(money.Cents(b.NPVLowCents).Euros())+", "+
				b.HighLabel+" "+money.FormatEuros(money.Cents(b.NPVHighCents).Euros()))
		}
	}
	sheets := []Sheet{key, matrix, years, sens}
	if fc != nil && len(fc.Years) > 0 {
		f := Sheet{Name: "Prognose en monitor", Columns: []Column{{Title: "meting"}, {Title: "vrijgegeven uitgaven doelgroep"}, {Title: "volledig"}, {Title: "cellen onderdrukt"},
			{Title: "verwachte besparing gemeente"}, {Title: "verwachte baten alle partijen"}, {Title: "prognose"}},
			Notes: []string{"Doelgroep: " + fc.Targets,
				"Alleen vrijgegeven, beschermde cellen; onderdrukte cellen tellen niet mee (dan is het bedrag een ondergrens)."}}
		for _, y := range fc.Years {
			var released, exp, all any = "onderdrukt", nil, nil
			if y.Released != nil {
				released = *y.Released
			}
			complete := "nee"
			if y.Complete {
				complete = "ja"
			}
			if y.InHorizon {
				exp, all = y.ExpectedGemeente, y.ExpectedAll
			}
			f.Rows = append(f.Rows, []any{y.Year, released, complete, y.Suppressed, exp, all, y.Forecast})
		}
		sheets = append(sheets, f)
	}
	return sheets
}

// round4 keeps a ratio to four decimals, as the page shows it.
func round4(p *float64) any {
	if p == nil {
		return nil
	}
	return math.Round(*p*10000) / 10000
}
