package importer

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

func TestImportFundingBothEngines(t *testing.T) {
	const contracts = "contract;naam;variant;opdrachtnemer;aanbieders;geldstromen;categorieen;gebied;begindatum;einddatum\n" +
		"GGZ;GGZ-consortium;taak;Consortium De Brug;\"11111111;22222222;33333333\";jeugdwet;54;GM0642;2025-01-01;2029-12-31\n" +
		"COOP;Coöperatie Noord;output;Coöperatie Noord;\"44444444;55555555\";wmo;;WK064201;2025-01-01;2026-12-31\n" +
		"DUBBEL;Overlap;inspanning;Derde;\"22222222\";jeugdwet;;BU06420101;2026-01-01;2026-12-31\n" +
		"ANDERS;Elders;inspanning;Derde;\"22222222\";jeugdwet;;GM0531;2026-01-01;2026-12-31\n"
	const budgets = "contract;jaar;partner;bedrag_cent\n" +
		"GGZ;2025;gemeente;300000000\nGGZ;2025;zorgverzekeraar;50000000\nGGZ;2025;11111111;10000000\n" +
		"ONBEKEND;2025;gemeente;1\nGGZ;2031;gemeente;1\nGGZ;2025;gemeente;-1\nGGZ;2026;bakkerij;1\n"
	const results = "contract;jaar;indicator;doel;aandeel;gemeten\nCOOP;2025;tevredenheid;4;10%;\nCOOP;2025;uitstroom;30;0,6;\nCOOP;2025;wachttijd;14;0,5;21\nGGZ;2024;bereik;10;0,1;\n"
	bsn := kluis.SyntheticBSN(11)
	flows := "bron;referentie;soort;geldstroom;categorie;begindatum;einddatum;gebied;bsn;contract;volume;eenheid;bedrag_cent;debet_credit\n" +
		"gemeente;WT-1;wijkteam;wmo;wijkteam;2025-01-01;2025-01-31;;" + bsn + ";;6;4;39000;D\n" +
		"gemeente;LS-1;lumpsum;jeugdwet;54;2025-01-01;2025-03-31;WK064201;;GGZ;;;2500000;D\n" +
		"gemeente;LS-1;lumpsum;jeugdwet;54;2025-01-01;2025-03-31;WK064201;;GGZ;;;2600000;D\n" +
		"gemeente;LS-2;lumpsum;jeugdwet;54;2025-01-01;2025-03-31;WK064201;;NIETS;;;1;D\n"
	storetest.Run(t, func(t *testing.T, s *store.Store, path string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		run := func(kind, body string) store.Summary {
			t.Helper()
			sum, err := imp.Import(ctx, kind, kind+".csv", strings.NewReader(body), Source{})
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			if sum.Rows != sum.Accepted+sum.Duplicates+sum.Rejected {
				t.Fatalf("%s: rows %d ≠ %d + %d + %d", kind, sum.Rows, sum.Accepted, sum.Duplicates, sum.Rejected)
			}
			return sum
		}
		sum := run("contracts", contracts)
		if sum.Accepted != 3 || sum.Rejected != 1 || sum.Rejections[0].Line != 4 || !strings.Contains(sum.Rejections[0].Reason, "DUBBEL") || !strings.Contains(sum.Rejections[0].Reason, "GGZ") {
			t.Fatalf("contracts: %+v", sum)
		}
		if sum := run("contracts", contracts); sum.Duplicates != 3 || sum.Accepted != 0 {
			t.Errorf("contracts again: %+v", sum)
		}
		sum = run("budgets", budgets)
		fields := map[int]string{}
		for _, r := range sum.Rejections {
			fields[r.Line] = r.Field
		}
		if sum.Accepted != 3 || fields[5] != "contract" || fields[6] != "jaar" || fields[7] != "bedrag_cent" || fields[8] != "partner" {
			t.Errorf("budgets: %+v", sum)
		}
		lines, err := s.BudgetLines(ctx, 2025)
		if err != nil || len(lines) != 3 {
			t.Fatalf("budget lines: %v %v", lines, err)
		}
		var total int64
		for _, l := range lines {
			total += int64(l.Bedrag)
		}
		if total != 360_000_000 {
			t.Errorf("GGZ 2025 budget = %d, want 360,000,000 (three partners)", total)
		}
		sum = run("results", results)
		if sum.Accepted != 2 || sum.Rejected != 2 {
			t.Errorf("results: %+v (the third share takes COOP over 100%%; GGZ has no 2024)", sum)
		}
		ras, _ := s.ResultAgreements(ctx, 2025)
		if len(ras) != 2 || ras[0].Indicator != "tevredenheid" || ras[0].Aandeel != 0.1 {
			t.Errorf("result agreements: %+v", ras)
		}
		sum = run("flows", flows)
		if sum.Accepted != 2 || sum.Rejected != 2 || !strings.Contains(sum.Rejections[0].Reason, "regel 3") {
			t.Errorf("flows: %+v", sum)
		}
		if sum := run("flows", flows); sum.Duplicates != 2 || sum.Accepted != 0 {
			t.Errorf("flows again: %+v", sum)
		}
		if !strings.HasPrefix(path, "postgres") { // TestImportPseudonymisesEverything dumps PostgreSQL
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(raw), bsn) {
				t.Error("a flow's BSN reached the database file")
			}
		}
	})
}
