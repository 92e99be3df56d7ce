package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/chart"
)

type caseView struct {
	Slug       string
	Result     *businesscase.Result
	Case       *businesscase.Case
	Problem    string
	Saved      bool
	Settings   string
	Stats      []keyFigure
	Cumulative template.HTML
	MatrixSVG  template.HTML
	Matrix     []matrixRow
	Total      matrixRow
	Years      []yearRow
	YearsTotal yearRow
	Scenarios  []scenarioRow
	Forecast   *forecastView
	Notes      []string
	UpdatedAt  string
	UpdatedBy  string

	// The method's additions: the tornado of the sensitivity and the benefits per value type.
	Tornado     template.HTML
	TornadoRows []tornadoRow
	ValueTypes  []valueTypeRow
	FiscalRatio string

	// PlanEval is the measured effect of the family plans, for a case held to it.
	PlanEval *planEvalView
}

type matrixRow struct {
	Label, Pays, Gains, Net, Ratio string
	Negative                       bool
}

type yearRow struct {
	Label, Costs, Benefits, Net, Cumulative, Factor, PVNet, CumulativePV string
	Payback                                                              bool
}

type scenarioRow struct{ Label, PVCosts, PVBenefits, NPV, Ratio string }

type tornadoRow struct{ Label, Low, NPVLow, High, NPVHigh, Width string }

type valueTypeRow struct{ Label, PV, Nominal string }

// tornadoSVG draws the sensitivity as a tornado, widest parameter first.
func tornadoSVG(r *businesscase.Result) template.HTML {
	bars := make([]chart.TornadoBar, len(r.Tornado))
	for i, b := range r.Tornado {
		bars[i] = chart.TornadoBar{Label: b.Label, LowLabel: b.LowLabel, HighLabel: b.HighLabel, Low: b.NPVLowCents, High: b.NPVHighCents}
	}
	return chart.Tornado("Tornado: netto contante waarde van "+r.Name+" als één parameter tussen laag en hoog varieert", r.NPVCents, bars, "bc-tornado")
}

func matrixRows(ss []businesscase.StakeholderResult) []matrixRow {
	var out []matrixRow
	for _, sr := range ss {
		out = append(out, matrixRow{Label: sr.Label, Pays: centsText(sr.PaysCents), Gains: centsText(sr.GainsCents),
			Net: centsText(sr.NetCents), Ratio: businesscase.Ratio(sr.Ratio), Negative: sr.NetCents < 0})
	}
	return out
}

// cumulativeSVG draws the planexploitatie of a case.
func cumulativeSVG(r *businesscase.Result) template.HTML {
	years := make([]chart.CaseYear, len(r.Years))
	for i, y := range r.Years {
		years[i] = chart.CaseYear{Label: yearLabel(r, y.Year), Net: y.PVNetCents, Cumulative: y.CumulativePVCents}
	}
	return chart.Cumulative("Cumulatief saldo (contante waarde) per jaar van "+r.Name+"; terugverdiend: "+paybackText(r), years, r.PaybackYear)
}

// matrixSVG draws who pays and who gains.
func matrixSVG(label string, ss []businesscase.StakeholderResult, id string) template.HTML {
	stakes := make([]chart.Stake, len(ss))
	for i, s := range ss {
		stakes[i] = chart.Stake{Label: s.Label, Pays: s.PaysCents, Gains: s.GainsCents, Net: s.NetCents}
	}
	return chart.Matrix(label, stakes, id)
}

func yearLabel(r *businesscase.Result, y int) string {
	if r.StartYear != 0 {
		return strconv.Itoa(r.StartYear + y)
	}
	return "jaar " + strconv.Itoa(y)
}

func (b *businessCasePages) buildCaseView(ctx context.Context, sc storedCase) (caseView, error) {
	v := caseView{Slug: sc.Slug, Case: sc.Case, Result: sc.Result, Problem: sc.Problem, UpdatedAt: sc.Doc.UpdatedAt, UpdatedBy: sc.Doc.UpdatedBy}
	if sc.Case != nil {
		v.Notes = sc.Case.Notes
	}
	res := sc.Result
	if res == nil {
		return v, nil
	}
	v.Settings = businesscase.SettingsLine(res)
	v.Stats = []keyFigure{
		{"Kosten (contante waarde)", centsText(res.PVCostsCents), "nominaal " + centsText(res.CostsCents)},
		{"Baten (contante waarde)", centsText(res.PVBenefitsCents), "nominaal " + centsText(res.BenefitsCents)},
		{"Netto contante waarde", centsText(res.NPVCents), ""},
		{"Baten/kosten-ratio", businesscase.Ratio(res.Ratio), ""},
		{"Netto rendement", ratioPct(res.NetROI), "(baten − kosten) / kosten"},
		{"Terugverdiend", paybackText(res), "cumulatief saldo (contant) ≥ 0"},
	}
	v.Cumulative = cumulativeSVG(res)
	v.MatrixSVG = matrixSVG("Wie betaalt en wie wint per belanghebbende (contante waarde)", res.Stakeholders, "bc-matrix")
	v.Matrix = matrixRows(res.Stakeholders)
	v.Total = matrixRow{Label: "Totaal", Pays: centsText(res.PVCostsCents), Gains: centsText(res.PVBenefitsCents), Net: centsText(res.NPVCents), Ratio: businesscase.Ratio(res.Ratio)}
	for _, y := range res.Years {
		v.Years = append(v.Years, yearRow{Label: yearLabel(res, y.Year), Costs: centsText(y.CostsCents), Benefits: centsText(y.BenefitsCents),
			Net: centsText(y.NetCents), Cumulative: centsText(y.CumulativeCents), Factor: decimal(y.DiscountFactor, 4),
			PVNet: centsText(y.PVNetCents), CumulativePV: centsText(y.CumulativePVCents), Payback: res.PaybackYear != nil && *res.PaybackYear == y.Year})
	}
	v.YearsTotal = yearRow{Label: "Totaal", Costs: centsText(res.CostsCents), Benefits: centsText(res.BenefitsCents), Net: centsText(res.BenefitsCents - res.CostsCents)}
	for _, sn := range res.Sensitivity {
		v.Scenarios = append(v.Scenarios, scenarioRow{Label: sn.Label, PVCosts: centsText(sn.PVCostsCents), PVBenefits: centsText(sn.PVBenefitsCents), NPV: centsText(sn.NPVCents), Ratio: businesscase.Ratio(sn.Ratio)})
	}
	v.Tornado = tornadoSVG(res)
	for _, tb := range res.Tornado {
		v.TornadoRows = append(v.TornadoRows, tornadoRow{Label: tb.Label, Low: tb.LowLabel, NPVLow: centsText(tb.NPVLowCents), High: tb.HighLabel, NPVHigh: centsText(tb.NPVHighCents), Width: centsText(tb.Width())})
	}
	for _, vt := range res.ValueTypes {
		v.ValueTypes = append(v.ValueTypes, valueTypeRow{Label: vt.Label, PV: centsText(vt.PVBenefitsCents), Nominal: centsText(vt.BenefitsCents)})
	}
	v.FiscalRatio = businesscase.Ratio(res.RatioFiscalCashable)
	f, err := b.forecast(ctx, res)
	if err != nil {
		return v, err
	}
	v.Forecast = f
	if v.PlanEval, err = b.planEvaluation(ctx, sc.Case); err != nil {
		return v, err
	}
	return v, nil
}

// decimalTrim writes a number with a decimal comma and no trailing zeros.
func decimalTrim(f float64) string {
	return strings.Replace(strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64), ".", ",", 1)
}

func (b *businessCasePages) view(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, r.PathValue("name")) {
			return
		}
		sc, ok := b.one(s, w, r)
		if !ok {
			return
		}
		v, err := b.buildCaseView(r.Context(), sc)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Saved = r.URL.Query().Get("opgeslagen") != ""
		title := sc.Slug
		if sc.Case != nil {
			title = sc.Case.Label()
		}
		s.render(w, r, http.StatusOK, "businesscase", page{Title: "Businesscase " + title, Wide: true, Data: v, Current: "/businesscases",
			Crumbs: []navItem{{Label: "Businesscases", Href: "/businesscases"}, {Label: title, Current: true}}})
	}
}
