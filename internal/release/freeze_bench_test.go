package release_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ontschot/ontschot/internal/demo"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
)

// BenchmarkFreezeLarge releases a year of 1,000,000 deliveries over 100,000
// households from a SQLite store: reading the period back (LoadInput) and
// building every table (Create), and once the whole Freeze with publishing.
// Building the store takes a minute; the timed part is the release.
func BenchmarkFreezeLarge(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	s, err := store.Open(ctx, filepath.Join(dir, "ontschot.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	files, st, err := demo.Generate(filepath.Join(dir, "in"), demo.Options{Households: 100000, Years: 1, FirstYear: 2024, Seed: 3})
	if err != nil {
		b.Fatal(err)
	}
	imp := importer.New(s, kluis.New(make([]byte, 32), make([]byte, 32)))
	for kind, f := range map[string]string{"areas": files.Areas} {
		if _, err := imp.ImportFile(ctx, kind, f); err != nil {
			b.Fatal(err)
		}
	}
	for _, x := range []struct{ kind, f string }{{"addresses", files.Addresses}, {"brp", files.BRP}} {
		if _, err := imp.ImportFile(ctx, x.kind, x.f); err != nil {
			b.Fatal(err)
		}
	}
	// One million deliveries in 2024 over the demo's residents.
	csv := filepath.Join(dir, "miljoen.csv")
	fh, _ := os.Create(csv)
	w := bufio.NewWriterSize(fh, 1<<16)
	w.WriteString("agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n")
	r := rand.New(rand.NewPCG(1, 2))
	streams := []string{"jeugdwet,45,45A48", "wmo,02,02A05", "participatiewet,bijstand,PW-LO", "jeugdwet,43,43A31", "lumpsum,wijkteam,WT-BEGL"}
	for i := 0; i < 1_000_000; i++ {
		m := 1 + i%12
		fmt.Fprintf(w, "7599%04d,M%08d,%s,%s,2024-%02d-01,2024-%02d-28,4,04,%d,D\n", i%40, i, kluis.SyntheticBSN(r.IntN(st.Persons)), streams[i%len(streams)], m, m, 1000+r.IntN(400000))
	}
	w.Flush()
	fh.Close()
	if sum, err := imp.ImportFile(ctx, "deliveries", csv); err != nil || sum.Accepted != 1_000_000 {
		b.Fatalf("import: %+v %v", sum, err)
	}
	p, _ := release.ParsePeriod("2024")
	maxDel, maxImp, _ := s.MaxIDs(ctx)
	b.ResetTimer()
	var households int
	for b.Loop() {
		in, n, err := release.LoadInput(ctx, s, p, maxDel, maxImp)
		if err != nil || n != 1_000_000 {
			b.Fatalf("LoadInput: %d rows, %v", n, err)
		}
		households = len(in.Households)
		if _, err := release.Create(in, release.DefaultRules()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(households), "households")
	start := time.Now()
	if _, _, err := release.Freeze(ctx, s, p, "bench", release.DefaultRules()); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(start).Seconds(), "s/freeze-with-publish")
}
