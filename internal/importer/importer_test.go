package importer

import (
	"bufio"
	"bytes"
	"context"
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

func TestMain(m *testing.M) {
	if os.Getenv("ONTSCHOT_TEST_CHILD_IMPORT") != "" {
		childImport()
		return
	}
	storetest.Main(m)
}

func testKluis() *kluis.Kluis {
	return kluis.New(bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{9}, 32))
}

const deliveryHeader = "agb;referentie;bsn;geldstroom;categorie;productcode;begindatum;einddatum;volume;eenheid;bedrag_cent;debet_credit;toewijzing\n"

func deliveryLine(ref string, bsn string, amount int) string {
	return fmt.Sprintf("12345678;%s;%s;jeugdwet;45;45A48;2025-03-01;2025-03-31;10;04;%d;D;TW1\n", ref, bsn, amount)
}

func TestImportPseudonymisesEverything(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, path string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		var bsns []string
		var brp, del strings.Builder
		brp.WriteString("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n")
		del.WriteString(deliveryHeader)
		for i := 0; i < 40; i++ {
			parent, child := kluis.SyntheticBSN(2*i), kluis.SyntheticBSN(2*i+1)
			bsns = append(bsns, parent, child)
			fmt.Fprintf(&brp, "%s,1980-01-01,3331AB,%d,,,,%s,0,2024-12-31\n", parent, i+1, child)
			fmt.Fprintf(&brp, "%s,2015-06-01,3331AB,%d,,,,,0,2024-12-31\n", child, i+1)
			del.WriteString(deliveryLine(fmt.Sprintf("R%d", i), child, 10000+i))
		}
		// A secret address: registered but never linked.
		secret := kluis.SyntheticBSN(1000)
		bsns = append(bsns, secret)
		fmt.Fprintf(&brp, "%s,1990-01-01,,,,,,,1,2024-12-31\n", secret)
		// A bad BSN must not be echoed in full.
		del.WriteString(deliveryLine("BAD", "123456789", 1))
		sum, err := imp.Import(ctx, "brp", "brp.csv", strings.NewReader(brp.String()), Source{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Accepted != 81 || sum.Rejected != 0 {
			t.Fatalf("brp: %+v", sum)
		}
		sum, err = imp.Import(ctx, "deliveries", "lev.csv", strings.NewReader(del.String()), Source{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Accepted != 40 || sum.Rejected != 1 {
			t.Fatalf("deliveries: %+v", sum)
		}
		for _, r := range sum.Rejections {
			if strings.Contains(r.Reason, "123456789") || strings.Contains(r.ReasonEN, "123456789") {
				t.Fatalf("rejection prints a full BSN: %+v", r)
			}
		}
		for _, text := range dumpDatabase(t, s, path) {
			for _, b := range append(bsns, "123456789", "3331AB") {
				if b == "3331AB" {
					continue // pc6 is kept on purpose for blok clustering
				}
				if strings.Contains(text, b) {
					t.Fatalf("the database holds BSN %s", kluis.MaskBSN(b))
				}
			}
		}
	})
}

// dumpDatabase returns the raw bytes of the SQLite files, or a text dump of
// every PostgreSQL table.
func dumpDatabase(t *testing.T, s *store.Store, path string) []string {
	t.Helper()
	if s.Dialect() == store.SQLite {
		var out []string
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			b, err := os.ReadFile(path + suffix)
			if err == nil {
				out = append(out, string(b))
			}
		}
		if len(out) == 0 {
			t.Fatal("no database files found")
		}
		return out
	}
	tables, err := s.Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, tbl := range tables {
		rows, err := s.DB().Query(`SELECT t::text FROM ` + tbl + ` t`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var line string
			rows.Scan(&line)
			b.WriteString(line)
			b.WriteByte('\n')
		}
		rows.Close()
	}
	if b.Len() == 0 {
		t.Fatal("empty dump")
	}
	return []string{b.String()}
}

func TestImportIdempotentAndConflicts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, path string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		b := kluis.SyntheticBSN(5)
		file := deliveryHeader + deliveryLine("R1", b, 100) + deliveryLine("R2", b, 200) +
			strings.Replace(deliveryLine("R1", b, 100), ";D;", ";C;", 1) + // credit of R1: valid
			deliveryLine("R2", b, 999) // same reference, other content: conflict
		sum, err := imp.Import(ctx, "deliveries", "a.csv", strings.NewReader(file), Source{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rows != 4 || sum.Accepted != 3 || sum.Duplicates != 0 || sum.Rejected != 1 || sum.Rejections[0].Line != 5 || sum.Rejections[0].Field != "referentie" {
			t.Fatalf("first import: %+v", sum)
		}
		sum, err = imp.Import(ctx, "deliveries", "a.csv", strings.NewReader(file), Source{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Accepted != 0 || sum.Duplicates != 3 || sum.Rejected != 1 {
			t.Fatalf("second import: %+v", sum)
		}
		var n int
		s.DB().QueryRow(`SELECT COUNT(*) FROM deliveries`).Scan(&n)
		if n != 3 {
			t.Fatalf("%d deliveries stored, want 3", n)
		}
		// A provider may only upload its own rows.
		other := deliveryHeader + strings.Replace(deliveryLine("R9", b, 5), "12345678", "87654321", 1)
		sum, err = imp.Import(ctx, "deliveries", "b.csv", strings.NewReader(other), Source{UploadedBy: "p", AGB: "12345678"})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rejected != 1 || sum.Rejections[0].Field != "agb" {
			t.Fatalf("foreign AGB accepted: %+v", sum)
		}
	})
}

func TestBadHeaderRefusesFile(t *testing.T) {
	s, _ := storetest.OpenSQLite(t)
	imp := New(s, testKluis())
	_, err := imp.Import(context.Background(), "deliveries", "x.csv", strings.NewReader("agb,ref,bsn\n1,2,3\n"), Source{})
	if err == nil || !strings.Contains(err.Error(), "verwacht: agb") {
		t.Fatalf("err = %v, want a refusal listing the expected header", err)
	}
	var n int
	s.DB().QueryRow(`SELECT COUNT(*) FROM imports`).Scan(&n)
	if n != 0 {
		t.Fatalf("a refused file left %d import records", n)
	}
}

// TestKillMidImport kills a child process half-way through a large import
// and checks that nothing of that file was stored, then imports it again
// to completion.
func TestKillMidImport(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process; skipped with -short")
	}
	t.Run("after a committed file", func(t *testing.T) { killMidImport(t, true) })
	// Into an empty store the import is a bulk load: its indexes are
	// dropped inside the transaction, and a kill must bring them back.
	t.Run("bulk load into an empty store", func(t *testing.T) { killMidImport(t, false) })
}

func killMidImport(t *testing.T, first bool) {
	dir := t.TempDir()
	file := filepath.Join(dir, "groot.csv")
	writeBigFile(t, file, 60000)
	db := filepath.Join(dir, "ontschot.db")
	keyFile := filepath.Join(dir, "keys.json")
	if _, err := kluis.Open(keyFile); err != nil {
		t.Fatal(err)
	}
	// A first, small import commits, so the file has committed data too.
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := kluis.Open(keyFile)
	want := 0
	if first {
		if _, err := New(s, k).Import(context.Background(), "deliveries", "klein.csv", strings.NewReader(deliveryHeader+deliveryLine("K1", kluis.SyntheticBSN(1), 5)), Source{}); err != nil {
			t.Fatal(err)
		}
		want = 1
	}
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "ONTSCHOT_TEST_CHILD_IMPORT=1", "CHILD_DB="+db, "CHILD_KEYS="+keyFile, "CHILD_FILE="+file)
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
			chunks++
			if chunks == 5 {
				cmd.Process.Kill() // SIGKILL: no chance to roll back or clean up
				break
			}
		}
	}
	cmd.Wait()
	if chunks < 5 {
		t.Fatalf("child wrote only %d chunks before it ended", chunks)
	}
	s, err = store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n, imports int
	s.DB().QueryRow(`SELECT COUNT(*) FROM deliveries`).Scan(&n)
	s.DB().QueryRow(`SELECT COUNT(*) FROM imports`).Scan(&imports)
	if n != want || imports != want {
		t.Fatalf("after the kill: %d deliveries and %d imports stored, want only the first small file (%d, %d)", n, imports, want, want)
	}
	var indexes int
	s.DB().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('deliveries_key', 'deliveries_person')`).Scan(&indexes)
	if indexes != 2 {
		t.Fatalf("after the kill: %d of the 2 deliveries indexes present", indexes)
	}
	sum, err := New(s, k).ImportFile(context.Background(), "deliveries", file)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Accepted != 60000 {
		t.Fatalf("re-run: %+v", sum)
	}
	if sum, err = New(s, k).ImportFile(context.Background(), "deliveries", file); err != nil || sum.Duplicates != 60000 {
		t.Fatalf("second run: %+v, %v", sum, err)
	}
}

func writeBigFile(t *testing.T, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(deliveryHeader)
	for i := 0; i < n; i++ {
		w.WriteString(deliveryLine(fmt.Sprintf("G%07d", i), kluis.SyntheticBSN(i%5000), 1000+i))
	}
	w.Flush()
	f.Close()
}

// childImport is the child process of TestKillMidImport: it imports slowly,
// saying CHUNK after each chunk written into the open transaction.
func childImport() {
	s, err := store.Open(context.Background(), os.Getenv("CHILD_DB"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	k, err := kluis.Open(os.Getenv("CHILD_KEYS"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	afterChunk = func() {
		fmt.Println("CHUNK")
		time.Sleep(50 * time.Millisecond)
	}
	imp := New(s, k)
	imp.Gemeente = os.Getenv("CHILD_GEMEENTE")
	imp.ImportFile(context.Background(), "deliveries", os.Getenv("CHILD_FILE"))
	os.Exit(0)
}

// TestBulkLoadRepeats imports into an empty store (the bulk path, which
// builds the indexes after the rows) a file that repeats rows, and checks
// that repeats are classified as the row-by-row path does, that the key is
// in force afterwards, and that a second file takes the row-by-row path.
func TestBulkLoadRepeats(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, path string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		b, c := kluis.SyntheticBSN(7), kluis.SyntheticBSN(8)
		file := deliveryHeader + deliveryLine("R1", b, 100) + deliveryLine("R2", c, 200) +
			deliveryLine("R1", b, 100) + // line 4: the same row again: duplicate
			deliveryLine("R2", c, 300) + // line 5: same key, other content: conflict with line 3
			deliveryLine("R2", c, 200) // line 6: duplicate
		sum, err := imp.Import(ctx, "deliveries", "a.csv", strings.NewReader(file), Source{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rows != 5 || sum.Accepted != 2 || sum.Duplicates != 2 || sum.Rejected != 1 ||
			sum.Rejections[0].Line != 5 || !strings.Contains(sum.Rejections[0].Reason, "regel 3 van dit bestand") {
			t.Fatalf("bulk import: %+v", sum)
		}
		var n, people int
		s.DB().QueryRow(`SELECT COUNT(*) FROM deliveries`).Scan(&n)
		s.DB().QueryRow(`SELECT COUNT(*) FROM pseudonyms`).Scan(&people)
		if n != 2 || people != 2 {
			t.Fatalf("%d deliveries, %d pseudonyms stored, want 2 and 2", n, people)
		}
		// The unique key was rebuilt: the store refuses a second copy.
		if _, err := s.DB().Exec(`INSERT INTO deliveries (agb, referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line)
			SELECT agb, referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line FROM deliveries`); err == nil {
			t.Fatal("deliveries_key not in force after the bulk load")
		}
		sum, err = imp.Import(ctx, "deliveries", "a.csv", strings.NewReader(file+deliveryLine("R3", b, 5)), Source{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Accepted != 1 || sum.Duplicates != 4 || sum.Rejected != 1 {
			t.Fatalf("second import: %+v", sum)
		}
	})
}
