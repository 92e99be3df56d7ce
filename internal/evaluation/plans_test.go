package evaluation

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// 30 plan families whose child's care falls from €1,000 to €400 a month
// after the plan began (July 2024), against 120 comparable families whose
// care falls to €900: an effect of −€500 a month, −€6,000 a year.
func TestPlanEvaluationBothEngines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		k := kluis.New(bytes.Repeat([]byte{3}, 32), bytes.Repeat([]byte{4}, 32))
		imp := importer.New(s, k)
		var brp, del strings.Builder
		brp.WriteString("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n")
		del.WriteString("agb;referentie;bsn;geldstroom;categorie;productcode;begindatum;einddatum;volume;eenheid;bedrag_cent;debet_credit\n")
		const families, plans = 150, 30
		for i := 0; i < families; i++ {
			parent, child := kluis.SyntheticBSN(2*i), kluis.SyntheticBSN(2*i+1)
			fmt.Fprintf(&brp, "%s,1985-01-01,3331AB,%d,,,,%s,0,2023-01-01\n", parent, i+1, child)
			fmt.Fprintf(&brp, "%s,2015-01-01,3331AB,%d,,,,,0,2023-01-01\n", child, i+1)
			for m := 0; m < 24; m++ { // July 2023 – June 2025
				y, mo := 2023+(6+m)/12, (6+m)%12+1
				amount := 100_000
				switch {
				case m >= 12 && i < plans:
					amount = 40_000
				case m >= 12:
					amount = 90_000
				}
				fmt.Fprintf(&del, "12345678;F%d-%d;%s;jeugdwet;45;45A01;%04d-%02d-01;%04d-%02d-28;10;04;%d;D\n", i, m, child, y, mo, y, mo, amount)
			}
		}
		for kind, body := range map[string]string{"brp": brp.String(), "deliveries": del.String()} {
			if sum, err := imp.Import(ctx, kind, kind+".csv", strings.NewReader(body), importer.Source{}); err != nil || sum.Rejected > 0 {
				t.Fatalf("%s: %+v %v", kind, sum, err)
			}
		}
		for i := 0; i < plans; i++ {
			var household string
			if err := s.DB().QueryRowContext(ctx, `SELECT address FROM residences WHERE person = $1`, k.Pseudonym(kluis.Person, kluis.SyntheticBSN(2*i))).Scan(&household); err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB().ExecContext(ctx, `INSERT INTO household_plans (household, body, updated_at, updated_by) VALUES ($1, $2, '2024-07-01T09:00:00Z', 'test')`,
				household, `{"from": 20240701, "to": 20250630, "budget_cent": 0}`); err != nil {
				t.Fatal(err)
			}
		}
		p, _ := release.ParsePeriod("2024")
		ev, err := Plans(ctx, s, p)
		if err != nil {
			t.Fatal(err)
		}
		if ev.EffectCent == nil || *ev.EffectCent != -600_000 {
			t.Fatalf("effect = %v (%+v), want −€6,000 a family", ev.EffectCent, ev)
		}
		pl, cmp := ev.Groups[0], ev.Groups[1]
		if *pl.Households != 30 || *cmp.Households != 120 || *pl.BeforeCent != 1_200_000 || *pl.AfterCent != 500_000 || *cmp.AfterCent != 1_100_000 {
			t.Errorf("groups %+v %+v", pl, cmp)
		}
		// Plans of another year: nothing to evaluate, said, not an error.
		p25, _ := release.ParsePeriod("2025")
		if ev, err := Plans(ctx, s, p25); err != nil || ev.EffectCent != nil || ev.Note == "" {
			t.Errorf("2025: %+v %v", ev, err)
		}
	})
}

// TestAcrossWithholdsTheRegion: a region's evaluation published, one
// gemeente's withheld: the region's goes too, else region − other would
// give the withheld one away; likewise with a withheld rest of unknown
// gemeente alone; the gemeenten keep theirs.
func TestAcrossWithholdsTheRegion(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	pub := func(hh int64) analysis.PlanEvaluation {
		return analysis.PlanEvaluation{Groups: []analysis.EvalGroup{{Group: "plan", Households: n(hh), BeforeCent: n(100_000)}, {Group: "vergelijking", Households: n(50)}}, EffectCent: n(-100_000)}
	}
	hidden := analysis.PlanEvaluation{Groups: []analysis.EvalGroup{{Group: "plan", Suppressed: true}, {Group: "vergelijking", Suppressed: true}}}
	evs := []analysis.PlanEvaluation{pub(40), pub(35), hidden}
	Across(evs, hidden, false)
	if !evs[0].Groups[0].Suppressed || evs[0].EffectCent != nil || evs[1].Groups[0].Suppressed {
		t.Fatalf("region − A would give B: %+v", evs)
	}
	evs = []analysis.PlanEvaluation{pub(60), pub(35), pub(20)}
	Across(evs, hidden, true)
	if !evs[0].Groups[0].Suppressed || evs[1].Groups[0].Suppressed || evs[2].Groups[0].Suppressed {
		t.Fatalf("a withheld rest: the region goes, the gemeenten stay: %+v", evs)
	}
	evs = []analysis.PlanEvaluation{pub(60), pub(35), pub(20)}
	Across(evs, hidden, false)
	for i, ev := range evs {
		if ev.Groups[0].Suppressed {
			t.Fatalf("nothing withheld, yet %d went", i)
		}
	}
}
