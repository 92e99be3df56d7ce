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

// Delivery.PersonNo lets the store find a person's id by number; a number
// that comes again with another pseudonym (a caller's mistake) is not
// trusted: every row is stored under its own pseudonym.
func TestPersonNumberNeverMixesPersons(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		person := func(i int) string { return fmt.Sprintf("hp1:%c%s", 'a'+i, strings.Repeat("q", 51)) }
		im, err := s.BeginImport(ctx, store.ImportMeta{Kind: "deliveries", FileName: "a.csv"})
		if err != nil {
			t.Fatal(err)
		}
		var batch []store.Delivery
		want := map[string]string{}
		for i := 0; i < 450; i++ {
			p, no := i%3, int32(i%3+1)
			if i%7 == 0 {
				p = 3 + i%5 // another person under a number already given
			}
			ref := fmt.Sprintf("R%d", i)
			want[ref] = person(p)
			batch = append(batch, store.Delivery{Line: i + 2, AGB: "75990001", Referentie: ref, Person: person(p), PersonNo: no,
				Geldstroom: "wmo", Categorie: "02", Productcode: "02A05", Begin: intake.MakeDate(2025, 1, 1), Eind: intake.MakeDate(2025, 1, 28),
				Volume: 1, Eenheid: "04", Bedrag: 100, Toewijzing: "P", Bron: "csv", Hash: int64(i)})
			if len(batch) == 50 {
				if err := im.AddDeliveries(ctx, batch); err != nil {
					t.Fatal(err)
				}
				batch = nil
			}
		}
		if _, err := im.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		n := 0
		err = s.EachPeriodDelivery(ctx, model.MakeDate(2025, 1, 1), model.MakeDate(2025, 12, 31), 1<<62, func(d *store.PeriodDelivery) error {
			n++
			return nil
		})
		if err != nil || n != 450 {
			t.Fatalf("%d deliveries read back (%v)", n, err)
		}
		rows, err := s.DB().QueryContext(ctx, `SELECT d.referentie, p.pseudonym FROM deliveries d JOIN pseudonyms p ON p.id = d.person_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var ref, p string
			if err := rows.Scan(&ref, &p); err != nil {
				t.Fatal(err)
			}
			if p != want[ref] {
				t.Fatalf("%s stored under %s, want %s", ref, p, want[ref])
			}
		}
	})
}
