package release

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// AuditOptions configure the LP interval audit.
type AuditOptions struct {
	// Seed of the random sample of households besides each cell's largest.
	Seed uint64
	// Sample is the number of extra random (household, category) targets;
	// 0 means 25, a negative value none.
	Sample int
	// Tolerance: a household is pinned when its possible values lie within
	// ±Tolerance of the truth, i.e. max−min < 2·Tolerance·|true|. 0 means 0.20.
	Tolerance float64
	// Levels the attacker sees, coarse to fine. Default: the levels of the
	// published cells, coarse to fine (regio, gemeente, …), then in order of appearance.
	Levels []string
	// AreaOf tells where a household lives at a level, as the attacker knows
	// it. Default: the hierarchy fields of Household.
	AreaOf func(h *Household, level string) string
	// MaxExactGroups bounds the exact model used for non-nested levels.
	// 0 means 300.
	MaxExactGroups int
	// MaxTemporal bounds the changed (household, category) pairs AuditTemporal
	// tries, largest changes first. 0 means 200.
	MaxTemporal int
}

// Finding is one tried target: a household (by ID — for the operator, never
// for analysts) and the interval in which its contribution to a category must
// lie given every published number, next to the true amount. For a temporal
// check the amount is the change between the two versions.
type Finding struct {
	Kind      string      `json:"kind"` // "cel" or "wijziging"
	Household int64       `json:"household"`
	Level     string      `json:"level"`
	Area      string      `json:"area"`
	By        string      `json:"by"`
	Category  string      `json:"category"`
	True      money.Cents `json:"true_cents"`
	Min       money.Cents `json:"min_cents"`
	Max       money.Cents `json:"max_cents"`
	Unbounded bool        `json:"unbounded"` // no upper (or lower) limit at all
	Pinned    bool        `json:"pinned"`
}

// AuditReport says what the audit tried and which households it could pin.
type AuditReport struct {
	Model  string    `json:"model"` // "hierarchie" (nested levels) or "exact"
	Tried  int       `json:"tried"`
	Checks []Finding `json:"checks"`
	Pinned []Finding `json:"pinned"`
	Errors []string  `json:"errors"`
}

// OK is true when no household could be pinned and every LP was solved.
func (r AuditReport) OK() bool { return len(r.Pinned) == 0 && len(r.Errors) == 0 }

func (o AuditOptions) withDefaults(pub ...*Tables) AuditOptions {
	if o.Sample == 0 {
		o.Sample = 25
	}
	if o.Tolerance == 0 {
		o.Tolerance = 0.20
	}
	if o.MaxExactGroups == 0 {
		o.MaxExactGroups = 300
	}
	if o.MaxTemporal == 0 {
		o.MaxTemporal = 200
	}
	if o.AreaOf == nil {
		o.AreaOf = hierarchyArea
	}
	if len(o.Levels) == 0 {
		seen := map[string]bool{}
		var extra []string
		for _, t := range pub {
			for _, c := range t.Cells {
				if !seen[c.Level] {
					seen[c.Level] = true
					if !slices.Contains(levelNames[:], c.Level) {
						extra = append(extra, c.Level)
					}
				}
			}
		}
		for _, l := range levelNames {
			if seen[l] {
				o.Levels = append(o.Levels, l)
			}
		}
		o.Levels = append(o.Levels, extra...)
	}
	return o
}

func hierarchyArea(h *Household, level string) string {
	switch level {
	case LevelGemeente:
		return h.Gemeente
	case LevelWijk:
		if h.Gemeente == "" {
			return ""
		}
		return h.Wijk
	case LevelBuurt:
		if h.Wijk == "" {
			return ""
		}
		return h.Buurt
	case LevelBlok:
		if h.Wijk == "" || h.Buurt == "" {
			return ""
		}
		return h.Blok
	}
	return ""
}

// ---- what the attacker reads: the published tables ----

type pubKey struct{ level, area, by, cat string }

type pubIndex struct {
	cells map[pubKey]*Cell
	cats  map[[3]string][]string // (level, area, by) → categories with a cell
	rules Rules
}

func indexTables(t *Tables) *pubIndex {
	p := &pubIndex{cells: map[pubKey]*Cell{}, cats: map[[3]string][]string{}, rules: t.Rules}
	for i := range t.Cells {
		c := &t.Cells[i]
		p.cells[pubKey{c.Level, c.Area, c.By, c.Category}] = c
		k := [3]string{c.Level, c.Area, c.By}
		p.cats[k] = append(p.cats[k], c.Category)
	}
	return p
}

const kEuro = 1e5 // LP unit: thousands of euros, in cents

// value is what a cell tells about its true amount: a rounding interval when
// published, nothing when suppressed, exactly zero when absent (no household).
func (p *pubIndex) value(level, area, by, cat string) (iv ival, hidden bool) {
	c := p.cells[pubKey{level, area, by, cat}]
	if c == nil {
		return ival{0, 0}, false
	}
	if c.Suppressed || c.AmountEUR == nil {
		return unbounded, true
	}
	half := float64(p.rules.For(level).RoundAmountCents) / 2
	v := float64(*c.AmountEUR) * 100
	return ival{(v - half - 0.5) / kEuro, (v + half + 0.5) / kEuro}, false
}

// own is what the cells of one area say about (k, o, s) for target (by, cat).
// oNonNeg says whether the attacker knows every "other" contribution there is
// non-negative (then a suppressed other category still bounds o from below).
func (p *pubIndex) own(level, area, by, cat string, oNonNeg bool) poly {
	tot, _ := p.value(level, area, ByTotal, CategoryTotal)
	if by == ByTotal {
		return poly{tot, {0, 0}, tot}
	}
	k, _ := p.value(level, area, by, cat)
	o := ival{0, 0}
	for _, c := range p.cats[[3]string{level, area, by}] {
		if c == cat {
			continue
		}
		v, hidden := p.value(level, area, by, c)
		if hidden {
			o.hi = math.Inf(1)
			if !oNonNeg {
				o.lo = math.Inf(-1)
			}
			continue
		}
		o = o.plus(v)
	}
	return poly{k, o, tot}
}

// ---- what the attacker knows about households ----

type auditHH struct {
	id     int64
	areas  []string // per attacker level
	total  int64
	cats   [2]map[string]int64 // geldstroom, zorgsoort → net amount
	group  int
	active bool
}

func (h *auditHH) split(by, cat string) (k, o int64) {
	switch by {
	case ByTotal:
		return h.total, 0
	case ByGeldstroom:
		k = h.cats[0][cat]
	default:
		k = h.cats[1][cat]
	}
	return k, h.total - k
}

type auditWorld struct {
	levels []string
	hh     []auditHH
	byID   map[int64]int
	groups [][]int // households per distinct area tuple
	gAreas [][]string
}

func newWorld(in Input, opt AuditOptions) *auditWorld {
	w := &auditWorld{levels: opt.Levels, byID: map[int64]int{}}
	gidx := map[string]int{}
	for i := range in.Households {
		h := &in.Households[i]
		ah := auditHH{id: h.ID, cats: [2]map[string]int64{{}, {}}}
		hc := *h
		if hc.Gemeente == "" && in.Region == "" {
			hc.Gemeente = in.Gemeente
		}
		for _, l := range opt.Levels {
			if l == LevelRegio {
				ah.areas = append(ah.areas, in.Region) // every household of a region's input is in the region
				continue
			}
			ah.areas = append(ah.areas, opt.AreaOf(&hc, l))
		}
		for _, r := range h.Rows {
			ah.total += int64(r.Amount)
			ah.cats[0][categoryCode(r.Geldstroom)] += int64(r.Amount)
			ah.cats[1][categoryCode(r.Zorgsoort)] += int64(r.Amount)
		}
		ah.active = len(h.Rows) > 0
		key := strings.Join(ah.areas, "\x00")
		g, ok := gidx[key]
		if !ok {
			g = len(w.groups)
			gidx[key] = g
			w.groups = append(w.groups, nil)
			w.gAreas = append(w.gAreas, ah.areas)
		}
		ah.group = g
		w.groups[g] = append(w.groups[g], len(w.hh))
		w.byID[h.ID] = len(w.hh)
		w.hh = append(w.hh, ah)
	}
	return w
}

// nested reports whether the attacker's levels form a strict hierarchy over
// these households: every area has one parent and an unknown level hides the
// finer ones.
func (w *auditWorld) nested() bool {
	parent := map[[2]string]string{}
	for _, a := range w.gAreas {
		for l := 1; l < len(a); l++ {
			if a[l] == "" {
				for _, x := range a[l+1:] {
					if x != "" {
						return false
					}
				}
				break
			}
			k := [2]string{w.levels[l], a[l]}
			if p, ok := parent[k]; ok && p != a[l-1] {
				return false
			}
			parent[k] = a[l-1]
		}
	}
	return true
}

type target struct {
	hh        int
	by, cat   string
	level     string
	area      string
	trueCents int64
}

// targets: for every cell, the household with the largest contribution; then a
// seeded random sample of other (household, category) pairs.
func (w *auditWorld) targets(pub *Tables, opt AuditOptions) []target {
	type best struct {
		hh  int
		abs int64
	}
	bests := map[pubKey]best{}
	consider := func(i int, by, cat string, amount int64) {
		h := &w.hh[i]
		for l, area := range h.areas {
			if area == "" {
				continue
			}
			k := pubKey{w.levels[l], area, by, cat}
			a := abs64(amount)
			if b, ok := bests[k]; !ok || a > b.abs || (a == b.abs && w.hh[b.hh].id > h.id) {
				bests[k] = best{i, a}
			}
		}
	}
	for i := range w.hh {
		h := &w.hh[i]
		if !h.active {
			continue
		}
		consider(i, ByTotal, CategoryTotal, h.total)
		for c, v := range h.cats[0] {
			consider(i, ByGeldstroom, c, v)
		}
		for c, v := range h.cats[1] {
			consider(i, ByZorgsoort, c, v)
		}
	}
	seen := map[[3]string]bool{}
	var out []target
	add := func(i int, level, area, by, cat string) bool {
		k, _ := w.hh[i].split(by, cat)
		key := [3]string{fmt.Sprint(i), by, cat}
		if k == 0 || seen[key] {
			return false
		}
		seen[key] = true
		out = append(out, target{hh: i, by: by, cat: cat, level: level, area: area, trueCents: k})
		return true
	}
	for _, c := range pub.Cells {
		if b, ok := bests[pubKey{c.Level, c.Area, c.By, c.Category}]; ok {
			add(b.hh, c.Level, c.Area, c.By, c.Category)
		}
	}
	if opt.Sample > 0 && len(w.hh) > 0 {
		rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
		added := 0
		for try := 0; try < 20*opt.Sample && added < opt.Sample; try++ {
			i := rng.IntN(len(w.hh))
			h := &w.hh[i]
			if !h.active {
				continue
			}
			type bc struct{ by, cat string }
			opts := []bc{{ByTotal, CategoryTotal}}
			for _, c := range slices.Sorted(mapKeys(h.cats[0])) {
				opts = append(opts, bc{ByGeldstroom, c})
			}
			for _, c := range slices.Sorted(mapKeys(h.cats[1])) {
				opts = append(opts, bc{ByZorgsoort, c})
			}
			o := opts[rng.IntN(len(opts))]
			l := len(h.areas) - 1
			for l > 0 && h.areas[l] == "" {
				l--
			}
			if add(i, w.levels[l], h.areas[l], o.by, o.cat) {
				added++
			}
		}
	}
	return out
}

func mapKeys[M ~map[K]V, K comparable, V any](m M) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Audit is the LP interval audit of one release: for the largest household of
// every cell and a random sample of others, it computes the smallest and
// largest amount the household's contribution can have given every published
// number (see docs/releases.md for the attacker model), and reports every
// household whose interval lies within ±Tolerance of its true amount.
func Audit(in Input, published *Tables, opt AuditOptions) AuditReport {
	opt = opt.withDefaults(published)
	w := newWorld(in, opt)
	pub := indexTables(published)
	rep := AuditReport{Checks: []Finding{}, Pinned: []Finding{}, Errors: []string{}}
	var solve func(t target) (ival, error)
	if w.nested() {
		rep.Model = "hierarchie"
		tr := buildTree(w.gAreas)
		cache := map[[2]string]treePolys{}
		solve = func(t target) (ival, error) {
			k := [2]string{t.by, t.cat}
			ps, ok := cache[k]
			if !ok {
				ps = tr.polys(w, pub, t.by, t.cat)
				cache[k] = ps
			}
			return tr.pathInterval(w, pub, ps, t)
		}
	} else {
		rep.Model = "exact"
		if len(w.groups) > opt.MaxExactGroups {
			rep.Errors = append(rep.Errors, fmt.Sprintf("niet-geneste gebieden met %d groepen huishoudens: meer dan %d, exact model te groot", len(w.groups), opt.MaxExactGroups))
			return rep
		}
		solve = func(t target) (ival, error) { return w.exactInterval(pub, t) }
	}
	for _, t := range w.targets(published, opt) {
		iv, err := solve(t)
		rep.Tried++
		h := &w.hh[t.hh]
		if err != nil {
			rep.Errors = append(rep.Errors, fmt.Sprintf("huishouden %d, %s %s: %v", h.id, t.by, t.cat, err))
			continue
		}
		f := finding("cel", h.id, t, iv, opt.Tolerance)
		rep.Checks = append(rep.Checks, f)
		if f.Pinned {
			rep.Pinned = append(rep.Pinned, f)
		}
	}
	return rep
}

func finding(kind string, id int64, t target, iv ival, tol float64) Finding {
	f := Finding{Kind: kind, Household: id, Level: t.level, Area: t.area, By: t.by, Category: t.cat, True: money.Cents(t.trueCents)}
	toCents := func(x float64) money.Cents {
		switch {
		case math.IsInf(x, 1):
			f.Unbounded = true
			return money.Cents(math.MaxInt64)
		case math.IsInf(x, -1):
			f.Unbounded = true
			return money.Cents(math.MinInt64)
		}
		return money.Cents(math.Round(x * kEuro))
	}
	f.Min, f.Max = toCents(iv.lo), toCents(iv.hi)
	width := iv.hi - iv.lo
	f.Pinned = !f.Unbounded && width < 2*tol*math.Abs(float64(t.trueCents))/kEuro
	return f
}

// signIval is what the attacker knows of a contribution's sign.
func signIval(v int64) ival {
	switch {
	case v > 0:
		return ival{0, math.Inf(1)}
	case v < 0:
		return ival{math.Inf(-1), 0}
	}
	return ival{0, 0}
}

// ---- the exact model (any levels, small) ----

// exactInterval: one (k, o) pair of variables per group of households with the
// same areas (the target's group minus the target), one for the target, and
// every published cell of every level as a constraint.
func (w *auditWorld) exactInterval(pub *pubIndex, t target) (ival, error) {
	var p lpProblem
	th := &w.hh[t.hh]
	tk, to := th.split(t.by, t.cat)
	T := [2]int{p.variable(signIval(tk), float64(tk)/kEuro), p.variable(signIval(to), float64(to)/kEuro)}
	vars := make([][2]int, len(w.groups))
	for g, members := range w.groups {
		var kb, ob groupSign
		var ks, os int64
		for _, i := range members {
			if i == t.hh {
				continue
			}
			k, o := w.hh[i].split(t.by, t.cat)
			kb.add(k)
			ob.add(o)
			ks += k
			os += o
		}
		vars[g] = [2]int{p.variable(kb.ival(), float64(ks)/kEuro), p.variable(ob.ival(), float64(os)/kEuro)}
		p.constrain([]int{vars[g][0], vars[g][1]}, []float64{1, 1}, kb.ival().plus(ob.ival()))
	}
	for l, level := range w.levels {
		members := map[string][]int{}
		for g, a := range w.gAreas {
			if a[l] != "" {
				members[a[l]] = append(members[a[l]], g)
			}
		}
		for _, area := range slices.Sorted(mapKeys(members)) {
			gs := members[area]
			oNonNeg := true
			for _, g := range gs {
				for _, i := range w.groups[g] {
					if _, o := w.hh[i].split(t.by, t.cat); o < 0 {
						oNonNeg = false
					}
				}
			}
			own := pub.own(level, area, t.by, t.cat, oNonNeg)
			var ik, io []int
			for _, g := range gs {
				ik = append(ik, vars[g][0])
				io = append(io, vars[g][1])
			}
			if th.areas[l] == area {
				ik = append(ik, T[0])
				io = append(io, T[1])
			}
			p.constrain(ik, ones(len(ik)), own[0])
			p.constrain(io, ones(len(io)), own[1])
			p.constrain(append(slices.Clone(ik), io...), ones(2*len(ik)), own[2])
		}
	}
	obj := make([]float64, len(p.vars))
	obj[T[0]] = 1
	return p.interval(obj)
}

func ones(n int) []float64 {
	o := make([]float64, n)
	for i := range o {
		o[i] = 1
	}
	return o
}

// groupSign accumulates what the attacker knows of a group's sign: ≥ 0 when
// every contribution is, ≤ 0 when every one is, exactly 0 when there is none.
type groupSign struct{ pos, neg bool }

func (g *groupSign) add(v int64) {
	if v > 0 {
		g.pos = true
	} else if v < 0 {
		g.neg = true
	}
}

func (g groupSign) ival() ival {
	switch {
	case g.pos && g.neg:
		return unbounded
	case g.pos:
		return ival{0, math.Inf(1)}
	case g.neg:
		return ival{math.Inf(-1), 0}
	}
	return ival{0, 0}
}

func (g groupSign) merge(o groupSign) groupSign { return groupSign{g.pos || o.pos, g.neg || o.neg} }

// ---- the hierarchical model (nested levels, any size) ----

// auditTree is the area hierarchy as the attacker sees it. A node with area
// "" is a rest node: the households of its parent without a finer area.
type auditTree struct {
	nodes []treeNode
	leaf  map[string]int // area tuple (joined) → finest node
}

type treeNode struct {
	level  int
	area   string
	parent int
	kids   []int
}

func buildTree(tuples ...[][]string) *auditTree {
	tr := &auditTree{leaf: map[string]int{}}
	idx := map[[2]string]int{}
	rest := map[int]int{}
	node := func(level int, area string, parent int) int {
		k := [2]string{fmt.Sprint(level), area}
		if i, ok := idx[k]; ok {
			return i
		}
		tr.nodes = append(tr.nodes, treeNode{level: level, area: area, parent: parent})
		i := len(tr.nodes) - 1
		idx[k] = i
		if parent >= 0 {
			tr.nodes[parent].kids = append(tr.nodes[parent].kids, i)
		}
		return i
	}
	for _, ts := range tuples {
		for _, a := range ts {
			key := strings.Join(a, "\x00")
			if _, ok := tr.leaf[key]; ok {
				continue
			}
			cur := node(0, a[0], -1)
			l := 1
			for ; l < len(a) && a[l] != ""; l++ {
				cur = node(l, a[l], cur)
			}
			if l < len(a) {
				r, ok := rest[cur]
				if !ok {
					tr.nodes = append(tr.nodes, treeNode{level: l, parent: cur})
					r = len(tr.nodes) - 1
					tr.nodes[cur].kids = append(tr.nodes[cur].kids, r)
					rest[cur] = r
				}
				cur = r
			}
			tr.leaf[key] = cur
		}
	}
	return tr
}

// leaves maps each group of w to its tree node, and lists groups per node.
func (tr *auditTree) leaves(w *auditWorld) (leafOf []int, groups map[int][]int) {
	leafOf = make([]int, len(w.groups))
	groups = map[int][]int{}
	for g, a := range w.gAreas {
		l := tr.leaf[strings.Join(a, "\x00")]
		leafOf[g] = l
		groups[l] = append(groups[l], g)
	}
	return leafOf, groups
}

// polys computes, bottom-up, the exact set of (k, o) values each subtree can
// take given the published cells inside it: its own cells intersected with the
// sum of its children's sets. Nodes were created parent before child, so a
// reverse pass visits children first.
func (tr *auditTree) polys(w *auditWorld, pub *pubIndex, by, cat string) treePolys {
	ps := make([]poly, len(tr.nodes))
	truth := make([][2]int64, len(tr.nodes))
	ks := make([]groupSign, len(tr.nodes))
	os := make([]groupSign, len(tr.nodes))
	leafOf, _ := tr.leaves(w)
	for g, members := range w.groups {
		i := leafOf[g]
		for _, h := range members {
			k, o := w.hh[h].split(by, cat)
			ks[i].add(k)
			os[i].add(o)
			truth[i][0] += k
			truth[i][1] += o
		}
	}
	for i := len(tr.nodes) - 1; i >= 0; i-- {
		n := &tr.nodes[i]
		for _, c := range n.kids {
			ks[i] = ks[i].merge(ks[c])
			os[i] = os[i].merge(os[c])
			truth[i][0] += truth[c][0]
			truth[i][1] += truth[c][1]
		}
		p := poly{ks[i].ival(), os[i].ival(), ks[i].ival().plus(os[i].ival())}
		if len(n.kids) > 0 {
			sum := poly{{0, 0}, {0, 0}, {0, 0}}
			for _, c := range n.kids {
				sum = sum.plus(ps[c])
			}
			p = p.meet(sum)
		}
		if n.area != "" {
			p = p.meet(pub.own(w.levels[n.level], n.area, by, cat, !os[i].neg))
		}
		ps[i] = p.tight()
	}
	_, groups := tr.leaves(w)
	return treePolys{ps, truth, groups}
}

// treePolys: per node of the tree, the attacker's polygon and the true (k, o).
type treePolys struct {
	ps     []poly
	truth  [][2]int64
	groups map[int][]int // groups of w per finest node
}

// pathInterval solves the LP of one target in the hierarchical model. Along
// the target's path from its finest area to the gemeente, every area's
// published cells bound the sum of: the target, the rest of its finest area,
// and — for each level — the merged siblings of the path, whose possible
// values are the exact polygons of polys. Sibling subtrees only touch the
// path through their sum, so this is the full model's answer for the target.
func (tr *auditTree) pathInterval(w *auditWorld, pub *pubIndex, tp treePolys, t target) (ival, error) {
	ps := tp.ps
	th := &w.hh[t.hh]
	leaf := tr.leaf[strings.Join(w.gAreas[th.group], "\x00")]
	var p lpProblem
	tk, to := th.split(t.by, t.cat)
	type ent struct{ k, o int }
	newEnt := func(q poly, tk, to int64) ent {
		e := ent{p.variable(q[0], float64(tk)/kEuro), p.variable(q[1], float64(to)/kEuro)}
		p.constrain([]int{e.k, e.o}, []float64{1, 1}, q[2])
		return e
	}
	T := newEnt(poly{signIval(tk), signIval(to), signIval(tk).plus(signIval(to))}, tk, to)
	var rk, ro groupSign
	var rtk, rto int64
	for _, g := range tp.groups[leaf] {
		for _, i := range w.groups[g] {
			if i != t.hh {
				k, o := w.hh[i].split(t.by, t.cat)
				rk.add(k)
				ro.add(o)
				rtk += k
				rto += o
			}
		}
	}
	below := []ent{T, newEnt(poly{rk.ival(), ro.ival(), rk.ival().plus(ro.ival())}, rtk, rto)}
	for n := leaf; n >= 0; n = tr.nodes[n].parent {
		node := &tr.nodes[n]
		if n != leaf {
			// Merge the siblings of the path below n.
			sum := poly{{0, 0}, {0, 0}, {0, 0}}
			var sk, so int64
			some := false
			for _, c := range node.kids {
				if c != childOnPath(tr, leaf, n) {
					sum = sum.plus(ps[c])
					sk += tp.truth[c][0]
					so += tp.truth[c][1]
					some = true
				}
			}
			if some {
				below = append(below, newEnt(sum.tight(), sk, so))
			}
		}
		if node.area == "" {
			continue
		}
		oNonNeg := ps[n][1].lo >= 0
		own := pub.own(w.levels[node.level], node.area, t.by, t.cat, oNonNeg)
		var ik, io []int
		for _, e := range below {
			ik = append(ik, e.k)
			io = append(io, e.o)
		}
		p.constrain(ik, ones(len(ik)), own[0])
		p.constrain(io, ones(len(io)), own[1])
		p.constrain(append(slices.Clone(ik), io...), ones(2*len(ik)), own[2])
	}
	obj := make([]float64, len(p.vars))
	obj[T.k] = 1
	return p.interval(obj)
}

// childOnPath returns the child of n on the path from n down to leaf.
func childOnPath(tr *auditTree, leaf, n int) int {
	c := leaf
	for tr.nodes[c].parent != n {
		c = tr.nodes[c].parent
	}
	return c
}
