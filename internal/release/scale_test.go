package release

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/store"
)

var intakeDate = intake.ParseDate

// TestScaleRelease measures a release of a store built by
// scripts/scale-curve.sh (ONTSCHOT_SCALE_STORE: a SQLite file or a
// postgres:// URL; ONTSCHOT_SCALE_PERIOD, default 2025): reading the period
// (LoadInput), Create sequentially and in parallel — the two must give the
// same tables byte for byte — and, with ONTSCHOT_SCALE_PROFILE=FILE, a CPU
// profile of LoadInput and both Creates.
func TestScaleRelease(t *testing.T) {
	url := os.Getenv("ONTSCHOT_SCALE_STORE")
	if url == "" {
		t.Skip("set ONTSCHOT_SCALE_STORE to a store made by scripts/scale-curve.sh to measure a release at scale")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := ParsePeriod(envOr("ONTSCHOT_SCALE_PERIOD", "2025"))
	if err != nil {
		t.Fatal(err)
	}
	maxDel, maxImp, err := st.MaxIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if f := os.Getenv("ONTSCHOT_SCALE_PROFILE"); f != "" {
		fh, err := os.Create(f)
		if err != nil {
			t.Fatal(err)
		}
		pprof.StartCPUProfile(fh)
		defer func() { pprof.StopCPUProfile(); fh.Close() }()
	}
	start := time.Now()
	in, n, err := LoadInput(ctx, st, p, maxDel, maxImp)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("LoadInput: %d deliveries, %d households in %.2f s", n, len(in.Households), time.Since(start).Seconds())
	create := func(par int) ([]byte, float64) {
		defer func(old int) { Parallel = old }(Parallel)
		Parallel = par
		runtime.GC()
		start := time.Now()
		tb, err := Create(in, DefaultRules())
		if err != nil {
			t.Fatal(err)
		}
		sec := time.Since(start).Seconds()
		b, err := json.Marshal(tb)
		if err != nil {
			t.Fatal(err)
		}
		return b, sec
	}
	seq, seqSec := create(1)
	par, parSec := create(0)
	t.Logf("Create: sequential %.2f s, parallel (%d workers) %.2f s, %d bytes of tables", seqSec, workers(), parSec, len(seq))
	if !bytes.Equal(seq, par) {
		t.Fatal("parallel Create differs from the sequential one")
	}
	pprof.StopCPUProfile()

	// One cell table, buurt × geldstroom, by a GROUP BY in the database
	// against the same cells of the read-out path (LoadInput + aggregate).
	start = time.Now()
	in2, _, err := LoadInput(ctx, st, p, maxDel, maxImp)
	if err != nil {
		t.Fatal(err)
	}
	loadSec := time.Since(start).Seconds()
	ps, err := prepare(in2, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	goSec := time.Since(start).Seconds()
	type key struct{ buurt, geld string }
	want := map[key][3]int64{}
	d := ps.ag.d
	for _, c := range ps.ag.cells {
		a := d.areas[c.area]
		if by, cat := d.slotMeaning(int(c.off)); a.level == lvBuurt && !a.virtual && by == bGeldstroom {
			want[key{a.code, d.geld[cat]}] = [3]int64{c.households, c.persons, c.amount}
		}
	}
	pstart, _ := intakeDate(p.Start())
	pend, _ := intakeDate(p.End())
	start = time.Now()
	got, err := st.BuurtGeldstroomCells(ctx, pstart, pend, maxDel, maxImp, p.Year)
	if err != nil {
		t.Fatal(err)
	}
	dbSec := time.Since(start).Seconds()
	t.Logf("buurt × geldstroom: read-out path %.2f s (LoadInput %.2f s + aggregate), GROUP BY in the database %.2f s; %d cells against %d",
		goSec, loadSec, dbSec, len(got), len(want))
	diff := 0
	for _, c := range got {
		if w := want[key{c.Buurt, c.Geldstroom}]; w != [3]int64{c.Households, c.Persons, c.AmountCents} {
			if diff++; diff <= 5 {
				t.Errorf("%s × %s: database %d/%d/%d, read-out %v", c.Buurt, c.Geldstroom, c.Households, c.Persons, c.AmountCents, w)
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d cells from the database, %d from the read-out path", len(got), len(want))
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
