package intake

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/intake/xsdtest"
	"github.com/ontschot/ontschot/internal/money"
)

// deliberatelyInvalid are the fixtures that break the XSD on purpose, each
// in the one way it tests (see testdata/xml/README.md); every XSD error
// xmllint reports for them must name that one thing.
var deliberatelyInvalid = map[string]string{
	"bad_category.xml":    "ProductCategorie",     // category 45 (youth) in a WMO323
	"bad_eenheid.xml":     "Eenheid",              // unit 05 is not in WJ756
	"unknown_element.xml": "Opmerking",            // an element the 3.2 schema does not know
	"wrong_namespace.xml": "iwmo/3_2/basisschema", // iWmo basisschema elements in a JW323
	"jw303_release2.xml":  "JW303.xsd",            // a release 2 message: no 3.2 XSD exists
	"bad_bsn.xml":         "",                     // XSD-valid: the BSN fails only the 11-proef
	"total_mismatch.xml":  "",                     // XSD-valid: the total breaks TR358
}

// Every fixture meant to be valid validates against the official 3.2 XSD;
// the deliberately invalid ones fail only in the way they test.
func TestFixturesValidateAgainstXSD(t *testing.T) {
	schemas := xsdtest.Schemas(t)
	files, err := filepath.Glob(filepath.Join("testdata", "xml", "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		marker, invalid := deliberatelyInvalid[name]
		doc, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !invalid && xsdtest.Bericht(doc) == "" {
			t.Logf("%s: not a bare iJw/iWmo 3.2 message (an envelope?); not validated here", name)
			continue
		}
		if !invalid || marker == "" {
			xsdtest.Validate(t, schemas, f)
			continue
		}
		out, err := exec.Command("xmllint", "--noout", "--schema", xsdFor(schemas, doc, name), f).CombinedOutput()
		if err == nil {
			t.Errorf("%s validates, but it is meant to break the XSD (%s)", name, marker)
			continue
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if strings.HasSuffix(line, "fails to validate") || strings.Contains(line, "failed to compile") {
				continue
			}
			if !strings.Contains(line, marker) {
				t.Errorf("%s breaks the XSD in more than the one way it tests (%s):\n%s", name, marker, line)
			}
		}
	}
}

func xsdFor(schemas string, doc []byte, name string) string {
	b := xsdtest.Bericht(doc)
	if b == "" {
		b = strings.ToUpper(strings.SplitN(name, "_", 2)[0])
	}
	std := "jw"
	if strings.HasPrefix(b, "WMO") {
		std = "wmo"
	}
	return filepath.Join(schemas, std, "xsd", b+".xsd")
}

// Every kind of message the writer produces validates against the XSD:
// declarations with debits and credits, indented and compact, and
// assignments, for iJw and iWmo.
func TestWrittenMessagesValidateAgainstXSD(t *testing.T) {
	schemas := xsdtest.Schemas(t)
	dir := t.TempDir()
	write := func(name string, w func(io.Writer) error) {
		t.Helper()
		var buf bytes.Buffer
		if err := w(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		xsdtest.Validate(t, schemas, path)
	}
	apr := [2]Date{MakeDate(2025, 4, 1), MakeDate(2025, 4, 30)}
	for _, compact := range []bool{false, true} {
		m := Declaratiebericht{Afzender: "12345678", Ontvanger: "0599", Identificatie: "RT & <1>", Dagtekening: MakeDate(2025, 5, 6),
			DeclaratieNummer: "D1", Periode: apr, Compact: compact}
		m.Clients = []DeclClient{
			{BSN: SyntheticBSNForTest(0), Prestaties: []Delivery{
				{Referentie: "R1", Toewijzing: "90001", Categorie: "45", Productcode: "45A48", Begin: apr[0], Eind: apr[1], Volume: 6, Eenheid: "04", Bedrag: 6 * 9850},
				{Referentie: "R0", Toewijzing: "90001", Categorie: "45", Productcode: "45A48", Begin: MakeDate(2025, 3, 1), Eind: MakeDate(2025, 3, 31), Volume: 2, Eenheid: "04", Bedrag: 2 * 9850, Credit: true},
			}},
			{BSN: SyntheticBSNForTest(1), Prestaties: []Delivery{
				{Referentie: "R2", Toewijzing: "90002", Categorie: "43", Productcode: "43A05", Begin: apr[0], Eind: apr[1], Volume: 30, Eenheid: "14", Bedrag: 30 * 24575},
				{Referentie: "R3", Toewijzing: "90003", Categorie: "54", Productcode: "54001", Begin: apr[0], Eind: apr[1], Volume: 1250, Eenheid: "83", Bedrag: 125000},
			}},
		}
		suffix := map[bool]string{false: "", true: "_compact"}[compact]
		write("JW323"+suffix+".xml", func(w io.Writer) error { return WriteJW323(w, m) })
		for _, c := range m.Clients {
			for i := range c.Prestaties {
				if c.Prestaties[i].Categorie != "43" {
					c.Prestaties[i].Categorie, c.Prestaties[i].Productcode = "02", "02A05"
				} else {
					c.Prestaties[i].Categorie, c.Prestaties[i].Productcode = "15", "15A02"
				}
			}
		}
		write("WMO323"+suffix+".xml", func(w io.Writer) error { return WriteWMO323(w, m) })
	}
	// The benchmark's declaration: every unit, every tenth one a credit.
	bench := filepath.Join(dir, "JW323_bench.xml")
	if err := writeXMLBenchFile(bench, 200, true); err != nil {
		t.Fatal(err)
	}
	xsdtest.Validate(t, schemas, bench)

	tw := Toewijzingbericht{Afzender: "0599", Ontvanger: "12345678", Identificatie: "T-1", Dagtekening: MakeDate(2025, 1, 2),
		BSN: "999900018", Geboortedatum: MakeDate(2010, 3, 4), Achternaam: "Proef", Voorletters: "A",
		Adres: &Adres{Postcode: "3011AB", Huisnummer: 7, Huisletter: "B", Toevoeging: "2"}, Straatnaam: "Proefstraat", Plaatsnaam: "Proefdorp",
		Producten: []Toewijzing{
			{ToewijzingNummer: "1", Categorie: "45", Productcode: "45A48", Ingangsdatum: MakeDate(2025, 1, 6), Volume: 3, Eenheid: "04", Frequentie: "2"},
			{ToewijzingNummer: "2", Categorie: "54", Ingangsdatum: MakeDate(2025, 1, 6), Einddatum: MakeDate(2025, 12, 31), Volume: 5000, Eenheid: "83", Frequentie: "6", Budget: money.Cents(500000), Reden: "01"},
		}}
	write("JW301.xml", func(w io.Writer) error { return WriteJW301(w, tw) })
	tw.Producten[0].Categorie, tw.Producten[0].Productcode = "01", "01A01"
	tw.Producten[1].Categorie = "02"
	write("WMO301.xml", func(w io.Writer) error { return WriteWMO301(w, tw) })
}

// The writer refuses what the XSD or the rules refuse, with a reason that
// names the rule, rather than writing a message nobody accepts.
func TestWriterRefusesInvalidContent(t *testing.T) {
	apr := [2]Date{MakeDate(2025, 4, 1), MakeDate(2025, 4, 30)}
	ok := Delivery{Referentie: "R1", Toewijzing: "90001", Categorie: "45", Productcode: "45A48", Begin: apr[0], Eind: apr[1], Volume: 6, Eenheid: "04", Bedrag: 6 * 9850}
	tests := []struct {
		name string
		edit func(*Declaratiebericht, *Delivery)
		want string
	}{
		{"toewijzing not a number", func(_ *Declaratiebericht, d *Delivery) { d.Toewijzing = "TW0108395490" }, "LDT_Nummer"},
		{"no product code", func(_ *Declaratiebericht, d *Delivery) { d.Productcode = "" }, "ProductCode"},
		{"toewijzing too long", func(_ *Declaratiebericht, d *Delivery) { d.Toewijzing = "1000000000" }, "LDT_Nummer"},
		{"amount not volume × tariff", func(_ *Declaratiebericht, d *Delivery) { d.Bedrag = 6*9850 + 1 }, "TR346"},
		{"day rate without tariff", func(_ *Declaratiebericht, d *Delivery) { d.Eenheid, d.Volume, d.Bedrag = "14", 0, 800000 }, "TR346"},
		{"period after the declaration", func(_ *Declaratiebericht, d *Delivery) { d.Begin, d.Eind = MakeDate(2025, 5, 1), MakeDate(2025, 5, 31) }, "TR319"},
		{"declaratienummer with a dash", func(m *Declaratiebericht, _ *Delivery) { m.DeclaratieNummer = "DL-1" }, "DeclaratieNummer"},
		{"identificatie too long", func(m *Declaratiebericht, _ *Delivery) { m.Identificatie = "1234567890123" }, "BerichtIdentificatie"},
		{"dated before the period", func(m *Declaratiebericht, _ *Delivery) { m.Dagtekening = MakeDate(2025, 3, 31) }, "TR137"},
	}
	for _, tt := range tests {
		m := Declaratiebericht{Afzender: "12345678", Ontvanger: "0599", Identificatie: "X1", Dagtekening: MakeDate(2025, 5, 6), DeclaratieNummer: "D1", Periode: apr}
		d := ok
		tt.edit(&m, &d)
		m.Clients = []DeclClient{{BSN: SyntheticBSNForTest(0), Prestaties: []Delivery{d}}}
		err := WriteJW323(io.Discard, m)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one naming %s", tt.name, err, tt.want)
		}
	}
	tw := Toewijzingbericht{Afzender: "0599", Ontvanger: "12345678", Identificatie: "T1", Dagtekening: MakeDate(2025, 1, 2),
		BSN: "999900018", Geboortedatum: MakeDate(2010, 3, 4), Adres: &Adres{Postcode: "3011AB", Huisnummer: 7}, Straatnaam: "Proefstraat", Plaatsnaam: "Proefdorp",
		Producten: []Toewijzing{{ToewijzingNummer: "TW1", Categorie: "45", Productcode: "45A48", Ingangsdatum: MakeDate(2025, 1, 6), Volume: 3, Eenheid: "04", Frequentie: "2"}}}
	if err := WriteJW301(io.Discard, tw); err == nil || !strings.Contains(err.Error(), "LDT_Nummer") {
		t.Errorf("301 with ToewijzingNummer TW1: err = %v", err)
	}
	tw.Producten[0].ToewijzingNummer, tw.Straatnaam = "1", ""
	if err := WriteJW301(io.Discard, tw); err == nil || !strings.Contains(err.Error(), "CD034") {
		t.Errorf("301 without Straatnaam: err = %v", err)
	}
}
