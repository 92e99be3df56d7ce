package release

import (
	"math"
	"testing"

	"github.com/ontschot/ontschot/internal/money"
)

// primaryOnly publishes with primary suppression but without secondary
// suppression: the audit must catch what secondary suppression prevents.
func primaryOnly(t *testing.T, in Input) *Tables {
	t.Helper()
	st, err := prepare(in, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	st.primary()
	return st.tables(in, 1, stacking(in, st.rules))
}

func TestAuditPassesCreate(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		in := smallCity(seed)
		tb, err := Create(in, DefaultRules())
		if err != nil {
			t.Fatal(err)
		}
		rep := Audit(in, tb, AuditOptions{Seed: seed, Sample: 50})
		if rep.Model != "hierarchie" {
			t.Errorf("seed %d: model %q, want hierarchie", seed, rep.Model)
		}
		if rep.Tried < 500 {
			t.Errorf("seed %d: tried only %d targets", seed, rep.Tried)
		}
		if !rep.OK() {
			t.Errorf("seed %d: audit not clean: %d pinned (first %+v), errors %v", seed, len(rep.Pinned), first(rep.Pinned), rep.Errors)
		}
	}
}

func first(fs []Finding) Finding {
	if len(fs) == 0 {
		return Finding{}
	}
	return fs[0]
}

func TestAuditCatchesMissingSecondarySuppression(t *testing.T) {
	in := smallCity(1)
	rep := Audit(in, primaryOnly(t, in), AuditOptions{Seed: 1})
	if len(rep.Errors) > 0 {
		t.Fatalf("errors: %v", rep.Errors)
	}
	if len(rep.Pinned) == 0 {
		t.Fatalf("audit of primary-only tables pinned nobody (tried %d)", rep.Tried)
	}
	for _, f := range rep.Pinned {
		if f.Unbounded || float64(f.Max-f.Min) >= 0.4*math.Abs(float64(f.True)) || f.True < f.Min || f.True > f.Max {
			t.Errorf("finding inconsistent: %+v", f)
		}
	}
	t.Logf("primary only: %d of %d targets pinned", len(rep.Pinned), rep.Tried)
}

// The hierarchical model must give the same intervals as the exact model,
// which has a variable pair per group of households and every cell as a
// constraint.
func TestAuditHierarchyMatchesExact(t *testing.T) {
	in := synthCity(cityConfig{seed: 9, households: 200, rows: 900, wijken: 2, buurten: 2, blokken: 2, unknown: 0.03})
	for _, tb := range []*Tables{mustCreate(t, in), primaryOnly(t, in)} {
		opt := AuditOptions{Seed: 3}.withDefaults(tb)
		w := newWorld(in, opt)
		if !w.nested() {
			t.Fatal("synthetic city not nested")
		}
		pub := indexTables(tb)
		tr := buildTree(w.gAreas)
		n := 0
		targets := w.targets(tb, opt)
		for i, tg := range targets {
			if i%2 == 1 { // every other one keeps the test fast
				continue
			}
			a, err := tr.pathInterval(w, pub, tr.polys(w, pub, tg.by, tg.cat), tg)
			if err != nil {
				t.Fatal(err)
			}
			b, err := w.exactInterval(pub, tg)
			if err != nil {
				t.Fatal(err)
			}
			if !close(a.lo, b.lo) || !close(a.hi, b.hi) {
				t.Errorf("household %d %s %s: hierarchy %v, exact %v", w.hh[tg.hh].id, tg.by, tg.cat, a, b)
			}
			n++
		}
		if n < 30 {
			t.Errorf("only %d targets compared", n)
		}
	}
}

func close(a, b float64) bool {
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(a))
}

func mustCreate(t *testing.T, in Input) *Tables {
	t.Helper()
	tb, err := Create(in, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// Test (c): street, postcode-6 and buurt tables side by side. Every table on
// its own passes primary suppression, but pc6 P1 = street S1 plus one
// household X of street S2, so P1 − S1 = X.
func TestAuditGeographicDifferencing(t *testing.T) {
	const buurt = "BU06420101"
	street := map[int64]string{}
	pc6 := map[int64]string{}
	in := Input{Period: Period{Year: 2025}, Gemeente: "GM0642"}
	add := func(id int64, s, p string, euros int64) {
		street[id], pc6[id] = s, p
		in.Households = append(in.Households, Household{ID: id, Gemeente: "GM0642", Wijk: "WK064201", Buurt: buurt, Blok: "BL1",
			Rows: []Row{{Person: 1, Geldstroom: "wmo", Zorgsoort: "02", Amount: money.Cents(euros * 100)}}})
	}
	id := int64(1)
	for i := range 12 { // S1, all in P1
		add(id, "S1", "P1", 4000+int64(i)*350)
		id++
	}
	const x = 999
	add(x, "S2", "P1", 30000) // X: street S2, postcode P1
	for i := range 12 {       // rest of S2, in P2
		add(id, "S2", "P2", 5000+int64(i)*410)
		id++
	}
	for i := range 11 { // S3, in P2
		add(id, "S3", "P2", 3000+int64(i)*500)
		id++
	}

	// One table per geography, each made by Create on its own.
	var side Tables
	for _, g := range []struct {
		level string
		of    map[int64]string
	}{{"straat", street}, {"pc6", pc6}, {LevelBuurt, nil}} {
		gi := in
		gi.Households = nil
		for _, h := range in.Households {
			if g.of != nil {
				h.Wijk, h.Buurt, h.Blok = g.of[h.ID], "", ""
			} else {
				h.Wijk, h.Blok = "WK064201", ""
			}
			gi.Households = append(gi.Households, h)
		}
		tb := mustCreate(t, gi)
		side.Rules = tb.Rules
		for _, c := range tb.Cells {
			switch {
			case c.Level == LevelGemeente && g.of == nil:
				side.Cells = append(side.Cells, c)
			case c.Level == LevelWijk && g.of != nil:
				c.Level = g.level
				side.Cells = append(side.Cells, c)
			case c.Level == LevelBuurt && g.of == nil:
				side.Cells = append(side.Cells, c)
			}
		}
	}
	for _, c := range side.Cells {
		if c.Suppressed {
			t.Fatalf("fixture: every table should pass primary suppression on its own, %s %s is suppressed (%s)", c.Level, c.Area, c.Reason)
		}
	}
	opt := AuditOptions{
		Seed:   1,
		Levels: []string{LevelGemeente, LevelBuurt, "straat", "pc6"},
		AreaOf: func(h *Household, level string) string {
			switch level {
			case "straat":
				return street[h.ID]
			case "pc6":
				return pc6[h.ID]
			}
			return hierarchyArea(h, level)
		},
	}
	rep := Audit(in, &side, opt)
	if rep.Model != "exact" {
		t.Errorf("model %q, want exact for non-nested areas", rep.Model)
	}
	found := false
	for _, f := range rep.Pinned {
		if f.Household == x {
			found = true
			if f.True < f.Min || f.True > f.Max {
				t.Errorf("true amount outside interval: %+v", f)
			}
		}
	}
	if !found {
		t.Fatalf("audit did not pin household X by differencing street and pc6 (pinned %+v, errors %v)", rep.Pinned, rep.Errors)
	}

	// The same data through the nested hierarchy (no street, no pc6) passes.
	nested := mustCreate(t, in)
	if rep := Audit(in, nested, AuditOptions{Seed: 1}); !rep.OK() || rep.Tried == 0 {
		t.Errorf("nested publication: tried %d, pinned %+v, errors %v", rep.Tried, rep.Pinned, rep.Errors)
	}
}

// Test (d): two versions that differ by one large delivery.
func TestAuditTemporal(t *testing.T) {
	before := smallCity(4)
	// The household with most rows in a populated blok gets one more delivery.
	target := -1
	for i, h := range before.Households {
		if h.Blok != "" && len(h.Rows) > 0 && (target < 0 || h.ID%97 == 5) {
			target = i
		}
	}
	after := before
	after.Households = append([]Household(nil), before.Households...)
	h := after.Households[target]
	h.Rows = append(append([]Row(nil), h.Rows...), Row{Person: h.Rows[0].Person, Geldstroom: h.Rows[0].Geldstroom, Zorgsoort: h.Rows[0].Zorgsoort, Amount: 45_000_00})
	after.Households[target] = h

	v1 := mustCreate(t, before)
	naive := mustCreate(t, after)
	rep := AuditTemporal(before, after, v1, naive, AuditOptions{Seed: 1})
	if len(rep.Errors) > 0 {
		t.Fatalf("errors: %v", rep.Errors)
	}
	if len(rep.Pinned) == 0 {
		t.Fatalf("a plain second Create must reveal the extra delivery; audit tried %d and pinned nothing", rep.Tried)
	}
	t.Logf("plain re-release: pinned %+v", rep.Pinned[0])

	v2, err := CreateRevision(before, v1, after, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 {
		t.Errorf("version %d, want 2", v2.Version)
	}
	rep = AuditTemporal(before, after, v1, v2, AuditOptions{Seed: 1})
	if !rep.OK() || rep.Tried == 0 {
		t.Fatalf("revision reveals the change: tried %d, pinned %+v, errors %v", rep.Tried, rep.Pinned, rep.Errors)
	}
	// And the new version on its own still passes the ordinary audit.
	if rep := Audit(after, v2, AuditOptions{Seed: 2}); !rep.OK() {
		t.Errorf("revision fails the single-release audit: %+v %v", first(rep.Pinned), rep.Errors)
	}
}
