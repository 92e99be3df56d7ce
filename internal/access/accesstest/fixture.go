// Package accesstest builds a tiny municipality in a fresh SQLite store for
// the tests of access and web: three households, a secret address, two
// providers, two releases and one user per role. Everything goes in through
// the importer, as real data would.
package accesstest

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
)

// Password is every fixture user's password.
const Password = "correct-horse-battery"

// AGB codes of the two fixture providers.
const (
	AGB1 = "12345678"
	AGB2 = "87654321"
)

// Fixture is the seeded store with the names tests need.
type Fixture struct {
	Store    *store.Store
	Importer *importer.Importer
	Kluis    *kluis.Kluis
	// Households A (two parents, one child; assigned to the professional),
	// B (one parent, one child; not assigned) and C (one adult; assigned,
	// expired).
	HouseholdA, HouseholdB, HouseholdC string
	// Persons: A1 and A2 adults of A, AChild minor under A1's authority;
	// B1 adult of B, BChild minor under B1's authority; C1; Secret at a
	// secret address.
	A1, A2, AChild, B1, BChild, C1, Secret string
	// Users per role; Member is A1, Member2 is B1 (sole adult of B).
	Users map[string]access.Actor
	// Member2 is the member of household B.
	Member2 access.Actor
	// ImportAGB2 is an upload of the second provider.
	ImportAGB2 int64
}

// BSN returns the fixture's synthetic BSN number n.
func BSN(n int) string { return kluis.SyntheticBSN(n) }

// New seeds a fresh SQLite store in t.TempDir().
func New(t testing.TB) *Fixture {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "ontschot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return Seed(t, st)
}

// Seed seeds st, a fresh store of either engine (see storetest).
func Seed(t testing.TB, st *store.Store) *Fixture {
	t.Helper()
	ctx := context.Background()
	k := kluis.New([]byte("person-key-for-tests-0123456789ab"), []byte("address-key-for-tests-0123456789"))
	imp := importer.New(st, k)
	f := &Fixture{Store: st, Importer: imp, Kluis: k, Users: map[string]access.Actor{}}

	brp := "bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,geheim_adres,peildatum,gezag_over\n" +
		fmt.Sprintf("%s,1980-03-01,1234AB,1,,,0,2024-12-31,%s\n", BSN(1), BSN(3)) +
		fmt.Sprintf("%s,1982-05-01,1234AB,1,,,0,2024-12-31,\n", BSN(2)) +
		fmt.Sprintf("%s,2015-07-01,1234AB,1,,,0,2024-12-31,\n", BSN(3)) +
		fmt.Sprintf("%s,1970-01-01,1234AB,2,,,0,2024-12-31,%s\n", BSN(4), BSN(5)) +
		fmt.Sprintf("%s,2012-02-02,1234AB,2,,,0,2024-12-31,\n", BSN(5)) +
		fmt.Sprintf("%s,1950-09-09,1234AC,5,,,0,2024-12-31,\n", BSN(6)) +
		fmt.Sprintf("%s,1990-10-10,1234AC,9,,,1,2024-12-31,\n", BSN(7))
	mustImport(t, imp, "brp", "brp.csv", brp, importer.Source{})

	del := "agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n" +
		fmt.Sprintf("%s,R1,%s,jeugdwet,45,45A01,2025-01-01,2025-01-31,10,04,125000,D\n", AGB1, BSN(3)) +
		fmt.Sprintf("%s,R2,%s,jeugdwet,45,45A01,2025-02-01,2025-02-28,12,04,150000,D\n", AGB1, BSN(3)) +
		fmt.Sprintf("%s,R3,%s,wmo,02,02A01,2025-01-01,2025-03-31,20,04,90000,D\n", AGB1, BSN(1)) +
		fmt.Sprintf("%s,R2,%s,jeugdwet,45,45A01,2025-02-01,2025-02-28,12,04,150000,C\n", AGB1, BSN(3)) +
		fmt.Sprintf("%s,R4,%s,participatiewet,60,BIJST,2025-01-01,2025-06-30,6,83,600000,D\n", AGB1, BSN(2))
	mustImport(t, imp, "deliveries", "leveringen.csv", del, importer.Source{})
	del2 := "agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n" +
		fmt.Sprintf("%s,S1,%s,jeugdwet,43,43A01,2025-01-01,2025-06-30,180,14,2400000,D\n", AGB2, BSN(5)) +
		fmt.Sprintf("%s,S2,%s,wmo,02,02A01,2025-01-01,2025-06-30,30,04,120000,D\n", AGB2, BSN(4)) +
		fmt.Sprintf("%s,S3,%s,wmo,15,15A01,2025-01-01,2025-06-30,180,14,300000,D\n", AGB2, BSN(6))
	sum := mustImport(t, imp, "deliveries", "aanbieder2.csv", del2, importer.Source{UploadedBy: "aanbieder2", AGB: AGB2})
	f.ImportAGB2 = sum.ImportID

	p := func(n int) string { return k.Pseudonym(kluis.Person, BSN(n)) }
	f.A1, f.A2, f.AChild, f.B1, f.BChild, f.C1, f.Secret = p(1), p(2), p(3), p(4), p(5), p(6), p(7)
	today := access.Today()
	for _, x := range []struct {
		person string
		dst    *string
	}{{f.A1, &f.HouseholdA}, {f.B1, &f.HouseholdB}, {f.C1, &f.HouseholdC}} {
		hh, err := st.HouseholdOf(ctx, x.person, today)
		if err != nil || hh == "" {
			t.Fatalf("household of fixture person: %q %v", hh, err)
		}
		*x.dst = hh
	}

	add := func(role, name, person, agb string) access.Actor {
		id, err := access.CreateUser(ctx, st, access.NewUser{Username: name, Password: Password, Role: role, DisplayName: strings.ToUpper(name[:1]) + name[1:], Person: person, AGB: agb})
		if err != nil {
			t.Fatal(err)
		}
		return access.Actor{UserID: id, Username: name, Role: role, Person: person, AGB: agb}
	}
	f.Users[access.Analyst] = add(access.Analyst, "analist", "", "")
	f.Users[access.Professional] = add(access.Professional, "hulpverlener", "", "")
	f.Users[access.Member] = add(access.Member, "gezin", f.A1, "")
	f.Users[access.Provider] = add(access.Provider, "aanbieder", "", AGB1)
	f.Users[access.Admin] = add(access.Admin, "beheer", "", "")
	f.Member2 = add(access.Member, "gezin2", f.B1, "")
	f.Users[access.TeamLead] = add(access.TeamLead, "teamleider", "", "")
	pro := f.Users[access.Professional].UserID
	for _, a := range []access.Assignment{
		{UserID: pro, Household: f.HouseholdA, ValidFrom: 20200101, ValidTo: 20991231, LegalBasis: "Jeugdwet art. 7.4.4 (toestemming gezin)", CreatedBy: "beheer", Zaaknummer: "JZ-2025/0017"},
		{UserID: pro, Household: f.HouseholdC, ValidFrom: 20200101, ValidTo: 20201231, LegalBasis: "Wmo 2015 art. 5.1.1", CreatedBy: "beheer"},
	} {
		id, err := access.Assign(ctx, st, a)
		if err != nil {
			t.Fatal(err)
		}
		if err := access.ApproveAssignment(ctx, st, id, f.Users[access.TeamLead]); err != nil {
			t.Fatal(err)
		}
	}
	seedAreasAndReleases(t, st)
	return f
}

func mustImport(t testing.TB, imp *importer.Importer, kind, name, body string, src importer.Source) store.Summary {
	t.Helper()
	sum, err := imp.Import(context.Background(), kind, name, strings.NewReader(body), src)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected > 0 {
		t.Fatalf("fixture %s rejected rows: %+v", name, sum.Rejections)
	}
	return sum
}

func square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

// Area codes of the fixture.
const (
	Gemeente = "GM0001"
	Wijk1    = "WK000101"
	Wijk2    = "WK000102"
	Buurt11  = "BU00010101"
	Buurt12  = "BU00010102"
	Buurt21  = "BU00010201"
	Blok111  = "BL0001010101"
	Blok112  = "BL0001010102"
)

func seedAreasAndReleases(t testing.TB, st *store.Store) {
	ctx := context.Background()
	im, err := st.BeginImport(ctx, store.ImportMeta{Kind: "areas", FileName: "gebieden.geojson", Format: "geojson"})
	if err != nil {
		t.Fatal(err)
	}
	geo := func(mp orb.MultiPolygon) []byte {
		b, err := areas.EncodeGeometry(mp)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, a := range []store.Area{
		{Code: Gemeente, Level: "gemeente", Name: "Testgemeente", Inhabitants: 20000, Households: 9000, Geometry: geo(square(0, 0, 2000, 1000))},
		{Code: Wijk1, Level: "wijk", Name: "Centrum", Gemeente: Gemeente, Inhabitants: 12000, Households: 5000, Geometry: geo(square(0, 0, 1000, 1000))},
		{Code: Wijk2, Level: "wijk", Name: "Oost", Gemeente: Gemeente, Inhabitants: 8000, Households: 4000, Geometry: geo(square(1000, 0, 2000, 1000))},
		{Code: Buurt11, Level: "buurt", Name: "Kerkbuurt", Gemeente: Gemeente, Wijk: Wijk1, Inhabitants: 7000, Households: 3000, Geometry: geo(square(0, 0, 1000, 500))},
		{Code: Buurt12, Level: "buurt", Name: "Haven", Gemeente: Gemeente, Wijk: Wijk1, Inhabitants: -1, Households: -1, Geometry: geo(square(0, 500, 1000, 1000))},
		{Code: Buurt21, Level: "buurt", Name: "Oostpark", Gemeente: Gemeente, Wijk: Wijk2, Inhabitants: 8000, Households: 4000, Geometry: geo(square(1000, 0, 2000, 1000))},
	} {
		if _, err := im.AddArea(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	type cellSpec struct {
		level, area string
		hh, amount  int64
		suppressed  bool
		reason      string
	}
	for i, period := range []string{"2024", "2025"} {
		grow := int64(100 + 10*i) // the second release is 10% up
		specs := []cellSpec{
			{level: "gemeente", area: Gemeente, hh: 400, amount: 4_000_000},
			{level: "wijk", area: Wijk1, hh: 250, amount: 2_600_000},
			{level: "wijk", area: Wijk2, hh: 150, amount: 1_400_000},
			{level: "buurt", area: Buurt11, hh: 200, amount: 2_000_000},
			{level: "buurt", area: Buurt12, hh: 50, amount: 600_000},
			{level: "buurt", area: Buurt21, hh: 150, amount: 1_400_000},
			{level: "blok", area: Blok111, suppressed: true, reason: "minder dan 10 huishoudens"},
			{level: "blok", area: Blok112, suppressed: true, reason: "secundair onderdrukt (aanvulling)"},
		}
		if i == 1 {
			specs[4] = cellSpec{level: "buurt", area: Buurt12, suppressed: true, reason: "minder dan 10 huishoudens"}
		}
		var cells []store.ReleaseCell
		for _, s := range specs {
			mk := func(by, cat string, share int64) store.ReleaseCell {
				c := store.ReleaseCell{Level: s.level, Area: s.area, By: by, Category: cat, Suppressed: s.suppressed, Reason: s.reason}
				if !s.suppressed {
					hh, ps, am := s.hh*share/100, s.hh*share/100*2, s.amount*share/100*grow/100
					c.Households, c.Persons, c.AmountEUR = &hh, &ps, &am
				}
				return c
			}
			cells = append(cells, mk("total", "totaal", 100),
				mk("geldstroom", "jeugdwet", 60), mk("geldstroom", "wmo", 40),
				mk("zorgsoort", "45", 60), mk("zorgsoort", "02", 40))
		}
		conc := map[string]any{"level": "gemeente", "area": Gemeente, "households": 400,
			"top_shares": []map[string]any{{"pct": 1, "share": 0.21}, {"pct": 3, "share": 0.42}, {"pct": 5, "share": 0.55}, {"pct": 10, "share": 0.71}},
			"lorenz":     []map[string]any{{"households_pct": 0, "spend_share": 0}, {"households_pct": 50, "spend_share": 0.08}, {"households_pct": 90, "spend_share": 0.29}, {"households_pct": 100, "spend_share": 1}},
			"above_100k": 10, "above_500k": nil, "suppressed": false}
		body, _ := json.Marshal(conc)
		// Trajectories (docs/trajectories.md): own begeleiding against
		// contracted, one withheld cell, one provider's waiting time.
		traj := `{"period":"` + period + `","hourly_cost_own_cent":7500,"cells":[` +
			`{"type":"eigen","category":"02","trajectories":40,"cost_mean_eur":4100,"cost_median_eur":3800,"cost_p90_eur":6700,"duration_median_days":300,"satisfaction_mean":4.1,"responses":25,"reentry_pct":5,"escalation_pct":0,"inflow":45,"outflow":40,"suppressed":false},` +
			`{"type":"gecontracteerd","category":"02","trajectories":80,"cost_mean_eur":8600,"cost_median_eur":8000,"cost_p90_eur":16000,"duration_median_days":450,"satisfaction_mean":4.0,"responses":50,"reentry_pct":10,"escalation_pct":1,"inflow":85,"outflow":80,"suppressed":false},` +
			`{"type":"gecontracteerd","category":"43","trajectories":null,"cost_mean_eur":null,"cost_median_eur":null,"cost_p90_eur":null,"duration_median_days":null,"satisfaction_mean":null,"responses":null,"reentry_pct":null,"escalation_pct":null,"inflow":null,"outflow":null,"suppressed":true,"reason":"minder dan 10 afgesloten trajecten"}],` +
			`"comparisons":[{"category":"02","cost_ratio":0.48,"cost_ratio_interval":[0.41,0.55],"duration_own_median_days":300,"duration_contracted_median_days":450,"satisfaction_own":4.1,"satisfaction_contracted":4.0,"satisfaction_difference_interval":[-0.2,0.3],"headline":"eigen trajecten kosten de helft (48% van gecontracteerde zorg, 95%-interval 41%–55%), cliënten even tevreden (4,1 tegen 4,0)"}],` +
			`"waiting":[{"provider":"` + AGB1 + `","cases":20,"median_days":23,"suppressed":false}],` +
			`"referrers":[{"referrer":"01","name":"Gemeente","trajectories":60,"spend_eur":412000,"spend_pct":31,"suppressed":false},` +
			`{"referrer":"02","name":"Huisarts","trajectories":95,"spend_eur":538000,"spend_pct":40,"suppressed":false},` +
			`{"referrer":"04","name":"Gecertificeerde instelling","trajectories":null,"spend_eur":null,"spend_pct":null,"suppressed":true,"reason":"minder dan 10 trajecten"},` +
			`{"referrer":"05","name":"Medisch specialist","trajectories":15,"spend_eur":null,"spend_pct":null,"suppressed":true,"reason":"uitgaven secundair afgeschermd"},` +
			`{"referrer":"onbekend","name":"Geen verzoek om toewijzing (JW315) bekend","trajectories":20,"spend_eur":160000,"spend_pct":12,"suppressed":false}]}`
		// The plan evaluation (docs/evaluation.md): published in 2025, too
		// few plan families in 2024.
		eval := `{"period":"` + period + `","groups":[{"group":"plan","households":null,"before_cent":null,"after_cent":null,"suppressed":true},{"group":"vergelijking","households":null,"before_cent":null,"after_cent":null,"suppressed":true}],"effect_cent":null,"interval_cent":null,"method":"exacte cellen","note":"te weinig gezinnen met een plan"}`
		if period == "2025" {
			eval = `{"period":"2025","groups":[{"group":"plan","households":40,"before_cent":1200000,"after_cent":800000,"suppressed":false},{"group":"vergelijking","households":300,"before_cent":1200000,"after_cent":1100000,"suppressed":false}],"effect_cent":-300000,"interval_cent":[-500000,-100000],"method":"exacte cellen"}`
		}
		// Stacking (stapeling): published for the municipality and the
		// wijken; Haven has too few households with stacking, Kerkbuurt goes
		// with it (secondary); the bloks are too small.
		extras := []store.ReleaseExtra{{Kind: "concentration", Level: "gemeente", Area: Gemeente, Body: string(body)},
			{Kind: "trajectories", Level: "gemeente", Body: traj}, {Kind: "plan_evaluation", Level: "gemeente", Body: eval}}
		for _, sb := range []struct{ level, area, body string }{
			{"gemeente", Gemeente, `"households":400,"stacked_streams":90,"stacked_streams_spend_pct":58,"stacked_providers":120,"stacked_providers_spend_pct":64,"suppressed":false`},
			{"wijk", Wijk1, `"households":250,"stacked_streams":60,"stacked_streams_spend_pct":61,"stacked_providers":75,"stacked_providers_spend_pct":66,"suppressed":false`},
			{"wijk", Wijk2, `"households":150,"stacked_streams":30,"stacked_streams_spend_pct":52,"stacked_providers":45,"stacked_providers_spend_pct":60,"suppressed":false`},
			{"buurt", Buurt11, `"households":200,"stacked_streams":null,"stacked_streams_spend_pct":null,"stacked_providers":65,"stacked_providers_spend_pct":67,"suppressed":false,"reason":"secundair afgeschermd"`},
			{"buurt", Buurt12, `"households":50,"stacked_streams":null,"stacked_streams_spend_pct":null,"stacked_providers":10,"stacked_providers_spend_pct":55,"suppressed":false,"reason":"minder dan 10 huishoudens met of zonder stapeling"`},
			{"buurt", Buurt21, `"households":150,"stacked_streams":30,"stacked_streams_spend_pct":52,"stacked_providers":45,"stacked_providers_spend_pct":60,"suppressed":false`},
			{"blok", Blok111, `"households":null,"stacked_streams":null,"stacked_streams_spend_pct":null,"stacked_providers":null,"stacked_providers_spend_pct":null,"suppressed":true,"reason":"minder dan 10 huishoudens"`},
		} {
			extras = append(extras, store.ReleaseExtra{Kind: "stacking", Level: sb.level, Area: sb.area, Body: `{"level":"` + sb.level + `","area":"` + sb.area + `",` + sb.body + `}`})
		}
		if _, err := st.PublishRelease(ctx, store.NewRelease{Period: period, CreatedBy: "test", Rules: "{}", Cells: cells, Extras: append(extras, fundingExtras(period)...)}); err != nil {
			t.Fatal(err)
		}
	}
}
