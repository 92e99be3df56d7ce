package importer

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// TestImportThroughKluisService imports through a kluis service on a Unix
// socket: the instance holds no key, stores the same pseudonyms the
// service's key gives, and when the service is down it stores nothing and
// says why.
func TestImportThroughKluisService(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, path string) {
		ctx := context.Background()
		dir := t.TempDir()
		keys, err := kluis.Open(filepath.Join(dir, kluis.KeyFileName))
		if err != nil {
			t.Fatal(err)
		}
		svc, err := kluis.NewService(keys, kluis.ServiceOptions{LogPath: filepath.Join(dir, kluis.LogFileName)})
		if err != nil {
			t.Fatal(err)
		}
		sock := filepath.Join(dir, "kluis.sock")
		ln, err := net.Listen("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		srv := &http.Server{Handler: svc}
		go srv.Serve(ln)
		defer srv.Close()
		k, err := kluis.Dial(ctx, "unix://"+sock, kluis.TLSFiles{})
		if err != nil {
			t.Fatal(err)
		}
		imp := New(s, k)

		var brp, del strings.Builder
		brp.WriteString("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n")
		del.WriteString(deliveryHeader)
		for i := range 3000 {
			parent, child := kluis.SyntheticBSN(2*i), kluis.SyntheticBSN(2*i+1)
			fmt.Fprintf(&brp, "%s,1980-01-01,3331AB,%d,,,,%s,0,2024-12-31\n", parent, i+1, child)
			fmt.Fprintf(&brp, "%s,2015-06-01,3331AB,%d,,,,,0,2024-12-31\n", child, i+1)
			del.WriteString(deliveryLine(fmt.Sprintf("R%d-%s", i, child), child, 10000+i))
		}
		sum, err := imp.Import(ctx, "brp", "brp.csv", strings.NewReader(brp.String()), Source{})
		if err != nil || sum.Accepted != 6000 {
			t.Fatalf("brp through the service: %+v, %v", sum, err)
		}
		sum, err = imp.Import(ctx, "deliveries", "lev.csv", strings.NewReader(del.String()), Source{})
		if err != nil || sum.Accepted != 3000 {
			t.Fatalf("deliveries through the service: %+v, %v", sum, err)
		}
		// The stored pseudonyms are the service key's; the deliveries link to the BRP persons.
		var linked int
		if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM deliveries d JOIN pseudonyms p ON p.id = d.person_id WHERE p.pseudonym IN (SELECT person FROM residences)`).Scan(&linked); err != nil {
			t.Fatal(err)
		}
		if linked != 3000 {
			t.Fatalf("%d of 3000 deliveries link to a BRP person", linked)
		}
		var one string
		if err := s.DB().QueryRowContext(ctx, `SELECT p.pseudonym FROM deliveries d JOIN pseudonyms p ON p.id = d.person_id WHERE p.pseudonym = '`+keys.Pseudonym(kluis.Person, kluis.SyntheticBSN(1))+`' LIMIT 1`).Scan(&one); err != nil {
			t.Fatalf("delivery of person 1 not under the service's pseudonym: %v", err)
		}
		// The log counts batches: far fewer calls than rows.
		n, err := kluis.VerifyLog(filepath.Join(dir, kluis.LogFileName))
		if err != nil || n > 40 {
			t.Fatalf("log: %d calls for 9000 rows, %v", n, err)
		}

		// The service stops: nothing can be pseudonymised, nothing is stored.
		srv.Close()
		before := countRows(t, s)
		var more strings.Builder
		more.WriteString(deliveryHeader)
		for i := range 50 {
			more.WriteString(deliveryLine(fmt.Sprintf("N%d", i), kluis.SyntheticBSN(100000+i), 500))
		}
		_, err = imp.Import(ctx, "deliveries", "nieuw.csv", strings.NewReader(more.String()), Source{})
		if err == nil || !strings.Contains(err.Error(), "kluisdienst is niet bereikbaar") || !strings.Contains(err.Error(), "unreachable") {
			t.Fatalf("import with the service down: %v", err)
		}
		for i := range 50 {
			if strings.Contains(err.Error(), kluis.SyntheticBSN(100000+i)) {
				t.Fatal("the error names a BSN")
			}
		}
		brp2 := "bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n" +
			kluis.SyntheticBSN(200000) + ",1980-01-01,3331AB,1,,,,,0,2025-12-31\n"
		if _, err := imp.Import(ctx, "brp", "brp2.csv", strings.NewReader(brp2), Source{}); err == nil || !strings.Contains(err.Error(), "niet bereikbaar") {
			t.Fatalf("brp import with the service down: %v", err)
		}
		if after := countRows(t, s); after != before {
			t.Fatalf("rows before %v, after the failed imports %v: something was half-imported", before, after)
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(path), kluis.KeyFileName)); err == nil {
			t.Fatal("a key file appeared next to the database")
		}
	})
}

func countRows(t *testing.T, s *store.Store) [4]int {
	t.Helper()
	var out [4]int
	for i, table := range []string{"deliveries", "residences", "imports", "rejections"} {
		if err := s.DB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
