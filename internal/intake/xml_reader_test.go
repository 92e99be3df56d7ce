package intake

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func readOfficial(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(officialFile(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Messages as providers' software writes them read the same as the
// official example: a BOM, CRLF, other prefixes, a default namespace,
// xsi:schemaLocation, a declared ISO-8859-1 or Windows-1252.
func TestParseXMLAsProvidersSendIt(t *testing.T) {
	doc := readOfficial(t, "jw/berichten/JW323.xml")
	want := &xmlTestSink{}
	if _, err := ParseXML(strings.NewReader(doc), want); err != nil {
		t.Fatal(err)
	}
	latin1, err := charmap.ISO8859_1.NewEncoder().String(strings.Replace(doc, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1) + "<!-- Zoë, café -->")
	if err != nil {
		t.Fatal(err)
	}
	cp1252, err := charmap.Windows1252.NewEncoder().String(strings.Replace(doc, `encoding="UTF-8"`, `encoding="windows-1252"`, 1) + "<!-- € 12 -->")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, doc string }{
		{"BOM", "\xef\xbb\xbf" + doc},
		{"BOM and CRLF", "\xef\xbb\xbf" + strings.ReplaceAll(doc, "\n", "\r\n")},
		{"other prefixes", strings.NewReplacer("jw323:", "m:", "xmlns:jw323", "xmlns:m", "ijw:", "b:", "xmlns:ijw", "xmlns:b").Replace(doc)},
		{"default namespace", strings.ReplaceAll(strings.ReplaceAll(doc, "xmlns:jw323=", "xmlns="), "jw323:", "")},
		{"schemaLocation", strings.Replace(doc, "<jw323:Bericht ", `<jw323:Bericht xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.istandaarden.nl/ijw/3_2/jw323/schema JW323.xsd" `, 1)},
		{"ISO-8859-1", latin1},
		{"Windows-1252", cp1252},
		{"no declaration", doc[strings.Index(doc, "?>")+2:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.doc == doc {
				t.Fatal("the variant is the original")
			}
			got := &xmlTestSink{}
			info, err := ParseXML(strings.NewReader(tt.doc), got)
			if err != nil {
				t.Fatal(err)
			}
			if info.Prestaties != 5 || len(got.rejections) != 0 {
				t.Fatalf("%+v, rejections %+v", info, got.rejections)
			}
			if !reflect.DeepEqual(got.deliveries, want.deliveries) {
				t.Fatalf("deliveries differ from the UTF-8 original:\n got %+v\nwant %+v", got.deliveries, want.deliveries)
			}
		})
	}
}

// Nothing unreadable reaches the user as a Go-internal message.
func TestParseXMLReasonsAreForPeople(t *testing.T) {
	doc := readOfficial(t, "jw/berichten/JW323.xml")
	tests := []struct{ name, doc, nl, en string }{
		{"ISO-8859-1 declared as UTF-8", strings.Replace(doc, "RN001", "RN\xe9001", 1), "ongeldige UTF-8", "invalid UTF-8"},
		{"UTF-16", "\xff\xfe<\x00", "UTF-16", "UTF-16"},
		{"EBCDIC", strings.Replace(doc, `encoding="UTF-8"`, `encoding="EBCDIC-CP-US"`, 1), "wordt niet ondersteund", "is not supported"},
		{"XML 1.1", strings.Replace(doc, `version="1.0"`, `version="1.1"`, 1), "XML-versie", "XML version"},
		{"unclosed", doc[:strings.Index(doc, "</jw323:Clienten>")], "houdt halverwege op", "ends prematurely"},
		{"stray end tag", strings.Replace(doc, "<jw323:Clienten>", "<jw323:Clienten></jw323:Client>", 1), "wordt gesloten door", "is closed by"},
		{"control character", strings.Replace(doc, "RN001", "RN\x01001", 1), "is niet toegestaan in XML", "is not allowed in XML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseXML(strings.NewReader(tt.doc), &xmlTestSink{})
			checkFileError(t, err, -1, tt.nl, tt.en)
			for _, internal := range []string{"CharsetReader", "XML syntax error", "xml: "} {
				if strings.Contains(err.Error(), internal) {
					t.Errorf("Go-internal text %q in %v", internal, err)
				}
			}
			if fe := err.(*FileError); fe.Line == 0 && tt.name != "UTF-16" {
				t.Errorf("no line: %v", err)
			}
		})
	}
}
