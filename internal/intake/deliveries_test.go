package intake

import (
	"errors"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
)

type collect struct {
	d []Delivery
	r []Rejection
}

func (c *collect) Delivery(d *Delivery) error     { c.d = append(c.d, *d); return nil }
func (c *collect) Toewijzing(t *Toewijzing) error { return nil }
func (c *collect) StartStop(*StartStop) error     { return nil }
func (c *collect) Verzoek(*Verzoek) error         { return nil }
func (c *collect) Reject(r Rejection)             { c.r = append(c.r, r) }

const hdr = "agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n"

func TestDeliveryRowRejections(t *testing.T) {
	good := kluis.SyntheticBSN(3)
	row := func(repl ...string) string {
		f := []string{"12345678", "R1", good, "jeugdwet", "45", "45A48", "2025-01-01", "2025-01-31", "10", "04", "12345", "D"}
		for i := 0; i+1 < len(repl); i += 2 {
			for k, name := range DeliveryColumns {
				if name == repl[i] {
					f[k] = repl[i+1]
				}
			}
		}
		return strings.Join(f, ",") + "\n"
	}
	for _, tc := range []struct {
		name, line, field string
	}{
		{"bsn elfproef", row("bsn", "123456789"), "bsn"},
		{"bsn zeros", row("bsn", "000000000"), "bsn"},
		{"bsn letters", row("bsn", "12345678x"), "bsn"},
		{"impossible date", row("begindatum", "2025-02-30"), "begindatum"},
		{"end before begin", row("begindatum", "2025-02-01", "einddatum", "2025-01-31"), "einddatum"},
		{"unknown eenheid", row("eenheid", "99"), "eenheid"},
		{"unknown geldstroom", row("geldstroom", "potje"), "geldstroom"},
		{"amount with decimals", row("bedrag_cent", "12.50"), "bedrag_cent"},
		{"negative amount", row("bedrag_cent", "-5"), "bedrag_cent"},
		{"negative volume", row("volume", "-1"), "volume"},
		{"volume text", row("volume", "tien"), "volume"},
		{"debet_credit", row("debet_credit", "X"), "debet_credit"},
		{"missing field", row("productcode", ""), "productcode"},
		{"wrong column count", "12345678,R1," + good + "\n", ""},
		{"bad agb", row("agb", "123"), "agb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c collect
			n, err := ParseDeliveriesCSV(strings.NewReader(hdr+tc.line), DefaultCodes(), &c)
			if err != nil {
				t.Fatal(err)
			}
			if n != 1 || len(c.d) != 0 || len(c.r) != 1 {
				t.Fatalf("rows %d, accepted %d, rejected %d; want 1 rejected", n, len(c.d), len(c.r))
			}
			r := c.r[0]
			if r.Line != 2 || r.Field != tc.field || r.Reason == "" || r.ReasonEN == "" {
				t.Fatalf("rejection %+v, want line 2 field %q with both reasons", r, tc.field)
			}
			if strings.Contains(r.Reason+r.ReasonEN, "123456789") {
				t.Fatalf("rejection shows a full BSN: %+v", r)
			}
		})
	}
}

func TestDeliveryCSVForms(t *testing.T) {
	b := kluis.SyntheticBSN(4)
	// BOM, semicolons, DD-MM-YYYY, lower-case c, 8-digit BSN with lost zero
	// is not tested here (synthetic BSNs start with 9), Excel's "4" for "04".
	in := "\ufeffagb;referentie;bsn;geldstroom;categorie;productcode;begindatum;einddatum;volume;eenheid;bedrag_cent;debet_credit;toewijzing\n" +
		"12345678;R1;" + b + ";WMO;02;02A05;01-03-2025;31-03-2025;8;4;51200;c;TW9\n\n"
	var c collect
	n, err := ParseDeliveriesCSV(strings.NewReader(in), DefaultCodes("eigen_potje"), &c)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || len(c.d) != 1 {
		t.Fatalf("rows %d, deliveries %d, rejections %+v", n, len(c.d), c.r)
	}
	d := c.d[0]
	if d.Geldstroom != "wmo" || d.Eenheid != "04" || !d.Credit || d.Begin != MakeDate(2025, 3, 1) || d.Toewijzing != "TW9" || d.Signed() != -51200 {
		t.Fatalf("parsed %+v", d)
	}
}

func TestWrongHeaderRefusesFile(t *testing.T) {
	for _, in := range []string{
		"",
		"agb,referentie\n",
		strings.Replace(hdr, "bedrag_cent", "bedrag", 1),
		strings.TrimSuffix(hdr, "\n") + ",extra\n",
	} {
		var c collect
		_, err := ParseDeliveriesCSV(strings.NewReader(in), DefaultCodes(), &c)
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("header %q: err = %v, want *FileError", in, err)
		}
		if in != "" && !strings.Contains(fe.Reason, "verwacht: agb,referentie,bsn") {
			t.Fatalf("refusal does not list the expected header: %s", fe.Reason)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]Date{
		"2025-01-31": MakeDate(2025, 1, 31), "31-01-2025": MakeDate(2025, 1, 31), "20250131": MakeDate(2025, 1, 31),
		"2024-02-29": MakeDate(2024, 2, 29), "2025-02-29": 0, "2025-13-01": 0, "2025-04-31": 0, "1900-02-29": 0, "abc": 0, "": 0,
	} {
		got, ok := ParseDate(in)
		if got != want || ok != (want != 0) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
}

func TestBRP(t *testing.T) {
	parent, child := kluis.SyntheticBSN(10), kluis.SyntheticBSN(11)
	in := "bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n" +
		parent + ",1980-05-05,3331 ab,12,a,,,\"" + child + "\",0,2025-12-31\n" +
		child + ",2014-01-01,3331AB,12,A,,,,0,2025-12-31\n" +
		kluis.SyntheticBSN(12) + ",1970-01-01,,,,,,,1,2025-12-31\n" +
		kluis.SyntheticBSN(13) + ",1970-01-01,33,12,,,,,0,2025-12-31\n" +
		kluis.SyntheticBSN(14) + ",2030-01-01,3331AB,1,,,,,0,2025-12-31\n" +
		kluis.SyntheticBSN(15) + ",1970-01-01,3331AB,1,,,,123456789,0,2025-12-31\n"
	var ps []Persoon
	var rs []Rejection
	n, err := ParseBRP(strings.NewReader(in), func(p *Persoon) error { ps = append(ps, *p); return nil }, func(r Rejection) { rs = append(rs, r) })
	if err != nil {
		t.Fatal(err)
	}
	if n != 6 || len(ps) != 3 || len(rs) != 3 {
		t.Fatalf("rows %d, persons %d, rejections %+v", n, len(ps), rs)
	}
	if ps[0].Adres.Postcode != "3331AB" || ps[0].Adres.Huisletter != "A" || len(ps[0].GezagOver) != 1 || ps[0].GezagOver[0] != child {
		t.Fatalf("parent %+v", ps[0])
	}
	if !ps[2].Geheim || ps[2].Adres.Postcode != "" {
		t.Fatalf("secret %+v", ps[2])
	}
	for i, f := range []string{"postcode", "geboortedatum", "gezag_over"} {
		if rs[i].Field != f {
			t.Errorf("rejection %d field %q, want %q", i, rs[i].Field, f)
		}
	}
}

func FuzzDeliveriesCSV(f *testing.F) {
	f.Add(hdr + "12345678,R1," + kluis.SyntheticBSN(1) + ",jeugdwet,45,45A48,2025-01-01,2025-01-31,10,04,12345,D\n")
	f.Add("agb;referentie\n\"x;y\n")
	f.Add("\ufeff" + hdr + "\"")
	f.Fuzz(func(t *testing.T, in string) {
		var c collect
		n, err := ParseDeliveriesCSV(strings.NewReader(in), DefaultCodes(), &c)
		lines := 0 // a rejected row counts once, however many problems it has
		for i, r := range c.r {
			if !r.Further {
				lines++
			} else if i == 0 || c.r[i-1].Line != r.Line {
				t.Fatalf("a further problem not after its row's first: %+v", c.r)
			}
		}
		if err == nil && n != len(c.d)+lines {
			t.Fatalf("rows %d != accepted %d + rejected %d", n, len(c.d), lines)
		}
	})
}

func FuzzBRP(f *testing.F) {
	f.Add("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n" + kluis.SyntheticBSN(1) + ",1980-01-01,3331AB,1,,,,,0,2025-01-01\n")
	f.Fuzz(func(t *testing.T, in string) {
		var ok, bad int
		n, err := ParseBRP(strings.NewReader(in), func(*Persoon) error { ok++; return nil }, func(Rejection) { bad++ })
		if err == nil && n != ok+bad {
			t.Fatalf("rows %d != %d + %d", n, ok, bad)
		}
	})
}
