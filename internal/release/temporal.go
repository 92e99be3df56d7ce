package release

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// AuditTemporal audits two versions of a release side by side. The attacker
// knows both versions, knows which households changed between them (the
// strongest assumption: e.g. a neighbour who knows a family started care) and
// that every other household is the same in both. For each changed household
// and category it computes the interval of the change (after − before) and
// reports it when that lies within ±Tolerance of the true change.
//
// It uses the hierarchical model: both versions must use nested levels, and a
// household that moved between the versions is reported as not modelled.
func AuditTemporal(before, after Input, pubBefore, pubAfter *Tables, opt AuditOptions) AuditReport {
	opt = opt.withDefaults(pubBefore, pubAfter)
	rep := AuditReport{Model: "hierarchie", Checks: []Finding{}, Pinned: []Finding{}, Errors: []string{}}
	wB, wA := newWorld(before, opt), newWorld(after, opt)
	if !wB.nested() || !wA.nested() {
		rep.Errors = append(rep.Errors, "tijdsaudit: de niveaus zijn niet genest")
		return rep
	}
	pB, pA := indexTables(pubBefore), indexTables(pubAfter)
	tr := buildTree(wB.gAreas, wA.gAreas)

	// Which households changed, and in which (by, category)?
	changed := map[int64]bool{}
	type tt struct {
		id      int64
		by, cat string
		delta   int64
	}
	var cands []tt
	rowsOf := func(in Input) map[int64]*Household {
		m := make(map[int64]*Household, len(in.Households))
		for i := range in.Households {
			m[in.Households[i].ID] = &in.Households[i]
		}
		return m
	}
	hB, hA := rowsOf(before), rowsOf(after)
	ids := map[int64]bool{}
	for id := range hB {
		ids[id] = true
	}
	for id := range hA {
		ids[id] = true
	}
	for _, id := range slices.Sorted(mapKeys(ids)) {
		b, a := hB[id], hA[id]
		if b != nil && a != nil && slices.Equal(b.Rows, a.Rows) &&
			strings.Join(wB.hh[wB.byID[id]].areas, "\x00") == strings.Join(wA.hh[wA.byID[id]].areas, "\x00") {
			continue
		}
		changed[id] = true
		split := func(w *auditWorld, by, cat string) int64 {
			i, ok := w.byID[id]
			if !ok {
				return 0
			}
			k, _ := w.hh[i].split(by, cat)
			return k
		}
		keys := map[[2]string]bool{{ByTotal, CategoryTotal}: true}
		for _, w := range []*auditWorld{wB, wA} {
			if i, ok := w.byID[id]; ok {
				for c := range w.hh[i].cats[0] {
					keys[[2]string{ByGeldstroom, c}] = true
				}
				for c := range w.hh[i].cats[1] {
					keys[[2]string{ByZorgsoort, c}] = true
				}
			}
		}
		for _, k := range slices.SortedFunc(mapKeys(keys), func(x, y [2]string) int { return strings.Compare(x[0]+"\x00"+x[1], y[0]+"\x00"+y[1]) }) {
			if d := split(wA, k[0], k[1]) - split(wB, k[0], k[1]); d != 0 {
				cands = append(cands, tt{id, k[0], k[1], d})
			}
		}
	}
	slices.SortStableFunc(cands, func(x, y tt) int {
		ax, ay := abs64(x.delta), abs64(y.delta)
		switch {
		case ax > ay:
			return -1
		case ax < ay:
			return 1
		}
		return 0
	})
	if len(cands) > opt.MaxTemporal {
		cands = cands[:opt.MaxTemporal]
	}

	type cacheKey struct{ by, cat string }
	cache := map[cacheKey][2]treePolys{}
	// chg[node]: the subtree holds a changed household (in either version).
	chg := make([]bool, len(tr.nodes))
	for _, w := range []*auditWorld{wB, wA} {
		leafOf, _ := tr.leaves(w)
		for g, members := range w.groups {
			for _, i := range members {
				if changed[w.hh[i].id] {
					for n := leafOf[g]; n >= 0 && !chg[n]; n = tr.nodes[n].parent {
						chg[n] = true
					}
				}
			}
		}
	}
	for _, c := range cands {
		k := cacheKey{c.by, c.cat}
		tp, ok := cache[k]
		if !ok {
			tp = [2]treePolys{tr.polys(wB, pB, c.by, c.cat), tr.polys(wA, pA, c.by, c.cat)}
			cache[k] = tp
		}
		iB, inB := wB.byID[c.id]
		iA, inA := wA.byID[c.id]
		var leaf int
		var t target
		switch {
		case inB && inA && strings.Join(wB.hh[iB].areas, "\x00") != strings.Join(wA.hh[iA].areas, "\x00"):
			rep.Errors = append(rep.Errors, fmt.Sprintf("huishouden %d is verhuisd tussen de versies: niet gemodelleerd", c.id))
			continue
		case inA:
			leaf = tr.leaf[strings.Join(wA.gAreas[wA.hh[iA].group], "\x00")]
			t = target{hh: iA, by: c.by, cat: c.cat}
		default:
			leaf = tr.leaf[strings.Join(wB.gAreas[wB.hh[iB].group], "\x00")]
			t = target{hh: iB, by: c.by, cat: c.cat}
		}
		t.trueCents = c.delta
		if n := &tr.nodes[leaf]; n.area != "" {
			t.level, t.area = opt.Levels[n.level], n.area
		} else {
			p := &tr.nodes[n.parent]
			t.level, t.area = opt.Levels[p.level], p.area
		}
		iv, err := temporalInterval(tr, wB, wA, pB, pA, tp, chg, changed, leaf, c.id, c.by, c.cat)
		rep.Tried++
		if err != nil {
			rep.Errors = append(rep.Errors, fmt.Sprintf("huishouden %d, %s %s: %v", c.id, c.by, c.cat, err))
			continue
		}
		f := finding("wijziging", c.id, t, iv, opt.Tolerance)
		rep.Checks = append(rep.Checks, f)
		if f.Pinned {
			rep.Pinned = append(rep.Pinned, f)
		}
	}
	return rep
}

// temporalInterval: the hierarchical LP of one changed household over both
// versions. Unchanged parts (the rest of its finest area, sibling subtrees
// without a changed household) are one variable pair shared by both versions,
// bounded by both versions' polygons; changed parts get a pair per version.
func temporalInterval(tr *auditTree, wB, wA *auditWorld, pB, pA *pubIndex, tp [2]treePolys, chg []bool,
	changed map[int64]bool, leaf int, id int64, by, cat string) (ival, error) {
	var p lpProblem
	type ent struct{ k, o int }
	newEnt := func(q poly, tk, to int64) ent {
		e := ent{p.variable(q[0], float64(tk)/kEuro), p.variable(q[1], float64(to)/kEuro)}
		p.constrain([]int{e.k, e.o}, []float64{1, 1}, q[2])
		return e
	}
	signPoly := func(k, o groupSign) poly { return poly{k.ival(), o.ival(), k.ival().plus(o.ival())} }
	target := func(w *auditWorld) ent {
		var ks, os groupSign
		var tk, to int64
		if i, ok := w.byID[id]; ok {
			tk, to = w.hh[i].split(by, cat)
			ks.add(tk)
			os.add(to)
		}
		return newEnt(signPoly(ks, os), tk, to)
	}
	TB, TA := target(wB), target(wA)
	// The rest of the finest area.
	rest := func(w *auditWorld, tp treePolys) (groupSign, groupSign, int64, int64, bool) {
		var ks, os groupSign
		var tk, to int64
		other := false
		for _, g := range tp.groups[leaf] {
			for _, i := range w.groups[g] {
				h := &w.hh[i]
				if h.id == id {
					continue
				}
				if changed[h.id] {
					other = true
				}
				k, o := h.split(by, cat)
				ks.add(k)
				os.add(o)
				tk += k
				to += o
			}
		}
		return ks, os, tk, to, other
	}
	kB, oB, tkB, toB, otherB := rest(wB, tp[0])
	kA, oA, tkA, toA, otherA := rest(wA, tp[1])
	var belowB, belowA []ent
	belowB = append(belowB, TB)
	belowA = append(belowA, TA)
	if otherB || otherA {
		belowB = append(belowB, newEnt(signPoly(kB, oB), tkB, toB))
		belowA = append(belowA, newEnt(signPoly(kA, oA), tkA, toA))
	} else {
		e := newEnt(signPoly(kB, oB).meet(signPoly(kA, oA)).tight(), tkB, toB)
		belowB = append(belowB, e)
		belowA = append(belowA, e)
	}
	zero := poly{{0, 0}, {0, 0}, {0, 0}}
	child := leaf
	for n := leaf; n >= 0; n = tr.nodes[n].parent {
		node := &tr.nodes[n]
		if n != leaf {
			shared, sB, sA := zero, zero, zero
			var shT, sBT, sAT [2]int64
			var hasShared, hasChanged bool
			for _, c := range node.kids {
				if c == child {
					continue
				}
				if chg[c] {
					hasChanged = true
					sB, sA = sB.plus(tp[0].ps[c]), sA.plus(tp[1].ps[c])
					sBT[0] += tp[0].truth[c][0]
					sBT[1] += tp[0].truth[c][1]
					sAT[0] += tp[1].truth[c][0]
					sAT[1] += tp[1].truth[c][1]
				} else {
					hasShared = true
					shared = shared.plus(tp[0].ps[c].meet(tp[1].ps[c]).tight())
					shT[0] += tp[0].truth[c][0]
					shT[1] += tp[0].truth[c][1]
				}
			}
			if hasShared {
				e := newEnt(shared.tight(), shT[0], shT[1])
				belowB = append(belowB, e)
				belowA = append(belowA, e)
			}
			if hasChanged {
				belowB = append(belowB, newEnt(sB.tight(), sBT[0], sBT[1]))
				belowA = append(belowA, newEnt(sA.tight(), sAT[0], sAT[1]))
			}
			child = n
		}
		if node.area == "" {
			continue
		}
		level := wB.levels[node.level]
		for _, side := range []struct {
			pub   *pubIndex
			below []ent
			ps    []poly
		}{{pB, belowB, tp[0].ps}, {pA, belowA, tp[1].ps}} {
			own := side.pub.own(level, node.area, by, cat, side.ps[n][1].lo >= 0)
			var ik, io []int
			for _, e := range side.below {
				ik = append(ik, e.k)
				io = append(io, e.o)
			}
			p.constrain(ik, ones(len(ik)), own[0])
			p.constrain(io, ones(len(io)), own[1])
			p.constrain(append(slices.Clone(ik), io...), ones(2*len(ik)), own[2])
		}
	}
	obj := make([]float64, len(p.vars))
	obj[TA.k] = 1
	obj[TB.k] = -1
	iv, err := p.interval(obj)
	if err != nil {
		return iv, err
	}
	if math.IsNaN(iv.lo) || math.IsNaN(iv.hi) {
		return iv, fmt.Errorf("LP gaf geen getal")
	}
	return iv, nil
}
