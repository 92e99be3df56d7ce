package funding

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/budget"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const twoBuurten = `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
{"type":"Feature","properties":{"wijkcode":"WK199901","wijknaam":"Centrum","gemeentecode":"GM1999","gemeentenaam":"Demo"},
 "geometry":{"type":"Polygon","coordinates":[[[100000,420000],[102000,420000],[102000,421000],[100000,421000],[100000,420000]]]}},
{"type":"Feature","properties":{"buurtcode":"BU19990101","buurtnaam":"West","wijkcode":"WK199901","gemeentecode":"GM1999"},
 "geometry":{"type":"Polygon","coordinates":[[[100000,420000],[101000,420000],[101000,421000],[100000,421000],[100000,420000]]]}},
{"type":"Feature","properties":{"buurtcode":"BU19990102","buurtnaam":"Oost","wijkcode":"WK199901","gemeentecode":"GM1999"},
 "geometry":{"type":"Polygon","coordinates":[[[101000,420000],[102000,420000],[102000,421000],[101000,421000],[101000,420000]]]}}]}`

// The fixture, by hand:
//
//   - 12 households in buurt West (BSN 1–12) and 4 in Oost (BSN 101–104),
//     one person each.
//   - WEST: an output contract of provider 11111111 for wmo/02 in West,
//     budget 2025 € 20,000 (gemeente). In 2025 January–June every West
//     household gets € 100 a month: 72 × € 100 = € 7,200; household 1's
//     February is credited and declared again at € 120 (+ € 20); a
//     category-01 delivery (€ 500) and Oost's deliveries (24 × € 100) fall
//     outside its filters; a flow of € 300 is booked to it for West in
//     March. Spent through June: 720,000 + 2,000 + 30,000 = 752,000 cents.
//     In 2024 every West household got € 80 every month: a flat seasonal
//     pattern, so the forecast is 752,000 ÷ 6/12 = 1,504,000.
//   - TAAK: a lump sum (taak) to provider 22222222, € 12,000 gemeente +
//     € 6,000 zorgverzekeraar in 2025; it reports hours without a price
//     (bedrag 0) for Oost's households 1–3: 3 households, withheld.
func fixture(t *testing.T, s *store.Store) (*kluis.Kluis, *importer.Importer) {
	t.Helper()
	ctx := context.Background()
	k := kluis.New(bytes.Repeat([]byte{5}, 32), bytes.Repeat([]byte{6}, 32))
	imp := importer.New(s, k)
	var addr, brp, del strings.Builder
	addr.WriteString("postcode,huisnummer,x,y\n")
	brp.WriteString("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n")
	del.WriteString("agb;referentie;bsn;geldstroom;categorie;productcode;begindatum;einddatum;volume;eenheid;bedrag_cent;debet_credit\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&addr, "3331AB,%d,100500,420500\n", i)
		fmt.Fprintf(&brp, "%s,1980-01-01,3331AB,%d,,,,,0,2023-01-01\n", kluis.SyntheticBSN(i), i)
		for m := 1; m <= 12; m++ {
			fmt.Fprintf(&del, "11111111;V%d-%d;%s;wmo;02;02A01;2024-%02d-01;2024-%02d-28;8;04;8000;D\n", i, m, kluis.SyntheticBSN(i), m, m)
		}
		for m := 1; m <= 6; m++ {
			fmt.Fprintf(&del, "11111111;W%d-%d;%s;wmo;02;02A01;2025-%02d-01;2025-%02d-28;10;04;10000;D\n", i, m, kluis.SyntheticBSN(i), m, m)
		}
	}
	del.WriteString("11111111;W1-2;" + kluis.SyntheticBSN(1) + ";wmo;02;02A01;2025-02-01;2025-02-28;10;04;10000;C\n")
	del.WriteString("11111111;W1-2b;" + kluis.SyntheticBSN(1) + ";wmo;02;02A01;2025-02-01;2025-02-28;12;04;12000;D\n")
	del.WriteString("11111111;X1;" + kluis.SyntheticBSN(1) + ";wmo;01;01A01;2025-01-01;2025-01-31;5;04;50000;D\n")
	for i := 101; i <= 104; i++ {
		fmt.Fprintf(&addr, "3331AC,%d,101500,420500\n", i)
		fmt.Fprintf(&brp, "%s,1980-01-01,3331AC,%d,,,,,0,2023-01-01\n", kluis.SyntheticBSN(i), i)
		for m := 1; m <= 6; m++ {
			fmt.Fprintf(&del, "11111111;O%d-%d;%s;wmo;02;02A01;2025-%02d-01;2025-%02d-28;10;04;10000;D\n", i, m, kluis.SyntheticBSN(i), m, m)
			if i <= 103 {
				fmt.Fprintf(&del, "22222222;T%d-%d;%s;wmo;02;02T01;2025-%02d-01;2025-%02d-28;4;04;0;D\n", i, m, kluis.SyntheticBSN(i), m, m)
			}
		}
	}
	const contracts = "contract;naam;variant;opdrachtnemer;aanbieders;geldstromen;categorieen;gebied;begindatum;einddatum\n" +
		"WEST;Wijkzorg West;output;Coöperatie West (test);11111111;wmo;02;BU19990101;2023-01-01;2026-12-31\n" +
		"TAAK;Lumpsum (test);taak;Consortium (test);22222222;;;;2024-01-01;2026-12-31\n"
	const budgets = "contract;jaar;partner;bedrag_cent\nWEST;2025;gemeente;2000000\nTAAK;2025;gemeente;1200000\nTAAK;2025;zorgverzekeraar;600000\n"
	const results = "contract;jaar;indicator;doel;aandeel;gemeten\nWEST;2025;bereik;10;10%;\nWEST;2025;wachttijd;14;10%;7\nWEST;2025;tevredenheid;4;10%;\n"
	const flows = "bron;referentie;soort;geldstroom;categorie;begindatum;einddatum;gebied;bsn;contract;volume;eenheid;bedrag_cent;debet_credit\n" +
		"gemeente;LS-1;lumpsum;wmo;02;2025-03-01;2025-03-31;BU19990101;;WEST;;;30000;D\n"
	var survey, nazorg strings.Builder
	survey.WriteString("onderzoek,referentie,bsn,agb,score\n")
	nazorg.WriteString("contract;bsn;datum;score;geholpen\n")
	for i := 1; i <= 11; i++ {
		score := 4
		if i == 11 {
			score = 2
		}
		fmt.Fprintf(&survey, "CEO,A%d,%s,11111111,%d\n", i, kluis.SyntheticBSN(i), score)
		helped := "ja"
		if i > 8 {
			helped = "nee"
		}
		fmt.Fprintf(&nazorg, "TAAK;%s;2025-09-%02d;4;%s\n", kluis.SyntheticBSN(i), i, helped)
	}
	for _, f := range []struct{ kind, body string }{{"areas", twoBuurten}, {"addresses", addr.String()}, {"brp", brp.String()},
		{"deliveries", del.String()}, {"contracts", contracts}, {"budgets", budgets}, {"results", results}, {"flows", flows},
		{"survey", survey.String()}, {"nazorg", nazorg.String()}} {
		sum, err := imp.Import(ctx, f.kind, f.kind+".csv", strings.NewReader(f.body), importer.Source{})
		if err != nil || sum.Rejected > 0 {
			t.Fatalf("%s: %+v %v", f.kind, sum, err)
		}
	}
	return k, imp
}

func TestSpendAgainstItsSourcesBothEngines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		k, _ := fixture(t, s)
		// An assignment (JW301) of 20 hours a month for West household 1,
		// with nothing declared under it: January–June grant 20 × 181 ÷
		// 30.44 = 119 hours, at the provider's declared € 10 an hour.
		if _, err := s.DB().ExecContext(ctx, `INSERT INTO toewijzingen (agb, gemeente, toewijzingnummer, person, geldstroom, categorie, productcode,
			ingangsdatum, einddatum, volume, eenheid, frequentie, budget_cent, bron, content_hash, import_id, line)
			VALUES ('11111111', 'GM1999', 'TW1', $1, 'wmo', '02', '02A01', 20250101, 20251231, 20, '04', '4', 0, 'test', 0, 1, 1)`,
			k.Pseudonym(kluis.Person, kluis.SyntheticBSN(1))); err != nil {
			t.Fatal(err)
		}
		maxDel, maxImp, err := s.MaxIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The raw sums, before rounding.
		snap, err := load(ctx, s, 2025, 6, maxDel, maxImp)
		if err != nil {
			t.Fatal(err)
		}
		spend := budget.Aggregate(2025, 6, snap.contracts, snap.care, snap.flows, snap.open)
		west := spend["WEST"]
		if got := west.Year.Through(6); got != 752_000 {
			t.Errorf("WEST spent = %d, want 752,000 (720,000 declared + 2,000 corrected + 30,000 flow)", got)
		}
		if west.Year[1] != 122_000 || west.Year[2] != 150_000 {
			t.Errorf("WEST February %d (want 122,000), March %d (want 150,000)", west.Year[1], west.Year[2])
		}
		if west.Households != 12 || len(west.Earlier) != 1 || west.Earlier[0].Total() != 1_152_000 {
			t.Errorf("WEST households %d (want 12), earlier %v (want 2024 = 1,152,000)", west.Households, west.Earlier)
		}
		if west.Open != 119_000 {
			t.Errorf("WEST open assignments %d, want 119 hours × 1,000", west.Open)
		}
		if west.Lag != nil {
			t.Errorf("history loaded at once tells nothing about lag, got %d observations", len(west.Lag))
		}
		if tk := spend["TAAK"]; tk.Households != 3 || tk.Year.Total() != 0 {
			t.Errorf("TAAK: %d households (want 3), spent %d (want 0)", tk.Households, tk.Year.Total())
		}

		f, rows, err := Year(ctx, s, 2025, 6, maxDel, maxImp)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Contract != "TAAK" || rows[1].Contract != "WEST" {
			t.Fatalf("rows %+v", rows)
		}
		tk, w := rows[0], rows[1]
		if !tk.Suppressed || tk.Spent != nil || tk.Households != nil || tk.Budget != 1_800_000 || len(tk.Partners) != 2 {
			t.Errorf("TAAK (3 households) must be withheld with its budget shown: %+v", tk)
		}
		// Rounded to €1,000 and 5 households as in a release.
		if w.Suppressed || *w.Spent != 800_000 || *w.Forecast != 1_500_000 || *w.Difference != -500_000 || *w.Households != 10 || w.Budget != 2_000_000 {
			t.Errorf("WEST: spent %v forecast %v diff %v households %v, want 800,000 / 1,500,000 / −500,000 / 10", *w.Spent, *w.Forecast, *w.Difference, *w.Households)
		}
		if !strings.Contains(w.Method, "seizoenspatroon") || len(w.Months) != 6 {
			t.Errorf("WEST method %q, %d months", w.Method, len(w.Months))
		}
		var fw model.FundingContract
		for _, c := range f.Contracts {
			if c.Contract == "WEST" {
				fw = c
			}
		}
		// Payment: 30% at stake; bereik 12 ≥ 10 (full), wachttijd imported 7
		// of 14 (half), tevredenheid (10×4 + 2)/11 = 3.82 of 4 (95.5%).
		p := fw.Payment
		if p == nil || p.Fixed != 1_400_000 || p.Total != 1_400_000+200_000+100_000+191_000 || p.Pending != 0 {
			t.Fatalf("payment %+v", p)
		}
		src := map[string]string{}
		for _, l := range p.Lines {
			src[l.Indicator] = l.Source
		}
		if src["bereik"] != "gemeten" || src["wachttijd"] != "aangeleverd" || src["tevredenheid"] != "gemeten" {
			t.Errorf("sources %v", src)
		}
		var ft model.FundingContract
		for _, c := range f.Contracts {
			if c.Contract == "TAAK" {
				ft = c
			}
		}
		// Aftercare in September, but the overview runs through June: the
		// conversations of the year count all the same.
		if a := ft.Aftercare; a == nil || a.Suppressed || *a.Conversations != 10 || *a.ScoreMean != 4 || *a.HelpedPct != 73 {
			t.Errorf("aftercare %+v", ft.Aftercare)
		}
	})
}

// A release of 2025 publishes the funding overview and the money per area
// with TAAK's lump sum spread over the hours reported in Oost; Oost has 4
// households and is withheld, and so is West (secondary: the wijk minus
// West would give Oost away).
func TestReleaseExtrasBothEngines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		fixture(t, s)
		p, _ := release.ParsePeriod("2025")
		info, _, err := release.Freeze(ctx, s, p, "test", release.DefaultRules(), Source())
		if err != nil {
			t.Fatal(err)
		}
		xs, err := s.ReleaseExtras(ctx, info.ID, model.FundingSpreadExtra)
		if err != nil || len(xs) != 3 {
			t.Fatalf("spread extras %d %v", len(xs), err)
		}
		cells := map[string]model.SpreadCell{}
		for _, x := range xs {
			var part []model.SpreadCell
			if err := json.Unmarshal([]byte(x.Body), &part); err != nil {
				t.Fatal(err)
			}
			for _, c := range part {
				cells[c.Area] = c
			}
		}
		// Declared 2025: West 722,000 + 50,000, Oost 240,000 = 1,012,000;
		// spread 1,800,000; 16 households.
		g := cells["GM1999"]
		if g.Suppressed || *g.Declared != 1_000_000 || *g.Spread != 1_800_000 || *g.Total != 2_800_000 || *g.Households != 15 {
			t.Errorf("gemeente %+v", g)
		}
		if w := cells["WK199901"]; w.Suppressed || *w.Spread != 1_800_000 {
			t.Errorf("wijk %+v", w)
		}
		if o := cells["BU19990102"]; !o.Suppressed || o.Spread != nil {
			t.Errorf("Oost (4 households) must be withheld: %+v", o)
		}
		if w := cells["BU19990101"]; !w.Suppressed || !strings.Contains(w.Reason, "secundair") {
			t.Errorf("West must be withheld secondarily: %+v", w)
		}
		fx, err := s.ReleaseExtras(ctx, info.ID, model.FundingExtra)
		if err != nil || len(fx) != 1 {
			t.Fatalf("funding extras %d %v", len(fx), err)
		}
		var f model.Funding
		if err := json.Unmarshal([]byte(fx[0].Body), &f); err != nil {
			t.Fatal(err)
		}
		if f.Year != 2025 || f.Through != 12 || len(f.Contracts) != 2 || f.Population != nil {
			t.Fatalf("funding %+v", f)
		}
		// Through December: the months after June are empty, so the
		// forecast is what was spent.
		if w := f.Contracts[1]; *w.Spent != 800_000 || *w.Forecast != 800_000 || len(w.Months) != 12 {
			t.Errorf("WEST in the release: %+v", w)
		}
	})
}

func TestImportNazorgBothEngines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		k, imp := fixture(t, s)
		a := kluis.SyntheticBSN(1)
		body := "contract;bsn;datum;score;geholpen\n" +
			"WEST;" + a + ";2025-10-01;5;ja\n" +
			"NIETS;" + a + ";2025-10-01;5;ja\n" + // unknown contract
			"WEST;" + a + ";2022-10-01;5;ja\n" + // before the contract
			"WEST;" + a + ";2025-10-02;7;ja\n" + // score
			"WEST;" + a + ";2025-10-03;4;misschien\n" + // geholpen
			"WEST;123456789;2025-10-04;4;nee\n" // BSN
		sum, err := imp.Import(ctx, "nazorg", "nazorg.csv", strings.NewReader(body), importer.Source{})
		if err != nil {
			t.Fatal(err)
		}
		fields := map[int]string{}
		for _, r := range sum.Rejections {
			fields[r.Line] = r.Field
			if r.Reason == "" || r.ReasonEN == "" || strings.Contains(r.Reason, a) {
				t.Errorf("rejection %+v", r)
			}
		}
		if sum.Accepted != 1 || sum.Rejected != 5 || fields[3] != "contract" || fields[4] != "datum" || fields[5] != "score" || fields[6] != "geholpen" || fields[7] != "bsn" {
			t.Fatalf("nazorg: %+v", sum)
		}
		conv, err := s.AftercareOf(ctx, 2025, 1<<40)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range conv {
			if c.Contract == "WEST" {
				found = c.Person == k.Pseudonym(kluis.Person, a) && c.Score == 5 && c.Geholpen && c.Datum == 20251001
			}
			if strings.Contains(c.Person, a) {
				t.Fatal("a BSN in the store")
			}
		}
		if !found || len(conv) != 12 {
			t.Errorf("conversations %d, WEST stored under the pseudonym: %v", len(conv), found)
		}
		if sum, _ := imp.Import(ctx, "nazorg", "nazorg.csv", strings.NewReader(body), importer.Source{}); sum.Accepted != 0 || sum.Duplicates != 1 {
			t.Errorf("again: %+v", sum)
		}
		changed := "contract;bsn;datum;score;geholpen\nWEST;" + a + ";2025-10-01;2;ja\n"
		if sum, _ := imp.Import(ctx, "nazorg", "nazorg2.csv", strings.NewReader(changed), importer.Source{}); sum.Rejected != 1 || sum.Rejections[0].Field != "score" {
			t.Errorf("changed outcome: %+v", sum)
		}
	})
}

// Norms saved for a year come back as they were.
func TestNormsSavedBothEngines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		n := budget.Norms{PerBand: [5]money.Cents{50_000, 40_000, 20_000, 25_000, 60_000},
			Factors: []budget.Factor{{Indicator: "pct_rond_sociaal_min", Weight: 0.02, Reference: 8}}}
		if err := SaveNorms(ctx, s, 2025, n, ""); err != nil {
			t.Fatal(err)
		}
		got, _, ok, err := StoredNorms(ctx, s, 2025)
		if err != nil || !ok || got.PerBand != n.PerBand || len(got.Factors) != 1 || got.Factors[0] != n.Factors[0] {
			t.Fatalf("norms %+v %v %v", got, ok, err)
		}
		if _, _, ok, _ := StoredNorms(ctx, s, 2024); ok {
			t.Error("2024 has no norms")
		}
	})
}

// Late declarations: in 2024 four fifths of every month's care arrived the
// month after and the rest two months later than that; in 2025 May and
// June hold only their first four fifths so far. The forecast through June
// adds the expected rest (2 × 20,000) and extrapolates with the flat 2024
// pattern: (4 × 100,000 + 2 × 100,000) ÷ 6/12 = 1,200,000.
func TestForecastCorrectsForLagBothEngines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		k := kluis.New(bytes.Repeat([]byte{5}, 32), bytes.Repeat([]byte{6}, 32))
		imp := importer.New(s, k)
		put := func(kind, body, arrived string) {
			t.Helper()
			sum, err := imp.Import(ctx, kind, kind+arrived+".csv", strings.NewReader(body), importer.Source{})
			if err != nil || sum.Rejected > 0 {
				t.Fatalf("%s: %+v %v", kind, sum, err)
			}
			if arrived != "" {
				if _, err := s.DB().ExecContext(ctx, `UPDATE imports SET created_at = $1 WHERE id = (SELECT MAX(id) FROM imports)`, arrived+"-05T09:00:00Z"); err != nil {
					t.Fatal(err)
				}
			}
		}
		var addr, brp strings.Builder
		addr.WriteString("postcode,huisnummer,x,y\n")
		brp.WriteString("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n")
		for i := 1; i <= 10; i++ {
			fmt.Fprintf(&addr, "3331AB,%d,100500,420500\n", i)
			fmt.Fprintf(&brp, "%s,1980-01-01,3331AB,%d,,,,,0,2023-01-01\n", kluis.SyntheticBSN(i), i)
		}
		put("areas", twoBuurten, "")
		put("addresses", addr.String(), "")
		put("brp", brp.String(), "")
		put("contracts", "contract;naam;variant;opdrachtnemer;aanbieders;geldstromen;categorieen;gebied;begindatum;einddatum\n"+
			"WEST;Wijkzorg West;output;Coöperatie West (test);11111111;;;;2023-01-01;2026-12-31\n", "")
		put("budgets", "contract;jaar;partner;bedrag_cent\nWEST;2025;gemeente;1000000\n", "")
		month := func(y, m, from, to int) string {
			var b strings.Builder
			b.WriteString("agb;referentie;bsn;geldstroom;categorie;productcode;begindatum;einddatum;volume;eenheid;bedrag_cent;debet_credit\n")
			for i := from; i <= to; i++ {
				fmt.Fprintf(&b, "11111111;R%d-%d-%d;%s;wmo;02;02A01;%d-%02d-01;%d-%02d-28;10;04;10000;D\n", y, m, i, kluis.SyntheticBSN(i), y, m, y, m)
			}
			return b.String()
		}
		arrival := func(y, m, after int) string {
			n := y*12 + m - 1 + after
			return fmt.Sprintf("%04d-%02d", n/12, n%12+1)
		}
		for m := 1; m <= 12; m++ {
			put("deliveries", month(2024, m, 1, 8), arrival(2024, m, 1))
			put("deliveries", month(2024, m, 9, 10), arrival(2024, m, 3))
		}
		var now strings.Builder
		for m := 1; m <= 6; m++ {
			b := month(2025, m, 1, 8)
			if m <= 4 {
				b = month(2025, m, 1, 10)
			}
			if m > 1 {
				b = b[strings.IndexByte(b, '\n')+1:]
			}
			now.WriteString(b)
		}
		put("deliveries", now.String(), "")
		maxDel, maxImp, err := s.MaxIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		snap, err := load(ctx, s, 2025, 6, maxDel, maxImp)
		if err != nil {
			t.Fatal(err)
		}
		sp := budget.Aggregate(2025, 6, snap.contracts, snap.care, snap.flows, snap.open)["WEST"]
		if sp.Year.Through(6) != 560_000 || len(sp.Lag) != 12 {
			t.Fatalf("spent %d (want 560,000), %d lag observations (want 12)", sp.Year.Through(6), len(sp.Lag))
		}
		f := budget.YearEnd(sp.Year, 6, sp.Earlier, budget.Completeness(sp.Lag, 12), sp.Open)
		if f.LagCorrection != 40_000 || f.Forecast != 1_200_000 || !strings.Contains(f.Method, "late declaraties") {
			t.Errorf("forecast %+v, want a lag correction of 40,000 and 1,200,000", f)
		}
		_, rows, err := Year(ctx, s, 2025, 6, maxDel, maxImp)
		if err != nil || len(rows) != 1 || *rows[0].Forecast != 1_200_000 || *rows[0].Difference != 200_000 {
			t.Fatalf("rows %+v %v", rows, err)
		}
	})
}

// TestForGemeenteCutsTheRegion: a gemeente's cut of a region's funding
// holds its own contracts, wijken and buurten — each the region's very
// figure — and leaves out the other gemeente's, the region-wide contracts
// (counted) and the region's spread total.
func TestForGemeenteCutsTheRegion(t *testing.T) {
	c := func(v money.Cents) *money.Cents { return &v }
	cells := []model.SpreadCell{
		{Level: "gemeente", Area: "GM0642", Total: c(900_000_00)},
		{Level: "wijk", Area: "WK064201", Total: c(500_000_00)}, {Level: "wijk", Area: "WK053101", Total: c(400_000_00)},
		{Level: "buurt", Area: "BU06420101", Total: c(500_000_00)}, {Level: "buurt", Area: "BU05310101", Suppressed: true},
	}
	f := &model.Funding{Year: 2024, Through: 12, Contracts: []model.FundingContract{
		{Contract: "K-ZW", Area: "WK064201"}, {Contract: "K-HIA", Area: "GM0531"}, {Contract: "K-REGIO", Area: ""}},
		Population: &model.PopulationBudget{Level: "wijk", Areas: []model.PopulationArea{{Area: "WK064201"}, {Area: "WK053101"}}}}
	gc, gf := ForGemeente("GM0531", cells, f)
	if len(gc) != 2 || gc[0].Area != "WK053101" || gc[1].Area != "BU05310101" || !gc[1].Suppressed {
		t.Fatalf("spread cells %+v", gc)
	}
	if len(gf.Contracts) != 1 || gf.Contracts[0].Contract != "K-HIA" || gf.RegionContracts != 1 {
		t.Fatalf("contracts %+v, region-wide %d", gf.Contracts, gf.RegionContracts)
	}
	if len(gf.Population.Areas) != 1 || gf.Population.Areas[0].Area != "WK053101" || len(f.Population.Areas) != 2 {
		t.Fatalf("population %+v (region's %+v)", gf.Population.Areas, f.Population.Areas)
	}
}
