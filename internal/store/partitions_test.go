package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// TestUpgradeTo021 fills a store of schema 020 with deliveries and applies
// migration 021: every row and its key stay, the rows get the instance's
// gemeente when the areas hold one (a file sent again after the upgrade
// is still all duplicates) and "" in a region, and new rows get ids above
// the old ones.
func TestUpgradeTo021(t *testing.T) {
	for _, c := range []struct {
		name  string
		areas []string // gemeente-level areas
		want  string
	}{
		{"one gemeente", []string{"GM0642"}, "GM0642"},
		{"a region", []string{"GM0642", "GM0531"}, ""},
	} {
		for _, engine := range []string{"sqlite", "postgres"} {
			t.Run(c.name+"/"+engine, func(t *testing.T) {
				var url string
				if engine == "sqlite" {
					url = filepath.Join(t.TempDir(), "ontschot.db")
				} else {
					url = storetest.PostgresURL(t) // skips visibly without PostgreSQL
				}
				upgrade021(t, url, c.areas, c.want)
			})
		}
	}
}

func upgrade021(t *testing.T, url string, areas []string, want string) {
	ctx := context.Background()
	restore := store.MigrateUpTo("020_delivery_key_order")
	old, err := store.Open(ctx, url)
	restore()
	if err != nil {
		t.Fatal(err)
	}
	exec := func(s *store.Store, q string, args ...any) {
		t.Helper()
		if _, err := s.DB().Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(old, `INSERT INTO imports (kind, file_name, file_sha256, format, created_at) VALUES ('deliveries', 'oud.csv', '', 'csv', '2026-01-01')`)
	for _, g := range areas {
		exec(old, `INSERT INTO areas (code, level, name, import_id) VALUES ($1, 'gemeente', $2, 1)`, g, "Gemeente "+g[2:])
	}
	exec(old, `INSERT INTO pseudonyms (pseudonym) VALUES ('hp1:test-a'), ('hp1:test-b')`)
	for i, ref := range []string{"R1", "R2", "R3"} {
		exec(old, `INSERT INTO deliveries (agb, referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line)
			VALUES ('12345678', $1, 0, $2, 'jeugdwet', '45', '45A48', 20250301, 20250331, 10, '04', $3, '', 'csv', $4, 1, $5)`, ref, 1+i%2, 100*(i+1), int64(1000+i), i+2)
	}
	old.Close()

	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatalf("migration 021 on a store with data: %v", err)
	}
	defer s.Close()
	rows, err := s.DB().Query(`SELECT id, referentie, gemeente, content_hash FROM deliveries ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id, hash int64
		var ref, g string
		if err := rows.Scan(&id, &ref, &g, &hash); err != nil {
			t.Fatal(err)
		}
		if g != want {
			t.Errorf("row %s has gemeente %q after the upgrade, want %q", ref, g, want)
		}
		got = append(got, ref)
		if id != int64(len(got)) || hash != int64(999+len(got)) {
			t.Errorf("row %s: id %d hash %d, want id %d hash %d", ref, id, hash, len(got), 999+len(got))
		}
	}
	rows.Close()
	if strings.Join(got, ",") != "R1,R2,R3" {
		t.Fatalf("rows after the upgrade: %v, want R1,R2,R3", got)
	}
	var ig string
	s.DB().QueryRow(`SELECT gemeente FROM imports WHERE id = 1`).Scan(&ig)
	if ig != want {
		t.Errorf("the old import has gemeente %q, want %q", ig, want)
	}
	if s.Dialect() == store.Postgres {
		parts, err := s.DeliveryPartitions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		name := "deliveries_default"
		if want != "" {
			name = "deliveries_" + strings.ToLower(want)
		}
		var n int
		s.DB().QueryRow(`SELECT COUNT(*) FROM ` + name).Scan(&n)
		if _, ok := parts[name]; !ok || n != 3 {
			t.Fatalf("partitions %v; %s holds %d rows, want 3", parts, name, n)
		}
	}

	// The same rows sent again are duplicates; a new one is stored above
	// the old ids; the key is in force.
	im, err := s.BeginImport(ctx, store.ImportMeta{Kind: "deliveries", FileName: "opnieuw.csv", Format: "csv", Channel: "cli", Gemeente: want})
	if err != nil {
		t.Fatal(err)
	}
	batch := []store.Delivery{
		{Line: 2, AGB: "12345678", Referentie: "R1", Person: "hp1:test-b", Geldstroom: "jeugdwet", Categorie: "45", Productcode: "45A48", Begin: 20250301, Eind: 20250331, Volume: 10, Eenheid: "04", Bedrag: 100, Bron: "csv", Hash: 1000},
		{Line: 3, AGB: "12345678", Referentie: "R4", Person: "hp1:test-a", Geldstroom: "jeugdwet", Categorie: "45", Productcode: "45A48", Begin: 20250301, Eind: 20250331, Volume: 10, Eenheid: "04", Bedrag: 400, Bron: "csv", Hash: 1003},
	}
	if err := im.AddDeliveries(ctx, batch); err != nil {
		im.Rollback()
		t.Fatal(err)
	}
	sum, err := im.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Accepted != 1 || sum.Duplicates != 1 {
		t.Fatalf("after the upgrade: %+v, want 1 accepted (R4) and 1 duplicate (R1)", sum)
	}
	var newID int64
	s.DB().QueryRow(`SELECT id FROM deliveries WHERE referentie = 'R4'`).Scan(&newID)
	if newID <= 3 {
		t.Fatalf("a new row got id %d, not above the old ones", newID)
	}
	if _, err := s.DB().Exec(`INSERT INTO deliveries (agb, referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line, gemeente)
		SELECT agb, referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line, gemeente FROM deliveries WHERE referentie = 'R2'`); err == nil {
		t.Fatal("deliveries_key not in force after the upgrade")
	}
}
