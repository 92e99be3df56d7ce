package access_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// TestKeyRotationMigratesStore rotates the keys of the fixture
// municipality, imports the next BRP extract (old and new pseudonyms side
// by side), migrates the store and destroys the old key: no old-version
// pseudonym is left in any table, households, assignments and plans
// resolve, and a delivery imported afterwards links to the same people.
func TestKeyRotationMigratesStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		f := accesstest.Seed(t, st)
		// The fixture's keys in a key file, so they can rotate.
		keyPath := filepath.Join(t.TempDir(), kluis.KeyFileName)
		kf, _ := json.Marshal(map[string]any{"keys": map[string]any{
			"person":  []any{map[string]any{"version": 1, "key": []byte("person-key-for-tests-0123456789ab")}},
			"address": []any{map[string]any{"version": 1, "key": []byte("address-key-for-tests-0123456789")}},
		}})
		if err := os.WriteFile(keyPath, kf, 0o600); err != nil {
			t.Fatal(err)
		}
		k, err := kluis.Open(keyPath)
		if err != nil {
			t.Fatal(err)
		}
		if k.Pseudonym(kluis.Person, accesstest.BSN(1)) != f.A1 {
			t.Fatal("key file does not reproduce the fixture's pseudonyms")
		}
		imp := importer.New(st, k)
		pro := f.Users[access.Professional]
		member := f.Users[access.Member]
		// Personal data keyed by pseudonyms: a plan, feedback, audit records.
		if _, err := access.DecideAndWrite(ctx, st, pro, access.Write, access.Resource(access.KindHousehold, f.HouseholdA), "test", func(w *store.PersonalWriter) error {
			return w.SavePlan(ctx, f.HouseholdA, "Plan voor gezin A", pro.Username)
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := access.DecideAndWrite(ctx, st, member, access.Feedback, access.Resource("person", f.AChild), "test", func(w *store.PersonalWriter) error {
			_, err := w.InsertFeedback(ctx, store.Feedback{Author: member.Username, Subject: f.AChild, AGB: accesstest.AGB1, Score: 4, Body: "goed"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		maskedRef := k.MaskKey("ref-" + accesstest.BSN(3))

		if _, err := k.Rotate(kluis.Person); err != nil {
			t.Fatal(err)
		}
		if _, err := k.Rotate(kluis.Address); err != nil {
			t.Fatal(err)
		}
		brp := "bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,geheim_adres,peildatum,gezag_over\n" +
			fmt.Sprintf("%s,1980-03-01,1234AB,1,,,0,2025-06-30,%s\n", accesstest.BSN(1), accesstest.BSN(3)) +
			fmt.Sprintf("%s,1982-05-01,1234AB,1,,,0,2025-06-30,\n", accesstest.BSN(2)) +
			fmt.Sprintf("%s,2015-07-01,1234AB,1,,,0,2025-06-30,\n", accesstest.BSN(3)) +
			fmt.Sprintf("%s,1970-01-01,1234AB,2,,,0,2025-06-30,%s\n", accesstest.BSN(4), accesstest.BSN(5)) +
			fmt.Sprintf("%s,2012-02-02,1234AB,2,,,0,2025-06-30,\n", accesstest.BSN(5)) +
			fmt.Sprintf("%s,1950-09-09,1234AC,5,,,0,2025-06-30,\n", accesstest.BSN(6)) +
			fmt.Sprintf("%s,1990-10-10,1234AC,9,,,1,2025-06-30,\n", accesstest.BSN(7))
		if sum, err := imp.Import(ctx, "brp", "brp-2025.csv", strings.NewReader(brp), importer.Source{}); err != nil || sum.Rejected > 0 {
			t.Fatalf("brp after rotation: %+v %v", sum, err)
		}
		// A delivery that arrives between rotation and migration is stored
		// under the new pseudonym while the older ones hold the old: the
		// migration must join them, not break the pseudonyms' unique key.
		between := "agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n" +
			fmt.Sprintf("%s,R8,%s,jeugdwet,45,45A01,2025-06-01,2025-06-30,10,04,125000,D\n", accesstest.AGB1, accesstest.BSN(3))
		if sum, err := imp.Import(ctx, "deliveries", "juni.csv", strings.NewReader(between), importer.Source{}); err != nil || sum.Accepted != 1 {
			t.Fatalf("delivery between rotation and migration: %+v %v", sum, err)
		}
		res, err := access.MigratePseudonyms(ctx, st, []string{"hp1", "ha1"})
		if err != nil {
			t.Fatalf("migrate: %v (%+v)", err, res)
		}
		if res.Unlinked != 0 || res.Columns["pseudonyms.pseudonym"] == 0 || res.Columns["assignments.household"] == 0 || res.Columns["audit_log.client"] == 0 || res.Columns["feedback.subject"] == 0 {
			t.Fatalf("migration report: %+v", res)
		}
		if _, err := k.Retire(); err != nil {
			t.Fatal(err)
		}
		if len(k.OldVersions(kluis.Person)) != 0 || k.MaskKey("ref-"+accesstest.BSN(3)) != maskedRef {
			t.Fatal("after retiring: old versions remain or masked keys changed")
		}
		data, _ := os.ReadFile(keyPath)
		var file struct {
			Keys map[string][]struct{ Version int } `json:"keys"`
		}
		json.Unmarshal(data, &file)
		if len(file.Keys["person"]) != 1 || file.Keys["person"][0].Version != 2 || len(file.Keys["address"]) != 1 {
			t.Fatalf("old keys not destroyed: %s", data)
		}

		// Scan every text column of every table: no old label anywhere.
		for _, hit := range scanAll(t, st, "hp1:", "ha1:") {
			t.Errorf("old-version pseudonym left in %s", hit)
		}
		if rep, err := access.VerifyAudit(ctx, st); err != nil || !rep.OK {
			t.Fatalf("audit chain after re-sealing: %+v %v", rep, err)
		}

		p := func(n int) string { return k.Pseudonym(kluis.Person, accesstest.BSN(n)) }
		hhA, err := st.HouseholdOf(ctx, p(1), access.Today())
		if err != nil || !strings.HasPrefix(hhA, "ha2:") {
			t.Fatalf("household of A1 after migration: %q %v", hhA, err)
		}
		// The assignment and the plan follow the household.
		var plan string
		d, err := access.DecideAndRead(ctx, st, pro, access.Read, access.Resource(access.KindHousehold, hhA), "test", func(r *store.PersonalReader) error {
			doc, err := r.Plan(ctx, hhA)
			plan = doc.Body
			return err
		})
		if err != nil || !d.Allowed || plan != "Plan voor gezin A" {
			t.Fatalf("assigned household after migration: allowed=%v plan=%q err=%v", d.Allowed, plan, err)
		}
		// A delivery imported now links to the same child as before.
		del := "agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n" +
			fmt.Sprintf("%s,R9,%s,jeugdwet,45,45A01,2025-07-01,2025-07-31,10,04,125000,D\n", accesstest.AGB1, accesstest.BSN(3))
		if sum, err := imp.Import(ctx, "deliveries", "juli.csv", strings.NewReader(del), importer.Source{}); err != nil || sum.Accepted != 1 {
			t.Fatalf("delivery after migration: %+v %v", sum, err)
		}
		var n int
		if err := st.DB().QueryRowContext(ctx, `SELECT count(*) FROM deliveries d JOIN pseudonyms p ON p.id = d.person_id WHERE p.pseudonym = $1`, p(3)).Scan(&n); err != nil || n != 5 {
			t.Fatalf("deliveries of the child under the new pseudonym: %d (want 3 old + 1 between + 1 new), %v", n, err)
		}
	})
}

// scanAll returns table.column for every text value holding one of labels.
func scanAll(t *testing.T, st *store.Store, labels ...string) []string {
	t.Helper()
	ctx := context.Background()
	q := `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'`
	if st.Dialect() == store.Postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`
	}
	rows, err := st.DB().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var a, b string
		rows.Scan(&a, &b)
		cols = append(cols, [2]string{a, b})
	}
	rows.Close()
	if len(cols) < 40 {
		t.Fatalf("only %d columns found", len(cols))
	}
	var hits []string
	for _, c := range cols {
		for _, l := range labels {
			var n int
			if err := st.DB().QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM %s WHERE CAST(%s AS TEXT) LIKE $1`, c[0], c[1]), "%"+l+"%").Scan(&n); err != nil {
				t.Fatalf("%s.%s: %v", c[0], c[1], err)
			}
			if n > 0 {
				hits = append(hits, fmt.Sprintf("%s.%s (%d)", c[0], c[1], n))
			}
		}
	}
	return hits
}
