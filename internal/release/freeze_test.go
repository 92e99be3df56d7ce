package release_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/ontschot/ontschot/internal/demo"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// loadSmallDemo imports a small demo municipality (one year, 2024).
func loadSmallDemo(t *testing.T, s *store.Store) {
	t.Helper()
	files, _, err := demo.Generate(t.TempDir(), demo.Options{Households: 1500, Years: 1, FirstYear: 2024, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	imp := importer.New(s, kluis.New(make([]byte, 32), make([]byte, 32)))
	ctx := context.Background()
	for _, f := range append([]string{files.Areas, files.Addresses, files.BRP}, files.Deliveries...) {
		kind := "deliveries"
		switch f {
		case files.Areas:
			kind = "areas"
		case files.Addresses:
			kind = "addresses"
		case files.BRP:
			kind = "brp"
		}
		sum, err := imp.ImportFile(ctx, kind, f)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rejected != 0 {
			t.Fatalf("%s: %d rejected: %+v", f, sum.Rejected, sum.Rejections[0])
		}
	}
}

func TestFreezeFromStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		loadSmallDemo(t, s)
		p, _ := release.ParsePeriod("2024")

		if _, _, err := release.Freeze(ctx, s, release.Period{Year: 2999}, "test", release.DefaultRules()); !errors.Is(err, release.ErrNotClosed) {
			t.Fatalf("future period: err = %v", err)
		}
		if _, _, err := release.Freeze(ctx, s, release.Period{Year: 2010}, "test", release.DefaultRules()); !errors.Is(err, release.ErrNoData) {
			t.Fatalf("empty period: err = %v", err)
		}

		info, tables, err := release.Freeze(ctx, s, p, "test", release.DefaultRules())
		if err != nil {
			t.Fatal(err)
		}
		if info.Version != 1 || len(tables.Cells) == 0 {
			t.Fatalf("release %+v with %d cells", info, len(tables.Cells))
		}
		// The gemeente total is the sum of all signed deliveries of the year, rounded to €1,000.
		var cents int64
		if err := s.DB().QueryRow(`SELECT SUM(CASE WHEN credit = 1 THEN -bedrag_cent ELSE bedrag_cent END) FROM deliveries WHERE begindatum >= 20240101 AND begindatum <= 20241231`).Scan(&cents); err != nil {
			t.Fatal(err)
		}
		cells, err := s.ReleaseCells(ctx, info.ID, release.LevelGemeente, release.ByTotal)
		if err != nil || len(cells) != 1 || cells[0].AmountEUR == nil {
			t.Fatalf("gemeente total: %+v, %v", cells, err)
		}
		want := (cents/100 + 500) / 1000 * 1000
		if *cells[0].AmountEUR != want {
			t.Fatalf("gemeente total € %d, want € %d", *cells[0].AmountEUR, want)
		}
		// Every level is published, and bloks are frozen for the year.
		for _, lvl := range release.Levels {
			c, _ := s.ReleaseCells(ctx, info.ID, lvl, release.ByTotal)
			if len(c) == 0 {
				t.Errorf("no %s cells", lvl)
			}
		}
		bl, _ := s.Bloks(ctx, 2024)
		if len(bl) == 0 {
			t.Fatal("bloks not frozen")
		}
		// Persons without registration and secret addresses stay at gemeente level.
		in, _, err := release.LoadInput(ctx, s, p, info.MaxDeliveryID, info.MaxImportID)
		if err != nil {
			t.Fatal(err)
		}
		unplaced := 0
		for _, h := range in.Households {
			if h.Wijk == "" {
				unplaced++
				if h.Buurt != "" || h.Blok != "" {
					t.Fatalf("household at gemeente level has a buurt: %+v", h)
				}
			}
		}
		if unplaced == 0 {
			t.Fatal("the demo has persons without a BRP registration; none were kept at gemeente level")
		}

		// A new version never changes the old one.
		before, _ := s.ReleaseCells(ctx, info.ID, "", "")
		info2, _, err := release.Freeze(ctx, s, p, "test", release.DefaultRules())
		if err != nil {
			t.Fatal(err)
		}
		if info2.Version != 2 {
			t.Fatalf("second freeze is version %d", info2.Version)
		}
		after, _ := s.ReleaseCells(ctx, info.ID, "", "")
		if !reflect.DeepEqual(before, after) {
			t.Fatal("version 1 changed when version 2 was made")
		}
		// The published release passes the LP audit.
		t1, err := release.LoadTables(ctx, s, info)
		if err != nil {
			t.Fatal(err)
		}
		if rep := release.Audit(in, t1, release.AuditOptions{Seed: 1, Sample: 50}); !rep.OK() {
			t.Fatalf("audit pinned %d households: %+v", len(rep.Pinned), rep.Pinned[0])
		}
	})
}
