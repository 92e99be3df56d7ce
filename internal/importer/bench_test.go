package importer

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/ontschot/ontschot/internal/importer/benchdata"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// benchRows is the size of the benchmark file; ONTSCHOT_BENCH_ROWS overrides
// the default of 1,000,000 (the target of the issue).
func benchRows() int {
	if v, err := strconv.Atoi(os.Getenv("ONTSCHOT_BENCH_ROWS")); err == nil && v > 0 {
		return v
	}
	return 1_000_000
}

// writeBenchFile writes the benchmark CSV (benchdata: 40 providers,
// 100,000 persons, monthly rows, a few credits).
func writeBenchFile(b *testing.B, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	if err := benchdata.Write(w, n, 100_000); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

func BenchmarkImportCSV(b *testing.B) {
	n := benchRows()
	dir := b.TempDir()
	file := filepath.Join(dir, "leveringen.csv")
	writeBenchFile(b, file, n)
	k := testKluis()
	for _, e := range storetest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			var peak uint64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				t := &testing.T{}
				var s *store.Store
				if e.Name == "sqlite" {
					var err error
					s, err = store.Open(context.Background(), filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", i)))
					if err != nil {
						b.Fatal(err)
					}
				} else {
					func() {
						defer func() {
							if recover() != nil || t.Skipped() {
								s = nil
							}
						}()
						s, _ = storetest.OpenPostgres(t)
					}()
					if s == nil {
						b.Skip("PostgreSQL niet beschikbaar / not available")
					}
				}
				runtime.GC()
				stop := make(chan struct{})
				done := make(chan uint64)
				go func() { done <- samplePeak(stop) }()
				b.StartTimer()
				start := time.Now()
				sum, err := New(s, k).ImportFile(context.Background(), "deliveries", file)
				el := time.Since(start)
				b.StopTimer()
				close(stop)
				if p := <-done; p > peak {
					peak = p
				}
				if err != nil {
					b.Fatal(err)
				}
				if sum.Accepted != n {
					b.Fatalf("accepted %d of %d", sum.Accepted, n)
				}
				b.ReportMetric(float64(n)/el.Seconds(), "rows/s")
				s.Close()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// samplePeak samples the Go heap in use until stop closes.
func samplePeak(stop chan struct{}) uint64 {
	var peak uint64
	var ms runtime.MemStats
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak {
			peak = ms.HeapInuse
		}
		select {
		case <-stop:
			return peak
		case <-t.C:
		}
	}
}
