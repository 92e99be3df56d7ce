package intake

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/intake/xsdtest"
)

// The official JW315 gives two requested products, each with its
// ReferentieAanbieder and kind of referrer; the referrer's name and AGB
// code are not handed on. The official JW301 answers it: its products
// repeat the two references (IV094).
func TestParseXMLOfficialJW315(t *testing.T) {
	info, sink := parseOfficial(t, "jw/berichten/JW315.xml")
	if info.Bericht != "JW315" || info.BerichtCode != 446 || len(sink.rejections) != 0 || len(sink.verzoeken) != 2 {
		t.Fatalf("%+v: %d verzoeken, rejections %+v", info, len(sink.verzoeken), sink.rejections)
	}
	want := []Verzoek{
		{AGB: "42420001", Gemeente: "0384", BSN: "999900006", Geldstroom: "jeugdwet", ReferentieAanbieder: "40A12341234",
			Categorie: "55", Productcode: "55A11", Ingangsdatum: MakeDate(2026, 4, 1), Verwijzer: "01", Bron: "JW315"},
		{AGB: "42420001", Gemeente: "0384", BSN: "999900006", Geldstroom: "jeugdwet", ReferentieAanbieder: "40A12341235",
			Categorie: "55", Productcode: "55A12", Ingangsdatum: MakeDate(2026, 4, 1), Verwijzer: "02", Bron: "JW315"},
	}
	for i, v := range sink.verzoeken {
		if v.Line == 0 {
			t.Errorf("verzoek %d has no line", i)
		}
		v.Line = 0
		if v != want[i] {
			t.Errorf("verzoek %d:\n got %+v\nwant %+v", i, v, want[i])
		}
		if s := fmt.Sprintf("%+v", v); strings.Contains(s, "huisarts") || strings.Contains(s, "12345678") || strings.Contains(s, "Wit") {
			t.Errorf("verzoek %d carries the referrer's or client's name or code: %s", i, s)
		}
	}
	_, sink = parseOfficial(t, "jw/berichten/JW301.xml")
	if len(sink.toewijzingen) != 2 || sink.toewijzingen[0].ReferentieAanbieder != "40A12341234" || sink.toewijzingen[1].ReferentieAanbieder != "40A12341235" {
		t.Fatalf("JW301 references: %+v", sink.toewijzingen)
	}
}

// One requested product with a problem is rejected with its field; the
// other product of the message is kept. An element the schema does not
// know refuses the message.
func TestParseXMLJW315Problems(t *testing.T) {
	b, err := os.ReadFile(officialFile(t, "jw/berichten/JW315.xml"))
	if err != nil {
		t.Fatal(err)
	}
	valid := strings.ReplaceAll(string(b), "\r\n", "\n") // the official file has CRLF line ends
	tests := []struct {
		name, old, new, field string
	}{
		{"type outside COD327", "<ijw:Type>01<", "<ijw:Type>07<", "Verwijzer"},
		{"no type", "<ijw:Type>01</ijw:Type>", "", "Verwijzer"},
		{"no referrer", "<jw315:Verwijzer>\n\t\t\t\t\t<ijw:Type>01</ijw:Type>\n\t\t\t\t\t<ijw:Naam>huisarts</ijw:Naam>\n\t\t\t\t</jw315:Verwijzer>", "", "Verwijzer"},
		{"no reference", "<jw315:ReferentieAanbieder>40A12341234</jw315:ReferentieAanbieder>", "", "ReferentieAanbieder"},
		{"bad start date", "<jw315:ToewijzingIngangsdatum>2026-04-01<", "<jw315:ToewijzingIngangsdatum>2026-04-31<", "ToewijzingIngangsdatum"},
		{"category outside JZ020", "<ijw:Categorie>55<", "<ijw:Categorie>02<", "Categorie"},
		{"bad BSN", "<jw315:Bsn>999900006<", "<jw315:Bsn>999900007<", "Bsn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(valid, tt.old, tt.new, 1)
			if doc == valid {
				t.Fatal("edit did not apply")
			}
			sink := &xmlTestSink{}
			info, err := ParseXML(strings.NewReader(doc), sink)
			if err != nil {
				t.Fatal(err)
			}
			kept := 1
			if tt.field == "Bsn" {
				kept = 0 // the client's BSN is every product's
			}
			if len(sink.rejections) != 2-kept || sink.rejections[0].Field != tt.field || sink.rejections[0].Prestatie != 1 || sink.rejections[0].Line == 0 {
				t.Fatalf("rejections = %+v", sink.rejections)
			}
			if len(sink.verzoeken) != kept || info.Prestaties != sink.rows() {
				t.Fatalf("kept %d products, rows %d, prestaties %d", len(sink.verzoeken), sink.rows(), info.Prestaties)
			}
			for _, r := range sink.rejections {
				if strings.Contains(r.Reason+r.ReasonEN, "999900007") {
					t.Fatalf("rejection shows the full BSN: %+v", r)
				}
			}
		})
	}
	doc := strings.Replace(valid, "<ijw:Naam>huisarts</ijw:Naam>", "<ijw:Naam>huisarts</ijw:Naam><ijw:Telefoon>1</ijw:Telefoon>", 1)
	_, err = ParseXML(strings.NewReader(doc), &xmlTestSink{})
	checkFileError(t, err, -1, "onbekend element <Telefoon", "unknown element <Telefoon")
}

// What WriteJW315 writes validates against the official XSD and reads
// back as written; the writer refuses a named referrer without its AGB
// code (CD067) and a code where none belongs (CD068).
func TestWriteJW315(t *testing.T) {
	m := Verzoekbericht{Afzender: "12345678", Ontvanger: "0599", Identificatie: "V-1", Dagtekening: MakeDate(2025, 1, 2),
		BSN: "999900018", Geboortedatum: MakeDate(2012, 3, 4),
		Producten: []AangevraagdProduct{
			{Verzoek: Verzoek{ReferentieAanbieder: "R-1", Categorie: "45", Productcode: "45A48", Ingangsdatum: MakeDate(2025, 1, 6), Verwijzer: "02"}, ZorgverlenerCode: "01990001"},
			{Verzoek: Verzoek{ReferentieAanbieder: "R-2", Categorie: "54", Ingangsdatum: MakeDate(2025, 2, 1), Verwijzer: "01"}},
		}}
	var buf bytes.Buffer
	if err := WriteJW315(&buf, m); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<jw315:Naam>") == false {
		t.Fatal("the client's Naam (required) is missing")
	}
	sink := &xmlTestSink{}
	if _, err := ParseXML(bytes.NewReader(buf.Bytes()), sink); err != nil || len(sink.verzoeken) != 2 || len(sink.rejections) != 0 {
		t.Fatalf("read back: %v, %+v, %+v", err, sink.verzoeken, sink.rejections)
	}
	if v := sink.verzoeken[0]; v.ReferentieAanbieder != "R-1" || v.Verwijzer != "02" || v.Categorie != "45" || v.Ingangsdatum != MakeDate(2025, 1, 6) || v.AGB != "12345678" {
		t.Fatalf("read back: %+v", v)
	}
	schemas := xsdtest.Schemas(t)
	path := filepath.Join(t.TempDir(), "JW315.xml")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	xsdtest.Validate(t, schemas, path)

	bad := m
	bad.Producten = []AangevraagdProduct{m.Producten[0]}
	bad.Producten[0].ZorgverlenerCode = ""
	if err := WriteJW315(&buf, bad); err == nil || !strings.Contains(err.Error(), "CD067") {
		t.Errorf("huisarts without code: err = %v", err)
	}
	bad.Producten = []AangevraagdProduct{m.Producten[1]}
	bad.Producten[0].ZorgverlenerCode = "01990001"
	if err := WriteJW315(&buf, bad); err == nil || !strings.Contains(err.Error(), "CD068") {
		t.Errorf("gemeente with a code: err = %v", err)
	}
}
