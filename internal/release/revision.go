package release

import (
	"cmp"
	"fmt"
	"slices"
)

// CreateRevision makes the next version of a period's release from new input,
// given the input and published tables of the previous version.
//
// Two versions side by side publish the difference of every cell. When that
// difference is caused by fewer than MinHouseholds households, or is
// dominated by one household's change (p%-rule on the changes), it would pin
// those households' change. Such a sensitive cell:
//
//   - keeps the previous version's published value when that value is still a
//     correct rounding of the new amount (|new − old published| ≤ half the
//     rounding base): nothing is revealed beyond "changed by less than the
//     rounding base";
//   - is suppressed otherwise (rule "revisie"), and secondary suppression then
//     protects it like any primary cell.
//
// Cells whose households did not change at all keep their previous status: if
// they were published they are published with the same values and are never
// chosen for secondary suppression (hiding a number that is already public
// protects nothing); if they were suppressed they stay suppressed, so that the
// new version does not reveal what the old one hid.
func CreateRevision(prev Input, prevTables *Tables, next Input, rules Rules) (*Tables, error) {
	if err := rules.validate(); err != nil {
		return nil, err
	}
	if prevTables == nil {
		return nil, fmt.Errorf("revisie %s: geen vorige versie opgegeven", next.Period)
	}
	if prev.Period != next.Period || prevTables.Period != next.Period {
		return nil, fmt.Errorf("revisie %s: de vorige versie gaat over periode %s", next.Period, prevTables.Period)
	}
	if (next.Gemeente == "" && next.Region == "") || prev.Gemeente != next.Gemeente || prev.Region != next.Region {
		return nil, fmt.Errorf("revisie %s: gemeente %q wijkt af van de vorige versie (%q)", next.Period, next.Gemeente+next.Region, prev.Gemeente+prev.Region)
	}
	d := newDims(next)
	itPrev, err := d.intern(prev)
	if err != nil {
		return nil, fmt.Errorf("revisie %s, vorige invoer: %w", next.Period, err)
	}
	itNext, err := d.intern(next)
	if err != nil {
		return nil, fmt.Errorf("revisie %s: %w", next.Period, err)
	}
	st := newState(d.aggregate(next, itNext), rules)
	st.primary()
	deltas := d.deltas(prev, itPrev, next, itNext)

	type key struct{ level, area, by, cat string }
	prevCells := make(map[key]*Cell, len(prevTables.Cells))
	for i := range prevTables.Cells {
		c := &prevTables.Cells[i]
		prevCells[key{c.Level, c.Area, c.By, c.Category}] = c
	}
	st.kept = map[int32]keptValues{}
	stride := d.stride()
	for _, c := range st.order {
		s := &st.ag.cells[c]
		level := st.levelName(c)
		lr := rules.For(level)
		ds := deltas[int64(s.area)*int64(stride)+int64(s.off)]
		sensitive := ds != nil && (ds.households < int64(lr.MinHouseholds) || dominated(ds.absSum, ds.top1, ds.top2, lr.PPercent))
		if st.isVirtual(c) {
			if sensitive && !st.hidden[c] {
				st.hide(c, RuleRevision, "wijziging t.o.v. vorige versie herleidbaar")
			}
			continue
		}
		by, cat := d.slotMeaning(int(s.off))
		pc := prevCells[key{level, d.areas[s.area].code, Breakdowns[by], d.catName(by, cat)}]
		if ds == nil { // unchanged
			switch {
			case pc == nil || st.hidden[c]:
			case pc.Suppressed: // stays hidden, for the same reason as before
				st.hide(c, pc.Rule, pc.Reason)
			case pc.AmountEUR != nil && pc.Households != nil && pc.Persons != nil:
				st.pinned[c] = true
				st.kept[c] = keptValues{*pc.Households, *pc.Persons, *pc.AmountEUR}
			}
			continue
		}
		if !sensitive || st.hidden[c] {
			continue
		}
		if pc != nil && !pc.Suppressed && pc.AmountEUR != nil && pc.Households != nil && pc.Persons != nil &&
			abs64(s.amount-*pc.AmountEUR*100) <= lr.RoundAmountCents/2 {
			st.kept[c] = keptValues{
				households: keepCount(s.households, *pc.Households, lr.RoundCount),
				persons:    keepCount(s.persons, *pc.Persons, lr.RoundCount),
				amountEUR:  *pc.AmountEUR,
			}
			continue
		}
		if ds.households < int64(lr.MinHouseholds) {
			st.hide(c, RuleRevision, fmt.Sprintf("wijziging t.o.v. vorige versie herleidbaar tot minder dan %d huishoudens", lr.MinHouseholds))
		} else {
			st.hide(c, RuleRevision, "wijziging t.o.v. vorige versie gedomineerd door één huishouden (p%-regel)")
		}
	}
	st.secondary()
	// A kept value belongs to a published cell only.
	for c := range st.kept {
		if st.hidden[c] {
			delete(st.kept, c)
		}
	}
	return st.tables(next, prevTables.Version+1, stacking(next, st.rules)), nil
}

// keepCount keeps the old published count while it is still a correct rounding.
func keepCount(n, old int64, base int) int64 {
	if abs64(n-old) <= int64(base/2) {
		return old
	}
	return roundCount(n, base)
}

// deltaStat summarises the households whose contribution to a cell changed.
type deltaStat struct {
	households, absSum, top1, top2 int64
}

type slotContrib struct {
	key     int64
	amount  int64
	persons int64
}

// deltas compares every household's contributions between two inputs
// interned into the same dims, keyed by area*stride+slot.
func (d *dims) deltas(prev Input, ip *interned, next Input, in *interned) map[int64]*deltaStat {
	stride := int64(d.stride())
	out := map[int64]*deltaStat{}
	var cs []contrib
	var last, order, pathBuf []int32
	collect := func(h *Household, it *interned, i int, dst []slotContrib) []slotContrib {
		dst = dst[:0]
		cats := it.rowCat[2*it.rowOff[i] : 2*it.rowOff[i+1]]
		cs, last, order = d.householdContribs(h, cats, cs, last, order)
		pathBuf = d.path(it.leaf[i], pathBuf)
		for _, a := range pathBuf {
			for _, c := range cs {
				dst = append(dst, slotContrib{int64(a)*stride + int64(c.off), c.amount, c.persons})
			}
		}
		slices.SortFunc(dst, func(x, y slotContrib) int { return cmp.Compare(x.key, y.key) })
		return dst
	}
	note := func(key, delta int64) {
		s := out[key]
		if s == nil {
			s = &deltaStat{}
			out[key] = s
		}
		a := abs64(delta)
		s.households++
		s.absSum += a
		if a > s.top1 {
			s.top1, s.top2 = a, s.top1
		} else if a > s.top2 {
			s.top2 = a
		}
	}
	prevIdx := make(map[int64]int, len(prev.Households))
	for i := range prev.Households {
		prevIdx[prev.Households[i].ID] = i
	}
	var a, b []slotContrib
	seen := make([]bool, len(prev.Households))
	for i := range next.Households {
		h := &next.Households[i]
		j, ok := prevIdx[h.ID]
		a = a[:0]
		if ok {
			seen[j] = true
			if ip.leaf[j] == in.leaf[i] && sameRows(prev.Households[j].Rows, h.Rows) {
				continue
			}
			a = collect(&prev.Households[j], ip, j, a)
		}
		b = collect(h, in, i, b)
		// Merge the two sorted lists.
		x, y := 0, 0
		for x < len(a) || y < len(b) {
			switch {
			case y == len(b) || (x < len(a) && a[x].key < b[y].key):
				note(a[x].key, -a[x].amount)
				x++
			case x == len(a) || b[y].key < a[x].key:
				note(b[y].key, b[y].amount)
				y++
			default:
				if a[x].amount != b[y].amount || a[x].persons != b[y].persons {
					note(a[x].key, b[y].amount-a[x].amount)
				}
				x++
				y++
			}
		}
	}
	for j := range prev.Households {
		if !seen[j] {
			for _, c := range collect(&prev.Households[j], ip, j, a) {
				note(c.key, -c.amount)
			}
		}
	}
	return out
}

func sameRows(a, b []Row) bool {
	return slices.Equal(a, b)
}
