package intake

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
)

const (
	stufDu01 = "stuf-ggk0210/voorbeeldberichten/envelopRetourbericht-ggk_Du01-v21.xml"
	stufDi01 = "stuf-ggk0210/voorbeeldberichten/envelopHeenbericht-ggk_Di01_v21-xml.xml"
)

var stufXMLBestand = regexp.MustCompile(`(?s)<GGK:xmlBestand>.*</GGK:xmlBestand>`)

// stufWith puts payload into the xmlBestand of an official example envelope.
func stufWith(t *testing.T, envelope, payload string) string {
	t.Helper()
	env := readOfficial(t, envelope)
	out := stufXMLBestand.ReplaceAllLiteralString(env, "<GGK:xmlBestand>"+payload+"</GGK:xmlBestand>")
	if out == env {
		t.Fatal("no xmlBestand in the envelope")
	}
	return out
}

// The official envelopes, with an official message inside: base64 as the
// schema says, or inline as elements or CDATA as some software sends it.
func TestParseStUFEnvelope(t *testing.T) {
	jw323 := readOfficial(t, "jw/berichten/JW323.xml")
	jw301 := readOfficial(t, "jw/berichten/JW301.xml")
	body := jw323[strings.Index(jw323, "<jw323:Bericht"):]
	tests := []struct {
		name, doc, code, ref string
		base64               bool
		deliveries, assigned int
	}{
		{"Du01 base64 323", stufWith(t, stufDu01, base64.StdEncoding.EncodeToString([]byte(jw323))), "Du01", "b6e9f182-bc44-4f27-9863-9a5ccc1e1cf0", true, 5, 0},
		{"Du01 base64 with line breaks", stufWith(t, stufDu01, "\n"+base64.StdEncoding.EncodeToString([]byte("\xef\xbb\xbf" + jw323))[:40]+"\n"+base64.StdEncoding.EncodeToString([]byte("\xef\xbb\xbf" + jw323))[40:]+"\n"), "Du01", "b6e9f182-bc44-4f27-9863-9a5ccc1e1cf0", true, 5, 0},
		{"Di01 base64 301", stufWith(t, stufDi01, base64.StdEncoding.EncodeToString([]byte(jw301))), "Di01", "9c0f7b90-5c69-41e5-a837-0800200c9a66", true, 0, 2},
		{"Du01 inline elements", stufWith(t, stufDu01, "\n"+body), "Du01", "b6e9f182-bc44-4f27-9863-9a5ccc1e1cf0", false, 5, 0},
		{"Du01 inline CDATA", stufWith(t, stufDu01, "<![CDATA["+jw323+"]]>"), "Du01", "b6e9f182-bc44-4f27-9863-9a5ccc1e1cf0", false, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := &xmlTestSink{}
			info, err := ParseXML(strings.NewReader(tt.doc), sink)
			if err != nil {
				t.Fatal(err)
			}
			if info.Envelop == nil || info.Envelop.Berichtcode != tt.code || info.Envelop.Referentienummer != tt.ref || info.Envelop.Base64 != tt.base64 {
				t.Fatalf("envelope %+v", info.Envelop)
			}
			if len(sink.deliveries) != tt.deliveries || len(sink.toewijzingen) != tt.assigned || len(sink.rejections) != 0 {
				t.Fatalf("%d deliveries, %d assigned, rejections %+v", len(sink.deliveries), len(sink.toewijzingen), sink.rejections)
			}
		})
	}
	// Inline, the lines are the envelope file's own.
	doc := stufWith(t, stufDu01, "\n"+body)
	sink := &xmlTestSink{}
	if _, err := ParseXML(strings.NewReader(doc), sink); err != nil {
		t.Fatal(err)
	}
	first := strings.Count(doc[:strings.Index(doc, "RN001")], "\n") + 1
	if l := sink.deliveries[0].Line; l < first-3 || l > first {
		t.Fatalf("first prestatie on line %d of the envelope, its reference on line %d", l, first)
	}
}

// The official example envelopes themselves carry a dummy text, and the
// text envelope a CSV: both are refused with a reason, not a Go error.
func TestParseStUFEnvelopeRefusals(t *testing.T) {
	tests := []struct{ name, doc, nl, en string }{
		{"official Du01 example", readOfficial(t, stufDu01), "StUF-envelop Du01 (referentienummer b6e9f182-bc44-4f27-9863-9a5ccc1e1cf0): xmlBestand bevat geen XML-bericht", "holds no XML message"},
		{"official Di01 text example", readOfficial(t, "stuf-ggk0210/voorbeeldberichten/envelopHeenbericht-ggk_Di01_v21-tekst.xml"), "tekstbestand (AanleveringQ1.csv)", "text file"},
		{"not base64", stufWith(t, stufDu01, "dit is geen base64!"), "geen geldige base64", "not valid base64"},
		{"empty", stufWith(t, stufDu01, ""), "xmlBestand is leeg", "is empty"},
		{"inner refused", stufWith(t, stufDu01, base64.StdEncoding.EncodeToString([]byte(strings.Replace(readOfficial(t, "jw/berichten/JW323.xml"), ">79000<", ">1<", 1)))),
			"bericht in StUF-envelop Du01 (referentienummer b6e9f182-bc44-4f27-9863-9a5ccc1e1cf0), regelnummer in het uitgepakte bericht: JW323", "does not equal the sum"},
		{"Fo01", readOfficial(t, "stuf-ggk0210/voorbeeldberichten/Fo01.xml"), "onbekende namespace http://www.egem.nl/StUF/StUF0301", "unknown namespace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseXML(strings.NewReader(tt.doc), &xmlTestSink{})
			checkFileError(t, err, -1, tt.nl, tt.en)
		})
	}
}
