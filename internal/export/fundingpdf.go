package export

import (
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// FundingReport is a funding page as text, for its PDF: the contracts of
// a year, or one contract. The web fills it with the figures as the page
// shows them (withheld ones read "n.v.t.").
type FundingReport struct {
	Title    string
	Lead     []string // paragraphs under the title
	Sections []FundingSection
	Footer   string // "Ontschot – financiering 2025"
}

// FundingSection is a heading with paragraphs and an optional table.
type FundingSection struct {
	Heading    string
	Paragraphs []string
	Header     []string
	Widths     []float64 // mm per column; the first column is left-aligned, the rest right
	Rows       [][]string
	BoldLast   bool // the last row is a total
}

// WriteFundingPDF writes the report on A4, landscape when a table is wide.
func WriteFundingPDF(w io.Writer, rep FundingReport) error { return writeFundingPDF(w, rep, true) }

func writeFundingPDF(w io.Writer, rep FundingReport, compress bool) error {
	orientation := "P"
	for _, s := range rep.Sections {
		total := 0.0
		for _, x := range s.Widths {
			total += x
		}
		if total > 180 {
			orientation = "L"
		}
	}
	pdf := fpdf.New(orientation, "mm", "A4", "")
	pdf.SetCompression(compress)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 18)
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252: €, ë, – and the like
	t := func(s string) string {
		return tr(strings.NewReplacer("−", "-", "\u00a0", " ", "…", "...").Replace(s))
	}
	pdf.SetTitle(t(rep.Title), false)
	pdf.SetAuthor("Ontschot", false)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, t(fmt.Sprintf("%s – pagina %d", rep.Footer, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetTextColor(27, 35, 48)
	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(0, 8, t(rep.Title), "", "L", false)
	pdf.SetFont("Helvetica", "", 10)
	for _, p := range rep.Lead {
		pdf.MultiCell(0, 5, t(p), "", "L", false)
	}
	pdf.Ln(2)
	for _, s := range rep.Sections {
		pdf.Ln(2)
		pdf.SetFont("Helvetica", "B", 12)
		pdf.MultiCell(0, 7, t(s.Heading), "", "L", false)
		pdf.SetFont("Helvetica", "", 9)
		for _, p := range s.Paragraphs {
			pdf.MultiCell(0, 4.5, t(p), "", "L", false)
		}
		if len(s.Rows) == 0 {
			continue
		}
		cell := func(i int, text string, h float64, border string, fill bool) {
			align := "R"
			if i == 0 {
				align = "L"
			}
			wd := s.Widths[min(i, len(s.Widths)-1)]
			// Cut what does not fit rather than run into the next column.
			for len(text) > 1 && pdf.GetStringWidth(t(text)) > wd-1.5 {
				r := []rune(text)
				text = string(r[:len(r)-2]) + "…"
			}
			pdf.CellFormat(wd, h, t(text), border, 0, align, fill, 0, "")
		}
		if len(s.Header) > 0 {
			pdf.SetFont("Helvetica", "B", 8)
			pdf.SetFillColor(231, 238, 246)
			for i, h := range s.Header {
				cell(i, h, 6, "B", true)
			}
			pdf.Ln(-1)
		}
		for ri, row := range s.Rows {
			style := ""
			if s.BoldLast && ri == len(s.Rows)-1 {
				style = "B"
			}
			pdf.SetFont("Helvetica", style, 8)
			for i, c := range row {
				cell(i, c, 5.5, "B", false)
			}
			pdf.Ln(-1)
		}
	}
	return pdf.Output(w)
}
