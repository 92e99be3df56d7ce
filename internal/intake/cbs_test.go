package intake

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/money"
)

const iv3Header = "Jaar;Document;Gemeenten;Taakveld;L1.1 Salarissen en sociale lasten;Baten;Lasten;Provincie;Gemeentegrootte;Stedelijkheid;Inwonertal;Centrumfunctie;Sociale structuur\n"

func TestParseIv3(t *testing.T) {
	in := iv3Header +
		"2023;begroting;Oirschot;6.71 Maatwerkdienstverlening 18+;;110.0;1174.0;Noord-Brabant;10000tot20000inwoners;Weinigstedelijk;19217;Zonder;Goed\n" +
		"2023;begroting;Oirschot;6.71b Begeleiding (WMO);;0.0;-12.5;Noord-Brabant;10000tot20000inwoners;Weinigstedelijk;19217;Zonder;Goed\n" +
		"2023;begroting;Oirschot;Maatwerk;;0.0;1.0;Noord-Brabant;x;y;19217;Zonder;Goed\n" +
		"2023;raming;Oirschot;6.1 Samenkracht;;0.0;1.0;Noord-Brabant;x;y;19217;Zonder;Goed\n" +
		"2023;begroting;Oirschot;6.1 Samenkracht;;0.0;1.234,5;Noord-Brabant;x;y;19217;Zonder;Goed\n"
	var got []Iv3Row
	var rej []Rejection
	n, err := ParseIv3(strings.NewReader(in), func(r *Iv3Row) error { got = append(got, *r); return nil }, func(r Rejection) { rej = append(rej, r) })
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 || len(got) != 2 || len(rej) != 3 {
		t.Fatalf("rows %d, accepted %d, rejected %d (%+v); want 5, 2, 3", n, len(got), len(rej), rej)
	}
	if g := got[0]; g.Taakveld != "6.71" || g.TaakveldNaam != "Maatwerkdienstverlening 18+" || g.Lasten != 117_400_000 || g.Baten != 11_000_000 || g.Inwoners != 19217 || g.SocialeStructuur != "Goed" {
		t.Errorf("first row = %+v", g)
	}
	if got[1].Lasten != money.Cents(-1_250_000) {
		t.Errorf("-12.5 thousand euros = %d cents, want -1,250,000", got[1].Lasten)
	}
	for i, want := range []struct {
		line  int
		field string
	}{{4, "taakveld"}, {5, "document"}, {6, "lasten"}} {
		if rej[i].Line != want.line || rej[i].Field != want.field || rej[i].Reason == "" || rej[i].ReasonEN == "" {
			t.Errorf("rejection %d = %+v, want line %d field %s with both reasons", i, rej[i], want.line, want.field)
		}
	}
}

func TestParseIv3OtherLayoutNamesTheHeader(t *testing.T) {
	_, err := ParseIv3(strings.NewReader("Perioden;RegioS;Taakveld;Lasten\n2023;GM0823;6.1;12\n"), func(*Iv3Row) error { return nil }, func(Rejection) {})
	if err == nil || !strings.Contains(err.Error(), "jaar;document;gemeenten;taakveld") {
		t.Fatalf("err = %v, want a refusal naming the expected header", err)
	}
}

func TestParseKerncijfers(t *testing.T) {
	in := "jaar;gemeentecode;gemeentenaam;aantal_inwoners;mannen;huishoudens;0_15;15_25;25_45;45_65;65plus;pct_rond_sociaal_min\n" +
		"2024;GM0823;Oirschot;19280;9769;8132;14;11;21;30;25;\n" +
		"2024;GM0998;;;;;;;;;;\n" +
		"2024;0823;Oirschot;1;1;1;1;1;1;1;1;1\n" +
		"2022;GM0642;Zwijndrecht;44500;;19000;16;12;25;27;20;7.5\n"
	var got []Kerncijfers
	var rej []Rejection
	n, err := ParseKerncijfers(strings.NewReader(in), func(k *Kerncijfers) error { got = append(got, *k); return nil }, func(r Rejection) { rej = append(rej, r) })
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 || len(got) != 2 || len(rej) != 2 {
		t.Fatalf("rows %d, accepted %d, rejected %d (%+v)", n, len(got), len(rej), rej)
	}
	o := got[0]
	if o.Code != "GM0823" || *o.Inwoners != 19280 || *o.Huishoudens != 8132 || *o.AgePct[4] != 25 || len(o.Indicators) != 0 {
		t.Errorf("Oirschot = %+v", o)
	}
	if z := got[1]; z.Indicators["pct_rond_sociaal_min"] != 7.5 {
		t.Errorf("Zwijndrecht indicators = %v", z.Indicators)
	}
	if rej[0].Line != 3 || rej[0].Field != "gemeentenaam" || rej[1].Line != 4 || rej[1].Field != "gemeentecode" {
		t.Errorf("rejections = %+v", rej)
	}
}

func TestThousandsOfEuros(t *testing.T) {
	for in, want := range map[string]money.Cents{"": 0, "0.0": 0, "3192.0": 319_200_000, "-1": -100_000, "0.001": 100, "12,5": 1_250_000} {
		if got, ok := thousandsOfEuros(in); !ok || got != want {
			t.Errorf("thousandsOfEuros(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"abc", "1.2.3", "1e6", "0.000001", "--1"} {
		if _, ok := thousandsOfEuros(in); ok {
			t.Errorf("thousandsOfEuros(%q) accepted", in)
		}
	}
}
