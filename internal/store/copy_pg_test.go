package store_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// copyPerson is a made-up pseudonym in the kluis's shape.
func copyPerson(i int) string {
	return fmt.Sprintf("hp1:%c%c", 'a'+i%26, 'a'+i/26%26) + strings.Repeat("z", 50)
}

// edgeDeliveries are rows whose values test every column's encoding: text
// beyond ASCII, empty text, negative and extreme integers, credits.
func edgeDeliveries(prefix string, n, persons int) []store.Delivery {
	var out []store.Delivery
	for i := 0; i < n; i++ {
		d := store.Delivery{Line: i + 2, AGB: fmt.Sprintf("7599%04d", i%3), Referentie: fmt.Sprintf("%s-%d", prefix, i),
			Credit: i%4 == 3, Person: copyPerson(i % persons), Geldstroom: "jeugdwet", Categorie: "45", Productcode: "45A48",
			Begin: intake.MakeDate(2025, 1+i%12, 1), Eind: intake.MakeDate(2025, 1+i%12, 28), Volume: int64(i), Eenheid: "04",
			Bedrag: money.Cents(1000 + i), Toewijzing: fmt.Sprintf("Zoë-ß-€-%d", i), Bron: "csv", Hash: int64(i) * 7919}
		switch i % 5 {
		case 0:
			d.Toewijzing, d.Eenheid = "", ""
		case 1:
			d.Hash, d.Bedrag = math.MinInt64, -123456
		case 2:
			d.Hash, d.Volume = math.MaxInt64, math.MaxInt64
		}
		out = append(out, d)
	}
	return out
}

func importDeliveries(t *testing.T, s *store.Store, name string, ds []store.Delivery) store.Summary {
	t.Helper()
	ctx := context.Background()
	im, err := s.BeginImport(ctx, store.ImportMeta{Kind: "deliveries", FileName: name})
	if err != nil {
		t.Fatal(err)
	}
	for len(ds) > 0 {
		n := min(len(ds), 7)
		if err := im.AddDeliveries(ctx, ds[:n]); err != nil {
			im.Rollback()
			t.Fatal(err)
		}
		ds = ds[n:]
	}
	sum, err := im.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// readDeliveries reads back what an import stored, in line order.
func readDeliveries(t *testing.T, s *store.Store, importID int64) []store.Delivery {
	t.Helper()
	rows, err := s.DB().Query(`SELECT d.line, d.agb, d.referentie, d.credit, p.pseudonym, d.geldstroom, d.categorie, d.productcode,
		d.begindatum, d.einddatum, d.volume, d.eenheid, d.bedrag_cent, d.toewijzing, d.bron, d.content_hash
		FROM deliveries d JOIN pseudonyms p ON p.id = d.person_id WHERE d.import_id = $1 ORDER BY d.line`, importID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []store.Delivery
	for rows.Next() {
		var d store.Delivery
		var credit, begin, eind, bedrag int64
		if err := rows.Scan(&d.Line, &d.AGB, &d.Referentie, &credit, &d.Person, &d.Geldstroom, &d.Categorie, &d.Productcode,
			&begin, &eind, &d.Volume, &d.Eenheid, &bedrag, &d.Toewijzing, &d.Bron, &d.Hash); err != nil {
			t.Fatal(err)
		}
		d.Credit, d.Begin, d.Eind, d.Bedrag = credit == 1, intake.Date(begin), intake.Date(eind), money.Cents(bedrag)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// What the bulk load (ids given by the store, binary COPY on PostgreSQL)
// and the row-by-row path store reads back exactly as given, column by
// column, and ids and person ids stay unique and usable afterwards.
func TestDeliveriesReadBackAsGiven(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		first := edgeDeliveries("A", 40, 9)
		second := edgeDeliveries("B", 30, 13) // persons 9–12 are new
		for _, f := range []struct {
			name string
			ds   []store.Delivery
		}{{"a.csv", first}, {"b.csv", second}} {
			sum := importDeliveries(t, s, f.name, f.ds)
			if sum.Accepted != len(f.ds) {
				t.Fatalf("%s: %+v", f.name, sum)
			}
			got := readDeliveries(t, s, sum.ImportID)
			if len(got) != len(f.ds) {
				t.Fatalf("%s: %d rows read back of %d", f.name, len(got), len(f.ds))
			}
			for i := range got {
				if got[i] != f.ds[i] {
					t.Fatalf("%s row %d read back as\n%+v\nwant\n%+v", f.name, i, got[i], f.ds[i])
				}
			}
		}
		var rows, ids, people, persons int
		var ordered bool
		s.DB().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT id) FROM deliveries`).Scan(&rows, &ids)
		s.DB().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT pseudonym) FROM pseudonyms`).Scan(&people, &persons)
		// Ids grow with the lines of a file: AcceptedByMonth and the
		// releases read an import's rows by id range.
		s.DB().QueryRow(`SELECT NOT EXISTS (SELECT 1 FROM deliveries a JOIN deliveries b ON a.import_id = b.import_id AND a.line < b.line AND a.id > b.id)`).Scan(&ordered)
		if rows != 70 || ids != 70 || people != 13 || persons != 13 || !ordered {
			t.Fatalf("%d rows with %d ids (in line order: %v), %d pseudonyms of %d persons; want 70, 70, true, 13, 13", rows, ids, ordered, people, persons)
		}
		// The sequences stand past every id given: a plain insert works.
		var p, d int64
		if err := s.DB().QueryRow(`INSERT INTO pseudonyms (pseudonym) VALUES ('hp1:test') RETURNING id`).Scan(&p); err != nil {
			t.Fatalf("pseudonym insert after the imports: %v", err)
		}
		if err := s.DB().QueryRow(`INSERT INTO deliveries (agb, referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line)
			VALUES ('75990000', 'C-1', 0, $1, 'wmo', '02', '02A05', 20250101, 20250128, 1, '04', 1, '', 'csv', 1, 1, 2) RETURNING id`, p).Scan(&d); err != nil {
			t.Fatalf("delivery insert after the imports: %v", err)
		}
	})
}

// A bulk load rolled back half way leaves the table, its keys and the
// sequences as they were: the next import is a bulk load again and works.
func TestBulkLoadRolledBack(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		im, err := s.BeginImport(ctx, store.ImportMeta{Kind: "deliveries", FileName: "half.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if err := im.AddDeliveries(ctx, edgeDeliveries("A", 20, 20)); err != nil {
			t.Fatal(err)
		}
		im.Rollback()
		var n, people int
		s.DB().QueryRow(`SELECT COUNT(*) FROM deliveries`).Scan(&n)
		s.DB().QueryRow(`SELECT COUNT(*) FROM pseudonyms`).Scan(&people)
		if n != 0 || people != 0 {
			t.Fatalf("after the rollback %d deliveries and %d pseudonyms stored", n, people)
		}
		ds := edgeDeliveries("A", 30, 7)
		ds = append(ds, ds[3]) // a repeat within the file: a duplicate
		ds[len(ds)-1].Line = 99
		sum := importDeliveries(t, s, "a.csv", ds)
		if sum.Accepted != 30 || sum.Duplicates != 1 {
			t.Fatalf("import after the rollback: %+v", sum)
		}
		if got := readDeliveries(t, s, sum.ImportID); len(got) != 30 || got[3] != ds[3] {
			t.Fatalf("read back %d rows", len(got))
		}
		if s.Dialect() == store.Postgres {
			var idx int
			s.DB().QueryRow(`SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'deliveries' AND indexname IN ('deliveries_pkey', 'deliveries_key', 'deliveries_person')`).Scan(&idx)
			if idx != 3 {
				t.Fatalf("%d of the 3 delivery indexes in place", idx)
			}
		}
		// The primary key is in force again.
		if _, err := s.DB().Exec(`INSERT INTO deliveries (id, agb, referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line)
			SELECT id, agb, 'X' || referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line FROM deliveries`); err == nil {
			t.Fatal("deliveries_pkey not in force after the bulk load")
		}
	})
}

// A bulk load into an empty deliveries table of a store that holds
// pseudonyms already (a municipality's first file in a shared store) finds
// the persons stored before rather than storing them twice.
func TestBulkLoadFindsStoredPersons(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		importDeliveries(t, s, "a.csv", edgeDeliveries("A", 20, 10))
		var before map[string]int64 = map[string]int64{}
		rows, err := s.DB().Query(`SELECT pseudonym, id FROM pseudonyms`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var p string
			var id int64
			rows.Scan(&p, &id)
			before[p] = id
		}
		rows.Close()
		if _, err := s.DB().Exec(`DELETE FROM deliveries`); err != nil {
			t.Fatal(err)
		}
		ds := edgeDeliveries("B", 40, 15) // persons 0–9 stored, 10–14 new
		sum := importDeliveries(t, s, "b.csv", ds)
		if sum.Accepted != 40 {
			t.Fatalf("%+v", sum)
		}
		got := readDeliveries(t, s, sum.ImportID)
		for i := range got {
			if got[i] != ds[i] {
				t.Fatalf("row %d read back as %+v, want %+v", i, got[i], ds[i])
			}
		}
		var people int
		s.DB().QueryRow(`SELECT COUNT(*) FROM pseudonyms`).Scan(&people)
		if people != 15 {
			t.Fatalf("%d pseudonyms stored, want 15", people)
		}
		for p, id := range before {
			var now int64
			s.DB().QueryRow(`SELECT id FROM pseudonyms WHERE pseudonym = $1`, p).Scan(&now)
			if now != id {
				t.Fatalf("person %s moved from id %d to %d", p, id, now)
			}
		}
	})
}

// A COPY the server refuses half way through a bulk load (here: text that
// is not UTF-8, which the parser never lets through) fails the import with
// the server's reason, stores nothing, and leaves the store usable.
func TestBulkLoadCopyRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		if s.Dialect() != store.Postgres {
			t.Skip("SQLite stores any bytes as text; only PostgreSQL refuses them")
		}
		ctx := context.Background()
		im, err := s.BeginImport(ctx, store.ImportMeta{Kind: "deliveries", FileName: "bad.csv"})
		if err != nil {
			t.Fatal(err)
		}
		ds := edgeDeliveries("A", 40, 40)
		ds[9].Toewijzing = "\xff\xfe"
		for len(ds) > 0 && err == nil {
			n := min(len(ds), 7)
			err = im.AddDeliveries(ctx, ds[:n])
			ds = ds[n:]
		}
		if err == nil {
			_, err = im.Commit(ctx)
		} else {
			im.Rollback()
		}
		if err == nil || !strings.Contains(err.Error(), "UTF8") {
			t.Fatalf("import of a row the server refuses: err = %v, want the server's reason", err)
		}
		var n, people int
		s.DB().QueryRow(`SELECT COUNT(*) FROM deliveries`).Scan(&n)
		s.DB().QueryRow(`SELECT COUNT(*) FROM pseudonyms`).Scan(&people)
		if n != 0 || people != 0 {
			t.Fatalf("after the refused import %d deliveries and %d pseudonyms stored", n, people)
		}
		if sum := importDeliveries(t, s, "a.csv", edgeDeliveries("A", 40, 40)); sum.Accepted != 40 {
			t.Fatalf("import after the refused one: %+v", sum)
		}
	})
}
