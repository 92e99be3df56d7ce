package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

func TestFundingRecordsWithholdAsEmpty(t *testing.T) {
	spent := money.Cents(12_345_67)
	f := &model.Funding{Year: 2025, Through: 3, Contracts: []model.FundingContract{
		{Contract: "A", Naam: "Lumpsum", Variant: "taak", Budget: 50_000_00, Spent: &spent, Spread: &spent, Members: []string{"1", "2"}},
		{Contract: "B", Naam: "Klein", Variant: "inspanning", Budget: -1_00, Suppressed: true, Reason: "minder dan 10 huishoudens"},
	}}
	rec := FundingRecords(f)
	if got := strings.Join(rec[1], ","); got != "A,Lumpsum,taak,,1;2,,,,50000.00,12345.67,12345.67,,,,3,,0," {
		t.Errorf("row A = %s", got)
	}
	if got := strings.Join(rec[2], ","); got != "B,Klein,inspanning,,,,,,-1.00,,,,,,3,,1,minder dan 10 huishoudens" {
		t.Errorf("row B = %s", got)
	}
}

func TestFundingPDF(t *testing.T) {
	var buf bytes.Buffer
	rep := FundingReport{Title: "Financiering 2025", Footer: "Ontschot – financiering", Lead: []string{"Meting 2025 − versie 1"},
		Sections: []FundingSection{{Heading: "Contracten", Header: []string{"Contract", "Budget"}, Widths: []float64{50, 40},
			Rows: [][]string{{"Een heel lange contractnaam die niet in de kolom past en dus wordt afgekort", "€\u00a01.200.000"}, {"Totaal", "€ 1.200.000"}}, BoldLast: true}}}
	if err := writeFundingPDF(&buf, rep, false); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, w := range []string{"%PDF-", "(Financiering 2025)", "(Contracten)", "1.200.000)", "(Totaal)", "afgekort"} {
		if w == "afgekort" {
			if strings.Contains(out, w) {
				t.Error("a cell too wide for its column was not cut")
			}
			continue
		}
		if !strings.Contains(out, w) {
			t.Errorf("pdf lacks %q", w)
		}
	}
}
