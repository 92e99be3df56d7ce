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

// loadSmallDemo imports a small demo municipality (one year, 2024): one
// town, or the region of both when gemeente is "".
func loadSmallDemo(t *testing.T, s *store.Store, gemeente string) {
	t.Helper()
	files, _, err := demo.Generate(t.TempDir(), demo.Options{Households: 1500, Years: 1, FirstYear: 2024, Seed: 7, Gemeente: gemeente})
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
		loadSmallDemo(t, s, "GM0642")
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

// The demo region from the store: one release with the region above both
// gemeenten, region = Σ gemeenten + households of unknown gemeente, every
// household of a buurt in its own gemeente, and the LP audit pins nobody.
func TestFreezeRegionFromStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		loadSmallDemo(t, s, "")
		p, _ := release.ParsePeriod("2024")
		info, tables, err := release.Freeze(ctx, s, p, "test", release.DefaultRules())
		if err != nil {
			t.Fatal(err)
		}
		if tables.Region != "regio" || tables.Gemeente != "" {
			t.Fatalf("region %q gemeente %q", tables.Region, tables.Gemeente)
		}
		if g := tables.Gemeenten(); !reflect.DeepEqual(g, []string{"GM0531", "GM0642"}) {
			t.Fatalf("gemeenten %v", g)
		}
		in, _, err := release.LoadInput(ctx, s, p, info.MaxDeliveryID, info.MaxImportID)
		if err != nil {
			t.Fatal(err)
		}
		if in.Region != "regio" || len(in.Gemeenten) != 2 {
			t.Fatalf("input region %q gemeenten %v", in.Region, in.Gemeenten)
		}
		truth := map[string]int64{}
		unknown := 0
		for _, h := range in.Households {
			if h.Gemeente == "" {
				unknown++
			}
			if h.Buurt != "" && h.Gemeente != "GM"+h.Buurt[2:6] {
				t.Fatalf("household in buurt %s counted in gemeente %q", h.Buurt, h.Gemeente)
			}
			if h.Gemeente == "" && h.Wijk != "" {
				t.Fatalf("household without gemeente has a wijk: %+v", h)
			}
			for _, r := range h.Rows {
				truth[h.Gemeente] += int64(r.Amount)
				truth["regio"] += int64(r.Amount)
			}
		}
		if truth["GM0531"] == 0 || truth["GM0642"] == 0 {
			t.Fatalf("a gemeente without spend: %v", truth)
		}
		for _, k := range [][2]string{{release.LevelRegio, "regio"}, {release.LevelGemeente, "GM0531"}, {release.LevelGemeente, "GM0642"}} {
			cells, err := s.ReleaseCells(ctx, info.ID, k[0], release.ByTotal)
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, c := range cells {
				if c.Area == k[1] {
					found = true
					if c.Suppressed && k[0] == release.LevelRegio && unknown < 10 {
						// Fewer than 10 households of unknown gemeente: the
						// region's total goes, not a gemeente's.
						continue
					}
					want := (truth[k[1]]/100 + 500) / 1000 * 1000
					if c.AmountEUR == nil || *c.AmountEUR != want {
						t.Errorf("%s %s: %+v, want € %d", k[0], k[1], c, want)
					}
				}
			}
			if !found {
				t.Errorf("no %s cell %s", k[0], k[1])
			}
		}
		t1, err := release.LoadTables(ctx, s, info)
		if err != nil {
			t.Fatal(err)
		}
		if t1.Region != "regio" {
			t.Fatalf("loaded tables: region %q", t1.Region)
		}
		if rep := release.Audit(in, t1, release.AuditOptions{Seed: 1, Sample: 50}); !rep.OK() || rep.Tried == 0 {
			t.Fatalf("audit: tried %d, pinned %d, errors %v", rep.Tried, len(rep.Pinned), rep.Errors)
		}
		// A second version of the region (a revision) keeps the region.
		_, t2, err := release.Freeze(ctx, s, p, "test", release.DefaultRules())
		if err != nil || t2.Region != "regio" || t2.Version != 2 {
			t.Fatalf("revision: %v, %+v", err, t2)
		}
	})
}
