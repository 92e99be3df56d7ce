package intake

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// A declaration large enough for many chunks reads the same as with one
// chunk per Client: same records in the same order, same lines, and an
// error deep inside is reported at its own client, prestatie and line.
func TestParseXMLManyChunks(t *testing.T) {
	var doc bytes.Buffer
	m := Declaratiebericht{Afzender: "98761234", Ontvanger: "0363", Identificatie: "GROOT-1", Dagtekening: MakeDate(2025, 5, 6),
		DeclaratieNummer: "G1", Periode: [2]Date{MakeDate(2025, 4, 1), MakeDate(2025, 4, 30)}}
	n := 3000
	for c := 0; c < n/3; c++ {
		var ps []Delivery
		for j := 0; j < 3; j++ {
			var d Delivery
			xmlBenchPrestatie(3*c+j, &d)
			ps = append(ps, d)
		}
		m.Clients = append(m.Clients, DeclClient{BSN: SyntheticBSNForTest(c), Prestaties: ps})
	}
	if err := WriteJW323(&doc, m); err != nil {
		t.Fatal(err)
	}
	text := doc.String()
	if len(text) < 4*xmlChunkSize {
		t.Fatalf("message of %d bytes is too small for several chunks", len(text))
	}
	// A comment and CDATA that look like tags must not cut a chunk.
	text = strings.Replace(text, "<jw323:Client>", "<!-- </jw323:Clienten> <jw323:Client> --><jw323:Client>", 500)
	text = strings.Replace(text, "<jw323:Bsn>", "<jw323:Bsn><![CDATA[]]>", 700)
	var lines []int // line of every Prestatie start tag
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "<jw323:Prestatie>") {
			lines = append(lines, i+1)
		}
	}
	parse := func(doc string) (XMLInfo, *xmlTestSink, error) {
		sink := &xmlTestSink{}
		info, err := ParseXML(strings.NewReader(doc), sink)
		return info, sink, err
	}
	info, sink, err := parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if info.Prestaties != n || len(sink.deliveries) != n || info.Clients != n/3 || info.Totaal != m.Totaal() {
		t.Fatalf("info %+v, %d deliveries, %d rejections", info, len(sink.deliveries), len(sink.rejections))
	}
	for i, d := range sink.deliveries {
		if d.Line != lines[i] || d.Referentie != "BM-"+strconv.Itoa(i) && !d.Credit {
			t.Fatalf("delivery %d: line %d (want %d), referentie %s", i, d.Line, lines[i], d.Referentie)
		}
	}
	xmlChunkTarget = 1
	defer func() { xmlChunkTarget = xmlChunkSize }()
	info1, sink1, err := parse(text)
	if err != nil || info1 != info || !reflect.DeepEqual(sink1, sink) {
		t.Fatalf("one chunk per Client reads differently: %v", err)
	}
	xmlChunkTarget = xmlChunkSize

	// An unknown element in prestatie 2 of client 900.
	at := 0 // the 900th client's Bsn (the comments above also hold "<jw323:Client>")
	for c := 0; c < 900; c++ {
		at += strings.Index(text[at:], "<jw323:Bsn>") + 1
	}
	p2 := at + strings.Index(text[at:], "<jw323:Prestatie>") + 1
	p2 += strings.Index(text[p2:], "<jw323:Prestatie>")
	ins := p2 + strings.Index(text[p2:], "<jw323:Eenheid>")
	bad := text[:ins] + "<jw323:Extra>1</jw323:Extra>" + text[ins:]
	wantLine := strings.Count(bad[:ins], "\n") + 1
	_, sink2, err := parse(bad)
	checkFileError(t, err, wantLine, "cliënt 900, prestatie 2: onbekend element <Extra", "client 900, prestatie 2: unknown element <Extra")
	if len(sink2.deliveries) != 899*3+1 {
		t.Errorf("%d deliveries before the error, want all before it in order", len(sink2.deliveries))
	}
	// Truncated inside a late chunk.
	_, _, err = parse(text[:len(text)-len(text)/5])
	checkFileError(t, err, -1, "geen geldige XML", "not well-formed")
}
