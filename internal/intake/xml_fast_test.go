package intake

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// xmlOrderSink records every Sink call in order.
type xmlOrderSink struct{ calls []any }

func (s *xmlOrderSink) Delivery(d *Delivery) error {
	s.calls = append(s.calls, *d)
	return nil
}
func (s *xmlOrderSink) Toewijzing(t *Toewijzing) error {
	s.calls = append(s.calls, *t)
	return nil
}
func (s *xmlOrderSink) StartStop(z *StartStop) error {
	s.calls = append(s.calls, *z)
	return nil
}
func (s *xmlOrderSink) Verzoek(v *Verzoek) error {
	s.calls = append(s.calls, *v)
	return nil
}
func (s *xmlOrderSink) Reject(r Rejection) { s.calls = append(s.calls, r) }

// xmlFastInputs are the XML fixtures and official examples (where
// ../shared is present), each also with CRLF line ends, with entities and
// attributes in the Clienten, and with a comment there (which the fast
// scanner leaves to encoding/xml).
func xmlFastInputs(t testing.TB) map[string][]byte {
	files, _ := filepath.Glob(filepath.Join("testdata", "xml", "*.xml"))
	official, _ := filepath.Glob(filepath.Join(istandaarden, "*", "berichten", "*.xml"))
	envelopes, _ := filepath.Glob(filepath.Join(istandaarden, "stuf-ggk0210", "voorbeeldberichten", "*.xml"))
	if len(official) == 0 {
		t.Logf("SKIP part: %s is absent, only testdata/xml is compared", istandaarden)
	}
	in := map[string][]byte{}
	for _, name := range append(append(files, official...), envelopes...) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		in[name] = b
		crlf := bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
		in[name+" CRLF"] = crlf
		in[name+" CR"] = bytes.ReplaceAll(crlf, []byte("\r\n"), []byte("\r"))
		s := string(b)
		for _, tag := range []string{"ReferentieNummer>", "ProductCode>", "Bsn>"} {
			if i := strings.Index(s, tag); i > 0 {
				if j := strings.Index(s[i:], "<"); j > 0 {
					at := i + j
					in[name+" entity "+tag] = []byte(s[:at] + "&amp;&lt;&gt;&apos;&quot;" + s[at:])
					in[name+" charref "+tag] = []byte(s[:at] + "&#65;" + s[at:])
					in[name+" comment "+tag] = []byte(s[:at] + "<!-- x -->" + s[at:])
					in[name+" cdata "+tag] = []byte(s[:at] + "<![CDATA[1]]>" + s[at:])
					in[name+" nonascii "+tag] = []byte(s[:at] + "é" + s[at:])
					in[name+" brackets "+tag] = []byte(s[:at] + "]]>" + s[at:])
				}
			}
		}
		for _, tag := range []string{"Client>", "Prestatie>"} {
			open := strings.Replace(tag, ">", "", 1)
			if strings.Contains(s, open+">") {
				in[name+" attr "+tag] = []byte(strings.Replace(s, open+">", open+" a = 'x&amp;y'\n b=\"2\">", 1))
				in[name+" badattr "+tag] = []byte(strings.Replace(s, open+">", open+" a='1'b='2'>", 1))
				in[name+" space "+tag] = []byte(strings.Replace(s, "</"+open+">", "</"+open+"\n >", 1))
				in[name+" empty "+tag] = []byte(strings.Replace(s, open+">", open+"><Extra/>", 1))
			}
		}
	}
	return in
}

// TestXMLFastSameAsDecoder: for every fixture and official example, and
// variants of them, the fast scanner and encoding/xml give the same Sink
// calls, XMLInfo and error, with every Client a chunk of its own and with
// the usual chunks; and the fast scanner does read most of them.
func TestXMLFastSameAsDecoder(t *testing.T) {
	inputs := xmlFastInputs(t)
	defer func() { xmlFastChunks, xmlChunkTarget = true, xmlChunkSize }()
	fastBefore := xmlFastReads.Load()
	for name, data := range inputs {
		for _, target := range []int{xmlChunkSize, 1} {
			xmlChunkTarget = target
			xmlFastChunks = false
			slow := &xmlOrderSink{}
			slowInfo, slowErr := ParseXML(bytes.NewReader(data), slow)
			xmlFastChunks = true
			fast := &xmlOrderSink{}
			fastInfo, fastErr := ParseXML(bytes.NewReader(data), fast)
			if fmt.Sprint(slowErr) != fmt.Sprint(fastErr) || !reflect.DeepEqual(slowInfo, fastInfo) || !reflect.DeepEqual(slow.calls, fast.calls) {
				t.Errorf("%s (chunk %d): fast scanner differs:\nslow %v %+v\n%+v\nfast %v %+v\n%+v", name, target,
					slowErr, slowInfo, slow.calls, fastErr, fastInfo, fast.calls)
			}
		}
	}
	if n := xmlFastReads.Load() - fastBefore; n < 20 {
		t.Fatalf("the fast scanner read only %d chunks to the end", n)
	}
}

// xmlFastTokens compares the fast scanner token by token with
// encoding/xml's RawToken: every token the fast scanner returns, and the
// line after it, must be the decoder's.
func xmlFastTokens(t *testing.T, data []byte) int {
	// The fast scanner reads chunks, not documents: start after the declaration.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(data, []byte("<?xml")) {
		if i := bytes.Index(data, []byte("?>")); i > 0 {
			data = data[i+2:]
		}
	}
	d := xmlDecoderTokens{xml.NewDecoder(bytes.NewReader(data))}
	s := newXMLFastScanner(data, map[string]string{})
	n := 0
	for {
		var ft, dt xmlTok
		ferr := s.rawTok(&ft)
		if ferr != nil {
			if ferr != errXMLFast {
				t.Fatalf("fast scanner error %v", ferr)
			}
			return n
		}
		derr := d.rawTok(&dt)
		if derr != nil {
			t.Fatalf("token %d: fast scanner read %+v where encoding/xml says %v", n, ft, derr)
		}
		if ft.kind != dt.kind || ft.name != dt.name || !bytes.Equal(ft.text, dt.text) || ft.other != nil ||
			len(ft.attr) != len(dt.attr) || len(ft.attr) > 0 && !reflect.DeepEqual(ft.attr, dt.attr) {
			t.Fatalf("token %d: fast %+v, encoding/xml %+v", n, ft, dt)
		}
		fl, _ := s.InputPos()
		dl, _ := d.InputPos()
		if fl != dl {
			t.Fatalf("token %d %+v: fast at line %d, encoding/xml at line %d", n, ft, fl, dl)
		}
		n++
	}
}

func TestXMLFastTokens(t *testing.T) {
	total := 0
	for _, data := range xmlFastInputs(t) {
		total += xmlFastTokens(t, data)
	}
	for _, s := range []string{
		"<a>x</a>", "<a b='1'/>", "<a:b c:d=\"&lt;\">\r\n\r</a:b >", "<a\n\nb='x\ny'>t]]t</a>", "<1a/>", "<a:b:c/>",
		"<a><![CDATA[x]]></a>", "<a>&#65;</a>", "<a>&bogus;</a>", "<a>]]></a>", "<a>\x01</a>", "<a b=\"<\"/>", "<a b=1/>",
		"<a>x", "<a", "</a", "<a b='1'c='2'/>", "<a/ >", "<_.-a/>", "<a.b-c_d:e.f/>", "<:a/>", "<a:/>",
	} {
		xmlFastTokens(t, []byte(s))
	}
	t.Logf("the fast scanner read %d tokens of the fixtures as encoding/xml does", total)
	if total < 1000 {
		t.Fatalf("the fast scanner read only %d tokens of the fixtures", total)
	}
}

// FuzzXMLFastTokens: on any input, what the fast scanner reads is what
// encoding/xml reads. Seeded with the fixtures and official examples.
//
//	go test ./internal/intake/ -run '^$' -fuzz FuzzXMLFastTokens -fuzztime 60s
func FuzzXMLFastTokens(f *testing.F) {
	for _, data := range xmlFastInputs(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		xmlFastTokens(t, data)
	})
}

// FuzzXMLFastParse: on any input, ParseXML gives the same Sink calls,
// XMLInfo and error with the fast scanner as without it.
//
//	go test ./internal/intake/ -run '^$' -fuzz FuzzXMLFastParse -fuzztime 60s
func FuzzXMLFastParse(f *testing.F) {
	for _, data := range xmlFastInputs(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer func() { xmlFastChunks, xmlChunkTarget = true, xmlChunkSize }()
		xmlChunkTarget = 1
		xmlFastChunks = false
		slow := &xmlOrderSink{}
		slowInfo, slowErr := ParseXML(bytes.NewReader(data), slow)
		xmlFastChunks = true
		fast := &xmlOrderSink{}
		fastInfo, fastErr := ParseXML(bytes.NewReader(data), fast)
		if fmt.Sprint(slowErr) != fmt.Sprint(fastErr) || !reflect.DeepEqual(slowInfo, fastInfo) || !reflect.DeepEqual(slow.calls, fast.calls) {
			t.Fatalf("fast scanner differs:\nslow %v %+v %v\nfast %v %+v %v", slowErr, slowInfo, slow.calls, fastErr, fastInfo, fast.calls)
		}
	})
}
