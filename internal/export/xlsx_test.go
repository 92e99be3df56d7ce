package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ontschot/ontschot/internal/money"
)

func i64(v int64) *int64 { return &v }

// readBack opens a written workbook with excelize, as a user's Excel would.
func readBack(t *testing.T, sheets ...Sheet) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sheets...); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func raw(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func numFmt(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

func TestXLSX(t *testing.T) {
	f := readBack(t, Sheet{
		Name:    "Meting 2025",
		Columns: []Column{{Title: "gebied"}, {Title: "huishoudens"}, {Title: "bedrag_eur", Sum: true}, {Title: "bedrag", Sum: true}, {Title: "ratio"}},
		Rows: [][]any{
			{"BU1 <&>", i64(1234), Euros(12000), money.Cents(1_234_50), 0.5},
			{"BU2", nil, (*Euros)(nil), money.Cents(-34_50), nil}, // suppressed: empty, never 0
		},
		Total: "totaal",
		Notes: []string{"Onderdrukte cellen tellen niet mee."},
	}, Sheet{Name: "Kerncijfers: a/b", Rows: [][]any{{"Kosten", money.Cents(100)}, {"Jaar", 2026}}})

	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Meting 2025" || got[1] != "Kerncijfers- a-b" {
		t.Fatalf("sheets %q", got)
	}
	const s = "Meting 2025"
	for ref, want := range map[string]string{
		"A1": "gebied", "C1": "bedrag_eur", "A2": "BU1 <&>", "B2": "1234", "C2": "12000", "D2": "1234.5", "E2": "0.5",
		"B3": "", "C3": "", "D3": "-34.5", "A4": "totaal", "C4": "12000", "D4": "1200", "B4": "", "A6": "Onderdrukte cellen tellen niet mee.",
	} {
		if got := raw(t, f, s, ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	for ref, want := range map[string]string{"B2": fmtCount, "C2": fmtEuros, "D2": fmtCents, "D4": fmtCents, "C4": fmtEuros, "A2": ""} {
		if got := numFmt(t, f, s, ref); got != want {
			t.Errorf("format of %s = %q, want %q", ref, got, want)
		}
	}
	// As a Dutch reader sees it: the formatted value.
	if v, _ := f.GetCellValue(s, "D2"); !strings.Contains(v, "€") || !strings.Contains(v, "1,234.50") {
		t.Errorf("formatted D2 = %q", v)
	}
	p, err := f.GetPanes(s)
	if err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
		t.Errorf("header not frozen: %+v %v", p, err)
	}
	filter := false
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" && d.Scope == s && strings.HasSuffix(d.RefersTo, "$A$1:$E$3") {
			filter = true
		}
	}
	if !filter {
		t.Errorf("no autofilter over A1:E3: %+v", f.GetDefinedName())
	}
	k := "Kerncijfers- a-b"
	if raw(t, f, k, "A1") != "Kosten" || raw(t, f, k, "B1") != "1" || numFmt(t, f, k, "B1") != fmtCents || raw(t, f, k, "B2") != "2026" || numFmt(t, f, k, "B2") != "" {
		t.Errorf("label–value sheet: %q %q %q", raw(t, f, k, "A1"), raw(t, f, k, "B1"), raw(t, f, k, "B2"))
	}
	if p, _ := f.GetPanes(k); p.Freeze {
		t.Error("a sheet without header has a frozen row")
	}
}

func TestSheetName(t *testing.T) {
	for in, want := range map[string]string{"Wie betaalt wie wint": "Wie betaalt wie wint", "a[b]:c*?/\\": "a-b--c----",
		strings.Repeat("é", 40): strings.Repeat("é", 31)} {
		if got := SheetName(in); got != want {
			t.Errorf("SheetName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, [][]string{{"gebied", "naam"}, {"BU1", `De "Hoven", oost`}}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "gebied,naam\nBU1,\"De \"\"Hoven\"\", oost\"\n" {
		t.Errorf("csv %q", got)
	}
}
