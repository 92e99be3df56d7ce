package areas

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// VoronoiCells returns, for each site, the part of region that is nearer to
// that site than to any other (its Voronoi cell clipped to the region). A
// cell is the region cut by the half-plane of every other site's bisector;
// on a non-convex region a cut can leave a zero-width bridge along the cut
// line, which neither draws nor adds area. Sites at the same point share one
// cell (the first gets it, the others nil). Holes of the region are ignored:
// CBS buurten have none.
func VoronoiCells(region orb.MultiPolygon, sites []orb.Point) []orb.MultiPolygon {
	out := make([]orb.MultiPolygon, len(sites))
	for i, s := range sites {
		dup := false
		for j := 0; j < i; j++ {
			if sites[j] == s {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		var cell orb.MultiPolygon
		for _, p := range region {
			if len(p) == 0 {
				continue
			}
			ring := p[0]
			for _, o := range sites {
				if o == s || len(ring) < 4 {
					continue
				}
				ring = clipNearer(ring, s, o)
			}
			if len(ring) >= 4 && math.Abs(planar.Area(ring)) > 1e-6 {
				cell = append(cell, orb.Polygon{ring})
			}
		}
		out[i] = cell
	}
	return out
}

// clipNearer keeps the part of ring that is at least as near to a as to b
// (Sutherland–Hodgman against the bisector of a and b).
func clipNearer(ring orb.Ring, a, b orb.Point) orb.Ring {
	dx, dy := b[0]-a[0], b[1]-a[1]
	mx, my := (a[0]+b[0])/2, (a[1]+b[1])/2
	side := func(p orb.Point) float64 { return (p[0]-mx)*dx + (p[1]-my)*dy } // ≤ 0: nearer to a
	var out orb.Ring
	n := len(ring) - 1 // closed ring: the last point repeats the first
	for k := 0; k < n; k++ {
		p, q := ring[k], ring[k+1]
		sp, sq := side(p), side(q)
		if sp <= 0 {
			out = append(out, p)
		}
		if (sp < 0 && sq > 0) || (sp > 0 && sq < 0) {
			t := sp / (sp - sq)
			out = append(out, orb.Point{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])})
		}
	}
	if len(out) > 0 {
		out = append(out, out[0])
	}
	return out
}

// BlokOutlines gives every blok of one buurt an outline: the Voronoi cells of
// its postcodes' points (sites: pc6 → a point of the pc6's addresses in this
// buurt, e.g. their centroid), clipped to the buurt and joined per blok. So the
// bloks tile their buurt without gaps or overlap and the finest level is a map.
// A blok none of whose postcodes has a point gets no outline; a buurt with one
// blok gives it the buurt's outline. Cell vertices are rounded to 1 cm so that
// neighbouring cells share their edges exactly and the cells of one blok
// dissolve into one outline; should that fail, the blok keeps its cells.
func BlokOutlines(buurt orb.MultiPolygon, bloks []BlokCluster, sites map[string]orb.Point) map[string]orb.MultiPolygon {
	out := map[string]orb.MultiPolygon{}
	if len(bloks) == 1 {
		out[bloks[0].Code] = buurt
		return out
	}
	var pcs []string
	for pc := range sites {
		pcs = append(pcs, pc)
	}
	sort.Strings(pcs)
	pts := make([]orb.Point, len(pcs))
	for i, pc := range pcs {
		pts[i] = sites[pc]
	}
	cells := VoronoiCells(buurt, pts)
	cellOf := map[string]orb.MultiPolygon{}
	for i, pc := range pcs {
		cellOf[pc] = cells[i]
	}
	for _, b := range bloks {
		var mp orb.MultiPolygon
		for _, pc := range b.Postcodes {
			for _, p := range cellOf[pc] {
				mp = append(mp, roundPolygon(p))
			}
		}
		if len(mp) == 0 {
			continue
		}
		d := Dissolve(mp)
		if a, u := planar.Area(mp), planar.Area(d); math.Abs(a-u) > 0.001*a+1 {
			d = mp
		}
		out[b.Code] = d
	}
	return out
}

func roundPolygon(p orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		var nr orb.Ring
		for _, pt := range r {
			q := orb.Point{math.Round(pt[0]*100) / 100, math.Round(pt[1]*100) / 100}
			if len(nr) > 0 && nr[len(nr)-1] == q {
				continue
			}
			nr = append(nr, q)
		}
		out[i] = nr
	}
	return out
}
