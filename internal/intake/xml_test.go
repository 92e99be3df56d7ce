package intake

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/money"
)

// xmlTestSink collects what ParseXML hands over.
type xmlTestSink struct {
	deliveries   []Delivery
	toewijzingen []Toewijzing
	startStops   []StartStop
	verzoeken    []Verzoek
	rejections   []Rejection
}

func (s *xmlTestSink) Delivery(d *Delivery) error {
	s.deliveries = append(s.deliveries, *d)
	return nil
}
func (s *xmlTestSink) Toewijzing(t *Toewijzing) error {
	s.toewijzingen = append(s.toewijzingen, *t)
	return nil
}
func (s *xmlTestSink) StartStop(z *StartStop) error {
	s.startStops = append(s.startStops, *z)
	return nil
}
func (s *xmlTestSink) Verzoek(v *Verzoek) error {
	s.verzoeken = append(s.verzoeken, *v)
	return nil
}
func (s *xmlTestSink) Reject(r Rejection) { s.rejections = append(s.rejections, r) }

// rows counts rows: a rejected prestatie once, however many problems it has.
func (s *xmlTestSink) rows() int {
	n := len(s.deliveries) + len(s.toewijzingen) + len(s.startStops) + len(s.verzoeken)
	for _, r := range s.rejections {
		if !r.Further {
			n++
		}
	}
	return n
}

func parseXMLFile(t *testing.T, name string) (XMLInfo, *xmlTestSink, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "xml", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sink := &xmlTestSink{}
	info, err := ParseXML(f, sink)
	return info, sink, err
}

func mustParseXMLFile(t *testing.T, name string) (XMLInfo, *xmlTestSink) {
	t.Helper()
	info, sink, err := parseXMLFile(t, name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if info.Prestaties != sink.rows() {
		t.Fatalf("%s: info.Prestaties = %d, sink got %d rows", name, info.Prestaties, sink.rows())
	}
	return info, sink
}

func TestParseXMLJW323WithCredits(t *testing.T) {
	info, sink := mustParseXMLFile(t, "jw323_credit.xml")
	wantInfo := XMLInfo{Bericht: "JW323", BerichtCode: 490, Identificatie: "DL2025-0312", Afzender: "98761234", Ontvanger: "0363",
		Declaratie: "DLD20250044", Periode: [2]Date{MakeDate(2025, 2, 1), MakeDate(2025, 2, 28)}, Totaal: 688200, Clients: 2, Prestaties: 5}
	if info != wantInfo {
		t.Errorf("info = %+v\nwant   %+v", info, wantInfo)
	}
	if len(sink.rejections) != 0 {
		t.Fatalf("rejections: %+v", sink.rejections)
	}
	feb := [2]Date{MakeDate(2025, 2, 1), MakeDate(2025, 2, 28)}
	base := Delivery{AGB: "98761234", Geldstroom: "jeugdwet", Bron: "JW323", Begin: feb[0], Eind: feb[1], Gemeente: "0363"}
	mk := func(line int, bsn, ref, tw, cat, code string, vol int64, eenheid string, bedrag money.Cents, credit bool) Delivery {
		d := base
		d.Line, d.BSN, d.Referentie, d.Toewijzing, d.Categorie, d.Productcode, d.Volume, d.Eenheid, d.Bedrag, d.Credit =
			line, bsn, ref, tw, cat, code, vol, eenheid, bedrag, credit
		return d
	}
	want := []Delivery{
		mk(36, "999900031", "JH-2025-000412", "40001873", "45", "45A48", 6, "04", 59100, false),
		// The 3.2 credit carries the debit's reference from VorigReferentieNummer.
		mk(55, "999900031", "JH-2025-000377", "40001873", "45", "45A48", 8, "04", 78800, true),
		mk(75, "999900031", "JH-2025-000414", "40001873", "45", "45A48", 7, "04", 68950, false),
		mk(99, "999900043", "JH-2025-000415", "40002210", "43", "43A05", 28, "14", 688100, false),
		// A credit reusing the debit's own ReferentieNummer.
		mk(118, "999900043", "JH-2025-000350", "40002210", "43", "43A05", 2, "14", 49150, true),
	}
	want[4].Begin, want[4].Eind = MakeDate(2025, 2, 10), MakeDate(2025, 2, 11)
	if !reflect.DeepEqual(sink.deliveries, want) {
		for i := range sink.deliveries {
			t.Logf("got  %+v", sink.deliveries[i])
		}
		t.Fatalf("deliveries differ from want")
	}
	var net money.Cents
	for i := range sink.deliveries {
		net += sink.deliveries[i].Signed()
	}
	if net != info.Totaal {
		t.Errorf("net of deliveries %d != Totaal %d", net, info.Totaal)
	}
}

func TestParseXMLWMO323(t *testing.T) {
	info, sink := mustParseXMLFile(t, "wmo323.xml")
	if info.Bericht != "WMO323" || info.BerichtCode != 484 || info.Totaal != 123140 || info.Clients != 2 || info.Prestaties != 3 {
		t.Errorf("info = %+v", info)
	}
	if len(sink.deliveries) != 3 {
		t.Fatalf("deliveries = %d, rejections %+v", len(sink.deliveries), sink.rejections)
	}
	d := sink.deliveries[1]
	if d.Geldstroom != "wmo" || d.Bron != "WMO323" || d.AGB != "73735500" || d.Categorie != "02" || d.Eenheid != "01" ||
		d.Volume != 540 || d.Bedrag != 51300 || d.Credit || d.Toewijzing != "7120035" || d.BSN != "999900055" {
		t.Errorf("delivery 2 = %+v", d)
	}
}

func TestParseXMLRejectsOnePrestatie(t *testing.T) {
	tests := []struct {
		file          string
		delivered     int
		want          []Rejection
		reasonContain string
	}{
		{"bad_bsn.xml", 3, []Rejection{
			{Line: 100, Field: "Bsn", Message: "JW323 DL2025-0312", Client: 2, Prestatie: 1},
			{Line: 119, Field: "Bsn", Message: "JW323 DL2025-0312", Client: 2, Prestatie: 2},
		}, "elfproef"},
		{"bad_eenheid.xml", 4, []Rejection{{Line: 88, Field: "Eenheid", Message: "JW323 DL2025-0312", Client: 1, Prestatie: 3, Value: "05"}}, "WJ756"},
		{"bad_category.xml", 2, []Rejection{{Line: 82, Field: "ProductCategorie", Message: "WMO323 TV-202504-07", Client: 2, Prestatie: 1, Value: "45"}}, "WMO020"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, sink := mustParseXMLFile(t, tt.file)
			if len(sink.deliveries) != tt.delivered {
				t.Errorf("delivered %d, want %d", len(sink.deliveries), tt.delivered)
			}
			if len(sink.rejections) != len(tt.want) {
				t.Fatalf("rejections = %+v", sink.rejections)
			}
			for i, r := range sink.rejections {
				if !strings.Contains(r.Reason, tt.reasonContain) || r.ReasonEN == "" {
					t.Errorf("reason %q / %q lacks %q", r.Reason, r.ReasonEN, tt.reasonContain)
				}
				if strings.Contains(r.Reason+r.ReasonEN, "123456780") {
					t.Errorf("rejection shows the full BSN: %q", r.Reason)
				}
				r.Reason, r.ReasonEN = "", ""
				if r != tt.want[i] {
					t.Errorf("rejection %d = %+v, want %+v", i, r, tt.want[i])
				}
			}
		})
	}
}

func TestParseXMLRefusesWholeMessage(t *testing.T) {
	tests := []struct {
		file   string
		line   int
		nl, en string
	}{
		{"jw303_release2.xml", 3, "declareer met JW323 volgens release 3.2", "send a JW323 declaration"},
		{"wrong_namespace.xml", 14, `onbekend element <Identificatie xmlns="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"> in BerichtIdentificatie`, "unknown element"},
		{"total_mismatch.xml", 29, "TotaalIngediendBedrag € 7.373,50 is niet gelijk aan de som van de prestaties € 6.882,00", "does not equal"},
		{"unknown_element.xml", 69, "JW323 DL2025-0312, cliënt 1, prestatie 2: onbekend element <Opmerking", "client 1, prestatie 2: unknown element <Opmerking"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, _, err := parseXMLFile(t, tt.file)
			checkFileError(t, err, tt.line, tt.nl, tt.en)
		})
	}
}

func checkFileError(t *testing.T, err error, line int, nl, en string) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v (%T), want *FileError", err, err)
	}
	if line >= 0 && fe.Line != line {
		t.Errorf("line %d, want %d (%s)", fe.Line, line, fe.Reason)
	}
	if !strings.Contains(fe.Reason, nl) {
		t.Errorf("reason %q\nlacks %q", fe.Reason, nl)
	}
	if !strings.Contains(fe.ReasonEN, en) {
		t.Errorf("reason_en %q\nlacks %q", fe.ReasonEN, en)
	}
}

func readXMLTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "xml", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseXMLRefusesBrokenMessages(t *testing.T) {
	valid := readXMLTestdata(t, "jw323_credit.xml")
	tests := []struct {
		name, doc string
		nl, en    string
	}{
		{"empty", "", "leeg bestand", "empty file"},
		{"not xml", "bsn,agb\n1,2\n", "tekst vóór het berichtelement", "text before"},
		{"truncated", valid[:len(valid)/2], "geen geldige XML", "not well-formed"},
		{"release 3.0", strings.ReplaceAll(valid, "/3_2/", "/3_0/"), "JW323 release 3.0 wordt niet ondersteund", "release 3.0 is not supported"},
		{"other namespace", strings.ReplaceAll(valid, "http://www.istandaarden.nl/ijw/3_2/jw323/schema", "urn:example:declaratie"), "onbekende namespace urn:example:declaratie", "unknown namespace"},
		{"no namespace", "<Bericht><Header/></Bericht>", "onbekende namespace (geen)", "unknown namespace"},
		{"other message", strings.ReplaceAll(valid, "jw323/schema", "jw317/schema"), "berichttype JW317 wordt niet geïmporteerd", "JW317 is not imported"},
		{"wmo303", `<m:Bericht xmlns:m="http://www.istandaarden.nl/iwmo/2_3/wmo303/schema"/>`, "declareer met WMO323", "send a WMO323 declaration"},
		{"subversie", strings.Replace(valid, "<jw323:BerichtSubversie>2<", "<jw323:BerichtSubversie>1<", 1), "release 3.2 vraagt 3 / 2", "requires 3 / 2"},
		{"berichtcode", strings.Replace(valid, ">490<", ">484<", 1), `BerichtCode "484" hoort niet bij`, "does not belong"},
		{"afzender", strings.Replace(valid, ">98761234<", ">9876<", 1), "geen AGB-code van 8 cijfers", "not an 8-digit AGB code"},
		{"doctype", strings.Replace(valid, "<jw323:Bericht ", "<!DOCTYPE x [<!ENTITY a \"b\">]><jw323:Bericht ", 1), "DOCTYPE", "DOCTYPE"},
		{"two roots", valid + valid[strings.Index(valid, "<jw323:Bericht"):], "meer dan één berichtelement", "more than one"},
		{"repeated header element", strings.Replace(valid, "<jw323:Afzender>", "<jw323:Ontvanger>0363</jw323:Ontvanger><jw323:Afzender>", 1), "<Ontvanger> komt meer dan eens voor", "occurs more than once"},
		{"decimal total", strings.Replace(valid, ">688200<", ">6882.00<", 1), "TotaalBedrag \"6882.00\" is geen geheel aantal eurocent", "whole number of eurocents"},
		{"unknown debet/credit", strings.Replace(valid, "<ijw:DebetCredit>C</ijw:DebetCredit>\n\t\t\t\t\t\t</jw323:IngediendBedrag>", "<ijw:DebetCredit>K</ijw:DebetCredit>\n\t\t\t\t\t\t</jw323:IngediendBedrag>", 1), "kan niet worden gecontroleerd", "cannot be checked"},
		{"unreadable amount", strings.Replace(valid, "<ijw:Bedrag>59100<", "<ijw:Bedrag>591,00<", 1), "kan niet worden gecontroleerd", "cannot be checked"},
		{"no clients", valid[:strings.Index(valid, "<jw323:Clienten>")] + "<jw323:Clienten></jw323:Clienten></jw323:Declaratie></jw323:Bericht>", "verplicht element <Client> ontbreekt", "required element <Client> is missing"},
		{"missing declaratie", valid[:strings.Index(valid, "<jw323:Declaratie>")] + "</jw323:Bericht>", "verplicht element <Declaratie> ontbreekt", "<Declaratie> is missing"},
		{"unknown encoding", strings.Replace(valid, `encoding="UTF-8"`, `encoding="Shift_JIS"`, 1), `tekencodering "Shift_JIS" in de XML-declaratie wordt niet ondersteund`, "character encoding \"Shift_JIS\""},
		{"latin1 undeclared", strings.Replace(valid, "<jw323:Afzender>", "<jw323:Afzender>\xe9", 1), "geen geldige XML: ongeldige UTF-8", "invalid UTF-8"},
		{"mismatched tag", strings.Replace(valid, "</jw323:Afzender>", "</jw323:Ontvanger>", 1), "element <jw323:Afzender> wordt gesloten door </jw323:Ontvanger>", "is closed by"},
		{"bare ampersand", strings.Replace(valid, "<jw323:Afzender>", "<jw323:Afzender>a & b", 1), "onbekende entiteit", "unknown entity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseXML(strings.NewReader(tt.doc), &xmlTestSink{})
			checkFileError(t, err, -1, tt.nl, tt.en)
		})
	}
}

func TestParseXMLPrestatieProblems(t *testing.T) {
	valid := readXMLTestdata(t, "wmo323.xml")
	// Each edit touches the first prestatie; the total stays right where
	// the amount is readable, so only that prestatie is rejected.
	tests := []struct {
		name, old, new, field string
	}{
		{"volume too large", "<wmo323:GeleverdVolume>12<", "<wmo323:GeleverdVolume>100000000<", "GeleverdVolume"},
		// TR319: a later period is refused; an earlier one is accepted (TestParseXMLEarlierPeriods).
		{"product period after declaration", "<iwmo:Begindatum>2025-03-01</iwmo:Begindatum>\n              <iwmo:Einddatum>2025-03-31</iwmo:Einddatum>\n            </wmo323:ProductPeriode>",
			"<iwmo:Begindatum>2025-03-01</iwmo:Begindatum>\n              <iwmo:Einddatum>2025-04-30</iwmo:Einddatum>\n            </wmo323:ProductPeriode>", "ProductPeriode"},
		{"bad date", "<iwmo:Einddatum>2025-03-31</iwmo:Einddatum>\n            </wmo323:ProductPeriode>", "<iwmo:Einddatum>2025-02-30</iwmo:Einddatum>\n            </wmo323:ProductPeriode>", "Einddatum"},
		{"missing code", "<wmo323:ProductCode>01A01</wmo323:ProductCode>", "", "ProductCode"},
		{"vorig on debit", "<iwmo:ReferentieNummer>HH-25-03-0001</iwmo:ReferentieNummer>", "<iwmo:ReferentieNummer>HH-25-03-0001</iwmo:ReferentieNummer><iwmo:VorigReferentieNummer>HH-25-02-0001</iwmo:VorigReferentieNummer>", "VorigReferentieNummer"},
		{"8-digit bsn", "<wmo323:Bsn>999900055<", "<wmo323:Bsn>99990005<", "Bsn"},
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
			if len(sink.rejections) == 0 || sink.rejections[0].Field != tt.field || sink.rejections[0].Client != 1 || sink.rejections[0].Prestatie != 1 {
				t.Fatalf("rejections = %+v", sink.rejections)
			}
			if info.Prestaties != sink.rows() {
				t.Errorf("rows %d != prestaties %d", sink.rows(), info.Prestaties)
			}
		})
	}
}

func TestXMLRoundTripDeclaration(t *testing.T) {
	for _, bericht := range []string{"JW323", "WMO323"} {
		t.Run(bericht, func(t *testing.T) {
			cat, code, geld := "45", "45A48", "jeugdwet"
			write := WriteJW323
			if bericht == "WMO323" {
				cat, code, geld, write = "02", "02A07", "wmo", WriteWMO323
			}
			apr := [2]Date{MakeDate(2025, 4, 1), MakeDate(2025, 4, 30)}
			m := Declaratiebericht{Afzender: "12345678", Ontvanger: "0599", Identificatie: "RT & <1>", Dagtekening: MakeDate(2025, 5, 6),
				DeclaratieNummer: "D1", Periode: apr}
			for c := 0; c < 3; c++ {
				var ps []Delivery
				for i := 0; i < 4; i++ {
					d := Delivery{Referentie: "R" + string(rune('A'+c)) + string(rune('0'+i)), Toewijzing: "9000" + string(rune('0'+c)),
						Categorie: cat, Productcode: code, Begin: apr[0], Eind: apr[1], Volume: int64(i + 1), Eenheid: "04",
						Bedrag: money.Cents(1250 * (i + 1)), Credit: i == 3}
					ps = append(ps, d)
				}
				m.Clients = append(m.Clients, DeclClient{BSN: SyntheticBSNForTest(c), Prestaties: ps})
			}
			var buf bytes.Buffer
			if err := write(&buf, m); err != nil {
				t.Fatal(err)
			}
			sink := &xmlTestSink{}
			info, err := ParseXML(&buf, sink)
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.String())
			}
			if info.Totaal != m.Totaal() || info.Identificatie != m.Identificatie || info.Prestaties != 12 || len(sink.rejections) != 0 {
				t.Fatalf("info %+v rejections %+v", info, sink.rejections)
			}
			i := 0
			for _, c := range m.Clients {
				for _, want := range c.Prestaties {
					got := sink.deliveries[i]
					i++
					want.Line, want.AGB, want.BSN, want.Geldstroom, want.Bron, want.Gemeente = got.Line, "12345678", c.BSN, geld, bericht, "0599"
					if got != want {
						t.Errorf("got  %+v\nwant %+v", got, want)
					}
				}
			}
		})
	}
}

// SyntheticBSNForTest gives distinct valid BSNs without importing kluis in every test.
func SyntheticBSNForTest(n int) string {
	return []string{"999900006", "999900018", "999900031", "999900043"}[n%4]
}

func TestXMLRoundTripAssignment(t *testing.T) {
	for _, bericht := range []string{"JW301", "WMO301"} {
		t.Run(bericht, func(t *testing.T) {
			cat, write := "45", WriteJW301
			if bericht == "WMO301" {
				cat, write = "01", WriteWMO301
			}
			m := Toewijzingbericht{Afzender: "0599", Ontvanger: "12345678", Identificatie: "T-1", Dagtekening: MakeDate(2025, 1, 2),
				BSN: "999900018", Geboortedatum: MakeDate(2010, 3, 4), Adres: &Adres{Postcode: "3011AB", Huisnummer: 7, Huisletter: "B"},
				Straatnaam: "Proefstraat", Plaatsnaam: "Proefdorp",
				Producten: []Toewijzing{
					{ToewijzingNummer: "1", Categorie: cat, Productcode: cat + "A01", Ingangsdatum: MakeDate(2025, 1, 6), Volume: 3, Eenheid: "04", Frequentie: "2"},
					{ToewijzingNummer: "2", Categorie: cat, Ingangsdatum: MakeDate(2025, 1, 6), Einddatum: MakeDate(2025, 12, 31), Volume: 500000, Eenheid: "83", Frequentie: "6", Budget: 500000, Reden: "01"},
				}}
			var buf bytes.Buffer
			if err := write(&buf, m); err != nil {
				t.Fatal(err)
			}
			sink := &xmlTestSink{}
			if _, err := ParseXML(&buf, sink); err != nil {
				t.Fatalf("%v\n%s", err, buf.String())
			}
			if len(sink.toewijzingen) != 2 {
				t.Fatalf("rejections %+v", sink.rejections)
			}
			for i, got := range sink.toewijzingen {
				want := m.Producten[i]
				want.Line, want.AGB, want.Gemeente, want.BSN, want.Bron = got.Line, "12345678", "0599", "999900018", bericht
				want.Geldstroom = map[string]string{"JW301": "jeugdwet", "WMO301": "wmo"}[bericht]
				want.Adres = m.Adres
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got  %+v\nwant %+v", got, want)
				}
			}
		})
	}
}

func TestSniffFormat(t *testing.T) {
	tests := []struct {
		head string
		want Format
		err  error
	}{
		{"\xef\xbb\xbf  \r\n<?xml version=\"1.0\"?>", FormatXML, nil},
		{"<jw323:Bericht", FormatXML, nil},
		{"\xef\xbb\xbfagb;referentie;bsn", FormatCSV, nil},
		{"agb,referentie", FormatCSV, nil},
		{"\xef\xbb\xbf \n\t", 0, ErrEmptyFile},
		{"PK\x03\x04\x14\x00", 0, ErrBinaryFile},
	}
	for _, tt := range tests {
		got, err := SniffFormat([]byte(tt.head))
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("SniffFormat(%q) = %v, %v; want %v, %v", tt.head, got, err, tt.want, tt.err)
		}
	}
	for file, want := range map[string]string{"jw323_credit.xml": "JW323", "wmo323.xml": "WMO323", "jw301.xml": "JW301",
		"wmo301.xml": "WMO301", "jw303_release2.xml": "JW303 2.4"} {
		if got := SniffBericht([]byte(readXMLTestdata(t, file))); got != want {
			t.Errorf("SniffBericht(%s) = %q, want %q", file, got, want)
		}
	}
	if got := SniffBericht([]byte("bsn,agb")); got != "" {
		t.Errorf("SniffBericht(csv) = %q", got)
	}
}
