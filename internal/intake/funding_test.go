package intake

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
)

func collectRejections(t *testing.T, n int, err error, rej []Rejection, wantRows int, want map[int]string) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if n != wantRows {
		t.Errorf("rows = %d, want %d", n, wantRows)
	}
	got := map[int]string{}
	for _, r := range rej {
		if r.Reason == "" || r.ReasonEN == "" {
			t.Errorf("rejection without both reasons: %+v", r)
		}
		got[r.Line] = r.Field
	}
	for line, field := range want {
		if got[line] != field {
			t.Errorf("line %d: rejected field %q, want %q (all: %+v)", line, got[line], field, rej)
		}
	}
	if len(rej) != len(want) {
		t.Errorf("%d rejections, want %d: %+v", len(rej), len(want), rej)
	}
}

func TestParseContracts(t *testing.T) {
	in := "contract;naam;variant;opdrachtnemer;aanbieders;geldstromen;categorieen;gebied;begindatum;einddatum\n" +
		"GGZ-2025;GGZ-consortium;taak;Consortium De Brug;\"11111111;22222222;33333333\";jeugdwet;54;GM0642;2025-01-01;2029-12-31\n" +
		"RUW;Wijkbudget;Taak;Wijkcoöperatie;11111111;;;WK064201;01-01-2025;31-12-2029\n" +
		"X;x;lumpsum;x;11111111;;;;2025-01-01;2025-12-31\n" +
		"Y;y;taak;y;1234;;;;2025-01-01;2025-12-31\n" +
		"Z;z;taak;z;11111111;wlzz;;;2025-01-01;2025-12-31\n" +
		"Q;q;taak;q;11111111;;99;;2025-01-01;2025-12-31\n" +
		"R;r;taak;r;11111111;;;WK999;2025-01-01;2025-12-31\n" +
		"S;s;taak;s;11111111;;;;2025-12-31;2025-01-01\n"
	var got []Contract
	var rej []Rejection
	n, err := ParseContracts(strings.NewReader(in), DefaultCodes(), func(c *Contract) error { got = append(got, *c); return nil }, func(r Rejection) { rej = append(rej, r) })
	collectRejections(t, n, err, rej, 8, map[int]string{4: "variant", 5: "aanbieders", 6: "geldstromen", 7: "categorieen", 8: "gebied", 9: "einddatum"})
	if len(got) != 2 {
		t.Fatalf("contracts = %+v", got)
	}
	if c := got[0]; c.Variant != "taak" || len(c.Aanbieders) != 3 || c.Categorieen[0] != "54" || c.Gebied != "GM0642" || c.Begin != MakeDate(2025, 1, 1) {
		t.Errorf("first contract = %+v", c)
	}
	if c := got[1]; c.Variant != "taak" || len(c.Geldstromen) != 0 || c.Eind != MakeDate(2029, 12, 31) {
		t.Errorf("second contract = %+v", c)
	}
}

func TestParseBudgetsAndResults(t *testing.T) {
	in := "contract,jaar,partner,bedrag_cent\nRUW,2025,gemeente,150000000\nRUW,2025,Zorgverzekeraar,20000000\nRUW,25,gemeente,1\nRUW,2025,gemeente,-5\nRUW,2025,gemeente,12.50\n"
	var got []BudgetLine
	var rej []Rejection
	n, err := ParseBudgets(strings.NewReader(in), func(b *BudgetLine) error { got = append(got, *b); return nil }, func(r Rejection) { rej = append(rej, r) })
	collectRejections(t, n, err, rej, 5, map[int]string{4: "jaar", 5: "bedrag_cent", 6: "bedrag_cent"})
	if len(got) != 2 || got[1].Partner != "zorgverzekeraar" || got[0].Bedrag != 150_000_000 {
		t.Errorf("budget lines = %+v", got)
	}

	in = "contract;jaar;indicator;doel;aandeel;gemeten\nCOOP;2025;tevredenheid;4,0;10%;\nCOOP;2025;wachttijd;30;0,05;24\nCOOP;2025;uitstroom;25;1,5;\n"
	var res []ResultLine
	rej = nil
	n, err = ParseResults(strings.NewReader(in), func(r *ResultLine) error { res = append(res, *r); return nil }, func(r Rejection) { rej = append(rej, r) })
	collectRejections(t, n, err, rej, 3, map[int]string{4: "aandeel"})
	if len(res) != 2 || res[0].Aandeel != 0.1 || res[0].Gemeten != nil || *res[1].Gemeten != 24 || res[1].Doel != 30 {
		t.Errorf("results = %+v", res)
	}
}

func TestParseFlows(t *testing.T) {
	bsn := kluis.SyntheticBSN(3)
	in := "bron;referentie;soort;geldstroom;categorie;begindatum;einddatum;gebied;bsn;contract;volume;eenheid;bedrag_cent;debet_credit\n" +
		"gemeente;WT-1;wijkteam;wmo;wijkteam;2025-01-01;2025-01-31;;" + bsn + ";;6;4;0;D\n" +
		"gemeente;LS-1;lumpsum;jeugdwet;54;2025-01-01;2025-03-31;WK064201;;GGZ-2025;;;2500000;D\n" +
		"gemeente;LS-1C;lumpsum;jeugdwet;54;2025-01-01;2025-03-31;WK064201;;GGZ-2025;;;100000;C\n" +
		"gemeente;X1;lumpsum;jeugdwet;54;2025-01-01;2025-03-31;;;;;;1;D\n" +
		"gemeente;X2;lumpsum;jeugdwet;54;2025-01-01;2025-03-31;WK064201;" + bsn + ";;;;1;D\n" +
		"gemeente;X3;lumpsum;jeugdwet;54;2025-01-01;2025-03-31;;123456789;;;;1;D\n" +
		"gemeente;ref-" + bsn + ";lumpsum;jeugdwet;54;2025-01-01;2025-03-31;GM0642;;;;;1;D\n" +
		"gemeente;X5;lumpsum;jeugdwet;54;2025-01-01;2025-03-31;GM0642;;;3;99;1;D\n"
	var got []Flow
	var rej []Rejection
	n, err := ParseFlows(strings.NewReader(in), DefaultCodes(), func(f *Flow) error { got = append(got, *f); return nil }, func(r Rejection) { rej = append(rej, r) })
	collectRejections(t, n, err, rej, 8, map[int]string{5: "gebied", 6: "bsn", 7: "bsn", 8: "referentie", 9: "eenheid"})
	if len(got) != 3 {
		t.Fatalf("flows = %+v", got)
	}
	if f := got[0]; f.BSN != bsn || f.Volume != 6 || f.Eenheid != "04" || f.Gebied != "" {
		t.Errorf("wijkteam flow = %+v", f)
	}
	if f := got[2]; f.Signed() != -100_000 || f.Contract != "GGZ-2025" || f.Gebied != "WK064201" {
		t.Errorf("credit flow = %+v", f)
	}
	for _, r := range rej {
		if strings.Contains(r.Reason+r.ReasonEN, bsn) {
			t.Errorf("a rejection carries the full BSN: %+v", r)
		}
	}
}
