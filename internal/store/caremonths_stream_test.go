package store_test

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// EachCareMonthByPerson hands over the same rows as EachCareMonth, every
// person's together, on both engines; deliveries after maxDel are not in
// it.
func TestEachCareMonthByPerson(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		person := func(i int) string { return fmt.Sprintf("hp1:%c%s", 'z'-i, strings.Repeat("q", 52)) }
		im, err := s.BeginImport(ctx, store.ImportMeta{Kind: "deliveries", FileName: "a.csv"})
		if err != nil {
			t.Fatal(err)
		}
		var batch []store.Delivery
		for i := 0; i < 90; i++ {
			p, month := i%7, 1+i%5 // persons interleaved, as monthly rows are
			batch = append(batch, store.Delivery{Line: i + 2, AGB: fmt.Sprintf("7599000%d", i%2), Referentie: fmt.Sprintf("R%d", i), Person: person(p),
				Geldstroom: "wmo", Categorie: "02", Productcode: "02A05", Begin: intake.MakeDate(2025, month, 1), Eind: intake.MakeDate(2025, month, 28),
				Volume: 1, Eenheid: "04", Bedrag: money.Cents(100 + i), Credit: i%11 == 0, Toewijzing: fmt.Sprintf("P%d", p), Bron: "csv", Hash: int64(i)})
		}
		if err := im.AddDeliveries(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		row := func(c store.CareMonth) string {
			return fmt.Sprintf("%s %s %s %s %d %d", c.Person, c.AGB, c.Categorie, c.Geldstroom, c.YearMonth, c.Amount)
		}
		var want, got []string
		if err := s.EachCareMonth(ctx, math.MaxInt64, func(c store.CareMonth) error { want = append(want, row(c)); return nil }); err != nil {
			t.Fatal(err)
		}
		done := map[string]bool{}
		last := ""
		err = s.EachCareMonthByPerson(ctx, math.MaxInt64, func(c store.CareMonth) error {
			if c.Person != last {
				if done[c.Person] {
					return fmt.Errorf("the rows of %s are not together", c.Person)
				}
				done[last], last = true, c.Person
			}
			got = append(got, row(c))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(want)
		sort.Strings(got)
		if len(got) != 7*2*5 || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%d rows by person, %d rows; first by person %q, want %q", len(got), len(want), got[0], want[0])
		}
		n := 0
		if err := s.EachCareMonthByPerson(ctx, 0, func(store.CareMonth) error { n++; return nil }); err != nil || n != 0 {
			t.Fatalf("maxDel 0: %d rows, %v", n, err)
		}
	})
}
