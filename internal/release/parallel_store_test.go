package release_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// TestParallelDemoRegion: the demo region (two gemeenten) read from the
// store and released with 1, 2 and 4 workers, every input split down to
// single households, gives the same tables byte for byte.
func TestParallelDemoRegion(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		loadSmallDemo(t, s, "")
		p, _ := release.ParsePeriod("2024")
		maxDel, maxImp, err := s.MaxIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		in, _, err := release.LoadInput(ctx, s, p, maxDel, maxImp)
		if err != nil {
			t.Fatal(err)
		}
		if in.Region == "" || len(in.Gemeenten) != 2 {
			t.Fatalf("not the demo region: %q %v", in.Region, in.Gemeenten)
		}
		defer release.SplitSmall()()
		defer func(old int) { release.Parallel = old }(release.Parallel)
		var seq []byte
		for _, n := range []int{1, 2, 4} {
			release.Parallel = n
			tb, err := release.Create(in, release.DefaultRules())
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(tb)
			if n == 1 {
				seq = b
				if len(tb.Cells) == 0 || len(tb.Stacking) == 0 || len(tb.Gemeenten()) != 2 {
					t.Fatalf("release too thin: %d cells, %d stacking, gemeenten %v", len(tb.Cells), len(tb.Stacking), tb.Gemeenten())
				}
				continue
			}
			if !bytes.Equal(seq, b) {
				t.Errorf("%d workers: the tables differ from the sequential path", n)
			}
		}
	})
}

// TestBuurtCellsInDatabase: the buurt × geldstroom cells computed by a
// GROUP BY in the database (store.BuurtGeldstroomCells) are the release's
// own, unrounded, on the demo region — the condition for using them.
func TestBuurtCellsInDatabase(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		loadSmallDemo(t, s, "")
		p, _ := release.ParsePeriod("2024")
		if _, _, err := release.Freeze(ctx, s, p, "test", release.DefaultRules()); err != nil {
			t.Fatal(err)
		}
		maxDel, maxImp, _ := s.MaxIDs(ctx)
		in, _, err := release.LoadInput(ctx, s, p, maxDel, maxImp)
		if err != nil {
			t.Fatal(err)
		}
		want, err := release.BuurtGeldstroomOf(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.BuurtGeldstroomCells(ctx, model.MakeDate(2024, 1, 1), model.MakeDate(2024, 12, 31), maxDel, maxImp, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < 20 || len(got) != len(want) {
			t.Fatalf("%d cells from the database, %d from the release", len(got), len(want))
		}
		for _, c := range got {
			if w := want[[2]string{c.Buurt, c.Geldstroom}]; w != [3]int64{c.Households, c.Persons, c.AmountCents} {
				t.Errorf("%s × %s: database %d/%d/%d, release %v", c.Buurt, c.Geldstroom, c.Households, c.Persons, c.AmountCents, w)
			}
		}
	})
}
