package release

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// Stacking is CBS's "stapeling", with money: per area, the households that
// received support from two or more geldstromen, or from two or more
// providers, in the period, and their share of the area's spend (the
// published shape lives in model, shared with the pages that read it).
type Stacking = model.Stacking

// stackGroup is one area's unrounded figures for one measure.
type stackGroup struct {
	households, stacked int64
	amount, stackedAmt  money.Cents
	top1, top2          money.Cents // the two largest stacked households' spend (absolute)
	hidden              bool
	reason              string
	virtual             bool // the "onbekend" remainder of a parent: never published
}

// levelOnbekend is the level of a virtual "onbekend" child: the households
// of a region of unknown gemeente, or of a gemeente of unknown wijk.
const levelOnbekend = "onbekend"

// stacking computes the stacking table under the release rules: an area
// needs MinHouseholds households; a measure is withheld when fewer than
// MinHouseholds households are stacked or not stacked (the rest would
// give it away), or when one or two households dominate the stacked spend
// (p%-rule); counts are rounded like cells, shares to whole percents. A
// withheld child next to a published parent (parent = Σ children) takes a
// second child with it, as secondary suppression does for cells. The
// households of a parent without a finer area (a region's of unknown
// gemeente, a gemeente's of unknown wijk) are its virtual "onbekend"
// child, as in the cell tables: never published, a withheld term when it
// fails the rules itself (parent − Σ published children would give it).
func stacking(in Input, rules Rules) []Stacking {
	acc := stackAccumulate(in)
	groups, areas, parentOf := acc.groups, acc.areas, acc.parentOf
	for m := range groups {
		for k, g := range groups[m] {
			lr := rules.For(k.level)
			if g.virtual {
				lr = rules.For(parentOf[k].level)
			}
			min := int64(lr.MinHouseholds)
			switch {
			case g.households < min:
				g.hidden, g.reason = true, "minder dan "+strconv.Itoa(lr.MinHouseholds)+" huishoudens"
			case g.stacked < min || g.households-g.stacked < min:
				g.hidden, g.reason = true, "minder dan "+strconv.Itoa(lr.MinHouseholds)+" huishoudens met of zonder stapeling"
			case dominated(int64(g.stackedAmt), int64(g.top1), int64(g.top2), lr.PPercent):
				g.hidden, g.reason = true, "dominantie (p%-regel)"
			}
		}
		secondaryStacking(groups[m], parentOf)
	}
	sort.Slice(areas, func(i, j int) bool { return areas[i].less(areas[j]) })
	var out []Stacking
	for _, k := range areas {
		lr := rules.For(k.level)
		s := Stacking{Level: k.level, Area: k.area}
		g0 := groups[0][k]
		if g0.households < int64(lr.MinHouseholds) {
			s.Suppressed, s.Reason = true, g0.reason
			out = append(out, s)
			continue
		}
		s.Households = ptr(roundCount(g0.households, lr.RoundCount))
		for m, g := range []*stackGroup{g0, groups[1][k]} {
			count, share := &s.Streams, &s.StreamsSharePct
			if m == 1 {
				count, share = &s.Providers, &s.ProvidersSharePct
			}
			if g.hidden {
				s.Reason = g.reason
				continue
			}
			*count = ptr(roundCount(g.stacked, lr.RoundCount))
			if g.amount > 0 {
				pct := math.Round(100 * float64(g.stackedAmt) / float64(g.amount))
				*share = &pct
			}
		}
		out = append(out, s)
	}
	return out
}

type stackKey struct{ level, area string }

// stackAcc is the unrounded stacking groups of some households: per
// measure (0: streams, 1: providers) and area, the areas in the order
// first met, and each area's parent.
type stackAcc struct {
	groups   [2]map[stackKey]*stackGroup
	areas    []stackKey
	parentOf map[stackKey]stackKey
}

// stackAccumulate adds up the households of in. The gemeenten of a region
// share only the region's groups, so each gemeente's households are added
// up on a goroutine of their own (at most workers() at a time) and the
// results merged: every figure is a sum or the two largest of a set, the
// same whichever order the households come in.
func stackAccumulate(in Input) *stackAcc {
	byGemeente := map[string][]int32{}
	var order []string
	for i := range in.Households {
		g := in.Households[i].Gemeente
		if _, ok := byGemeente[g]; !ok {
			order = append(order, g)
		}
		byGemeente[g] = append(byGemeente[g], int32(i))
	}
	if len(order) == 1 || workers() == 1 || len(in.Households) < minHouseholdsPerWorker {
		return stackAdd(in, nil)
	}
	parts := make([]*stackAcc, len(order))
	sem := make(chan struct{}, workers())
	var wg sync.WaitGroup
	for i, g := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			parts[i] = stackAdd(in, byGemeente[g])
		}()
	}
	wg.Wait()
	acc := parts[0]
	for _, p := range parts[1:] {
		for k, v := range p.parentOf {
			acc.parentOf[k] = v
		}
		for _, k := range p.areas {
			if acc.groups[0][k] == nil {
				acc.areas = append(acc.areas, k)
			}
		}
		for m := range p.groups {
			for k, g := range p.groups[m] {
				if mine := acc.groups[m][k]; mine != nil {
					mine.merge(g)
				} else {
					acc.groups[m][k] = g
				}
			}
		}
	}
	return acc
}

// merge adds the households of o (the same area and measure).
func (g *stackGroup) merge(o *stackGroup) {
	g.households += o.households
	g.amount += o.amount
	g.stacked += o.stacked
	g.stackedAmt += o.stackedAmt
	g.top(o.top1)
	g.top(o.top2)
}

// top keeps the two largest stacked households' spend seen.
func (g *stackGroup) top(a money.Cents) {
	switch {
	case a > g.top1:
		g.top1, g.top2 = a, g.top1
	case a > g.top2:
		g.top2 = a
	}
}

// stackAdd adds up the households of in at the indices only (all when
// only is nil).
func stackAdd(in Input, only []int32) *stackAcc {
	type key = stackKey
	acc := &stackAcc{groups: [2]map[key]*stackGroup{{}, {}}, parentOf: map[key]key{}}
	groups, parentOf := acc.groups, acc.parentOf
	n := len(in.Households)
	if only != nil {
		n = len(only)
	}
	var streams, providers []string
	for x := 0; x < n; x++ {
		hi := x
		if only != nil {
			hi = int(only[x])
		}
		h := &in.Households[hi]
		streams, providers = streams[:0], providers[:0]
		var amount money.Cents
		for _, r := range h.Rows {
			if !slices.Contains(streams, r.Geldstroom) {
				streams = append(streams, r.Geldstroom)
			}
			if r.Provider != "" && !slices.Contains(providers, r.Provider) {
				providers = append(providers, r.Provider)
			}
			amount += r.Amount
		}
		chain := []key{{LevelGemeente, h.Gemeente}}
		if in.Region != "" {
			// A region's release: the region above its gemeenten; a
			// household without a known gemeente counts at region level only.
			chain = []key{{LevelRegio, in.Region}}
			if h.Gemeente != "" {
				chain = append(chain, key{LevelGemeente, h.Gemeente})
			}
		}
		switch {
		case h.Wijk != "" && (in.Region == "" || h.Gemeente != ""):
			chain = append(chain, key{LevelWijk, h.Wijk}, key{LevelBuurt, h.Buurt}, key{LevelBlok, h.Blok})
		default:
			last := chain[len(chain)-1]
			chain = append(chain, key{levelOnbekend, last.level + ":" + last.area})
		}
		for i, k := range chain {
			if i > 0 {
				parentOf[k] = chain[i-1]
			}
			for m, n := range [2]int{len(streams), len(providers)} {
				g := groups[m][k]
				if g == nil {
					g = &stackGroup{virtual: k.level == levelOnbekend}
					groups[m][k] = g
					if m == 0 && !g.virtual {
						acc.areas = append(acc.areas, k)
					}
				}
				g.households++
				g.amount += amount
				if n >= 2 {
					g.stacked++
					g.stackedAmt += amount
					a := amount
					if a < 0 {
						a = -a
					}
					g.top(a)
				}
			}
		}
	}
	return acc
}

func (k stackKey) less(o stackKey) bool {
	if li, lo := levelIndex(k.level), levelIndex(o.level); li != lo {
		return li < lo
	}
	return k.area < o.area
}

// secondaryStacking hides, for every published parent with exactly one
// hidden child, the smallest other published child (ties by code, so the
// result does not depend on map order) — never a virtual one, which is
// not published; the parent itself when no other child is left, or when
// it is the region (as for cells) — until none is left.
func secondaryStacking(groups map[stackKey]*stackGroup, parentOf map[stackKey]stackKey) {
	children := map[stackKey][]stackKey{}
	var parents []stackKey
	for c, p := range parentOf {
		if _, ok := groups[c]; ok {
			if children[p] == nil {
				parents = append(parents, p)
			}
			children[p] = append(children[p], c)
		}
	}
	sort.Slice(parents, func(i, j int) bool { return parents[i].less(parents[j]) })
	for _, cs := range children {
		sort.Slice(cs, func(i, j int) bool { return cs[i].less(cs[j]) })
	}
	for changed := true; changed; {
		changed = false
		for _, p := range parents {
			cs := children[p]
			if pg := groups[p]; pg == nil || pg.hidden {
				continue
			}
			var hidden int
			var smallest *stackGroup
			for _, c := range cs {
				g := groups[c]
				if g.hidden {
					hidden++
				} else if !g.virtual && (smallest == nil || g.stacked < smallest.stacked) {
					smallest = g
				}
			}
			switch {
			case hidden == 1 && p.level == LevelRegio:
				// As the cells: the region's figure goes rather than a
				// gemeente's, which each gemeente publishes for itself.
				pg := groups[p]
				pg.hidden, pg.reason = true, "secundair afgeschermd"
				changed = true
			case hidden == 1 && smallest != nil:
				smallest.hidden, smallest.reason = true, "secundair afgeschermd"
				changed = true
			case hidden == 1:
				pg := groups[p]
				pg.hidden, pg.reason = true, "secundair afgeschermd"
				changed = true
			}
		}
	}
}
