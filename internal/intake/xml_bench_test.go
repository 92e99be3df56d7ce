package intake

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/money"
)

// The benchmark declaration: a JW323 of about ONTSCHOT_XML_BENCH_MB
// megabytes (default 50), written with DeclaratieWriter to a temp dir.
//
//	go test ./internal/intake/ -run '^$' -bench ParseXML -benchtime 1x
//	ONTSCHOT_XML_BENCH_MB=500 go test ./internal/intake/ -run '^$' -bench ParseXML -benchtime 1x
//
// For peak RSS of the import alone (docs/ijw-xml.md), write the file once
// and parse it in a separate process under /usr/bin/time -v:
//
//	ONTSCHOT_XML_BENCH_MB=500 ONTSCHOT_XML_GEN=/tmp/jw323-500mb.xml go test ./internal/intake/ -run XMLWriteLargeFile
//	go test -c -o /tmp/intake.test ./internal/intake/
//	ONTSCHOT_XML_FILE=/tmp/jw323-500mb.xml /usr/bin/time -v /tmp/intake.test -test.run XMLParseLargeFile -test.v

// Measured size of one prestatie as the writer lays it out.
const (
	xmlBenchBytesIndented = 842
	xmlBenchBytesCompact  = 699
)

func xmlBenchPrestaties(compact bool) int {
	if compact {
		return xmlBenchMB() << 20 / xmlBenchBytesCompact
	}
	return xmlBenchMB() << 20 / xmlBenchBytesIndented
}

func xmlBenchMB() int {
	if v, err := strconv.Atoi(os.Getenv("ONTSCHOT_XML_BENCH_MB")); err == nil && v > 0 {
		return v
	}
	return 50
}

// xmlBenchPrestatie is the deterministic i-th prestatie of the benchmark
// declaration: a mix of categories and units, every 10th one a credit.
func xmlBenchPrestatie(i int, d *Delivery) {
	cats := [...]string{"45", "43", "54", "41"}
	codes := [...]string{"45A48", "43A05", "54001", "41A12"}
	units := [...]string{"04", "14", "01", "16"}
	k := i % 4
	*d = Delivery{
		Referentie: "BM-" + strconv.Itoa(i), Toewijzing: strconv.Itoa(40000000 + i/3),
		Categorie: cats[k], Productcode: codes[k], Begin: MakeDate(2025, 4, 1), Eind: MakeDate(2025, 4, 30),
		Volume: int64(1 + i%20), Eenheid: units[k], Credit: i%10 == 9,
	}
	d.Bedrag = money.Cents(d.Volume * int64(2500+k*1000))
}

const xmlBenchPerClient = 3

// writeXMLBenchFile writes a declaration of n prestaties to path.
func writeXMLBenchFile(path string, n int, compact bool) error {
	var total money.Cents
	var d Delivery
	for i := 0; i < n; i++ {
		xmlBenchPrestatie(i, &d)
		total += d.Signed()
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	m := Declaratiebericht{Afzender: "98761234", Ontvanger: "0363", Identificatie: "BENCH-1", Dagtekening: MakeDate(2025, 5, 6),
		DeclaratieNummer: "BENCH202504", Periode: [2]Date{MakeDate(2025, 4, 1), MakeDate(2025, 4, 30)}, Compact: compact}
	dw, err := NewDeclaratieWriter(bw, "JW323", m, total)
	if err != nil {
		return err
	}
	ps := make([]Delivery, 0, xmlBenchPerClient)
	for i, c := 0, 0; i < n; c++ {
		ps = ps[:0]
		for j := 0; j < xmlBenchPerClient && i < n; j, i = j+1, i+1 {
			xmlBenchPrestatie(i, &d)
			ps = append(ps, d)
		}
		if err := dw.Client(DeclClient{BSN: kluis.SyntheticBSN(c % 4500000), Prestaties: ps}); err != nil {
			return err
		}
	}
	if err := dw.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// xmlCountSink counts and drops, like an importer that streams into the store.
type xmlCountSink struct{ deliveries, rejections int }

func (s *xmlCountSink) Delivery(*Delivery) error     { s.deliveries++; return nil }
func (s *xmlCountSink) Toewijzing(*Toewijzing) error { return nil }
func (s *xmlCountSink) StartStop(*StartStop) error   { return nil }
func (s *xmlCountSink) Verzoek(*Verzoek) error       { return nil }
func (s *xmlCountSink) Reject(Rejection)             { s.rejections++ }

// xmlPeakMemory samples the heap while a parse runs. It reads
// runtime/metrics, which does not stop the world as ReadMemStats does.
type xmlPeakMemory struct {
	stop      chan struct{}
	done      sync.WaitGroup
	heap, sys atomic.Uint64
}

func startXMLPeakMemory() *xmlPeakMemory {
	m := &xmlPeakMemory{stop: make(chan struct{})}
	m.done.Add(1)
	go func() {
		defer m.done.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
		for {
			metrics.Read(samples)
			if v := samples[0].Value.Uint64(); v > m.heap.Load() {
				m.heap.Store(v)
			}
			if v := samples[1].Value.Uint64(); v > m.sys.Load() {
				m.sys.Store(v)
			}
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *xmlPeakMemory) end() (heapMB, sysMB float64) {
	close(m.stop)
	m.done.Wait()
	return float64(m.heap.Load()) / (1 << 20), float64(m.sys.Load()) / (1 << 20)
}

// BenchmarkParseXML reads the same kind of declaration laid out two ways:
// indented with tabs (as the testdata) and compact (one line per prestatie),
// with the fast scanner for the Clienten and with encoding/xml alone.
func BenchmarkParseXML(b *testing.B) {
	for _, layout := range []string{"indented", "compact"} {
		for _, scanner := range []string{"fast", "encoding-xml"} {
			b.Run(layout+"/"+scanner, func(b *testing.B) {
				xmlFastChunks = scanner == "fast"
				defer func() { xmlFastChunks = true }()
				benchmarkParseXML(b, layout == "compact")
			})
		}
	}
}

func benchmarkParseXML(b *testing.B, compact bool) {
	n := xmlBenchPrestaties(compact)
	path := filepath.Join(b.TempDir(), "jw323-bench.xml")
	if err := writeXMLBenchFile(path, n, compact); err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	runtime.GC()
	mem := startXMLPeakMemory()
	b.ResetTimer()
	for range b.N {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		sink := &xmlCountSink{}
		info, err := ParseXML(bufio.NewReaderSize(f, 1<<16), sink)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if sink.deliveries != n || info.Prestaties != n {
			b.Fatalf("delivered %d of %d (rejected %d)", sink.deliveries, n, sink.rejections)
		}
	}
	b.StopTimer()
	heapMB, sysMB := mem.end()
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "prestaties/s")
	b.ReportMetric(heapMB, "peak-heap-MB")
	b.ReportMetric(sysMB, "peak-sys-MB")
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
}

// TestXMLWriteLargeFile writes the benchmark declaration to
// $ONTSCHOT_XML_GEN (compact when ONTSCHOT_XML_COMPACT=1); it is skipped
// unless that is set.
func TestXMLWriteLargeFile(t *testing.T) {
	path := os.Getenv("ONTSCHOT_XML_GEN")
	if path == "" {
		t.Skip("set ONTSCHOT_XML_GEN=/tmp/file.xml (and ONTSCHOT_XML_BENCH_MB) to write a large JW323")
	}
	compact := os.Getenv("ONTSCHOT_XML_COMPACT") == "1"
	n := xmlBenchPrestaties(compact)
	if err := writeXMLBenchFile(path, n, compact); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	t.Logf("wrote %s: %d prestaties, %.1f MB", path, n, float64(st.Size())/(1<<20))
}

// TestXMLParseLargeFile parses $ONTSCHOT_XML_FILE and reports the rate; it
// is skipped unless that is set. Run it under /usr/bin/time -v for peak RSS.
func TestXMLParseLargeFile(t *testing.T) {
	path := os.Getenv("ONTSCHOT_XML_FILE")
	if path == "" {
		t.Skip("set ONTSCHOT_XML_FILE to a large JW323 to measure the import")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mem := startXMLPeakMemory()
	start := time.Now()
	sink := &xmlCountSink{}
	info, err := ParseXML(bufio.NewReaderSize(f, 1<<16), sink)
	elapsed := time.Since(start)
	heapMB, sysMB := mem.end()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("%s: %d prestaties (%d rejected) in %s: %.0f prestaties/s; peak heap %.1f MB, peak Go sys %.1f MB\n",
		path, info.Prestaties, sink.rejections, elapsed.Round(time.Millisecond), float64(info.Prestaties)/elapsed.Seconds(), heapMB, sysMB)
}
