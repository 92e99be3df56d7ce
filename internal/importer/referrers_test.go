package importer

import (
	"context"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// The official JW315 and JW301 are a pair: the same provider, client and
// references. Imported in either order they link each assignment to its
// kind of referrer; the referrer's name and AGB code are stored nowhere;
// a later assignment change on the municipality's initiative (no
// ReferentieAanbieder, IV097) keeps the link; a reference used again for
// another request is a conflict (TR347).
func TestImportJW315LinksReferrerToAssignment(t *testing.T) {
	jw315 := strings.ReplaceAll(official(t, "jw/berichten/JW315.xml"), "\r\n", "\n")
	jw301 := strings.ReplaceAll(official(t, "jw/berichten/JW301.xml"), "\r\n", "\n")
	for _, order := range []string{"315 first", "301 first"} {
		t.Run(order, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
				ctx := context.Background()
				imp := New(s, testKluis())
				docs := []string{jw315, jw301}
				if order == "301 first" {
					docs = []string{jw301, jw315}
				}
				for _, d := range docs {
					if sum := importString(t, imp, "bericht.xml", d); sum.Accepted != 2 || sum.Rejected != 0 {
						t.Fatalf("%+v", sum)
					}
				}
				if again := importString(t, imp, "JW315.xml", jw315); again.Duplicates != 2 || again.Accepted != 0 {
					t.Fatalf("JW315 again: %+v", again)
				}
				want := []store.Referral{
					{AGB: "42420001", Categorie: "55", From: 20260401, To: 20260714, Verwijzer: "01"},
					{AGB: "42420001", Categorie: "55", From: 20260401, To: 20260719, Verwijzer: "02"},
				}
				checkReferrals(t, s, want)

				// The municipality shortens 300201 on its own initiative: no
				// ReferentieAanbieder, the link stays.
				change := strings.Replace(jw301, "<jw301:ReferentieAanbieder>40A12341234</jw301:ReferentieAanbieder>", "", 1)
				change = strings.Replace(change, "<jw301:Einddatum>2026-07-14<", "<jw301:Einddatum>2026-06-30<", 1)
				change = strings.Replace(change, "<ijw:Identificatie>", "<ijw:Identificatie>W", 1)
				if sum := importString(t, imp, "JW301_wijziging.xml", change); sum.Accepted != 1 || sum.Duplicates != 1 {
					t.Fatalf("change: %+v", sum)
				}
				want[0].To = 20260630
				checkReferrals(t, s, want)

				// TR347: the same reference for another request.
				other := strings.Replace(jw315, "<ijw:Type>01<", "<ijw:Type>03<", 1)
				sum := importString(t, imp, "JW315_ander.xml", other)
				if sum.Rejected != 1 || sum.Duplicates != 1 || sum.Rejections[0].Field != "ReferentieAanbieder" || !strings.Contains(sum.Rejections[0].Reason, "TR347") {
					t.Fatalf("conflict: %+v", sum)
				}
				checkReferrals(t, s, want)

				// Nothing of the referrer but its kind is stored.
				rows, err := s.DB().QueryContext(ctx, `SELECT agb, gemeente, geldstroom, referentie, person, categorie, productcode, verwijzer, bron FROM verwijzingen`)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				for rows.Next() {
					var f [9]string
					if err := rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8]); err != nil {
						t.Fatal(err)
					}
					for _, v := range f {
						if strings.Contains(v, "huisarts") || strings.Contains(v, "12345678") || strings.Contains(v, "999900006") || strings.Contains(v, "Wit") {
							t.Fatalf("stored %q: the referrer's name or code, or the client's BSN or name", v)
						}
					}
				}
			})
		})
	}
}

func checkReferrals(t *testing.T, s *store.Store, want []store.Referral) {
	t.Helper()
	got, err := s.Referrals(context.Background(), 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("referrals = %+v", got)
	}
	for i := range got {
		if got[i].Person == "" || strings.Contains(got[i].Person, "999900006") {
			t.Fatalf("referral %d person %q", i, got[i].Person)
		}
		got[i].Person = ""
		if got[i] != want[i] {
			t.Fatalf("referral %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// A provider sends the JW315, so its upload takes one for its own AGB
// code; a JW315 of another provider's AGB is refused row by row and
// stores nothing.
func TestProviderUploadsJW315(t *testing.T) {
	jw315 := official(t, "jw/berichten/JW315.xml")
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		sum, err := imp.Import(ctx, "deliveries", "JW315.xml", strings.NewReader(jw315), Source{UploadedBy: "aanbieder", AGB: "11111111"})
		if err != nil || sum.Accepted != 0 || sum.Rejected != 2 || sum.Rejections[0].Field != "agb" {
			t.Fatalf("other provider: %v %+v", err, sum)
		}
		var n int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM verwijzingen`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("stored %d requests of another provider (%v)", n, err)
		}
		sum, err = imp.Import(ctx, "deliveries", "JW315.xml", strings.NewReader(jw315), Source{UploadedBy: "aanbieder", AGB: "42420001"})
		if err != nil || sum.Accepted != 2 || sum.Rejected != 0 || sum.Format != "JW315" {
			t.Fatalf("own provider: %v %+v", err, sum)
		}
	})
}
