package release

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
)

const (
	lvRegio = iota
	lvGemeente
	lvWijk
	lvBuurt
	lvBlok
	numLevels
)

const (
	bTotal = iota
	bGeldstroom
	bZorgsoort
)

// areaNode is one area of the hierarchy. A virtual node stands for the
// households of its parent whose finer address is unknown ("onbekend"): it is
// never published, but it is a term of its parent's sums.
type areaNode struct {
	level   int8
	virtual bool
	code    string
	parent  int32
	rem     int32 // virtual child, -1 when none
	kids    []int32
}

// dims interns areas and categories so hot loops work with small ints. Two
// inputs interned into the same dims (a revision) share their cell keys.
type dims struct {
	gemeente string
	areas    []areaNode
	byCode   [numLevels]map[string]int32
	geld     []string
	zorg     []string
	geldIdx  map[string]int32
	zorgIdx  map[string]int32
}

// newDims starts the hierarchy at its root: the region when in is a
// region's input (gemeenten below it), else its one gemeente.
func newDims(in Input) *dims {
	root, code := lvGemeente, in.Gemeente
	if in.Region != "" {
		root, code = lvRegio, in.Region
	}
	d := &dims{gemeente: code, geldIdx: map[string]int32{}, zorgIdx: map[string]int32{}}
	for i := range d.byCode {
		d.byCode[i] = map[string]int32{}
	}
	d.areas = append(d.areas, areaNode{level: int8(root), code: code, parent: -1, rem: -1})
	d.byCode[root][code] = 0
	return d
}

// stride is the number of cell slots per area: total, every geldstroom, every zorgsoort.
func (d *dims) stride() int { return 1 + len(d.geld) + len(d.zorg) }

func (d *dims) slotOff(by int, cat int32) int {
	switch by {
	case bTotal:
		return 0
	case bGeldstroom:
		return 1 + int(cat)
	default:
		return 1 + len(d.geld) + int(cat)
	}
}

func (d *dims) slotMeaning(off int) (by int, cat int32) {
	switch {
	case off == 0:
		return bTotal, 0
	case off <= len(d.geld):
		return bGeldstroom, int32(off - 1)
	default:
		return bZorgsoort, int32(off - 1 - len(d.geld))
	}
}

func (d *dims) catName(by int, cat int32) string {
	switch by {
	case bTotal:
		return CategoryTotal
	case bGeldstroom:
		return d.geld[cat]
	default:
		return d.zorg[cat]
	}
}

func categoryCode(s string) string {
	if s == "" {
		return "onbekend"
	}
	return s
}

func (d *dims) area(level int, code string, parent int32) (int32, error) {
	if id, ok := d.byCode[level][code]; ok {
		if d.areas[id].parent != parent {
			return 0, fmt.Errorf("%s %q ligt zowel in %s %q als in %q: de gebiedsindeling is niet genest",
				levelNames[level], code, levelNames[level-1], d.areas[d.areas[id].parent].code, d.areas[parent].code)
		}
		return id, nil
	}
	id := int32(len(d.areas))
	d.areas = append(d.areas, areaNode{level: int8(level), code: code, parent: parent, rem: -1})
	d.areas[parent].kids = append(d.areas[parent].kids, id)
	d.byCode[level][code] = id
	return id, nil
}

func (d *dims) remOf(parent int32) int32 {
	if r := d.areas[parent].rem; r >= 0 {
		return r
	}
	id := int32(len(d.areas))
	d.areas = append(d.areas, areaNode{level: d.areas[parent].level + 1, virtual: true, parent: parent, rem: -1})
	d.areas[parent].rem = id
	d.areas[parent].kids = append(d.areas[parent].kids, id)
	return id
}

var levelNames = [numLevels]string{LevelRegio, LevelGemeente, LevelWijk, LevelBuurt, LevelBlok}

// interned is one input with its strings replaced by ids.
type interned struct {
	leaf   []int32 // per household: finest area (possibly virtual)
	rowCat []int32 // per row: geldstroom id, zorgsoort id (pairs), in household order
	rowOff []int32 // per household: start in rows (pairs) — len = households+1
}

// intern registers every area and category of in. It fails on an inconsistent
// hierarchy or a household of another gemeente (in a region's input: of a
// gemeente that is not in the region's list, when the list is given).
func (d *dims) intern(in Input) (*interned, error) {
	it := &interned{leaf: make([]int32, len(in.Households)), rowOff: make([]int32, len(in.Households)+1)}
	n := 0
	for i := range in.Households {
		n += len(in.Households[i].Rows)
	}
	it.rowCat = make([]int32, 0, 2*n)
	var lastG, lastZ string
	var lastGi, lastZi int32 = -1, -1
	for i := range in.Households {
		h := &in.Households[i]
		if in.Region == "" && h.Gemeente != "" && h.Gemeente != in.Gemeente {
			return nil, fmt.Errorf("huishouden %d hoort bij gemeente %q, de levering is voor %q", h.ID, h.Gemeente, in.Gemeente)
		}
		if in.Region != "" && h.Gemeente != "" && len(in.Gemeenten) > 0 && !slices.Contains(in.Gemeenten, h.Gemeente) {
			return nil, fmt.Errorf("huishouden %d hoort bij gemeente %q, die niet in regio %q ligt", h.ID, h.Gemeente, in.Region)
		}
		cur := int32(0)
		codes := [numLevels]string{in.Region, in.Gemeente, h.Wijk, h.Buurt, h.Blok}
		lv := lvWijk
		if in.Region != "" {
			codes[lvGemeente] = h.Gemeente
			lv = lvGemeente
		}
		for ; lv < numLevels && codes[lv] != ""; lv++ {
			id, err := d.area(lv, codes[lv], cur)
			if err != nil {
				return nil, err
			}
			cur = id
		}
		if lv < numLevels {
			cur = d.remOf(cur)
		}
		it.leaf[i] = cur
		for _, r := range h.Rows {
			if lastGi < 0 || r.Geldstroom != lastG {
				g := categoryCode(r.Geldstroom)
				id, ok := d.geldIdx[g]
				if !ok {
					id = int32(len(d.geld))
					d.geld = append(d.geld, g)
					d.geldIdx[g] = id
				}
				lastG, lastGi = r.Geldstroom, id
			}
			if lastZi < 0 || r.Zorgsoort != lastZ {
				z := categoryCode(r.Zorgsoort)
				id, ok := d.zorgIdx[z]
				if !ok {
					id = int32(len(d.zorg))
					d.zorg = append(d.zorg, z)
					d.zorgIdx[z] = id
				}
				lastZ, lastZi = r.Zorgsoort, id
			}
			it.rowCat = append(it.rowCat, lastGi, lastZi)
		}
		it.rowOff[i+1] = int32(len(it.rowCat) / 2)
	}
	return it, nil
}

// path returns the areas a leaf belongs to, coarse to fine, into buf.
func (d *dims) path(leaf int32, buf []int32) []int32 {
	buf = buf[:0]
	for a := leaf; a >= 0; a = d.areas[a].parent {
		buf = append(buf, a)
	}
	slices.Reverse(buf)
	return buf
}

// cellStats are the unrounded figures of one cell, plus what the p%-rule needs.
type cellStats struct {
	area       int32
	off        int32
	households int64
	persons    int64
	amount     int64 // cents, signed
	absSum     int64 // Σ |household contribution|
	top1, top2 int64 // two largest |household contribution|
}

func (s *cellStats) add(amount, persons int64) {
	s.households++
	s.persons += persons
	s.amount += amount
	a := amount
	if a < 0 {
		a = -a
	}
	s.absSum += a
	s.top(a)
}

// top keeps the two largest contributions seen.
func (s *cellStats) top(a int64) {
	if a > s.top1 {
		s.top1, s.top2 = a, s.top1
	} else if a > s.top2 {
		s.top2 = a
	}
}

// merge adds the households of o (the same cell over other households):
// sums add, and the two largest of both are the two largest of the union.
func (s *cellStats) merge(o *cellStats) {
	s.households += o.households
	s.persons += o.persons
	s.amount += o.amount
	s.absSum += o.absSum
	s.top(o.top1)
	s.top(o.top2)
}

// contrib is one household's contribution to one slot of its areas.
type contrib struct {
	off     int32
	amount  int64
	persons int64
}

// householdContribs computes a household's contribution per slot (total,
// geldstroom, zorgsoort), persons counted once per slot. Rows are visited in
// person order, so a person is new to a slot when the slot's last person
// differs. out, last and order are scratch space reused across households.
func (d *dims) householdContribs(h *Household, cats []int32, out []contrib, last, order []int32) ([]contrib, []int32, []int32) {
	out, last, order = out[:0], last[:0], order[:0]
	for i := range h.Rows {
		order = append(order, int32(i))
	}
	if len(order) > 1 {
		slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(h.Rows[a].Person, h.Rows[b].Person) })
	}
	ng := int32(len(d.geld))
	for _, ri := range order {
		r := &h.Rows[ri]
		offs := [3]int32{0, 1 + cats[2*ri], 1 + ng + cats[2*ri+1]}
		for _, off := range offs {
			j := -1
			for k := range out {
				if out[k].off == off {
					j = k
					break
				}
			}
			if j < 0 {
				out = append(out, contrib{off: off, persons: 1})
				last = append(last, r.Person)
				j = len(out) - 1
			} else if last[j] != r.Person {
				out[j].persons++
				last[j] = r.Person
			}
			out[j].amount += int64(r.Amount)
		}
	}
	return out, last, order
}

// aggregation holds the unrounded cells of one input.
type aggregation struct {
	d     *dims
	index []int32 // area*stride+off → cell, -1 when absent
	cells []cellStats
	// spend per household (total contribution) and its leaf, for concentration.
	spend  []int64
	leaf   []int32
	active []bool // household has at least one delivery
}

func (d *dims) aggregate(in Input, it *interned) *aggregation {
	ag := &aggregation{d: d, spend: make([]int64, len(in.Households)), leaf: it.leaf, active: make([]bool, len(in.Households))}
	parts := splitRange(len(in.Households), workers(), minHouseholdsPerWorker)
	if len(parts) == 1 {
		ag.index, ag.cells = d.aggregateRange(in, it, ag, 0, len(in.Households))
		return ag
	}
	// Households are independent terms of every cell's sums: each worker
	// aggregates a contiguous share into cells of its own, and the shares
	// are merged in order, so a cell appears where the sequential pass
	// would have made it and every figure is the same integer sum.
	type part struct {
		index []int32
		cells []cellStats
	}
	out := make([]part, len(parts))
	var wg sync.WaitGroup
	for w, r := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[w].index, out[w].cells = d.aggregateRange(in, it, ag, r[0], r[1])
		}()
	}
	wg.Wait()
	ag.index, ag.cells = out[0].index, out[0].cells
	stride := d.stride()
	for _, p := range out[1:] {
		for i := range p.cells {
			c := &p.cells[i]
			k := int(c.area)*stride + int(c.off)
			if ci := ag.index[k]; ci >= 0 {
				ag.cells[ci].merge(c)
				continue
			}
			ag.index[k] = int32(len(ag.cells))
			ag.cells = append(ag.cells, *c)
		}
	}
	return ag
}

// aggregateRange aggregates households [from, to) into cells of their own
// (and their spend and activity into ag, at their own indices).
func (d *dims) aggregateRange(in Input, it *interned, ag *aggregation, from, to int) ([]int32, []cellStats) {
	stride := d.stride()
	index := make([]int32, len(d.areas)*stride)
	for i := range index {
		index[i] = -1
	}
	var cells []cellStats
	var cs []contrib
	var last, order, pathBuf []int32
	for i := from; i < to; i++ {
		h := &in.Households[i]
		cats := it.rowCat[2*it.rowOff[i] : 2*it.rowOff[i+1]]
		cs, last, order = d.householdContribs(h, cats, cs, last, order)
		pathBuf = d.path(it.leaf[i], pathBuf)
		ag.active[i] = len(cs) > 0
		for _, c := range cs {
			if c.off == 0 {
				ag.spend[i] = c.amount
			}
		}
		for _, a := range pathBuf {
			base := int(a) * stride
			for _, c := range cs {
				k := base + int(c.off)
				ci := index[k]
				if ci < 0 {
					ci = int32(len(cells))
					index[k] = ci
					cells = append(cells, cellStats{area: a, off: c.off})
				}
				cells[ci].add(c.amount, c.persons)
			}
		}
	}
	return index, cells
}

func (ag *aggregation) cell(area int32, off int) int32 {
	return ag.index[int(area)*ag.d.stride()+off]
}
