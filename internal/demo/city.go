package demo

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
)

// The demo city lies on a jittered lattice in RD New metres, so that wijken
// and buurten tile the municipality without gaps and have irregular,
// real-looking borders: every lattice edge is cut into three pieces whose
// inner points are jittered from the edge's own hash, so both areas that
// share an edge draw exactly the same border.
const (
	gemeenteCode = "GM1999"
	gemeenteNaam = "Ontschotten (demo)"
	originX      = 100000.0 // RD x of the lattice's south-west corner
	originY      = 420000.0
	cell         = 420.0 // lattice cell size in metres
	wijkCols     = 4
	wijkRows     = 2
	buurtPerWijk = 2 // buurten per wijk side: 2×2, minus merged ones
	cellsPerB    = 2 // lattice cells per buurt side
)

var wijkNamen = []string{"Centrum", "Oud-Noord", "De Hoven", "Walburg", "Kruiswiel", "Molenvliet", "Heerjansdam-Oost", "Maasterras"}

var buurtNamen = []string{"Kerkbuurt", "Stationskwartier", "Haven", "Markt", "Boomgaard", "Dijkzicht", "Weidehof", "Rietland",
	"Vogelwijk", "Bloemenbuurt", "Sportpark", "Kasteeltuin", "Polderzicht", "Schildersbuurt", "Zeeheldenbuurt", "Beatrixpark",
	"Oranjewijk", "De Wielen", "Noordpunt", "Zuidhoek", "Oeverland", "Parkzoom", "Waterhof", "Molenwerf",
	"Lindenhof", "Esdoornlaan", "Het Veld", "De Akkers", "Brugwijk", "Singelrand", "De Erven", "Klaverland"}

type lattice struct {
	seed uint64
	nx   int
	ny   int
}

// vertex returns the jittered position of lattice point (i, j).
func (l lattice) vertex(i, j int) [2]float64 {
	x := originX + float64(i)*cell
	y := originY + float64(j)*cell
	if i > 0 && j > 0 && i < l.nx && j < l.ny {
		x += (l.noise(uint64(i), uint64(j), 1) - 0.5) * cell * 0.45
		y += (l.noise(uint64(i), uint64(j), 2) - 0.5) * cell * 0.45
	} else {
		// Outer border: jitter outwards/inwards only along the normal.
		if i == 0 || i == l.nx {
			x += (l.noise(uint64(i), uint64(j), 3) - 0.5) * cell * 0.5
		}
		if j == 0 || j == l.ny {
			y += (l.noise(uint64(i), uint64(j), 4) - 0.5) * cell * 0.5
		}
	}
	return [2]float64{x, y}
}

func (l lattice) noise(a, b, c uint64) float64 {
	h := fnv.New64a()
	var buf [32]byte
	for k, v := range []uint64{l.seed, a, b, c} {
		for n := 0; n < 8; n++ {
			buf[k*8+n] = byte(v >> (8 * n))
		}
	}
	h.Write(buf[:])
	return float64(h.Sum64()%1_000_003) / 1_000_003
}

// edge returns the points strictly between lattice points p and q, the
// same (reversed) whichever way round it is asked.
func (l lattice) edge(pi, pj, qi, qj int) [][2]float64 {
	rev := false
	if qi < pi || (qi == pi && qj < pj) {
		pi, pj, qi, qj = qi, qj, pi, pj
		rev = true
	}
	p, q := l.vertex(pi, pj), l.vertex(qi, qj)
	dx, dy := q[0]-p[0], q[1]-p[1]
	nx, ny := -dy, dx
	length := math.Hypot(nx, ny)
	nx, ny = nx/length, ny/length
	onBorder := (pi == qi && (pi == 0 || pi == l.nx)) || (pj == qj && (pj == 0 || pj == l.ny))
	amp := cell * 0.12
	if onBorder {
		amp = cell * 0.2
	}
	key := uint64(pi*1000+pj)*1_000_000 + uint64(qi*1000+qj)
	var pts [][2]float64
	for k := 1; k <= 2; k++ {
		t := float64(k) / 3
		off := (l.noise(key, uint64(k), 7) - 0.5) * 2 * amp
		pts = append(pts, [2]float64{p[0] + dx*t + nx*off, p[1] + dy*t + ny*off})
	}
	if rev {
		pts[0], pts[1] = pts[1], pts[0]
	}
	return pts
}

// ring returns the closed boundary of the lattice block [i0,i1)×[j0,j1),
// counter-clockwise, following the jittered edges.
func (l lattice) ring(i0, j0, i1, j1 int) [][2]float64 {
	var corners [][2]int
	for i := i0; i < i1; i++ {
		corners = append(corners, [2]int{i, j0})
	}
	for j := j0; j < j1; j++ {
		corners = append(corners, [2]int{i1, j})
	}
	for i := i1; i > i0; i-- {
		corners = append(corners, [2]int{i, j1})
	}
	for j := j1; j > j0; j-- {
		corners = append(corners, [2]int{i0, j})
	}
	var out [][2]float64
	for k, c := range corners {
		n := corners[(k+1)%len(corners)]
		out = append(out, l.vertex(c[0], c[1]))
		out = append(out, l.edge(c[0], c[1], n[0], n[1])...)
	}
	out = append(out, out[0])
	for k := range out {
		out[k][0] = math.Round(out[k][0]*10) / 10
		out[k][1] = math.Round(out[k][1]*10) / 10
	}
	return out
}

// Buurt is one generated buurt with its lattice block.
type Buurt struct {
	Code, Name, Wijk string
	i0, j0, i1, j1   int
	PC4              int
	Inhabitants      int
	Households       int
}

// Wijk is one generated wijk.
type Wijk struct {
	Code, Name     string
	Buurten        []*Buurt
	i0, j0, i1, j1 int
	Inhabitants    int
	Households     int
}

// City is the generated municipality's geography.
type City struct {
	lat    lattice
	Wijken []*Wijk
}

func newCity(seed uint64) *City {
	side := buurtPerWijk * cellsPerB
	c := &City{lat: lattice{seed: seed, nx: wijkCols * side, ny: wijkRows * side}}
	n := 0
	for wr := 0; wr < wijkRows; wr++ {
		for wc := 0; wc < wijkCols; wc++ {
			k := wr*wijkCols + wc
			w := &Wijk{Code: fmt.Sprintf("WK1999%02d", k+1), Name: wijkNamen[k],
				i0: wc * side, j0: wr * side, i1: (wc + 1) * side, j1: (wr + 1) * side}
			b := 0
			for br := 0; br < buurtPerWijk; br++ {
				for bc := 0; bc < buurtPerWijk; bc++ {
					// Two wijken have one large buurt instead of two small
					// ones, so buurten differ in size as they do in life.
					if (k == 2 || k == 5) && br == 1 && bc == 1 {
						w.Buurten[len(w.Buurten)-1].i1 = w.i0 + (bc+1)*cellsPerB
						continue
					}
					b++
					bu := &Buurt{Code: fmt.Sprintf("BU1999%02d%02d", k+1, b), Name: buurtNamen[n%len(buurtNamen)], Wijk: w.Code,
						i0: w.i0 + bc*cellsPerB, j0: w.j0 + br*cellsPerB, i1: w.i0 + (bc+1)*cellsPerB, j1: w.j0 + (br+1)*cellsPerB,
						PC4: 3300 + n*3}
					n++
					w.Buurten = append(w.Buurten, bu)
				}
			}
			c.Wijken = append(c.Wijken, w)
		}
	}
	return c
}

// buurten returns all buurten in code order.
func (c *City) buurten() []*Buurt {
	var out []*Buurt
	for _, w := range c.Wijken {
		out = append(out, w.Buurten...)
	}
	return out
}

// point returns a point inside buurt b at relative position (u, v) ∈ [0,1)²,
// by bilinear interpolation in the lattice cell it falls in.
func (c *City) point(b *Buurt, u, v float64) (float64, float64) {
	fx := float64(b.i0) + u*float64(b.i1-b.i0)
	fy := float64(b.j0) + v*float64(b.j1-b.j0)
	i, j := int(fx), int(fy)
	tx, ty := fx-float64(i), fy-float64(j)
	// Shrink towards the cell centre so jittered borders don't cut it off.
	tx, ty = 0.2+0.6*tx, 0.2+0.6*ty
	p00, p10 := c.lat.vertex(i, j), c.lat.vertex(i+1, j)
	p01, p11 := c.lat.vertex(i, j+1), c.lat.vertex(i+1, j+1)
	x := (1-tx)*(1-ty)*p00[0] + tx*(1-ty)*p10[0] + (1-tx)*ty*p01[0] + tx*ty*p11[0]
	y := (1-tx)*(1-ty)*p00[1] + tx*(1-ty)*p10[1] + (1-tx)*ty*p01[1] + tx*ty*p11[1]
	return x, y
}

// writeGeoJSON writes the wijken and buurten as a CBS-style GeoJSON in
// EPSG:28992 (RD New), with CBS property names.
func (c *City) writeGeoJSON(w io.Writer) error {
	type feature struct {
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
		Geometry   map[string]any `json:"geometry"`
	}
	var fs []feature
	for _, wk := range c.Wijken {
		fs = append(fs, feature{"Feature", map[string]any{
			"wijkcode": wk.Code, "wijknaam": wk.Name, "gemeentecode": gemeenteCode, "gemeentenaam": gemeenteNaam,
			"aantalInwoners": wk.Inhabitants, "aantalHuishoudens": wk.Households,
		}, map[string]any{"type": "Polygon", "coordinates": [][][2]float64{c.lat.ring(wk.i0, wk.j0, wk.i1, wk.j1)}}})
	}
	for _, b := range c.buurten() {
		fs = append(fs, feature{"Feature", map[string]any{
			"buurtcode": b.Code, "buurtnaam": b.Name, "wijkcode": b.Wijk, "gemeentecode": gemeenteCode, "gemeentenaam": gemeenteNaam,
			"aantalInwoners": b.Inhabitants, "aantalHuishoudens": b.Households,
		}, map[string]any{"type": "Polygon", "coordinates": [][][2]float64{c.lat.ring(b.i0, b.j0, b.i1, b.j1)}}})
	}
	doc := map[string]any{
		"type":     "FeatureCollection",
		"name":     "wijken_en_buurten_demo",
		"crs":      map[string]any{"type": "name", "properties": map[string]any{"name": "urn:ogc:def:crs:EPSG::28992"}},
		"features": fs,
	}
	enc := json.NewEncoder(w)
	return enc.Encode(doc)
}
