package intake

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// xmlTxSink stands in for the importer: it stages what the parser sends and
// keeps it only when the parse ends without error, as the importer's
// transaction does.
type xmlTxSink struct {
	staged, stored xmlTestSink
}

func (s *xmlTxSink) Delivery(d *Delivery) error     { return s.staged.Delivery(d) }
func (s *xmlTxSink) Toewijzing(t *Toewijzing) error { return s.staged.Toewijzing(t) }
func (s *xmlTxSink) StartStop(z *StartStop) error   { return s.staged.StartStop(z) }
func (s *xmlTxSink) Verzoek(v *Verzoek) error       { return s.staged.Verzoek(v) }
func (s *xmlTxSink) Reject(r Rejection)             { s.staged.Reject(r) }

// FuzzParseXML: malformed XML never panics, every failure is a *FileError
// (so the importer knows to roll the file back, leaving nothing of it),
// and every accepted message accounts for each prestatie exactly once.
//
//	go test ./internal/intake/ -run '^$' -fuzz FuzzParseXML -fuzztime 60s
func FuzzParseXML(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "xml", "*.xml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<jw323:Bericht xmlns:jw323="http://www.istandaarden.nl/ijw/3_2/jw323/schema"><jw323:Header>`))
	f.Add([]byte("\xef\xbb\xbf<?xml version=\"1.0\"?><a/>"))
	// The official examples and envelopes, where ../shared is present.
	official, _ := filepath.Glob(filepath.Join(istandaarden, "*", "berichten", "*.xml"))
	envelopes, _ := filepath.Glob(filepath.Join(istandaarden, "stuf-ggk0210", "voorbeeldberichten", "*.xml"))
	for _, name := range append(official, envelopes...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sink := &xmlTxSink{}
		info, err := ParseXML(strings.NewReader(string(data)), sink)
		// The same message cut into one chunk per Client must give the
		// same result: the parallel reader may not change what is read.
		xmlChunkTarget = 1
		tiny := &xmlTxSink{}
		tinyInfo, tinyErr := ParseXML(strings.NewReader(string(data)), tiny)
		xmlChunkTarget = xmlChunkSize
		if fmt.Sprint(err) != fmt.Sprint(tinyErr) || !reflect.DeepEqual(info, tinyInfo) || !reflect.DeepEqual(sink.staged, tiny.staged) {
			t.Fatalf("chunking changes the result:\n%v %+v\n%v %+v", err, info, tinyErr, tinyInfo)
		}
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error is %T, not *FileError: %v", err, err)
			}
			if fe.Reason == "" || fe.ReasonEN == "" {
				t.Fatalf("FileError without reason: %+v", fe)
			}
			// Rolled back: nothing of this message is stored.
			return
		}
		sink.stored = sink.staged
		if got := sink.stored.rows(); got != info.Prestaties {
			t.Fatalf("rows %d != prestaties %d", got, info.Prestaties)
		}
		if info.Bericht == "" || info.BerichtCode == 0 {
			t.Fatalf("accepted a message without a known header: %+v", info)
		}
		for _, r := range sink.stored.rejections {
			if r.Field == "" || r.Reason == "" || r.ReasonEN == "" || r.Client < 1 || r.Prestatie < 1 || r.Line < 1 {
				t.Fatalf("imprecise rejection %+v", r)
			}
		}
		for _, d := range sink.stored.deliveries {
			if len(d.BSN) != 9 || d.Referentie == "" || d.Bedrag < 0 || d.Begin > d.Eind {
				t.Fatalf("accepted a bad delivery %+v", d)
			}
			if _, ok := Eenheden[d.Eenheid]; !ok {
				t.Fatalf("accepted eenheid %q", d.Eenheid)
			}
		}
	})
}
