package release

import (
	"fmt"
	"math"
	"slices"
)

// TopPcts are the top-x% groups whose share of spend is published.
var TopPcts = []int{1, 3, 5, 10}

const (
	above100kCents = 100_000 * 100
	above500kCents = 500_000 * 100
)

// concentration computes, for every published area, the share of spend of the
// top 1/3/5/10% of households, the Lorenz curve in deciles and the number of
// households above €100k and €500k. A household's spend is its net amount in
// the period, negative nets counted as 0.
//
// Buckets: the top shares describe the groups top 1%, 1–3%, 3–5% and 5–10%;
// the Lorenz curve the ten deciles. Shares and Lorenz points are published only
// when every one of these groups holds at least MinBucket households and none
// is dominated by one household (p%-rule on the group's spend): with the
// published total, each figure is then a sum over a safe group. The two
// "above" counts are published when they hold at least MinBucket households;
// €500k also needs MinBucket households between €100k and €500k.
func (st *state) concentration() []Concentration {
	ag := st.ag
	d := ag.d
	n := len(d.areas)
	// Households sorted by spend, largest first; each area's list inherits the order.
	idx := make([]int32, 0, len(ag.spend))
	for i := range ag.spend {
		if ag.active[i] {
			idx = append(idx, int32(i))
		}
	}
	spend := func(i int32) int64 { return max(ag.spend[i], 0) }
	slices.SortFunc(idx, func(a, b int32) int {
		sa, sb := spend(a), spend(b)
		switch {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return 0
	})
	start := make([]int32, n+1)
	var pathBuf []int32
	for _, i := range idx {
		for _, a := range d.path(ag.leaf[i], pathBuf) {
			if !d.areas[a].virtual {
				start[a+1]++
			}
		}
	}
	for a := 1; a <= n; a++ {
		start[a] += start[a-1]
	}
	vals := make([]int64, start[n])
	fill := slices.Clone(start[:n])
	for _, i := range idx {
		pathBuf = d.path(ag.leaf[i], pathBuf)
		for _, a := range pathBuf {
			if !d.areas[a].virtual {
				vals[fill[a]] = spend(i)
				fill[a]++
			}
		}
	}

	areas := make([]int32, 0, n)
	for a := range d.areas {
		if !d.areas[a].virtual {
			areas = append(areas, int32(a))
		}
	}
	slices.SortFunc(areas, func(a, b int32) int { return int(st.areaRank[a]) - int(st.areaRank[b]) })
	out := make([]Concentration, 0, len(areas))
	for _, a := range areas {
		v := vals[start[a]:start[a+1]]
		if len(v) == 0 {
			continue
		}
		level := levelNames[d.areas[a].level]
		lr := st.rules.For(level)
		c := Concentration{Level: level, Area: d.areas[a].code}
		if t := ag.cell(a, 0); t >= 0 && !st.hidden[t] {
			if k, ok := st.kept[t]; ok {
				c.Households = ptr(k.households)
			} else {
				c.Households = ptr(roundCount(int64(len(v)), lr.RoundCount))
			}
		}
		c.TopShares = make([]TopShare, len(TopPcts))
		for i, p := range TopPcts {
			c.TopShares[i].Pct = p
		}
		reason := concentrationWithheld(v, lr)
		if reason != "" {
			c.Suppressed, c.Reason = true, reason
			// What can be shown: the broader top shares whose groups are
			// safe on their own (the top 10% where the top 1% is too few).
			if total := sum(v); total > 0 && len(v) >= lr.MinHouseholds {
				cuts := safeTopCuts(v, lr)
				for _, p := range TopPcts {
					if k := cuts[p]; k > 0 {
						c.Partial = append(c.Partial, TopShare{Pct: p, Share: new(round3(float64(sum(v[:k])) / float64(total)))})
					}
				}
			}
		} else {
			var total int64
			for _, x := range v {
				total += x
			}
			prefix := func(k int) int64 { // spend of the k largest
				var s int64
				for _, x := range v[:k] {
					s += x
				}
				return s
			}
			for i, p := range TopPcts {
				c.TopShares[i].Share = new(round3(float64(prefix(len(v)*p/100)) / float64(total)))
			}
			for q := 0; q <= 10; q++ {
				bottom := len(v) * q / 10
				c.Lorenz = append(c.Lorenz, LorenzPoint{HouseholdsPct: 10 * q,
					SpendShare: round3(float64(total-prefix(len(v)-bottom)) / float64(total))})
			}
		}
		var n100, n500 int64
		for _, x := range v {
			if x > above100kCents {
				n100++
			}
			if x > above500kCents {
				n500++
			}
		}
		if n100 >= int64(lr.MinBucket) {
			c.Above100k = ptr(roundCount(n100, lr.RoundCount))
			if n500 >= int64(lr.MinBucket) && n100-n500 >= int64(lr.MinBucket) {
				c.Above500k = ptr(roundCount(n500, lr.RoundCount))
			}
		}
		out = append(out, c)
	}
	return out
}

// concentrationWithheld says why the shares of v (spend, largest first) may
// not be published, or "" when they may.
func concentrationWithheld(v []int64, lr LevelRules) string {
	n := len(v)
	if n < lr.MinHouseholds {
		return fmt.Sprintf("minder dan %d huishoudens", lr.MinHouseholds)
	}
	var total int64
	for _, x := range v {
		total += x
	}
	if total <= 0 {
		return "geen uitgaven"
	}
	// Group boundaries (in the largest-first order): top-x% groups and deciles.
	cuts := []int{0}
	for _, p := range TopPcts {
		cuts = append(cuts, n*p/100)
	}
	groups := [][2]int{}
	for i := 1; i < len(cuts); i++ {
		groups = append(groups, [2]int{cuts[i-1], cuts[i]})
	}
	for q := 0; q < 10; q++ { // decile q counted from the top
		groups = append(groups, [2]int{n - n*(10-q)/10, n - n*(9-q)/10})
	}
	for _, g := range groups {
		if g[1]-g[0] < lr.MinBucket {
			return fmt.Sprintf("minder dan %d huishoudens in een concentratiegroep", lr.MinBucket)
		}
	}
	for _, g := range groups {
		b := v[g[0]:g[1]] // largest first
		var s int64
		for _, x := range b {
			s += x
		}
		var t2 int64
		if len(b) > 1 {
			t2 = b[1]
		}
		if dominated(s, b[0], t2, lr.PPercent) {
			return "dominantie in een concentratiegroep (p%-regel)"
		}
	}
	return ""
}

func sum(v []int64) int64 {
	var s int64
	for _, x := range v {
		s += x
	}
	return s
}

// safeTopCuts chooses, when not every top share may be published, the
// ones that may: a set of cuts (by percentage, the number of households
// above it) such that every group between two chosen cuts, and the rest
// below the lowest, holds at least MinBucket households and is not
// dominated (p%-rule). Differences of published shares then only ever
// reveal the sum of a safe group. The broadest share is tried first, then
// narrower ones are added while the groups stay safe.
func safeTopCuts(v []int64, lr LevelRules) map[int]int {
	n := len(v)
	safe := func(lo, hi int) bool {
		if hi-lo < lr.MinBucket {
			return false
		}
		b := v[lo:hi]
		var t2 int64
		if len(b) > 1 {
			t2 = b[1]
		}
		return !dominated(sum(b), b[0], t2, lr.PPercent)
	}
	chosen := map[int]int{}
	var cuts []int // household counts, ascending
	valid := func(cs []int) bool {
		prev := 0
		for _, c := range cs {
			if !safe(prev, c) {
				return false
			}
			prev = c
		}
		return safe(prev, n)
	}
	for i := len(TopPcts) - 1; i >= 0; i-- {
		k := n * TopPcts[i] / 100
		if k == 0 {
			continue
		}
		try := append([]int{k}, cuts...)
		if valid(try) {
			cuts = try
			chosen[TopPcts[i]] = k
		}
	}
	return chosen
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
