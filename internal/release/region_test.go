package release

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/model"
)

// regionCity is a region of two gemeenten: a large one (GM0642) and a small
// one (GM0531) whose thin categories fail the primary rules at gemeente
// level while the region's cell of the same category passes them — the
// case where the region total less the large gemeente's would give away
// the small one's. unknown is the share of households without a known
// gemeente (they count at region level only).
func regionCity(seed uint64, unknown float64) Input {
	big := synthCity(cityConfig{seed: seed, households: 1400, rows: 8000, wijken: 3, buurten: 3, blokken: 3, unknown: 0.02})
	small := synthCity(cityConfig{seed: seed + 100, households: 160, rows: 500, wijken: 2, buurten: 2, blokken: 2, unknown: 0.02})
	in := Input{Period: big.Period, Region: model.RegionCode, Gemeenten: []string{"GM0531", "GM0642"}}
	for i, h := range big.Households {
		h.Gemeente = "GM0642"
		if float64(i%100) < unknown*100 {
			h.Gemeente, h.Wijk, h.Buurt, h.Blok = "", "", "", ""
		}
		in.Households = append(in.Households, h)
	}
	for _, h := range small.Households {
		h.ID += 100_000
		h.Gemeente = "GM0531"
		h.Wijk = strings.Replace(h.Wijk, "0642", "0531", 1)
		h.Buurt = strings.Replace(h.Buurt, "0642", "0531", 1)
		h.Blok = strings.Replace(h.Blok, "0642", "0531", 1)
		in.Households = append(in.Households, h)
	}
	return in
}

// cellsAt indexes a release's cells of one level by (area, by, category).
func cellsAt(tb *Tables, level string) map[[3]string]Cell {
	out := map[[3]string]Cell{}
	for _, c := range tb.Cells {
		if c.Level == level {
			out[[3]string{c.Area, c.By, c.Category}] = c
		}
	}
	return out
}

// withheldByDifference lists the gemeente cells that the region's cell
// less the other gemeenten's published cells gives away: region = Σ
// gemeenten holds exactly when every household has a gemeente.
func withheldByDifference(tb *Tables) []string {
	region := cellsAt(tb, LevelRegio)
	gem := cellsAt(tb, LevelGemeente)
	var out []string
	for k, r := range region {
		if r.Suppressed {
			continue
		}
		var hidden []string
		for _, g := range []string{"GM0531", "GM0642"} {
			if c, ok := gem[[3]string{g, k[1], k[2]}]; ok && c.Suppressed {
				hidden = append(hidden, g)
			}
		}
		if len(hidden) == 1 {
			out = append(out, hidden[0]+" "+k[1]+" "+k[2])
		}
	}
	return out
}

func TestRegionReleaseHasRegionAboveGemeenten(t *testing.T) {
	in := regionCity(21, 0)
	tb := mustCreate(t, in)
	if tb.Region != model.RegionCode || tb.Gemeente != "" {
		t.Fatalf("region %q gemeente %q", tb.Region, tb.Gemeente)
	}
	if got := tb.Gemeenten(); len(got) != 2 || got[0] != "GM0531" || got[1] != "GM0642" {
		t.Fatalf("gemeenten %v", got)
	}
	truth := map[string]int64{}
	for _, h := range in.Households {
		for _, r := range h.Rows {
			truth[h.Gemeente] += int64(r.Amount)
			truth[model.RegionCode] += int64(r.Amount)
		}
	}
	for _, k := range [][2]string{{LevelRegio, model.RegionCode}, {LevelGemeente, "GM0642"}, {LevelGemeente, "GM0531"}} {
		c, ok := cellsAt(tb, k[0])[[3]string{k[1], ByTotal, CategoryTotal}]
		if !ok || c.Suppressed {
			t.Fatalf("%s %s total missing or withheld: %+v", k[0], k[1], c)
		}
		if want := roundCents(truth[k[1]], 100000) / 100; *c.AmountEUR != want {
			t.Errorf("%s %s total € %d, want € %d", k[0], k[1], *c.AmountEUR, want)
		}
	}
	// A household of a gemeente outside the region's list is refused.
	bad := regionCity(21, 0)
	bad.Households[0].Gemeente = "GM0505"
	if _, err := Create(bad, DefaultRules()); err == nil || !strings.Contains(err.Error(), "GM0505") {
		t.Fatalf("household of another gemeente: err %v", err)
	}
}

// The region's cell less one gemeente's never gives away a withheld cell
// of the other: secondary suppression holds region = Σ gemeenten like any
// parent = Σ children. Without it (primary only) the difference is there,
// so the test can fail.
func TestRegionSuppressionCoversRegionEqualsSumOfGemeenten(t *testing.T) {
	leaksWithoutSecondary := 0
	for _, seed := range []uint64{21, 22, 23, 24} {
		in := regionCity(seed, 0)
		tb := mustCreate(t, in)
		if leak := withheldByDifference(tb); len(leak) > 0 {
			t.Errorf("seed %d: region − other gemeente gives away %v", seed, leak)
		}
		leaksWithoutSecondary += len(withheldByDifference(primaryOnly(t, in)))
	}
	if leaksWithoutSecondary == 0 {
		t.Fatal("the small gemeente never had a withheld cell the region's would give away: the test city does not exercise the relation")
	}
	t.Logf("primary only: %d gemeente cells given away by region − other gemeente", leaksWithoutSecondary)
}

// The LP attacker reads the region's release — every gemeente's figures
// beside the region's, which is what a region analyst sees and the union
// of what the gemeente analysts see — and pins nobody, with or without
// households of unknown gemeente. Without secondary suppression it does.
func TestAuditRegionAndGemeentenSideBySide(t *testing.T) {
	for _, seed := range []uint64{22} {
		for _, unknown := range []float64{0, 0.03} {
			in := regionCity(seed, unknown)
			tb := mustCreate(t, in)
			rep := Audit(in, tb, AuditOptions{Seed: seed, Sample: 60})
			if rep.Model != "hierarchie" {
				t.Errorf("seed %d: model %q", seed, rep.Model)
			}
			small := 0
			for _, f := range rep.Checks {
				if f.Household >= 100_000 {
					small++
				}
			}
			if rep.Tried < 500 || small == 0 {
				t.Errorf("seed %d: tried %d targets, %d in the small gemeente", seed, rep.Tried, small)
			}
			if !rep.OK() {
				t.Errorf("seed %d unknown %.2f: %d pinned (first %+v), errors %v", seed, unknown, len(rep.Pinned), first(rep.Pinned), rep.Errors)
			}
		}
	}
	in := regionCity(21, 0)
	if rep := Audit(in, primaryOnly(t, in), AuditOptions{Seed: 21}); len(rep.Pinned) == 0 {
		t.Fatalf("primary-only region release: nobody pinned (tried %d)", rep.Tried)
	}
}

// A gemeente's view holds only its own areas — no region cell, nothing of
// the other gemeente — with the region release's very figures.
func TestForGemeente(t *testing.T) {
	tb := mustCreate(t, regionCity(22, 0.03))
	all := map[[4]string]Cell{}
	for _, c := range tb.Cells {
		all[[4]string{c.Level, c.Area, c.By, c.Category}] = c
	}
	for _, g := range []string{"GM0531", "GM0642"} {
		v, err := tb.ForGemeente(g)
		if err != nil {
			t.Fatal(err)
		}
		if v.Gemeente != g || v.Region != "" || len(v.Cells) == 0 || len(v.Concentration) == 0 || len(v.Stacking) == 0 {
			t.Fatalf("%s: view %q/%q with %d cells, %d concentration, %d stacking", g, v.Gemeente, v.Region, len(v.Cells), len(v.Concentration), len(v.Stacking))
		}
		for _, c := range v.Cells {
			if c.Level == LevelRegio || model.GemeenteOfCode(c.Area) != g {
				t.Fatalf("%s: view holds %s %s", g, c.Level, c.Area)
			}
			if orig := all[[4]string{c.Level, c.Area, c.By, c.Category}]; orig.Suppressed != c.Suppressed || (c.AmountEUR != nil && *orig.AmountEUR != *c.AmountEUR) {
				t.Fatalf("%s: cell %+v differs from the region's %+v", g, c, orig)
			}
		}
		for _, c := range v.Concentration {
			if model.GemeenteOfCode(c.Area) != g {
				t.Fatalf("%s: concentration of %s", g, c.Area)
			}
		}
		for _, s := range v.Stacking {
			if model.GemeenteOfCode(s.Area) != g {
				t.Fatalf("%s: stacking of %s", g, s.Area)
			}
		}
	}
	if _, err := tb.ForGemeente("GM0505"); err == nil {
		t.Fatal("a gemeente outside the region gave a view")
	}
}

// A few households of unknown gemeente (fewer than MinHouseholds) make the
// region's unknown remainder a withheld term of region = Σ gemeenten:
// the region's cell is withheld, never a gemeente's total.
func TestRegionWithholdsTheRegionNotAGemeente(t *testing.T) {
	in := regionCity(23, 0)
	for i := 0; i < 4; i++ {
		h := &in.Households[i*50]
		h.Gemeente, h.Wijk, h.Buurt, h.Blok = "", "", "", ""
	}
	tb := mustCreate(t, in)
	region := cellsAt(tb, LevelRegio)[[3]string{model.RegionCode, ByTotal, CategoryTotal}]
	if !region.Suppressed || region.Rule != RuleSecondary {
		t.Fatalf("region total %+v, want withheld (secondary)", region)
	}
	for _, g := range []string{"GM0531", "GM0642"} {
		if c := cellsAt(tb, LevelGemeente)[[3]string{g, ByTotal, CategoryTotal}]; c.Suppressed {
			t.Errorf("%s total withheld: %+v", g, c)
		}
	}
	if rep := Audit(in, tb, AuditOptions{Seed: 23, Sample: 20}); !rep.OK() {
		t.Fatalf("audit: %d pinned, %v", len(rep.Pinned), rep.Errors)
	}
}
