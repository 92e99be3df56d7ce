package trajectory

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/release"
)

// regionInputs makes care for persons in two gemeenten and a few of unknown
// gemeente: per category, gemeente A has many trajectories, B a handful
// (below the threshold) — the region's cell less A's would give B's away.
func regionInputs(seed uint64) (*inputs, map[string]string) {
	rng := rand.New(rand.NewPCG(seed, 7))
	var care []Care
	var fb []Feedback
	of := map[string]string{}
	n := 0
	add := func(gemeente, provider, cat string, count int) {
		for i := 0; i < count; i++ {
			n++
			person := fmt.Sprintf("p%04d", n)
			of[person] = gemeente
			start := 1 + rng.IntN(4)
			for m := start; m < start+2+rng.IntN(4); m++ {
				care = append(care, Care{Person: person, Provider: provider, Categorie: cat, Geldstroom: "wmo",
					Month: months(2023, m), Amount: money.Cents(50_000 + rng.IntN(100_000))})
			}
			if rng.IntN(2) == 0 {
				fb = append(fb, Feedback{Person: person, Provider: provider, Score: 3 + rng.IntN(3)})
			}
		}
	}
	for i, cat := range []string{"02", "03", "05", "06"} {
		add("GM0001", "EIGEN", cat, 23+5*i)
		add("GM0001", "ZORG1", cat, 30)
		add("GM0002", "EIGEN", cat, 3+i) // below 10: withheld
		add("GM0002", "ZORG1", cat, 12+i)
		if i%2 == 0 {
			add("", "ZORG1", cat, 1) // one person of unknown gemeente
		}
	}
	return &inputs{ts: Build(care, nil, fb, map[string]bool{"EIGEN": true}), dataEnd: 20241231}, of
}

// inGemeente returns the trajectories of in whose person of counts in g.
func inGemeente(in *inputs, of map[string]string, g string) []Trajectory {
	var out []Trajectory
	for _, t := range in.ts {
		if of[t.Person] == g {
			out = append(out, t)
		}
	}
	return out
}

// TestTrajectoriesDifferencingAttack: the region's published trajectories
// less gemeente A's must not give gemeente B's withheld ones. Without
// Across the attack succeeds (the test can fail); with it, every
// figure group of every cell leaves the attacker at least two unknowns.
func TestTrajectoriesDifferencingAttack(t *testing.T) {
	p := release.Period{Year: 2023}
	in, of := regionInputs(1)
	compute := func() ([]*Result, *Result) {
		rs := []*Result{in.compute(p, DefaultHourlyCost, in.ts, true)}
		for _, g := range []string{"GM0001", "GM0002"} {
			rs = append(rs, in.compute(p, DefaultHourlyCost, inGemeente(in, of, g), true))
		}
		return rs, in.compute(p, DefaultHourlyCost, inGemeente(in, of, ""), true)
	}
	truth := func(rs []*Result, typ, cat string) int {
		n := 0
		for _, tr := range inGemeente(in, of, "GM0002") {
			if kindOf(&tr) == typ && tr.Categorie == cat && tr.End >= 20230101 && tr.End <= 20231231 {
				n++
			}
		}
		return n
	}
	// attack returns the cells of B the attacker pins: region and A
	// published, B withheld, and the rest (of unknown gemeente) either
	// absent or published.
	attack := func(rs []*Result, rest *Result) []string {
		var pinned []string
		cellOf := func(r *Result, typ, cat string) *Cell {
			for i := range r.Cells {
				if r.Cells[i].Type == typ && r.Cells[i].Category == cat {
					return &r.Cells[i]
				}
			}
			return nil
		}
		for _, rc := range rs[0].Cells {
			a, b, x := cellOf(rs[1], rc.Type, rc.Category), cellOf(rs[2], rc.Type, rc.Category), cellOf(rest, rc.Type, rc.Category)
			if rc.Suppressed || b == nil || !b.Suppressed || (a != nil && a.Suppressed) || (x != nil && x.Suppressed) {
				continue
			}
			derived := *rc.Trajectories
			if a != nil {
				derived -= *a.Trajectories
			}
			if x != nil {
				derived -= *x.Trajectories
			}
			// Counts are rounded to 5: the attacker learns B's count to
			// within the rounding, and B's mean cost from the means.
			if d := int(derived) - truth(rs, rc.Type, rc.Category); d >= -5 && d <= 5 {
				pinned = append(pinned, rc.Type+" "+rc.Category)
			}
		}
		return pinned
	}
	rs, rest := compute()
	if pinned := attack(rs, rest); len(pinned) == 0 {
		t.Fatal("the attack pins nothing without secondary suppression: the test data does not test it")
	}
	Across(rs, rest)
	if pinned := attack(rs, rest); len(pinned) > 0 {
		t.Fatalf("region − A pins B's withheld cells %v", pinned)
	}
	// Every group, not only the count: no region-published group with
	// exactly one withheld term.
	for _, rc := range rs[0].Cells {
		for name, pub := range map[string]func(*Cell) bool{
			"cel":          func(c *Cell) bool { return !c.Suppressed },
			"instroom":     func(c *Cell) bool { return c.Inflow != nil },
			"gemiddelde":   func(c *Cell) bool { return c.CostMeanEUR != nil },
			"tevredenheid": func(c *Cell) bool { return c.SatisfactionMean != nil },
			"terugkeer":    func(c *Cell) bool { return c.ReentryPct != nil || c.EscalationPct != nil },
		} {
			if !pub(&rc) {
				continue
			}
			hidden := 0
			for _, r := range append(append([]*Result{}, rs[1:]...), rest) {
				for i := range r.Cells {
					c := &r.Cells[i]
					if c.Type == rc.Type && c.Category == rc.Category && !pub(c) {
						hidden++
					}
				}
			}
			if hidden == 1 {
				t.Errorf("%s %s, %s: region published with exactly one withheld term", rc.Type, rc.Category, name)
			}
		}
	}
	// A's own cells that are big enough stay where B's are not withheld.
	published := 0
	for _, c := range rs[1].Cells {
		if !c.Suppressed {
			published++
		}
	}
	if published == 0 {
		t.Error("secondary suppression withheld all of A's cells")
	}
}

func TestAcrossRegionWithholdsTheRegion(t *testing.T) {
	for _, c := range []struct {
		pub  []bool
		rest bool
		want []int
	}{
		{[]bool{true, true, false}, false, []int{0}},
		{[]bool{true, true, true, true}, true, []int{0}},
		{[]bool{true, true, true}, false, nil},
		{[]bool{false, true, false}, false, nil},
		{[]bool{true, false, false}, false, nil},
		{[]bool{true, false, true}, true, nil},
	} {
		got := release.AcrossRegion(c.pub, c.rest)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("AcrossRegion(%v, %v) = %v, want %v", c.pub, c.rest, got, c.want)
		}
	}
}
