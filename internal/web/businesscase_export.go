package web

import (
	"io"
	"net/http"
	"strings"

	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/export"
)

// eurosNum writes cents as a decimal number of euros for a spreadsheet.
func (b *businessCasePages) download(s *server, w http.ResponseWriter, r *http.Request) (caseView, bool) {
	if !b.allow(s, w, r, false, "download "+r.PathValue("name")) {
		return caseView{}, false
	}
	sc, ok := b.one(s, w, r)
	if !ok {
		return caseView{}, false
	}
	if sc.Result == nil {
		s.fail(w, r, http.StatusUnprocessableEntity, "Deze businesscase kan niet worden doorgerekend: "+sc.Problem)
		return caseView{}, false
	}
	v, err := b.buildCaseView(r.Context(), sc)
	if err != nil {
		s.serverError(w, r, err)
		return v, false
	}
	return v, true
}

func (b *businessCasePages) xlsx(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := b.download(s, w, r)
		if !ok {
			return
		}
		s.sendFile(w, r, typeXLSX, "businesscase-"+v.Slug+".xlsx", func(w io.Writer) error {
			return export.WriteXLSX(w, export.CaseSheets(v.Result, v.forecastExport())...)
		})
	}
}

func (b *businessCasePages) pdf(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := b.download(s, w, r)
		if !ok {
			return
		}
		s.sendFile(w, r, typePDF, "businesscase-"+v.Slug+".pdf", func(w io.Writer) error { return export.WriteCasePDF(w, v.report()) })
	}
}

// forecastExport is the forecast for the workbook.
func (v caseView) forecastExport() *export.CaseForecast {
	f := v.Forecast
	if f == nil || len(f.Rows) == 0 {
		return nil
	}
	out := &export.CaseForecast{Targets: f.Targets + " in " + strings.Join(f.Areas, ", ")}
	for _, row := range f.Rows {
		out.Years = append(out.Years, row.calc)
	}
	return out
}

// report is the case page as text, for the PDF.
func (v caseView) report() export.CaseReport {
	r := v.Result
	rep := export.CaseReport{Name: r.Name, Description: r.Description, Settings: businesscase.SettingsLine(r), Notes: v.Notes}
	for _, k := range v.Stats {
		rep.KeyFigures = append(rep.KeyFigures, []string{k.Label, k.Value})
	}
	for _, m := range append(append([]matrixRow(nil), v.Matrix...), v.Total) {
		rep.Matrix = append(rep.Matrix, []string{m.Label, m.Pays, m.Gains, m.Net, m.Ratio})
	}
	for _, y := range v.Years {
		label := y.Label
		if y.Payback {
			label += " (terugverdiend)"
		}
		rep.Years = append(rep.Years, []string{label, y.Costs, y.Benefits, y.Net, y.Cumulative, y.CumulativePV})
	}
	rep.Years = append(rep.Years, []string{"Totaal", v.YearsTotal.Costs, v.YearsTotal.Benefits, v.YearsTotal.Net, "", ""})
	for _, s := range v.Scenarios {
		rep.Scenarios = append(rep.Scenarios, []string{s.Label, s.PVCosts, s.PVBenefits, s.NPV, s.Ratio})
	}
	for _, vt := range v.ValueTypes {
		rep.ValueTypes = append(rep.ValueTypes, []string{vt.Label, vt.PV, vt.Nominal})
	}
	rep.FiscalRatio = v.FiscalRatio
	for _, b := range v.TornadoRows {
		rep.Tornado = append(rep.Tornado, []string{b.Label, b.Low + ": " + b.NPVLow, b.High + ": " + b.NPVHigh, b.Width})
	}
	if f := v.Forecast; f != nil && len(f.Rows) > 0 && f.Message == "" {
		fr := &export.CaseForecastReport{Targets: f.Targets + " in " + strings.Join(f.Areas, ", ")}
		for _, row := range f.Rows {
			fr.Rows = append(fr.Rows, []string{row.Year, row.Released, row.Change, row.Expected, row.Forecast})
		}
		rep.Forecast = fr
	}
	return rep
}
