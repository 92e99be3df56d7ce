package demo

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/ontschot/ontschot/internal/areas"
)

// The demo municipality lies on the real CBS buurt outlines of the pilot
// towns Zwijndrecht (GM0642, 92 buurten) and Hendrik-Ido-Ambacht (GM0531,
// 12 buurten), 2024 indeling, generalised by PDOK (docs/areas.md). Only the
// outlines, codes and names are real, with the wijk totals of inhabitants
// and households; every buurt's figures, address and person is synthetic.
//
//go:embed cbs/buurten_2024.geojson cbs/wijken_2024.csv
var cbsFiles embed.FS

// Attribution is the credit the CBS/Kadaster open data asks for (CC BY 4.0);
// every page or document that draws the demo's areas shows it.
const Attribution = "Bron: CBS, Kadaster"

// DefaultGemeente is the demo's lead municipality: the iStandaarden messages
// of a provider go to each client's own gemeente, the CBS peer comparison
// is Zwijndrecht's.
const DefaultGemeente = "GM0642"

// RegionGemeenten are the gemeenten of the demo region (the pilot of
// Zuid-Holland Zuid): the demo builds both when no single one is asked for.
var RegionGemeenten = []string{"GM0642", "GM0531"}

// RegionName names the demo region on its pages.
const RegionName = "Zuid-Holland Zuid (pilot)"

// pc4Of gives every wijk a plausible postcode area of its town (Zwijndrecht
// 3330–3339, Heerjansdam 3339, Hendrik-Ido-Ambacht 3340–3344).
var pc4Of = map[string]int{
	"WK064201": 3331, "WK064202": 3332, "WK064203": 3333, "WK064204": 3334, "WK064205": 3335,
	"WK064206": 3336, "WK064207": 3330, "WK064208": 3339, "WK064209": 3338,
	"WK053101": 3341, "WK053102": 3342, "WK053103": 3343, "WK053104": 3344, "WK053105": 3340,
}

// Buurt is one real CBS buurt with its synthetic figures.
type Buurt struct {
	Code, Name, Wijk string
	Geometry         orb.MultiPolygon // RD New metres
	PC4              int
	share            float64 // this buurt's synthetic share of its wijk's CBS households
	Inhabitants      int
	Households       int
}

// Wijk is one real CBS wijk: the union of its buurten.
type Wijk struct {
	Code, Name     string
	Gemeente       *Gemeente
	Buurten        []*Buurt
	CBSInhabitants int // the real CBS 2024 totals, which the synthetic town follows
	CBSHouseholds  int
	Inhabitants    int
	Households     int
}

// Gemeente is one municipality of the demo.
type Gemeente struct{ Code, Name string }

// City is the demo's geography: one municipality, or the region of both
// pilot towns. Code and Name are the lead (first) gemeente's.
type City struct {
	Code, Name string
	Gemeenten  []*Gemeente
	Wijken     []*Wijk
}

// gemeenteOf returns the gemeente a buurt lies in.
func (c *City) gemeenteOf(b *Buurt) *Gemeente {
	for _, w := range c.Wijken {
		if w.Code == b.Wijk {
			return w.Gemeente
		}
	}
	return c.Gemeenten[0]
}

// cbsBuurten reads the embedded CBS buurten of both pilot towns.
func cbsBuurten() ([]areas.Area, error) {
	raw, err := cbsFiles.ReadFile("cbs/buurten_2024.geojson")
	if err != nil {
		return nil, err
	}
	all, err := areas.ReadGeoJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	var out []areas.Area
	for _, a := range all {
		if a.Level == areas.Buurt {
			out = append(out, a)
		}
	}
	return out, nil
}

// cbsWijk is one row of the embedded wijk table.
type cbsWijk struct {
	Code, Name, Gemeente, GemeenteNaam string
	Inhabitants, Households            int
}

func cbsWijken() ([]cbsWijk, error) {
	raw, err := cbsFiles.ReadFile("cbs/wijken_2024.csv")
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		return nil, err
	}
	var out []cbsWijk
	for _, r := range recs[1:] {
		inh, err1 := strconv.Atoi(r[4])
		hh, err2 := strconv.Atoi(r[5])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("cbs/wijken_2024.csv: %s: geen aantallen", r[0])
		}
		out = append(out, cbsWijk{Code: r[0], Name: r[1], Gemeente: r[2], GemeenteNaam: r[3], Inhabitants: inh, Households: hh})
	}
	return out, nil
}

// newCity builds the demo's gemeenten (GM0642, GM0531 or both, the lead
// first) from the embedded CBS data. Within a wijk the CBS households are
// shared over its buurten by the square root of their area times a seeded
// factor of 0.6–1.4, so that a large rural buurt gets more, but not
// proportionally more, addresses.
func newCity(seed uint64, gemeenten ...string) (*City, error) {
	ws, err := cbsWijken()
	if err != nil {
		return nil, err
	}
	bs, err := cbsBuurten()
	if err != nil {
		return nil, err
	}
	c := &City{}
	byCode := map[string]*Wijk{}
	for _, code := range gemeenten {
		g := &Gemeente{Code: code}
		for _, w := range ws {
			if w.Gemeente != code {
				continue
			}
			g.Name = w.GemeenteNaam
			wk := &Wijk{Code: w.Code, Name: w.Name, Gemeente: g, CBSInhabitants: w.Inhabitants, CBSHouseholds: w.Households}
			c.Wijken = append(c.Wijken, wk)
			byCode[w.Code] = wk
		}
		if g.Name == "" {
			return nil, fmt.Errorf("onbekende demogemeente %q (GM0642 of GM0531) / unknown demo municipality %q", code, code)
		}
		c.Gemeenten = append(c.Gemeenten, g)
	}
	if len(c.Gemeenten) == 0 {
		return nil, errors.New("geen demogemeente gekozen / no demo municipality")
	}
	c.Code, c.Name = c.Gemeenten[0].Code, c.Gemeenten[0].Name
	for _, a := range bs {
		w := byCode[a.Wijk]
		if !slices.Contains(gemeenten, a.Gemeente) {
			continue
		}
		if w == nil {
			return nil, fmt.Errorf("buurt %s: wijk %s ontbreekt in cbs/wijken_2024.csv", a.Code, a.Wijk)
		}
		w.Buurten = append(w.Buurten, &Buurt{Code: a.Code, Name: a.Name, Wijk: a.Wijk, Geometry: a.Geometry, PC4: pc4Of[a.Wijk]})
	}
	for _, w := range c.Wijken {
		sum := 0.0
		for _, b := range w.Buurten {
			b.share = math.Sqrt(planar.Area(b.Geometry)) * (0.6 + 0.8*noise(seed, b.Code))
			sum += b.share
		}
		for _, b := range w.Buurten {
			b.share /= sum
		}
	}
	return c, nil
}

// noise is a seeded value in [0, 1) for a key.
func noise(seed uint64, key string) float64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", seed, key)
	return float64(h.Sum64()%1_000_003) / 1_000_003
}

// buurten returns all buurten in code order.
func (c *City) buurten() []*Buurt {
	var out []*Buurt
	for _, w := range c.Wijken {
		out = append(out, w.Buurten...)
	}
	return out
}

// randomPoint returns a uniformly drawn point inside buurt b (its
// generalised CBS outline always holds one in 1,000 draws from its bounds).
func randomPoint(r *rand.Rand, b *Buurt) orb.Point {
	bound := b.Geometry.Bound()
	for range 1000 {
		p := decimetre(orb.Point{bound.Min[0] + r.Float64()*(bound.Max[0]-bound.Min[0]), bound.Min[1] + r.Float64()*(bound.Max[1]-bound.Min[1])})
		if planar.MultiPolygonContains(b.Geometry, p) {
			return p
		}
	}
	return bound.Center()
}

// decimetre rounds a point to 0.1 m, as the address file writes it.
func decimetre(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*10) / 10, math.Round(p[1]*10) / 10}
}

// pointNear returns a point inside buurt b about sd metres from centre,
// which must itself lie in b.
func pointNear(r *rand.Rand, b *Buurt, centre orb.Point, sd float64) orb.Point {
	for range 20 {
		p := decimetre(orb.Point{centre[0] + r.NormFloat64()*sd, centre[1] + r.NormFloat64()*sd})
		if planar.MultiPolygonContains(b.Geometry, p) {
			return p
		}
	}
	return centre
}

// writeGeoJSON writes every gemeente, its wijken (each the union of its
// buurten) and its buurten as a CBS-style GeoJSON in EPSG:28992 (RD New),
// with CBS property names.
func (c *City) writeGeoJSON(w io.Writer) error {
	type feature struct {
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
		Geometry   map[string]any `json:"geometry"`
	}
	geom := func(mp orb.MultiPolygon) map[string]any {
		return map[string]any{"type": "MultiPolygon", "coordinates": mp}
	}
	var fs []feature
	for _, g := range c.Gemeenten {
		var all orb.MultiPolygon
		inh, hh := 0, 0
		for _, wk := range c.Wijken {
			if wk.Gemeente != g {
				continue
			}
			for _, b := range wk.Buurten {
				all = append(all, b.Geometry...)
			}
			inh += wk.Inhabitants
			hh += wk.Households
		}
		fs = append(fs, feature{"Feature", map[string]any{
			"gemeentecode": g.Code, "gemeentenaam": g.Name, "aantalInwoners": inh, "aantalHuishoudens": hh,
		}, geom(areas.Dissolve(all))})
	}
	for _, wk := range c.Wijken {
		var mp orb.MultiPolygon
		for _, b := range wk.Buurten {
			mp = append(mp, b.Geometry...)
		}
		fs = append(fs, feature{"Feature", map[string]any{
			"wijkcode": wk.Code, "wijknaam": wk.Name, "gemeentecode": wk.Gemeente.Code, "gemeentenaam": wk.Gemeente.Name,
			"aantalInwoners": wk.Inhabitants, "aantalHuishoudens": wk.Households,
		}, geom(areas.Dissolve(mp))})
	}
	bs := c.buurten()
	sort.Slice(bs, func(i, j int) bool { return bs[i].Code < bs[j].Code })
	for _, b := range bs {
		g := c.gemeenteOf(b)
		fs = append(fs, feature{"Feature", map[string]any{
			"buurtcode": b.Code, "buurtnaam": b.Name, "wijkcode": b.Wijk, "gemeentecode": g.Code, "gemeentenaam": g.Name,
			"aantalInwoners": b.Inhabitants, "aantalHuishoudens": b.Households,
		}, geom(b.Geometry)})
	}
	doc := map[string]any{
		"type":        "FeatureCollection",
		"name":        "wijken_en_buurten_demo",
		"attribution": Attribution + " (buurt- en wijkgrenzen 2024, CC BY 4.0); inwoners en huishoudens per buurt synthetisch",
		"crs":         map[string]any{"type": "name", "properties": map[string]any{"name": "urn:ogc:def:crs:EPSG::28992"}},
		"features":    fs,
	}
	return json.NewEncoder(w).Encode(doc)
}
