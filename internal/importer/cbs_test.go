package importer

import (
	"context"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// CBS open data: stored on both engines, a re-sent file is all duplicates,
// and a revised figure replaces the old one (CBS revises its tables).
func TestImportCBSBothEngines(t *testing.T) {
	const iv3 = "Jaar;Document;Gemeenten;Taakveld;L1.1 Salarissen en sociale lasten;Baten;Lasten;Provincie;Gemeentegrootte;Stedelijkheid;Inwonertal;Centrumfunctie;Sociale structuur\n" +
		"2024;begroting;Oirschot;6.1 Samenkracht;;205.0;2244.0;Noord-Brabant;10000tot20000inwoners;Weinigstedelijk;19280;Zonder;Goed\n" +
		"2024;begroting;Oirschot;6.71a Huishoudelijke hulp (WMO);;0.0;1270.0;Noord-Brabant;10000tot20000inwoners;Weinigstedelijk;19280;Zonder;Goed\n" +
		"2024;begroting;Bladel;6.1 Samenkracht;;0.0;-3.0;Noord-Brabant;20000tot50000inwoners;Weinigstedelijk;20861;Zonder;Goed\n"
	const kern = "jaar;gemeentecode;gemeentenaam;aantal_inwoners;huishoudens;0_15;15_25;25_45;45_65;65plus;pct_rond_sociaal_min\n" +
		"2024;GM0823;Oirschot;19280;8132;14;11;21;30;25;\n"
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		sum, err := imp.Import(ctx, "iv3", "iv3.csv", strings.NewReader(iv3), Source{})
		if err != nil || sum.Accepted != 3 || sum.Rejected != 0 {
			t.Fatalf("first import: %+v %v", sum, err)
		}
		sum, err = imp.Import(ctx, "iv3", "iv3.csv", strings.NewReader(iv3), Source{})
		if err != nil || sum.Duplicates != 3 || sum.Accepted != 0 {
			t.Fatalf("re-import: %+v %v, want 3 duplicates", sum, err)
		}
		revised := strings.Replace(iv3, ";2244.0;", ";2300.0;", 1)
		sum, err = imp.Import(ctx, "iv3", "iv3-herzien.csv", strings.NewReader(revised), Source{})
		if err != nil || sum.Accepted != 1 || sum.Duplicates != 2 {
			t.Fatalf("revised import: %+v %v, want 1 accepted and 2 duplicates", sum, err)
		}
		gs, ts, err := s.Iv3(ctx, 2024, "begroting")
		if err != nil || len(gs) != 2 || len(ts) != 3 {
			t.Fatalf("read back: %d gemeenten, %d taakvelden, %v", len(gs), len(ts), err)
		}
		want := map[string]int64{"Bladel/6.1": -300_000, "Oirschot/6.1": 230_000_000, "Oirschot/6.71a": 127_000_000}
		for _, tv := range ts {
			if int64(tv.Lasten) != want[tv.Gemeente+"/"+tv.Taakveld] {
				t.Errorf("%s %s lasten %d cents, want %d", tv.Gemeente, tv.Taakveld, tv.Lasten, want[tv.Gemeente+"/"+tv.Taakveld])
			}
		}
		if gs[1].Gemeente != "Oirschot" || gs[1].Inwoners != 19280 || gs[1].Grootte != "10000tot20000inwoners" {
			t.Errorf("Oirschot = %+v", gs[1])
		}
		if sum, err := imp.Import(ctx, "kerncijfers", "kwb.csv", strings.NewReader(kern), Source{}); err != nil || sum.Accepted != 1 {
			t.Fatalf("kerncijfers: %+v %v", sum, err)
		}
		if sum, err := imp.Import(ctx, "kerncijfers", "kwb.csv", strings.NewReader(kern), Source{}); err != nil || sum.Duplicates != 1 {
			t.Fatalf("kerncijfers again (NULLs compare equal): %+v %v", sum, err)
		}
		ks, err := s.KerncijfersOf(ctx, 2024)
		if err != nil || len(ks) != 1 {
			t.Fatalf("kerncijfers read back: %v %v", ks, err)
		}
		if k := ks[0]; *k.Inwoners != 19280 || *k.AgePct[0] != 14 || k.RondSociaalMin != nil || k.WmoPer1000 != nil {
			t.Errorf("kerncijfers = %+v", k)
		}
	})
}
