package importer

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// TestGemeenten imports the same referenties for two gemeenten: they are
// two rows each (a referentie is unique per provider per gemeente), a
// file sent again for its gemeente is all duplicates, a conflict names
// the stored line and its file, and on PostgreSQL each gemeente has its
// own partition, made by a bulk load.
func TestGemeenten(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		b, c := kluis.SyntheticBSN(11), kluis.SyntheticBSN(12)
		file := deliveryHeader + deliveryLine("R1", b, 100) + deliveryLine("R2", c, 200) + deliveryLine("R3", b, 300)
		load := func(name, body, gemeente string) store.Summary {
			t.Helper()
			sum, err := imp.Import(ctx, "deliveries", name, strings.NewReader(body), Source{Gemeente: gemeente})
			if err != nil {
				t.Fatal(err)
			}
			return sum
		}
		if sum := load("a.csv", file, "GM0642"); sum.Accepted != 3 {
			t.Fatalf("a.csv for GM0642: %+v", sum)
		}
		if sum := load("a.csv", file, "GM0642"); sum.Accepted != 0 || sum.Duplicates != 3 {
			t.Fatalf("a.csv again for GM0642: %+v, want 3 duplicates", sum)
		}
		if sum := load("b.csv", file, "GM0531"); sum.Accepted != 3 || sum.Duplicates != 0 {
			t.Fatalf("the same referenties for GM0531: %+v, want 3 new rows", sum)
		}
		sum := load("c.csv", deliveryHeader+deliveryLine("R2", c, 999), "GM0642")
		if sum.Rejected != 1 || !strings.Contains(sum.Rejections[0].Reason, "regel 3 van a.csv") {
			t.Fatalf("a conflict in GM0642: %+v, want one naming line 3 of a.csv", sum)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM deliveries WHERE referentie = 'R1'`); n != 2 {
			t.Fatalf("R1 stored %d times, want once per gemeente", n)
		}
		for g, want := range map[string]int{"GM0642": 3, "GM0531": 3, "": 0} {
			if n := count(t, s, `SELECT COUNT(*) FROM deliveries WHERE gemeente = '`+g+`'`); n != want {
				t.Errorf("gemeente %q holds %d deliveries, want %d", g, n, want)
			}
		}
		if n := count(t, s, `SELECT COUNT(*) FROM imports WHERE gemeente = 'GM0642'`); n != 3 {
			t.Errorf("%d imports recorded for GM0642, want 3", n)
		}
		if s.Dialect() != store.Postgres {
			return
		}
		parts, err := s.DeliveryPartitions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"deliveries_default": "", "deliveries_gm0642": "GM0642", "deliveries_gm0531": "GM0531"}
		if fmt.Sprint(parts) != fmt.Sprint(want) {
			t.Fatalf("partitions (pg_inherits) %v, want %v", parts, want)
		}
		for p := range want {
			if p == "deliveries_default" {
				continue
			}
			// Built by the bulk load and adopted by ATTACH: the key, the
			// person index and the primary key, and no second copy.
			ixs := strings.Join(partitionIndexes(t, s, p), ",")
			if ixs != p+"_key,"+p+"_person,"+p+"_pkey" {
				t.Errorf("indexes of %s: %s", p, ixs)
			}
			if n := count(t, s, `SELECT COUNT(*) FROM `+p); n != 3 {
				t.Errorf("%s holds %d rows, want 3", p, n)
			}
		}
	})
}

func partitionIndexes(t *testing.T, s *store.Store, table string) []string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY indexname`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		out = append(out, n)
	}
	return out
}

// TestBulkLoadKeepsOtherGemeentenReadable loads a new gemeente's first file
// (a bulk load into its own table) while another gemeente holds rows: in
// the middle of the load another connection reads deliveries without
// waiting, and sees none of the rows not yet committed.
func TestBulkLoadKeepsOtherGemeentenReadable(t *testing.T) {
	s, _ := storetest.OpenPostgres(t) // partitions are PostgreSQL's; skips visibly without it
	ctx := context.Background()
	imp := New(s, testKluis())
	first := deliveryHeader + deliveryLine("R1", kluis.SyntheticBSN(1), 100) + deliveryLine("R2", kluis.SyntheticBSN(2), 200)
	if _, err := imp.Import(ctx, "deliveries", "a.csv", strings.NewReader(first), Source{Gemeente: "GM0642"}); err != nil {
		t.Fatal(err)
	}
	var big strings.Builder
	big.WriteString(deliveryHeader)
	for i := 0; i < 3*chunkSize; i++ {
		big.WriteString(deliveryLine(fmt.Sprintf("B%06d", i), kluis.SyntheticBSN(100+i%500), 1000+i))
	}
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SET statement_timeout = '5s'`); err != nil {
		t.Fatal(err)
	}
	var seen []string
	afterChunk = func() {
		var own, all int
		err1 := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries WHERE gemeente = 'GM0642'`).Scan(&own)
		err2 := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries`).Scan(&all)
		seen = append(seen, fmt.Sprintf("%d/%d/%v/%v", own, all, err1, err2))
	}
	defer func() { afterChunk = nil }()
	sum, err := imp.Import(ctx, "deliveries", "groot.csv", strings.NewReader(big.String()), Source{Gemeente: "GM0531"})
	if err != nil {
		t.Fatal(err)
	}
	afterChunk = nil
	if sum.Accepted != 3*chunkSize {
		t.Fatalf("bulk load: %+v", sum)
	}
	if len(seen) < 2 {
		t.Fatalf("read during the load %d times, want one per chunk", len(seen))
	}
	for _, r := range seen {
		if r != "2/2/<nil>/<nil>" {
			t.Fatalf("a read during the load of GM0531 gave %s (GM0642 rows/all rows/errors), want 2/2 at once", r)
		}
	}
	if ixs := strings.Join(partitionIndexes(t, s, "deliveries_gm0531"), ","); ixs != "deliveries_gm0531_key,deliveries_gm0531_person,deliveries_gm0531_pkey" {
		t.Fatalf("the new partition's indexes: %s", ixs)
	}
	again, err := imp.Import(ctx, "deliveries", "groot.csv", strings.NewReader(big.String()), Source{Gemeente: "GM0531"})
	if err != nil || again.Duplicates != 3*chunkSize {
		t.Fatalf("the same file again: %+v %v", again, err)
	}
}

// TestXMLGemeente: a JW323's Ontvanger is the file's gemeente, and a file
// addressed to another gemeente than the sender names is refused whole.
func TestXMLGemeente(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		body := xmlFile(t, "jw323_credit.xml") // Ontvanger 0363
		_, err := imp.Import(ctx, "deliveries", "jw323.xml", strings.NewReader(body), Source{Gemeente: "GM0642"})
		if err == nil || !strings.Contains(err.Error(), "Ontvanger 0363") || !strings.Contains(err.Error(), "GM0642") || !strings.Contains(err.Error(), "Nothing of the file was stored") {
			t.Fatalf("a JW323 for GM0363 uploaded for GM0642: err = %v, want a refusal naming both", err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM imports`) + count(t, s, `SELECT COUNT(*) FROM deliveries`); n != 0 {
			t.Fatalf("a refused file left %d rows", n)
		}
		sum, err := imp.Import(ctx, "deliveries", "jw323.xml", strings.NewReader(body), Source{})
		if err != nil || sum.Accepted != 5 {
			t.Fatalf("JW323: %+v %v", sum, err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM deliveries WHERE gemeente = 'GM0363'`); n != 5 {
			t.Fatalf("%d of 5 deliveries stored for GM0363 (the Ontvanger)", n)
		}
		var g string
		s.DB().QueryRow(`SELECT gemeente FROM imports`).Scan(&g)
		if g != "GM0363" {
			t.Fatalf("import recorded for gemeente %q, want GM0363", g)
		}
		if sum, err := imp.Import(ctx, "deliveries", "jw323.xml", strings.NewReader(body), Source{Gemeente: "GM0363"}); err != nil || sum.Duplicates != 5 {
			t.Fatalf("the same JW323 for its own gemeente: %+v %v", sum, err)
		}
	})
}

// TestDefaultGemeente: without --gemeente a CSV is for the instance's only
// gemeente, and for none ("") in a region.
func TestDefaultGemeente(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		area := func(code string) {
			if _, err := s.DB().Exec(`INSERT INTO areas (code, level, name, import_id) VALUES ($1, 'gemeente', $2, 0)`, code, "Gemeente "+code[2:]); err != nil {
				t.Fatal(err)
			}
		}
		gemeenteOf := func(ref string) string {
			var g sql.NullString
			s.DB().QueryRow(`SELECT gemeente FROM deliveries WHERE referentie = $1`, ref).Scan(&g)
			return g.String
		}
		area("GM0642")
		if _, err := imp.Import(ctx, "deliveries", "a.csv", strings.NewReader(deliveryHeader+deliveryLine("R1", kluis.SyntheticBSN(3), 1)), Source{}); err != nil {
			t.Fatal(err)
		}
		if g := gemeenteOf("R1"); g != "GM0642" {
			t.Fatalf("in a one-gemeente instance a CSV went to %q, want GM0642", g)
		}
		area("GM0531")
		if _, err := imp.Import(ctx, "deliveries", "b.csv", strings.NewReader(deliveryHeader+deliveryLine("R2", kluis.SyntheticBSN(3), 1)), Source{}); err != nil {
			t.Fatal(err)
		}
		if g := gemeenteOf("R2"); g != "" {
			t.Fatalf("in a region a CSV without --gemeente went to %q, want \"\"", g)
		}
		if _, err := imp.Import(ctx, "deliveries", "c.csv", strings.NewReader(deliveryHeader), Source{Gemeente: "0642"}); err == nil || !strings.Contains(err.Error(), "GM0642") {
			t.Fatalf("a gemeente without GM: err = %v, want a refusal", err)
		}
	})
}

// TestKillMidImportPostgres kills a child process half-way through a new
// gemeente's first file on PostgreSQL — a bulk load into a table made in
// the import's transaction — and checks that nothing of it is left: no
// rows, no import, no table, no partition; then imports it to completion.
func TestKillMidImportPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process; skipped with -short")
	}
	url := storetest.PostgresURL(t) // skips visibly without PostgreSQL
	dir := t.TempDir()
	file := filepath.Join(dir, "groot.csv")
	writeBigFile(t, file, 60000)
	keyFile := filepath.Join(dir, "keys.json")
	k, err := kluis.Open(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	small := deliveryHeader + deliveryLine("K1", kluis.SyntheticBSN(1), 5)
	if _, err := New(s, k).Import(ctx, "deliveries", "klein.csv", strings.NewReader(small), Source{Gemeente: "GM0642"}); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "ONTSCHOT_TEST_CHILD_IMPORT=1", "CHILD_DB="+url, "CHILD_KEYS="+keyFile, "CHILD_FILE="+file, "CHILD_GEMEENTE=GM0531")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	chunks := 0
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		if sc.Text() == "CHUNK" {
			if chunks++; chunks == 5 {
				cmd.Process.Kill() // SIGKILL: the server rolls the transaction back when the connection drops
				break
			}
		}
	}
	cmd.Wait()
	if chunks < 5 {
		t.Fatalf("child wrote only %d chunks before it ended", chunks)
	}
	// The next import waits for the killed one's transaction to end (the
	// import lock), so after it the state is settled; first look without it.
	var loadTable sql.NullString
	s.DB().QueryRow(`SELECT to_regclass('deliveries_gm0531')::text`).Scan(&loadTable)
	if n := count(t, s, `SELECT COUNT(*) FROM deliveries`) + 10*count(t, s, `SELECT COUNT(*) FROM imports`); n != 11 || loadTable.Valid {
		t.Fatalf("after the kill: deliveries + 10×imports = %d (want 11: only the small file), table deliveries_gm0531 %v", n, loadTable.String)
	}
	sum, err := New(s, k).Import(ctx, "deliveries", "groot.csv", mustOpen(t, file), Source{Gemeente: "GM0531"})
	if err != nil || sum.Accepted != 60000 {
		t.Fatalf("re-run: %+v %v", sum, err)
	}
	parts, err := s.DeliveryPartitions(ctx)
	if err != nil || len(parts) != 3 || parts["deliveries_gm0531"] != "GM0531" {
		t.Fatalf("partitions after the re-run: %v %v", parts, err)
	}
	if sum, err = New(s, k).Import(ctx, "deliveries", "groot.csv", mustOpen(t, file), Source{Gemeente: "GM0531"}); err != nil || sum.Duplicates != 60000 {
		t.Fatalf("second run: %+v, %v", sum, err)
	}
}

func mustOpen(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
