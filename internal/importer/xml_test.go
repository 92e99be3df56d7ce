package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

func xmlFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "intake", "testdata", "xml", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func count(t *testing.T, s *store.Store, q string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// iJw/iWmo XML goes through the same road as CSV: one transaction per
// message, idempotent, and a refused message leaves nothing behind.
func TestImportXMLMessages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := New(s, testKluis())

		sum, err := imp.Import(ctx, "deliveries", "jw323_credit.xml", strings.NewReader(xmlFile(t, "jw323_credit.xml")), Source{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Format != "JW323" || sum.Rows != 5 || sum.Accepted != 5 || sum.Rows != sum.Accepted+sum.Duplicates+sum.Rejected {
			t.Fatalf("JW323: %+v", sum)
		}
		// The credits net out against their debits: the stored signed sum equals the declared total.
		var total int64
		s.DB().QueryRow(`SELECT SUM(CASE WHEN credit = 1 THEN -bedrag_cent ELSE bedrag_cent END) FROM deliveries`).Scan(&total)
		if total != 688200 {
			t.Fatalf("stored net total %d, declared 688200", total)
		}
		again, err := imp.Import(ctx, "deliveries", "jw323_credit.xml", strings.NewReader(xmlFile(t, "jw323_credit.xml")), Source{})
		if err != nil || again.Accepted != 0 || again.Duplicates != 5 {
			t.Fatalf("the same message again: %+v %v", again, err)
		}

		// A declaration whose total does not match is refused whole.
		before := count(t, s, `SELECT COUNT(*) FROM deliveries`)
		for _, name := range []string{"total_mismatch.xml", "wrong_namespace.xml", "unknown_element.xml", "jw303_release2.xml"} {
			if _, err := imp.Import(ctx, "deliveries", name, strings.NewReader(xmlFile(t, name)), Source{}); err == nil {
				t.Errorf("%s was accepted", name)
			}
		}
		if _, err := imp.Import(ctx, "deliveries", "oud.xml", strings.NewReader(xmlFile(t, "jw303_release2.xml")), Source{}); err == nil || !strings.Contains(err.Error(), "JW323") {
			t.Errorf("the JW303 refusal does not tell the provider to send JW323: %v", err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM deliveries`); n != before {
			t.Fatalf("refused messages left %d deliveries", n-before)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM imports`); n != 2 {
			t.Fatalf("refused messages left import records: %d imports", n)
		}

		// A JW301 stores the assigned products and the client's address, and
		// the declaration's prestaties join to it by ToewijzingNummer.
		sum, err = imp.Import(ctx, "deliveries", "jw301.xml", strings.NewReader(xmlFile(t, "jw301.xml")), Source{})
		if err != nil || sum.Accepted == 0 {
			t.Fatalf("JW301: %+v %v", sum, err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM residences WHERE bron = 'JW301'`); n != 1 {
			t.Fatalf("JW301 client address stored %d times, want 1", n)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM deliveries d JOIN toewijzingen t ON t.agb = d.agb AND t.toewijzingnummer = d.toewijzing`); n == 0 {
			t.Fatal("no prestatie joins its assignment")
		}
		// Invalid prestaties are rejected one by one with their place in the message.
		sum, err = imp.Import(ctx, "deliveries", "bad_bsn.xml", strings.NewReader(xmlFile(t, "bad_bsn.xml")), Source{})
		if err != nil {
			// A bad BSN may also make the declared total unverifiable; either is a clear refusal.
			if !strings.Contains(err.Error(), "regel") {
				t.Fatalf("bad BSN refusal without a line: %v", err)
			}
			return
		}
		if sum.Rejected == 0 || sum.Rejections[0].Client == 0 || sum.Rejections[0].Line == 0 {
			t.Fatalf("bad BSN: %+v", sum)
		}
		for _, r := range sum.Rejections {
			if strings.Contains(r.Reason, "99990") {
				t.Fatalf("rejection prints a BSN: %+v", r)
			}
		}
	})
}
