package export

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/money"
)

func exampleResult(t *testing.T) *businesscase.Result {
	t.Helper()
	cs, err := businesscase.Examples()
	if err != nil || len(cs) == 0 {
		t.Fatalf("examples: %v", err)
	}
	r, err := businesscase.Evaluate(cs[0])
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCaseWorkbook reads the business case workbook back and checks its
// figures to the cent, the totals row and the number formats.
func TestCaseWorkbook(t *testing.T) {
	r := exampleResult(t)
	released, forecast := money.Cents(1_000_000_00), money.Cents(950_000_00)
	fc := &CaseForecast{Targets: "Jeugdhulp ambulant (45) in Centrum (WK199901)", Years: []analysis.ForecastYear{
		{Year: "2023", IsBaseline: true, Released: &released, Complete: true, InHorizon: true, Forecast: &released},
		{Year: "2024", Suppressed: 2, InHorizon: true, ExpectedGemeente: 50_000_00, ExpectedAll: 60_000_00, Forecast: &forecast},
	}}
	f := readBack(t, CaseSheets(r, fc)...)
	if got := f.GetSheetList(); strings.Join(got, "|") != "Kerncijfers|Wie betaalt wie wint|Planexploitatie|Gevoeligheid|Prognose en monitor" {
		t.Fatalf("sheets %q", got)
	}
	if raw(t, f, "Kerncijfers", "A4") != "Kosten, contante waarde" || numFmt(t, f, "Kerncijfers", "B4") != fmtCents {
		t.Errorf("key figures: %q, format %q", raw(t, f, "Kerncijfers", "A4"), numFmt(t, f, "Kerncijfers", "B4"))
	}
	// The planexploitatie's totals row holds the case's nominal totals.
	n := len(r.Years)
	total := func(col string) string { return raw(t, f, "Planexploitatie", col+itoa(n+2)) }
	if raw(t, f, "Planexploitatie", "A"+itoa(n+2)) != "totaal" {
		t.Fatalf("no totals row at %d", n+2)
	}
	for col, want := range map[string]int64{"C": r.CostsCents, "D": r.BenefitsCents, "E": r.BenefitsCents - r.CostsCents, "H": r.NPVCents} {
		if got := total(col); got != centsText(want) {
			t.Errorf("total %s = %s, want %s", col, got, centsText(want))
		}
		if numFmt(t, f, "Planexploitatie", col+itoa(n+2)) != fmtCents {
			t.Errorf("total %s not in euros", col)
		}
	}
	if total("F") != "" || total("I") != "" {
		t.Error("a running balance was summed")
	}
	p := "Prognose en monitor"
	for ref, want := range map[string]string{"B2": "1000000", "C2": "ja", "B3": "onderdrukt", "C3": "nee", "D3": "2", "E3": "50000", "F3": "60000", "G3": "950000",
		"A5": "Doelgroep: Jeugdhulp ambulant (45) in Centrum (WK199901)"} {
		if got := raw(t, f, p, ref); got != want {
			t.Errorf("%s!%s = %q, want %q", p, ref, got, want)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// centsText is a cent amount as excelize reads a raw cell back: euros with
// up to two decimals.
func centsText(c int64) string {
	return strconv.FormatFloat(float64(c)/100, 'f', -1, 64)
}

func TestCasePDFText(t *testing.T) {
	rep := CaseReport{Name: "Respijtzorg", Description: "Ontlasten van mantelzorgers", Settings: "discontovoet 4%",
		KeyFigures: [][]string{{"Netto contante waarde", "€ 1.234.567"}},
		Matrix:     [][]string{{"Gemeente", "€ 100", "€ 50", "−€ 50", "0,50"}, {"Totaal", "€ 100", "€ 50", "−€ 50", "0,50"}},
		Years:      [][]string{{"2025", "€ 100", "€ 50", "−€ 50", "−€ 50", "−€ 48"}, {"Totaal", "€ 100", "€ 50", "−€ 50", "", ""}},
		Scenarios:  [][]string{{"Basis", "€ 100", "€ 50", "−€ 50", "0,50"}},
		Forecast:   &CaseForecastReport{Targets: "Jeugdhulp (45) in Centrum (WK1)", Rows: [][]string{{"2025", "ten minste € 900.000", "—", "€ 50.000", "€ 950.000"}}},
		Notes:      []string{"Bron: een synthetisch voorbeeld."},
	}
	var buf bytes.Buffer
	if err := writeCasePDF(&buf, rep, false); err != nil {
		t.Fatal(err)
	}
	text := buf.String() // uncompressed: the page streams hold the text as cp1252
	for _, s := range []string{"(Respijtzorg)", "(\x80 1.234.567)", "(-\x80 50)", "(ten minste \x80 900.000)", "(Prognose naast de monitor \\(alleen vrijgegeven cijfers\\))",
		"Doelgroep: Jeugdhulp \\(45\\) in Centrum \\(WK1\\)", "(\x95 Bron: een synthetisch voorbeeld.)", "pagina 1"} {
		if !strings.Contains(text, s) {
			t.Errorf("PDF text lacks %q", s)
		}
	}
	buf.Reset()
	if err := WriteCasePDF(&buf, rep); err != nil || !strings.HasPrefix(buf.String(), "%PDF-") {
		t.Errorf("compressed PDF: %v", err)
	}
}
