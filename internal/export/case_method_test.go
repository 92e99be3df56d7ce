package export

import (
	"bytes"
	"strings"
	"testing"
)

// The workbook carries the benefits per value type and the fiscal cashable ratio in the key
// figures, the cost uplift per scenario, and the tornado under the sensitivity.
func TestCaseWorkbookMethod(t *testing.T) {
	r := exampleResult(t)
	f := readBack(t, CaseSheets(r, nil)...)
	// Example 1: fiscal cashable and fiscal non-cashable benefits, after the 11 key figures.
	if got := raw(t, f, "Kerncijfers", "A12"); got != "Baten fiscaal, kasbaar, contante waarde" {
		t.Errorf("A12 = %q", got)
	}
	if got, want := raw(t, f, "Kerncijfers", "B12"), centsText(r.ValueTypes[0].PVBenefitsCents); got != want {
		t.Errorf("B12 = %s, want %s", got, want)
	}
	if numFmt(t, f, "Kerncijfers", "B12") != fmtCents {
		t.Error("value type total not in euros")
	}
	last := itoa(12 + len(r.ValueTypes))
	if raw(t, f, "Kerncijfers", "A"+last) != "Baten/kosten-ratio alleen fiscaal kasbaar" || raw(t, f, "Kerncijfers", "B"+last) == "" {
		t.Errorf("fiscal ratio row %s: %q %q", last, raw(t, f, "Kerncijfers", "A"+last), raw(t, f, "Kerncijfers", "B"+last))
	}
	if raw(t, f, "Gevoeligheid", "I1") != "optimism bias kosten" || raw(t, f, "Gevoeligheid", "I2") != "uit" {
		t.Errorf("cost uplift column: %q %q", raw(t, f, "Gevoeligheid", "I1"), raw(t, f, "Gevoeligheid", "I2"))
	}
	note := raw(t, f, "Gevoeligheid", "A"+itoa(len(r.Sensitivity)+4))
	if !strings.HasPrefix(note, r.Tornado[0].Label+": ") {
		t.Errorf("first tornado line %q, want the widest bar %q", note, r.Tornado[0].Label)
	}
}

func TestCasePDFMethod(t *testing.T) {
	rep := CaseReport{Name: "x", ValueTypes: [][]string{{"fiscaal, kasbaar", "€ 600", "€ 650"}}, FiscalRatio: "0,60",
		Tornado: [][]string{{"alle baten", "−20%: € 60", "+20%: € 140", "€ 80"}}}
	var buf bytes.Buffer
	if err := writeCasePDF(&buf, rep, false); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"(Baten naar waardesoort)", "(fiscaal, kasbaar)", "alleen fiscaal kasbare baten \\(wat de begroting merkt\\): 0,60", "(Tornado: netto contante waarde per parameter, breedste eerst)", "(alle baten)", "(+20%: \x80 140)"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("PDF text lacks %q", s)
		}
	}
}
