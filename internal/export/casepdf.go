package export

import (
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// CaseReport is the business case report as the page shows it, as text.
type CaseReport struct {
	Name, Description, Settings string
	KeyFigures                  [][]string // label, value
	Matrix                      [][]string // stakeholder, pays, gains, net, ratio; the last row the total
	Years                       [][]string // year, costs, benefits, net, cumulative, cumulative discounted; the last row the total
	Scenarios                   [][]string // scenario, costs, benefits, NPV, ratio (discounted)
	ValueTypes                  [][]string // value type, benefits (discounted), benefits (nominal)
	FiscalRatio                 string     // the ratio with only fiscal cashable benefits
	Tornado                     [][]string // parameter, low (value: NPV), high (value: NPV), width; widest first
	Forecast                    *CaseForecastReport
	Notes                       []string
}

// CaseForecastReport is the forecast against the monitor, as text.
type CaseForecastReport struct {
	Targets string     // "Jeugdhulp ambulant (45) in Centrum (WK199901)"
	Rows    [][]string // year, released, change, expected saving, forecast
}

// WriteCasePDF writes the case report: title, key figures, the matrix, the
// planexploitatie, the benefits per value type, the sensitivity table with its
// tornado and the forecast against the monitor.
func WriteCasePDF(w io.Writer, v CaseReport) error { return writeCasePDF(w, v, true) }

func writeCasePDF(w io.Writer, v CaseReport, compress bool) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(compress)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 18)
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252: €, ë, – and the like
	t := func(s string) string { return tr(strings.ReplaceAll(s, "−", "-")) }
	pdf.SetTitle(t("Businesscase "+v.Name), false)
	pdf.SetAuthor("Ontschot", false)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, t(fmt.Sprintf("Ontschot – businesscase %s – pagina %d", v.Name, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetTextColor(27, 35, 48)
	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(0, 8, t(v.Name), "", "L", false)
	pdf.SetFont("Helvetica", "", 10)
	if v.Description != "" {
		pdf.MultiCell(0, 5, t(v.Description), "", "L", false)
	}
	pdf.SetTextColor(70, 74, 87)
	pdf.MultiCell(0, 5, t(v.Settings), "", "L", false)
	pdf.SetTextColor(27, 35, 48)
	pdf.Ln(3)

	heading := func(s string) {
		pdf.Ln(2)
		pdf.SetFont("Helvetica", "B", 12)
		pdf.CellFormat(0, 7, t(s), "", 1, "L", false, 0, "")
	}
	table := func(widths []float64, header []string, rows [][]string, boldLast bool) {
		pdf.SetFont("Helvetica", "B", 8.5)
		pdf.SetFillColor(231, 238, 246)
		if strings.Join(header, "") == "" {
			header = nil
		}
		for i, h := range header {
			align := "R"
			if i == 0 {
				align = "L"
			}
			pdf.CellFormat(widths[i], 6, t(h), "B", 0, align, true, 0, "")
		}
		if header != nil {
			pdf.Ln(-1)
		}
		for ri, row := range rows {
			style := ""
			if boldLast && ri == len(rows)-1 {
				style = "B"
			}
			pdf.SetFont("Helvetica", style, 8.5)
			for i, c := range row {
				align := "R"
				if i == 0 {
					align = "L"
				}
				pdf.CellFormat(widths[i], 5.5, t(c), "B", 0, align, false, 0, "")
			}
			pdf.Ln(-1)
		}
	}
	heading("Kerncijfers")
	table([]float64{70, 60}, []string{"", ""}, v.KeyFigures, false)

	heading("Wie betaalt, wie wint (contante waarde)")
	table([]float64{50, 36, 36, 36, 22}, []string{"Belanghebbende", "Betaalt", "Wint", "Saldo", "Ratio"}, v.Matrix, true)

	heading("Planexploitatie")
	table([]float64{35, 29, 29, 29, 29, 29}, []string{"Jaar", "Kosten", "Baten", "Saldo", "Cumulatief", "Cum. contant"}, v.Years, true)

	if len(v.ValueTypes) > 0 {
		heading("Baten naar waardesoort")
		table([]float64{66, 40, 40}, []string{"Waardesoort", "Contante waarde", "Nominaal"}, v.ValueTypes, false)
		pdf.SetFont("Helvetica", "", 9)
		pdf.MultiCell(0, 4.5, t("Baten/kosten-ratio met alleen fiscaal kasbare baten (wat de begroting merkt): "+v.FiscalRatio), "", "L", false)
	}

	heading("Gevoeligheid")
	table([]float64{66, 30, 30, 32, 22}, []string{"Scenario", "Kosten (cw)", "Baten (cw)", "NCW", "Ratio"}, v.Scenarios, false)

	if len(v.Tornado) > 0 {
		heading("Tornado: netto contante waarde per parameter, breedste eerst")
		table([]float64{76, 38, 38, 28}, []string{"Parameter", "Laag", "Hoog", "Breedte"}, v.Tornado, false)
	}

	if f := v.Forecast; f != nil && len(f.Rows) > 0 {
		heading("Prognose naast de monitor (alleen vrijgegeven cijfers)")
		pdf.SetFont("Helvetica", "", 9)
		pdf.MultiCell(0, 4.5, t("Doelgroep: "+f.Targets+". Onderdrukte cellen tellen niet mee; het bedrag is dan een ondergrens."), "", "L", false)
		table([]float64{30, 40, 36, 38, 36}, []string{"Meting", "Vrijgegeven", "t.o.v. nulmeting", "Besparing gemeente", "Prognose"}, f.Rows, false)
	}
	if len(v.Notes) > 0 {
		heading("Bronnen en aannames")
		pdf.SetFont("Helvetica", "", 9)
		for _, n := range v.Notes {
			pdf.MultiCell(0, 4.5, t("• "+n), "", "L", false)
		}
	}
	return pdf.Output(w)
}
