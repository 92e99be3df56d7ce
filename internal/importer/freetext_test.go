package importer

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// twoBSNsAlike returns two valid BSNs with the same last three digits, so
// that plain masking ("******782") would make them one.
func twoBSNsAlike(from int) (string, string) {
	seen := map[string]string{}
	for i := from; ; i++ {
		b := kluis.SyntheticBSN(i)
		if o, ok := seen[b[6:]]; ok {
			return o, b
		}
		seen[b[6:]] = b
	}
}

// Issue 11.7: BSNs reached the store through an upload's file name and the
// referentie/toewijzing fields. None does now, in the SQLite file or a
// PostgreSQL dump; and since the masked text is also a key, two different
// referenties never become one (nothing lost) and the same file imports
// once (idempotent).
func TestImportMasksBSNsInFreeText(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, path string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		client := kluis.SyntheticBSN(3000)
		inName := kluis.SyntheticBSN(3001)
		refA, refB := twoBSNsAlike(3100)
		twA, twB := twoBSNsAlike(3400)
		longTW := strings.Repeat("x", 60) + kluis.SyntheticBSN(3002)
		leaked := []string{inName, refA, refB, twA, twB, kluis.SyntheticBSN(3002)}

		row := func(ref, tw string) string {
			return fmt.Sprintf("12345678;%s;%s;jeugdwet;45;45A48;2025-03-01;2025-03-31;10;04;98000;D;%s\n", ref, client, tw)
		}
		file := deliveryHeader + row("REF-"+refA, twA) + row("REF-"+refB, twB) + row("R3", longTW)
		name := "leveringen_" + inName + ".csv"
		sum, err := imp.Import(ctx, "deliveries", name, strings.NewReader(file), Source{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Accepted != 2 || sum.Rejected != 1 {
			t.Fatalf("two referenties that differ only in a BSN are both stored, the overlong toewijzing rejected: %+v", sum)
		}
		if strings.Contains(sum.File, inName) || !strings.Contains(sum.File, "******"+inName[6:]) {
			t.Errorf("file name in the report: %q", sum.File)
		}
		again, err := imp.Import(ctx, "deliveries", name, strings.NewReader(file), Source{})
		if err != nil || again.Accepted != 0 || again.Duplicates != 2 {
			t.Fatalf("the same file again: %+v %v", again, err)
		}

		// An assignment numbered with a nine-digit number that passes the
		// 11-proef, and a declaration on it whose referentie holds a BSN:
		// both are masked the same way, so they still join.
		twNum := kluis.SyntheticBSN(3003)
		refXML := kluis.SyntheticBSN(3004)
		leaked = append(leaked, twNum, refXML)
		var t301, d323 bytes.Buffer
		if err := intake.WriteJW301(&t301, intake.Toewijzingbericht{Afzender: "1999", Ontvanger: "12345678", Identificatie: "T1",
			Dagtekening: intake.MakeDate(2025, 2, 20), BSN: client, Geboortedatum: intake.MakeDate(2015, 1, 1),
			Adres: &intake.Adres{Postcode: "3331AB", Huisnummer: 9}, Straatnaam: "Proefstraat", Plaatsnaam: "Proefdorp",
			Producten: []intake.Toewijzing{{ToewijzingNummer: twNum, Categorie: "45", Productcode: "45A48",
				Ingangsdatum: intake.MakeDate(2025, 3, 1), Volume: 10, Eenheid: "04", Frequentie: "4"}}}); err != nil {
			t.Fatal(err)
		}
		mar := [2]intake.Date{intake.MakeDate(2025, 3, 1), intake.MakeDate(2025, 3, 31)}
		if err := intake.WriteJW323(&d323, intake.Declaratiebericht{Afzender: "12345678", Ontvanger: "1999", Identificatie: "D1",
			Dagtekening: intake.MakeDate(2025, 4, 2), DeclaratieNummer: "D1", Periode: mar,
			Clients: []intake.DeclClient{{BSN: client, Prestaties: []intake.Delivery{{Referentie: "X" + refXML, Toewijzing: twNum,
				Categorie: "45", Productcode: "45A48", Begin: mar[0], Eind: mar[1], Volume: 10, Eenheid: "04", Bedrag: 98000}}}}}); err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct{ name, body string }{{"toewijzing_" + twNum + ".xml", t301.String()}, {"declaratie.xml", d323.String()}} {
			if sum, err := imp.Import(ctx, "deliveries", f.name, strings.NewReader(f.body), Source{}); err != nil || sum.Accepted != 1 {
				t.Fatalf("%s: %+v %v", f.name, sum, err)
			}
		}
		if n := count(t, s, `SELECT COUNT(*) FROM deliveries d JOIN toewijzingen t ON t.agb = d.agb AND t.toewijzingnummer = d.toewijzing`); n != 1 {
			t.Errorf("%d prestaties join the masked assignment number, want 1", n)
		}

		for _, text := range dumpDatabase(t, s, path) {
			for _, b := range leaked {
				if strings.Contains(text, b) {
					t.Errorf("the database holds BSN %s from free text", kluis.MaskBSN(b))
				}
			}
		}
	})
}
