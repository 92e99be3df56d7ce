package release

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

func stackingCity() Input {
	in := smallCity(11)
	for i := range in.Households {
		for j := range in.Households[i].Rows {
			r := &in.Households[i].Rows[j]
			r.Provider = "P" + r.Zorgsoort // one provider per care type
		}
	}
	return in
}

func TestStackingDisclosure(t *testing.T) {
	in := stackingCity()
	rules := DefaultRules()
	tb, err := Create(in, rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Stacking) == 0 {
		t.Fatal("no stacking table")
	}
	// The truth per area and measure.
	type truth struct{ households, streams, providers int64 }
	tr := map[[2]string]*truth{}
	for _, h := range in.Households {
		s, p := map[string]bool{}, map[string]bool{}
		for _, r := range h.Rows {
			s[r.Geldstroom], p[r.Provider] = true, true
		}
		keys := [][2]string{{LevelGemeente, h.Gemeente}}
		if h.Wijk != "" {
			keys = append(keys, [2]string{LevelWijk, h.Wijk}, [2]string{LevelBuurt, h.Buurt}, [2]string{LevelBlok, h.Blok})
		}
		for _, k := range keys {
			if tr[k] == nil {
				tr[k] = &truth{}
			}
			tr[k].households++
			if len(s) >= 2 {
				tr[k].streams++
			}
			if len(p) >= 2 {
				tr[k].providers++
			}
		}
	}
	published, hidden := 0, 0
	for _, s := range tb.Stacking {
		x := tr[[2]string{s.Level, s.Area}]
		if s.Streams != nil {
			published++
			if x.streams < 10 || x.households-x.streams < 10 {
				t.Errorf("%s %s: stacked streams published with %d of %d households", s.Level, s.Area, x.streams, x.households)
			}
		} else {
			hidden++
		}
		if s.Providers != nil && (x.providers < 10 || x.households-x.providers < 10) {
			t.Errorf("%s %s: stacked providers published with %d of %d households", s.Level, s.Area, x.providers, x.households)
		}
	}
	if published == 0 || hidden == 0 {
		t.Errorf("published %d, hidden %d: the test city should have both", published, hidden)
	}
	// No published parent with exactly one hidden child.
	byParent := map[string][]Stacking{}
	parentOf := map[string]string{}
	for _, h := range in.Households {
		if h.Wijk != "" {
			parentOf[LevelWijk+h.Wijk] = LevelGemeente + h.Gemeente
			parentOf[LevelBuurt+h.Buurt] = LevelWijk + h.Wijk
			parentOf[LevelBlok+h.Blok] = LevelBuurt + h.Buurt
		}
	}
	shown := map[string]bool{}
	for _, s := range tb.Stacking {
		shown[s.Level+s.Area] = s.Streams != nil
		if p, ok := parentOf[s.Level+s.Area]; ok {
			byParent[p] = append(byParent[p], s)
		}
	}
	// The households of unknown wijk are the gemeente's virtual
	// "onbekend" child: never published, a withheld term when too few.
	rest := map[string]*truth{}
	for _, h := range in.Households {
		if h.Wijk == "" {
			k := LevelGemeente + h.Gemeente
			if rest[k] == nil {
				rest[k] = &truth{}
			}
			s := map[string]bool{}
			for _, r := range h.Rows {
				s[r.Geldstroom] = true
			}
			rest[k].households++
			if len(s) >= 2 {
				rest[k].streams++
			}
		}
	}
	for p, cs := range byParent {
		n := 0
		for _, c := range cs {
			if c.Streams == nil {
				n++
			}
		}
		if x := rest[p]; x != nil && (x.streams < 10 || x.households-x.streams < 10) {
			n++
		}
		if shown[p] && n == 1 {
			t.Errorf("%s: one withheld child next to a published parent", p)
		}
	}
	// The same households in another order give the same table.
	shuffled := stackingCity()
	rng := rand.New(rand.NewPCG(5, 6))
	rng.Shuffle(len(shuffled.Households), func(i, j int) {
		shuffled.Households[i], shuffled.Households[j] = shuffled.Households[j], shuffled.Households[i]
	})
	tb2, err := Create(shuffled, rules)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tb.Stacking, tb2.Stacking) {
		t.Error("stacking depends on the order of the households")
	}
}

// TestStackingRegionRemainder: the households of unknown gemeente are the
// region's "onbekend" remainder. With a handful of them, region − Σ
// gemeenten would give their stacking away; the remainder is a withheld
// term, so the region's figure goes with it (as for cells), not a
// gemeente's.
func TestStackingRegionRemainder(t *testing.T) {
	in := regionCity(3, 0)
	for i := 0; i < 600; i += 100 { // a few households of unknown gemeente
		h := &in.Households[i]
		h.Gemeente, h.Wijk, h.Buurt, h.Blok = "", "", "", ""
	}
	for i := range in.Households {
		for j := range in.Households[i].Rows {
			r := &in.Households[i].Rows[j]
			r.Provider = "P" + r.Zorgsoort
		}
	}
	unknown := 0
	for _, h := range in.Households {
		if h.Gemeente == "" {
			unknown++
		}
	}
	if unknown == 0 || unknown >= 10 {
		t.Fatalf("%d households of unknown gemeente: the test needs a handful", unknown)
	}
	tb, err := Create(in, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	var region *Stacking
	gem := map[string]*Stacking{}
	for i := range tb.Stacking {
		s := &tb.Stacking[i]
		switch s.Level {
		case LevelRegio:
			region = s
		case LevelGemeente:
			gem[s.Area] = s
		case levelOnbekend:
			t.Fatalf("the virtual remainder is published: %+v", s)
		}
	}
	if region == nil || len(gem) != 2 {
		t.Fatalf("region %+v, gemeenten %v", region, gem)
	}
	for _, m := range []struct {
		name string
		of   func(*Stacking) *int64
	}{{"geldstromen", func(s *Stacking) *int64 { return s.Streams }}, {"aanbieders", func(s *Stacking) *int64 { return s.Providers }}} {
		if m.of(region) == nil {
			continue
		}
		if m.of(gem["GM0531"]) != nil && m.of(gem["GM0642"]) != nil {
			t.Errorf("%s: region and both gemeenten published: region − Σ gemeenten gives the %d households of unknown gemeente away", m.name, unknown)
		}
	}
}
