package release

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// state is one release in the making: unrounded cells, their canonical order,
// the additive relations between them and which cells are hidden.
type state struct {
	ag    *aggregation
	rules Rules

	areaRank []int32 // canonical rank of each area
	slotRank []int32 // canonical rank of each slot offset
	order    []int32 // cells in canonical order
	rank     []int32 // cell → position in order

	hidden []bool
	rule   []string
	reason []string
	// pinned cells are never chosen by secondary suppression: in a revision,
	// cells that did not change and were published before (hiding them again
	// would not hide anything).
	pinned []bool
	// kept holds, in a revision, published values carried over from the
	// previous version (see revision.go).
	kept map[int32]keptValues

	relStart     []int32 // relation r has members relMem[relStart[r]:relStart[r+1]]; member 0 is the sum
	relMem       []int32
	cellRelStart []int32 // relations of cell c: cellRel[cellRelStart[c]:cellRelStart[c+1]]
	cellRel      []int32
}

type keptValues struct {
	households, persons, amountEUR int64
}

func (st *state) levelName(c int32) string {
	return levelNames[st.ag.d.areas[st.ag.cells[c].area].level]
}

func (st *state) isVirtual(c int32) bool { return st.ag.d.areas[st.ag.cells[c].area].virtual }

func newState(ag *aggregation, rules Rules) *state {
	d := ag.d
	st := &state{ag: ag, rules: rules}
	n := len(ag.cells)
	st.hidden = make([]bool, n)
	st.rule = make([]string, n)
	st.reason = make([]string, n)
	st.pinned = make([]bool, n)

	// Canonical ranks: areas by (level, real before virtual, code), slots by
	// (breakdown, category code). Everything downstream orders by these, so
	// the result does not depend on the order of the input.
	areas := make([]int32, len(d.areas))
	for i := range areas {
		areas[i] = int32(i)
	}
	areaKey := func(a int32) string {
		n := &d.areas[a]
		if n.virtual {
			return d.areas[n.parent].code
		}
		return n.code
	}
	slices.SortFunc(areas, func(a, b int32) int {
		x, y := &d.areas[a], &d.areas[b]
		if c := cmp.Compare(x.level, y.level); c != 0 {
			return c
		}
		if x.virtual != y.virtual {
			if x.virtual {
				return 1
			}
			return -1
		}
		return cmp.Compare(areaKey(a), areaKey(b))
	})
	st.areaRank = make([]int32, len(d.areas))
	for r, a := range areas {
		st.areaRank[a] = int32(r)
	}
	stride := d.stride()
	slots := make([]int, stride)
	for i := range slots {
		slots[i] = i
	}
	slices.SortFunc(slots, func(a, b int) int {
		ba, ca := d.slotMeaning(a)
		bb, cb := d.slotMeaning(b)
		if c := cmp.Compare(ba, bb); c != 0 {
			return c
		}
		return cmp.Compare(d.catName(ba, ca), d.catName(bb, cb))
	})
	st.slotRank = make([]int32, stride)
	for r, s := range slots {
		st.slotRank[s] = int32(r)
	}
	st.order = make([]int32, n)
	for i := range st.order {
		st.order[i] = int32(i)
	}
	slices.SortFunc(st.order, func(a, b int32) int {
		x, y := &ag.cells[a], &ag.cells[b]
		if c := cmp.Compare(st.areaRank[x.area], st.areaRank[y.area]); c != 0 {
			return c
		}
		return cmp.Compare(st.slotRank[x.off], st.slotRank[y.off])
	})
	st.rank = make([]int32, n)
	for r, c := range st.order {
		st.rank[c] = int32(r)
	}

	// Kids in canonical order.
	for i := range d.areas {
		slices.SortFunc(d.areas[i].kids, func(a, b int32) int { return cmp.Compare(st.areaRank[a], st.areaRank[b]) })
	}
	st.buildRelations(areas, slots)
	return st
}

// buildRelations lists every additive relation between cells, each as
// (sum, term, term, …):
//
//   - area relations, for every measure: cell(parent, slot) = Σ cell(child,
//     slot), the children including the virtual "onbekend" child that holds the
//     parent's households without a finer address;
//   - category relations, for amounts only: cell(area, total) = Σ
//     cell(area, geldstroom g) = Σ cell(area, zorgsoort z). Households and
//     persons are not additive over categories (one household uses several
//     streams), but suppression hides a whole cell, so one set of relations
//     protects all three measures.
//
// A cell that does not exist holds no household: a structural zero, known to
// everyone, so it is not a term.
func (st *state) buildRelations(areas []int32, slots []int) {
	ag := st.ag
	d := ag.d
	st.relStart = append(st.relStart[:0], 0)
	var mem []int32
	add := func() {
		if len(mem) >= 2 {
			st.relMem = append(st.relMem, mem...)
			st.relStart = append(st.relStart, int32(len(st.relMem)))
		}
	}
	for _, a := range areas {
		node := &d.areas[a]
		if len(node.kids) > 0 {
			for _, off := range slots {
				p := ag.cell(a, off)
				if p < 0 {
					continue
				}
				mem = append(mem[:0], p)
				for _, k := range node.kids {
					if c := ag.cell(k, off); c >= 0 {
						mem = append(mem, c)
					}
				}
				add()
			}
		}
		t := ag.cell(a, 0)
		if t < 0 {
			continue
		}
		for _, by := range []int{bGeldstroom, bZorgsoort} {
			mem = append(mem[:0], t)
			for _, off := range slots {
				if b, _ := d.slotMeaning(off); b != by {
					continue
				}
				if c := ag.cell(a, off); c >= 0 {
					mem = append(mem, c)
				}
			}
			add()
		}
	}
	// Invert: relations per cell.
	n := len(ag.cells)
	counts := make([]int32, n+1)
	for _, c := range st.relMem {
		counts[c+1]++
	}
	for i := 1; i <= n; i++ {
		counts[i] += counts[i-1]
	}
	st.cellRelStart = counts
	st.cellRel = make([]int32, len(st.relMem))
	fill := slices.Clone(counts[:n])
	for r := 0; r+1 < len(st.relStart); r++ {
		for _, c := range st.relMem[st.relStart[r]:st.relStart[r+1]] {
			st.cellRel[fill[c]] = int32(r)
			fill[c]++
		}
	}
}

// dominated is the p%-rule: a cell is unsafe when the households other than
// the two largest contribute less than p% of the largest, so that the second
// largest could estimate the largest within p%. Contributions count by their
// absolute value (a credit identifies a household as much as a debit).
func dominated(absSum, top1, top2 int64, p float64) bool {
	if top1 == 0 || p <= 0 {
		return false
	}
	return float64(absSum-top1-top2) < p/100*float64(top1)
}

func (st *state) hide(c int32, rule, reason string) {
	st.hidden[c] = true
	st.rule[c] = rule
	st.reason[c] = reason
}

// primary hides cells with too few households or a dominated amount, and
// cells of a care type below the lowest level it may be published at.
func (st *state) primary() {
	for _, c := range st.order {
		s := &st.ag.cells[c]
		lr := st.rules.For(st.levelName(c))
		switch {
		case st.belowReportLevel(c):
			by, cat := st.ag.d.slotMeaning(int(s.off))
			lowest := st.rules.LowestLevel[st.ag.d.catName(by, cat)]
			st.hide(c, RuleReportLevel, fmt.Sprintf("deze zorgsoort wordt niet fijner dan op %sniveau gepubliceerd (niveaus van rapportage)", lowest))
		case s.households < int64(lr.MinHouseholds):
			st.hide(c, RuleMinHouseholds, fmt.Sprintf("minder dan %d huishoudens", lr.MinHouseholds))
		case dominated(s.absSum, s.top1, s.top2, lr.PPercent):
			st.hide(c, RulePPercent, "dominantie (p%-regel)")
		}
	}
}

// belowReportLevel reports whether cell c is of a care type that may not
// be published at c's level.
func (st *state) belowReportLevel(c int32) bool {
	if len(st.rules.LowestLevel) == 0 {
		return false
	}
	s := &st.ag.cells[c]
	by, cat := st.ag.d.slotMeaning(int(s.off))
	if Breakdowns[by] != ByZorgsoort {
		return false
	}
	lowest, ok := st.rules.LowestLevel[st.ag.d.catName(by, cat)]
	return ok && levelIndex(st.levelName(c)) > levelIndex(lowest)
}

func levelIndex(level string) int {
	for i, l := range levelNames {
		if l == level {
			return i
		}
	}
	return -1
}

// CheckReportLevels refuses a configuration naming an unknown care type or
// level; known says whether a care type code exists.
func CheckReportLevels(levels map[string]string, known func(string) bool) error {
	var bad []string
	for cat, lvl := range levels {
		if !known(cat) {
			bad = append(bad, fmt.Sprintf("onbekende zorgsoort %q", cat))
		}
		if levelIndex(lvl) < 0 {
			bad = append(bad, fmt.Sprintf("onbekend niveau %q bij zorgsoort %s (gemeente, wijk, buurt of blok)", lvl, cat))
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		return fmt.Errorf("niveaus van rapportage: %s / reporting levels: unknown care types or levels", strings.Join(bad, "; "))
	}
	return nil
}

// secondary hides more cells until no relation has exactly one hidden term,
// so no hidden cell equals a sum of published ones. Each step hides one more
// cell of a finite set, and a relation with exactly one hidden member always
// has another (relations have at least two members), so it terminates after
// at most as many steps as there are cells. Relations are visited in a fixed
// order and ties broken by canonical rank, so it is deterministic.
func (st *state) secondary() {
	nrel := len(st.relStart) - 1
	count := make([]int32, nrel)
	queue := make([]int32, 0, 64)
	for r := 0; r < nrel; r++ {
		for _, c := range st.relMem[st.relStart[r]:st.relStart[r+1]] {
			if st.hidden[c] {
				count[r]++
			}
		}
		if count[r] == 1 {
			queue = append(queue, int32(r))
		}
	}
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		if count[r] != 1 {
			continue
		}
		mem := st.relMem[st.relStart[r]:st.relStart[r+1]]
		pick := st.candidate(mem)
		st.hide(pick, RuleSecondary, "secundair: anders terug te rekenen uit de som")
		for _, r2 := range st.cellRel[st.cellRelStart[pick]:st.cellRelStart[pick+1]] {
			count[r2]++
			if count[r2] == 1 {
				queue = append(queue, r2)
			}
		}
	}
}

// candidate picks the cell to hide in a relation with exactly one hidden
// member: the smallest visible term (by |amount|, then households) — the sum
// itself only when no term is left. Published cells go first, then virtual
// ("onbekend") terms, then pinned cells.
func (st *state) candidate(mem []int32) int32 {
	class := func(c int32) int {
		switch {
		case st.pinned[c]:
			return 2
		case st.isVirtual(c):
			return 1
		}
		return 0
	}
	better := func(a, b int32) bool {
		if ca, cb := class(a), class(b); ca != cb {
			return ca < cb
		}
		x, y := &st.ag.cells[a], &st.ag.cells[b]
		ax, ay := abs64(x.amount), abs64(y.amount)
		if ax != ay {
			return ax < ay
		}
		if x.households != y.households {
			return x.households < y.households
		}
		return st.rank[a] < st.rank[b]
	}
	// region = Σ gemeenten: withhold the region's cell rather than a
	// gemeente's, which is what each gemeente publishes for itself (a few
	// households of unknown gemeente would otherwise cost a gemeente its
	// total). The region's figure is then still about Σ of its gemeenten.
	if sum := mem[0]; !st.hidden[sum] && !st.pinned[sum] && st.ag.d.areas[st.ag.cells[sum].area].level == lvRegio &&
		st.ag.cells[mem[1]].area != st.ag.cells[sum].area {
		return sum
	}
	best := int32(-1)
	for _, c := range mem[1:] {
		if !st.hidden[c] && (best < 0 || better(c, best)) {
			best = c
		}
	}
	if best < 0 {
		best = mem[0]
	}
	return best
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// roundCount rounds a non-negative count to the nearest multiple of base, halves up.
func roundCount(n int64, base int) int64 {
	b := int64(base)
	return (n + b/2) / b * b
}

// roundCents rounds to the nearest multiple of base, halves away from zero.
func roundCents(c, base int64) int64 {
	if c < 0 {
		return -roundCents(-c, base)
	}
	return (c + base/2) / base * base
}

// cells renders the published cells in canonical order.
func (st *state) cells() []Cell {
	d := st.ag.d
	out := make([]Cell, 0, len(st.order))
	for _, c := range st.order {
		if st.isVirtual(c) {
			continue
		}
		s := &st.ag.cells[c]
		by, cat := d.slotMeaning(int(s.off))
		cell := Cell{Level: st.levelName(c), Area: d.areas[s.area].code, By: Breakdowns[by], Category: d.catName(by, cat)}
		if st.hidden[c] {
			cell.Suppressed, cell.Rule, cell.Reason = true, st.rule[c], st.reason[c]
		} else if k, ok := st.kept[c]; ok {
			cell.Households, cell.Persons, cell.AmountEUR = ptr(k.households), ptr(k.persons), ptr(k.amountEUR)
		} else {
			lr := st.rules.For(cell.Level)
			cell.Households = ptr(roundCount(s.households, lr.RoundCount))
			cell.Persons = ptr(roundCount(s.persons, lr.RoundCount))
			cell.AmountEUR = ptr(roundCents(s.amount, lr.RoundAmountCents) / 100)
		}
		out = append(out, cell)
	}
	return out
}

// Create freezes one closed period into its disclosure-controlled tables
// (version 1). The result depends only on the households, not on their order.
func Create(in Input, rules Rules) (*Tables, error) {
	// The stacking table reads only the input: it is computed beside the
	// cell tables.
	var st *state
	var err error
	var stack []Stacking
	both(func() { stack = stacking(in, rules) }, func() {
		if st, err = prepare(in, rules); err == nil {
			st.primary()
			st.secondary()
		}
	})
	if err != nil {
		return nil, err
	}
	return st.tables(in, 1, stack), nil
}

func prepare(in Input, rules Rules) (*state, error) {
	if err := rules.validate(); err != nil {
		return nil, err
	}
	if in.Gemeente == "" && in.Region == "" {
		return nil, fmt.Errorf("release %s: geen gemeentecode opgegeven", in.Period)
	}
	if in.Gemeente != "" && in.Region != "" {
		return nil, fmt.Errorf("release %s: zowel gemeente %q als regio %q opgegeven", in.Period, in.Gemeente, in.Region)
	}
	d := newDims(in)
	it, err := d.intern(in)
	if err != nil {
		return nil, fmt.Errorf("release %s: %w", in.Period, err)
	}
	return newState(d.aggregate(in, it), rules), nil
}

func (st *state) tables(in Input, version int, stack []Stacking) *Tables {
	return &Tables{
		Period:        in.Period,
		Gemeente:      in.Gemeente,
		Region:        in.Region,
		Version:       version,
		Rules:         st.rules,
		Cells:         st.cells(),
		Concentration: st.concentration(),
		Stacking:      stack,
	}
}

// ParseReportLevels reads "54=wijk,43=wijk" (care type = lowest level).
func ParseReportLevels(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		cat, lvl, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("niveaus van rapportage: %q is geen zorgsoort=niveau (bijv. 54=wijk) / not care-type=level", part)
		}
		out[strings.TrimSpace(cat)] = strings.ToLower(strings.TrimSpace(lvl))
	}
	return out, nil
}
