package demo

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/intake/xsdtest"
)

// demoSink keeps what the demo's messages say.
type demoSink struct {
	deliveries   []intake.Delivery
	toewijzingen []intake.Toewijzing
	verzoeken    []intake.Verzoek
	rejections   []intake.Rejection
}

func (s *demoSink) Delivery(d *intake.Delivery) error {
	s.deliveries = append(s.deliveries, *d)
	return nil
}
func (s *demoSink) Toewijzing(t *intake.Toewijzing) error {
	s.toewijzingen = append(s.toewijzingen, *t)
	return nil
}
func (s *demoSink) Reject(r intake.Rejection) { s.rejections = append(s.rejections, r) }

func (s *demoSink) StartStop(*intake.StartStop) error { return nil }

func (s *demoSink) Verzoek(v *intake.Verzoek) error {
	s.verzoeken = append(s.verzoeken, *v)
	return nil
}

var messageDate = regexp.MustCompile(`<\w+:(Dagtekening|DeclaratieDagtekening|Toewijzingsdatum)>(\d{4}-\d{2}-\d{2})<`)

// generateSmallDemo writes a 2,000-household demo as of 1 January 2026,
// the first day after its last year: the last declaration is dated today,
// the boundary of TR135.
func generateSmallDemo(t *testing.T) (Files, string, string) {
	t.Helper()
	defer func(f func() time.Time) { timeNow = f }(timeNow)
	timeNow = func() time.Time { return time.Date(2026, 1, 1, 9, 0, 0, 0, time.Local) }
	dir := t.TempDir()
	files, _, err := Generate(dir, Options{Households: 2000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return files, dir, "2026-01-01"
}

// Every XML message of a small demo validates against the official XSD.
func TestDemoXMLValidatesAgainstXSD(t *testing.T) {
	schemas := xsdtest.Schemas(t)
	files, _, _ := generateSmallDemo(t)
	n := 0
	for _, path := range files.Deliveries {
		if strings.HasSuffix(path, ".xml") {
			xsdtest.Validate(t, schemas, path)
			n++
		}
	}
	if n < 8 {
		t.Fatalf("only %d XML messages", n)
	}
}

// The demo's content follows the rules the XSD cannot check: amounts are
// volume × tariff (TR346), no date lies in the future (TR135), and each
// assignment covers every month billed on it, in XML or CSV (TR307,
// TR308) within its Omvang (TR321). This needs no xmllint and always runs.
func TestDemoXMLFollowsTheRules(t *testing.T) {
	files, dir, today := generateSmallDemo(t)
	sink := &demoSink{}
	var messages, n301 int
	for _, path := range files.Deliveries {
		if !strings.HasSuffix(path, ".xml") {
			continue
		}
		messages++
		doc, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range messageDate.FindAllSubmatch(doc, -1) {
			if string(m[2]) > today {
				t.Errorf("%s: %s %s lies after today %s (TR135)", filepath.Base(path), m[1], m[2], today)
			}
		}
		if strings.Contains(filepath.Base(path), "301_") {
			n301++
		}
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = intake.ParseXML(fh, sink)
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(path), err)
		}
	}
	if messages < 8 || n301 == 0 {
		t.Fatalf("%d XML messages, %d of them 301s: the demo should write declarations and assignments", messages, n301)
	}
	if len(sink.rejections) != 0 {
		t.Fatalf("the demo's own XML is rejected: %+v", sink.rejections)
	}
	// The CSV deliveries bill the same assignments.
	fh, err := os.Open(filepath.Join(dir, "leveringen.csv"))
	if err != nil {
		t.Fatal(err)
	}
	csvSink := &demoSink{}
	if _, err := intake.ParseDeliveriesCSV(fh, intake.DefaultCodes(), csvSink); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	all := append(sink.deliveries, csvSink.deliveries...)
	for _, d := range all {
		if d.Eenheid != "83" && (d.Volume == 0 || int64(d.Bedrag)%d.Volume != 0) {
			t.Errorf("%s %s: amount %d is not volume %d × a tariff (TR346)", d.AGB, d.Referentie, d.Bedrag, d.Volume)
		}
	}
	covered := 0
	for _, tw := range sink.toewijzingen {
		for _, d := range all {
			if d.AGB != tw.AGB || d.Toewijzing != tw.ToewijzingNummer {
				continue
			}
			covered++
			if d.Begin < tw.Ingangsdatum || (tw.Einddatum != 0 && d.Eind > tw.Einddatum) {
				t.Errorf("assignment %s runs %s–%s but bills %s–%s (TR307, TR308)", tw.ToewijzingNummer, tw.Ingangsdatum, tw.Einddatum, d.Begin, d.Eind)
			}
			if d.Volume > tw.Volume {
				t.Errorf("assignment %s: Omvang %d %s a month, a month bills %d (TR321)", tw.ToewijzingNummer, tw.Volume, tw.Eenheid, d.Volume)
			}
		}
	}
	if covered == 0 {
		t.Fatal("no delivery bills one of the demo's assignments; the cover check checked nothing")
	}
}

// Every youth-care request (JW315) of the demo is answered by a JW301 of
// the same provider and client with its ReferentieAanbieder (IV094), and
// the referrers mix as councils report: the huisarts most often, and each
// of gemeente, GI, jeugdarts and medisch specialist present.
func TestDemoReferrals(t *testing.T) {
	files, _, _ := generateSmallDemo(t)
	sink := &demoSink{}
	for _, path := range files.Deliveries {
		base := filepath.Base(path)
		if !strings.HasPrefix(base, "JW315_") && !strings.HasPrefix(base, "JW301_") {
			continue
		}
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = intake.ParseXML(fh, sink)
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
	}
	if len(sink.rejections) != 0 || len(sink.verzoeken) < 50 {
		t.Fatalf("%d requests, rejections %+v", len(sink.verzoeken), sink.rejections)
	}
	answered := map[string]bool{}
	for _, tw := range sink.toewijzingen {
		answered[tw.AGB+"|"+tw.BSN+"|"+tw.ReferentieAanbieder] = true
	}
	mix := map[string]int{}
	for _, v := range sink.verzoeken {
		if !answered[v.AGB+"|"+v.BSN+"|"+v.ReferentieAanbieder] {
			t.Errorf("request %s of %s has no JW301 answering it", v.ReferentieAanbieder, v.AGB)
		}
		mix[v.Verwijzer]++
	}
	for _, code := range []string{"01", "03", "04", "05"} {
		if mix[code] == 0 || mix[code] >= mix["02"] {
			t.Errorf("referrer mix %v: want huisarts (02) most common and %s present", mix, code)
		}
	}
}
