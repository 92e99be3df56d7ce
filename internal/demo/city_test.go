package demo

import (
	"encoding/csv"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/ontschot/ontschot/internal/areas"
)

const sharedBuurten = "../../../shared/data/cbs_buurten_2024_zwijndrecht_hia/"

// The embedded buurten must be the CBS/PDOK source, unchanged: the same 104
// codes, names, wijk codes and vertices.
func TestEmbeddedBuurtenMatchCBS(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(sharedBuurten, "buurten_2024_GM0531_GM0642_rd.geojson"))
	if err != nil {
		t.Skipf("CBS-bronbestand niet aanwezig (%v): de ingebedde kopie wordt niet vergeleken / CBS source absent, embedded copy not checked", err)
	}
	var src struct {
		Features []struct {
			Properties struct{ Statcode, Statnaam string }
			Geometry   struct{ Coordinates [][][2]float64 }
		}
	}
	if err := json.Unmarshal(raw, &src); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(sharedBuurten, "buurten_2024_GM0531_GM0642_index.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	idx, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wijkOf := map[string]string{}
	for _, r := range idx[1:] {
		wijkOf[r[0]] = r[2]
	}
	got, err := cbsBuurten()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 104 || len(src.Features) != 104 {
		t.Fatalf("%d embedded buurten, %d in the source; want 104", len(got), len(src.Features))
	}
	perGemeente := map[string]int{}
	for i, s := range src.Features {
		g := got[i]
		perGemeente[g.Gemeente]++
		if g.Code != s.Properties.Statcode || g.Name != s.Properties.Statnaam || g.Wijk != wijkOf[g.Code] {
			t.Errorf("buurt %d: embedded %s %q in %s, source %s %q in %s", i, g.Code, g.Name, g.Wijk, s.Properties.Statcode, s.Properties.Statnaam, wijkOf[s.Properties.Statcode])
		}
		ring := s.Geometry.Coordinates[0]
		if len(g.Geometry) != 1 || len(g.Geometry[0][0]) != len(ring) {
			t.Errorf("%s: outline differs in shape from the source", g.Code)
			continue
		}
		for k, p := range ring {
			if g.Geometry[0][0][k] != (orb.Point{p[0], p[1]}) {
				t.Errorf("%s: vertex %d is %v, source %v", g.Code, k, g.Geometry[0][0][k], p)
				break
			}
		}
	}
	if perGemeente["GM0642"] != 92 || perGemeente["GM0531"] != 12 {
		t.Errorf("buurten per gemeente %v, want GM0642: 92, GM0531: 12", perGemeente)
	}
}

// Every address lies inside its buurt, the wijk outline is the union of its
// buurten, and a small demo (300 households) has an address for everyone.
func TestCityOnRealBuurten(t *testing.T) {
	for _, tc := range []struct {
		gemeente, name  string
		wijken, buurten int
	}{{"GM0642", "Zwijndrecht", 9, 92}, {"GM0531", "Hendrik-Ido-Ambacht", 5, 12}} {
		c, err := newCity(1, tc.gemeente)
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != tc.name || len(c.Wijken) != tc.wijken || len(c.buurten()) != tc.buurten {
			t.Fatalf("%s: %q with %d wijken, %d buurten", tc.gemeente, c.Name, len(c.Wijken), len(c.buurten()))
		}
		for _, w := range c.Wijken {
			var mp orb.MultiPolygon
			for _, b := range w.Buurten {
				mp = append(mp, b.Geometry...)
			}
			if a, u := planar.Area(mp), planar.Area(dissolveOf(w)); a-u > 1 || u-a > 1 {
				t.Errorf("%s: union has area %.0f m², the buurten %.0f m²", w.Code, u, a)
			}
		}
		for _, n := range []int{300, 600} {
			p := newPopulation(rand.New(rand.NewPCG(1, 2)), c, 1, n, 2023)
			if len(p.households) != n || len(p.addresses) < n {
				t.Errorf("%s, %d households: got %d households on %d addresses", tc.gemeente, n, len(p.households), len(p.addresses))
			}
			for _, a := range p.addresses {
				if !planar.MultiPolygonContains(a.Buurt.Geometry, orb.Point{a.X, a.Y}) {
					t.Errorf("%s %d: address point (%.0f, %.0f) lies outside buurt %s", a.Postcode, a.Huisnummer, a.X, a.Y, a.Buurt.Code)
					break
				}
				if !strings.HasPrefix(a.Postcode, "33") {
					t.Errorf("postcode %s is not in the towns' 33xx range", a.Postcode)
					break
				}
			}
		}
	}
	if _, err := newCity(1, "GM0363"); err == nil {
		t.Error("a municipality that is not embedded was accepted")
	}
}

func dissolveOf(w *Wijk) orb.MultiPolygon {
	var mp orb.MultiPolygon
	for _, b := range w.Buurten {
		mp = append(mp, b.Geometry...)
	}
	return areas.Dissolve(mp)
}
