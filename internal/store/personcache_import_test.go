package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// A file with more persons than the import's person cache holds still
// stores every delivery under its own person, in a first import and in a
// second one that brings known and new persons past the full cache.
func TestImportPastTheFullPersonCache(t *testing.T) {
	defer store.SetPersonCacheMax(5)()
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		person := func(i int) string {
			letters := fmt.Sprintf("%c%c", 'a'+i%26, 'a'+i/26)
			return "hp1:" + letters + strings.Repeat("q", 50)
		}
		load := func(name string, from, to int) {
			im, err := s.BeginImport(ctx, store.ImportMeta{Kind: "deliveries", FileName: name})
			if err != nil {
				t.Fatal(err)
			}
			var batch []store.Delivery
			for i := from; i < to; i++ {
				p := i % 17 // 17 persons, cycling, as monthly rows do
				if from > 0 {
					p = 10 + i%17 // the second file: persons 10–26, half of them new
				}
				batch = append(batch, store.Delivery{Line: i + 2, AGB: "75990001", Referentie: fmt.Sprintf("R%d", i), Person: person(p),
					Geldstroom: "wmo", Categorie: "02", Productcode: "02A05", Begin: intake.MakeDate(2025, 1, 1), Eind: intake.MakeDate(2025, 1, 28),
					Volume: 1, Eenheid: "04", Bedrag: 100, Toewijzing: fmt.Sprintf("P%d", p), Bron: "csv", Hash: int64(i)})
				if len(batch) == 7 {
					if err := im.AddDeliveries(ctx, batch); err != nil {
						t.Fatal(err)
					}
					batch = nil
				}
			}
			if err := im.AddDeliveries(ctx, batch); err != nil {
				t.Fatal(err)
			}
			sum, err := im.Commit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Accepted != to-from {
				t.Fatalf("%s: accepted %d of %d", name, sum.Accepted, to-from)
			}
		}
		load("a.csv", 0, 60)
		load("b.csv", 100, 160)
		var got []string
		err := s.EachPeriodDelivery(ctx, model.MakeDate(2025, 1, 1), model.MakeDate(2025, 12, 31), 1<<62, func(d *store.PeriodDelivery) error {
			got = append(got, string(d.Person))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 120 {
			t.Fatalf("%d deliveries read back", len(got))
		}
		for i, p := range got {
			want := person(i % 17)
			if i >= 60 {
				want = person(10 + (i-60+100)%17)
			}
			if p != want {
				t.Fatalf("delivery %d under %s, want %s", i, p, want)
			}
		}
	})
}
