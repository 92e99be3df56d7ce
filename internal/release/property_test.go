package release

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/ontschot/ontschot/internal/money"
)

// truth is an independent, naive aggregation of an input: the figures the
// release must be computed from.
type truthKey struct{ level, area, by, cat string }

type truthCell struct {
	households, persons, amount int64
	contrib                     map[int64]int64 // household → net amount
}

type truthCity struct {
	cells  map[truthKey]*truthCell
	parent map[[2]string]string    // (level, area) → parent area
	kids   map[[2]string][]string  // (level, area) → child areas
	rest   map[truthKey]*truthCell // (level of parent, parent area, by, cat) → households without finer area
}

func computeTruth(in Input) *truthCity {
	tc := &truthCity{cells: map[truthKey]*truthCell{}, parent: map[[2]string]string{}, kids: map[[2]string][]string{}, rest: map[truthKey]*truthCell{}}
	get := func(m map[truthKey]*truthCell, k truthKey) *truthCell {
		c := m[k]
		if c == nil {
			c = &truthCell{contrib: map[int64]int64{}}
			m[k] = c
		}
		return c
	}
	for _, h := range in.Households {
		path := []string{in.Gemeente}
		for _, a := range []string{h.Wijk, h.Buurt, h.Blok} {
			if a == "" {
				break
			}
			path = append(path, a)
		}
		for l := 1; l < len(path); l++ {
			k := [2]string{Levels[l], path[l]}
			if _, ok := tc.parent[k]; !ok {
				tc.parent[k] = path[l-1]
				pk := [2]string{Levels[l-1], path[l-1]}
				tc.kids[pk] = append(tc.kids[pk], path[l])
			}
		}
		type bc struct{ by, cat string }
		persons := map[bc]map[int32]bool{}
		amount := map[bc]int64{}
		for _, r := range h.Rows {
			for _, k := range []bc{{ByTotal, CategoryTotal}, {ByGeldstroom, r.Geldstroom}, {ByZorgsoort, r.Zorgsoort}} {
				if persons[k] == nil {
					persons[k] = map[int32]bool{}
				}
				persons[k][r.Person] = true
				amount[k] += int64(r.Amount)
			}
		}
		for k, ps := range persons {
			for l, a := range path {
				c := get(tc.cells, truthKey{Levels[l], a, k.by, k.cat})
				c.households++
				c.persons += int64(len(ps))
				c.amount += amount[k]
				c.contrib[h.ID] = amount[k]
			}
			if len(path) < len(Levels) {
				c := get(tc.rest, truthKey{Levels[len(path)-1], path[len(path)-1], k.by, k.cat})
				c.households++
				c.amount += amount[k]
				c.contrib[h.ID] = amount[k]
			}
		}
	}
	return tc
}

func (c *truthCell) failsPrimary(lr LevelRules) bool {
	var sum, t1, t2 int64
	for _, v := range c.contrib {
		a := abs64(v)
		sum += a
		if a > t1 {
			t1, t2 = a, t1
		} else if a > t2 {
			t2 = a
		}
	}
	return c.households < int64(lr.MinHouseholds) || float64(sum-t1-t2) < lr.PPercent/100*float64(t1)
}

func propertyCities() []Input {
	var out []Input
	for seed := uint64(11); seed <= 14; seed++ {
		in := synthCity(cityConfig{seed: seed, households: 1200 + int(seed)*150, rows: 8000, wijken: 3, buurten: 3, blokken: 4, unknown: 0.03})
		// Heavy tail: two households above €500k.
		for j := 0; j < 2; j++ {
			h := &in.Households[int(seed)*17+j*101]
			h.Rows = append(h.Rows, Row{Person: 0, Geldstroom: "jeugdwet", Zorgsoort: "43", Amount: money.Cents(550_000_00 + int64(j)*1234567)})
		}
		out = append(out, in)
	}
	return out
}

func TestPropertyRules(t *testing.T) {
	rules := DefaultRules()
	for ci, in := range propertyCities() {
		tb := mustCreate(t, in)
		truth := computeTruth(in)
		st, err := prepare(in, rules)
		if err != nil {
			t.Fatal(err)
		}
		st.primary()
		st.secondary()
		published := map[truthKey]Cell{}
		nPub := 0
		for _, c := range tb.Cells {
			k := truthKey{c.Level, c.Area, c.By, c.Category}
			published[k] = c
			tc := truth.cells[k]
			if tc == nil {
				t.Fatalf("city %d: cell %v has no households", ci, k)
			}
			lr := rules.For(c.Level)
			if c.Suppressed {
				if c.Households != nil || c.Persons != nil || c.AmountEUR != nil || c.Reason == "" {
					t.Errorf("city %d: suppressed cell %v shows numbers or no reason", ci, k)
				}
				continue
			}
			nPub++
			if tc.households < int64(lr.MinHouseholds) {
				t.Errorf("city %d: cell %v published with %d households", ci, k, tc.households)
			}
			if tc.failsPrimary(lr) {
				t.Errorf("city %d: cell %v published but fails the p%%-rule", ci, k)
			}
			if *c.Households%5 != 0 || *c.Persons%5 != 0 || *c.AmountEUR%1000 != 0 {
				t.Errorf("city %d: cell %v not rounded: %d %d %d", ci, k, *c.Households, *c.Persons, *c.AmountEUR)
			}
			if *c.Households != roundCount(tc.households, 5) || *c.Persons != roundCount(tc.persons, 5) ||
				*c.AmountEUR != roundCents(tc.amount, 100000)/100 {
				t.Errorf("city %d: cell %v not rounded from the unrounded figures", ci, k)
			}
		}
		if len(published) != len(truth.cells) {
			t.Errorf("city %d: %d cells published, %d exist", ci, len(published), len(truth.cells))
		}
		if nPub == 0 || nPub == len(tb.Cells) {
			t.Errorf("city %d: %d of %d cells published: the city does not exercise suppression", ci, nPub, len(tb.Cells))
		}
		hidden := func(k truthKey) bool { c, ok := published[k]; return ok && c.Suppressed }
		restHidden := func(k truthKey) bool {
			lv := 0
			for i, l := range Levels {
				if l == k.level {
					lv = i
				}
			}
			id := st.ag.d.byCode[lv][k.area]
			r := st.ag.d.areas[id].rem
			if r < 0 {
				t.Fatalf("no rest node for %v", k)
			}
			c := st.ag.cell(r, slotOf(st.ag.d, k.by, k.cat))
			if c < 0 {
				t.Fatalf("no rest cell for %v", k)
			}
			// The rest is never published: it counts as hidden when it may
			// not be derived (failed primary, or chosen by secondary).
			rc := truth.rest[k]
			if st.hidden[c] != (st.rule[c] != "") || (rc.failsPrimary(rules.For(Levels[lv+1])) && !st.hidden[c]) {
				t.Errorf("rest of %v: hidden %v but fails primary %v", k, st.hidden[c], rc.failsPrimary(rules.For(Levels[lv+1])))
			}
			return st.hidden[c]
		}
		relations := 0
		for k := range truth.cells {
			// Area relation: parent = Σ children (+ rest).
			if kids := truth.kids[[2]string{k.level, k.area}]; len(kids) > 0 {
				lv := 0
				for i, l := range Levels {
					if l == k.level {
						lv = i
					}
				}
				n, members := 0, 1
				if hidden(k) {
					n++
				}
				for _, a := range kids {
					ck := truthKey{Levels[lv+1], a, k.by, k.cat}
					if _, ok := truth.cells[ck]; ok {
						members++
						if hidden(ck) {
							n++
						}
					}
				}
				if truth.rest[k] != nil {
					members++
					if restHidden(k) {
						n++
					}
				}
				if members >= 2 {
					relations++
					if n == 1 {
						t.Errorf("city %d: area relation of %v has exactly one suppressed cell", ci, k)
					}
				}
			}
			// Category relation: total = Σ categories (amounts).
			if k.by == ByTotal {
				for _, by := range []string{ByGeldstroom, ByZorgsoort} {
					n, members := 0, 1
					if hidden(k) {
						n++
					}
					for ck := range truth.cells {
						if ck.level == k.level && ck.area == k.area && ck.by == by {
							members++
							if hidden(ck) {
								n++
							}
						}
					}
					relations++
					if members >= 2 && n == 1 {
						t.Errorf("city %d: category relation %v/%s has exactly one suppressed cell", ci, k, by)
					}
				}
			}
		}
		if relations < 100 {
			t.Errorf("city %d: only %d relations checked", ci, relations)
		}
		// Concentration only where every bucket holds MinBucket households.
		pubShares, partial := 0, 0
		for _, c := range tb.Concentration {
			n := truth.cells[truthKey{c.Level, c.Area, ByTotal, CategoryTotal}].households
			if c.Suppressed {
				for _, s := range c.TopShares {
					if s.Share != nil {
						t.Errorf("city %d: suppressed concentration %s %s shows a share", ci, c.Level, c.Area)
					}
				}
				if len(c.Lorenz) != 0 {
					t.Errorf("city %d: suppressed concentration shows Lorenz points", ci)
				}
				// A broader share shown instead: its top group and the rest
				// each hold at least 10 households.
				for _, s := range c.Partial {
					if k := n * int64(s.Pct) / 100; k < 10 || n-k < 10 {
						t.Errorf("city %d: partial top %d%% of %s %s published with %d households", ci, s.Pct, c.Level, c.Area, n)
					}
					partial++
				}
			} else {
				pubShares++
				if n/100 < 10 || n*3/100-n/100 < 10 || n/10-n*5/100 < 10 || n-n*9/10 < 10 {
					t.Errorf("city %d: concentration of %s %s published with %d households", ci, c.Level, c.Area, n)
				}
			}
			if c.Above100k != nil && *c.Above100k < 10 || c.Above500k != nil && *c.Above500k < 10 {
				t.Errorf("city %d: above-threshold count below 10 published", ci)
			}
		}
		if pubShares == 0 {
			t.Errorf("city %d: no concentration published at all", ci)
		}
		t.Logf("city %d: %d areas with all shares, %d broader shares where the rest is withheld", ci, pubShares, partial)
	}
}

func slotOf(d *dims, by, cat string) int {
	switch by {
	case ByTotal:
		return 0
	case ByGeldstroom:
		return d.slotOff(bGeldstroom, d.geldIdx[cat])
	}
	return d.slotOff(bZorgsoort, d.zorgIdx[cat])
}

func TestDeterministicAndOrderFree(t *testing.T) {
	for _, in := range propertyCities()[:2] {
		a, b := mustCreate(t, in), mustCreate(t, in)
		if !reflect.DeepEqual(a, b) {
			t.Fatal("Create is not deterministic")
		}
		rng := rand.New(rand.NewPCG(5, 6))
		sh := in
		sh.Households = append([]Household(nil), in.Households...)
		rng.Shuffle(len(sh.Households), func(i, j int) { sh.Households[i], sh.Households[j] = sh.Households[j], sh.Households[i] })
		for i := range sh.Households {
			rows := append([]Row(nil), sh.Households[i].Rows...)
			rng.Shuffle(len(rows), func(x, y int) { rows[x], rows[y] = rows[y], rows[x] })
			sh.Households[i].Rows = rows
		}
		if c := mustCreate(t, sh); !reflect.DeepEqual(a, c) {
			t.Fatal("Create depends on the order of the input")
		}
	}
}

func TestRevisionOfUnchangedInputIsIdentical(t *testing.T) {
	in := propertyCities()[0]
	v1 := mustCreate(t, in)
	v2, err := CreateRevision(in, v1, in, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || !reflect.DeepEqual(v1.Cells, v2.Cells) {
		t.Fatal("a revision without changes must publish the same cells")
	}
}

func TestRevisionSmallChangeKeepsValue(t *testing.T) {
	in := propertyCities()[1]
	v1 := mustCreate(t, in)
	after := in
	after.Households = append([]Household(nil), in.Households...)
	h := after.Households[3]
	h.Rows = append(append([]Row(nil), h.Rows...), Row{Person: 0, Geldstroom: "wmo", Zorgsoort: "02", Amount: 1_00})
	after.Households[3] = h
	v2, err := CreateRevision(in, v1, after, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	g1, g2 := v1.Select(LevelGemeente, ByTotal)[0], v2.Select(LevelGemeente, ByTotal)[0]
	if g2.Suppressed || *g2.AmountEUR != *g1.AmountEUR {
		t.Errorf("a €1 change must keep the published gemeente total: %v → %v", *g1.AmountEUR, g2.AmountEUR)
	}
	if rep := AuditTemporal(in, after, v1, v2, AuditOptions{}); !rep.OK() {
		t.Errorf("temporal audit: %+v %v", first(rep.Pinned), rep.Errors)
	}
}

func TestCreateErrors(t *testing.T) {
	in := Input{Period: Period{Year: 2025}, Gemeente: "GM0642", Households: []Household{
		{ID: 1, Wijk: "WK1", Buurt: "BU1"}, {ID: 2, Wijk: "WK2", Buurt: "BU1"},
	}}
	if _, err := Create(in, DefaultRules()); err == nil {
		t.Error("a buurt in two wijken must be refused")
	}
	in.Households = []Household{{ID: 1, Gemeente: "GM0363"}}
	if _, err := Create(in, DefaultRules()); err == nil {
		t.Error("a household of another gemeente must be refused")
	}
	r := DefaultRules()
	r.RoundAmountCents = 150
	if _, err := Create(Input{Gemeente: "GM0642"}, r); err == nil {
		t.Error("rounding to a non-multiple of €1 must be refused")
	}
}
