package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// SQLite writes the import's id and the bron into its prepared multi-row
// insert: every row still gets its own bron, also when a full batch mixes
// two, and its import's id, in a first (bulk) import and in a later one.
func TestDeliveryRowsKeepBronAndImport(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		person := func(i int) string { return fmt.Sprintf("hp1:%c%s", 'a'+i%26, strings.Repeat("q", 51)) }
		load := func(name string, from int) int64 {
			im, err := s.BeginImport(ctx, store.ImportMeta{Kind: "deliveries", FileName: name})
			if err != nil {
				t.Fatal(err)
			}
			var batch []store.Delivery
			for i := from; i < from+650; i++ {
				bron := "csv"
				if i%250 == 7 { // one JW323 row in some full batches of 200
					bron = "JW323"
				}
				batch = append(batch, store.Delivery{Line: i + 2, AGB: "75990001", Referentie: fmt.Sprintf("R%d", i), Person: person(i % 30),
					Geldstroom: "wmo", Categorie: "02", Productcode: "02A05", Begin: intake.MakeDate(2025, 1, 1), Eind: intake.MakeDate(2025, 1, 28),
					Volume: 1, Eenheid: "04", Bedrag: 100, Toewijzing: "P", Bron: bron, Hash: int64(i)})
			}
			if err := im.AddDeliveries(ctx, batch); err != nil {
				t.Fatal(err)
			}
			sum, err := im.Commit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Accepted != 650 {
				t.Fatalf("%s: accepted %d of 650", name, sum.Accepted)
			}
			return sum.ImportID
		}
		first := load("a.csv", 0)
		second := load("b.csv", 1000)
		rows, err := s.DB().QueryContext(ctx, `SELECT referentie, bron, import_id, line FROM deliveries`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var ref, bron string
			var importID, line int64
			if err := rows.Scan(&ref, &bron, &importID, &line); err != nil {
				t.Fatal(err)
			}
			var i int
			fmt.Sscanf(ref, "R%d", &i)
			wantBron, wantImport := "csv", first
			if i%250 == 7 {
				wantBron = "JW323"
			}
			if i >= 1000 {
				wantImport = second
			}
			if bron != wantBron || importID != wantImport || line != int64(i+2) {
				t.Fatalf("%s: bron %q import %d line %d, want %q %d %d", ref, bron, importID, line, wantBron, wantImport, i+2)
			}
			n++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if n != 1300 {
			t.Fatalf("%d rows stored, want 1300", n)
		}
	})
}
