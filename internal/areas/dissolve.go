package areas

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Dissolve returns the union of polygons that tile an area without overlap
// and share their borders vertex for vertex (as CBS buurten within a wijk do):
// every edge that two polygons share is dropped and the edges left are chained
// into rings. Counter-clockwise rings become outer rings, clockwise ones holes
// of the outer ring that contains them. Polygons that only touch at a corner
// stay separate polygons of the result.
func Dissolve(mp orb.MultiPolygon) orb.MultiPolygon {
	type edge struct{ a, b orb.Point }
	count := map[edge]int{}
	var order []edge
	add := func(r orb.Ring, ccw bool) {
		if len(r) < 4 {
			return
		}
		if (r.Orientation() == orb.CCW) != ccw {
			r = reversed(r)
		}
		for i := 0; i+1 < len(r); i++ {
			e := edge{r[i], r[i+1]}
			if e.a == e.b {
				continue
			}
			if back := (edge{e.b, e.a}); count[back] > 0 {
				count[back]--
				continue
			}
			if count[e] == 0 {
				order = append(order, e)
			}
			count[e]++
		}
	}
	for _, p := range mp {
		for i, r := range p {
			add(r, i == 0)
		}
	}
	next := map[orb.Point][]orb.Point{}
	for _, e := range order {
		for range count[e] {
			next[e.a] = append(next[e.a], e.b)
		}
	}
	var outers orb.MultiPolygon
	var holes []orb.Ring
	for _, e := range order {
		for len(next[e.a]) > 0 {
			start := e.a
			ring := orb.Ring{start}
			cur := start
			for {
				ns := next[cur]
				if len(ns) == 0 {
					break
				}
				n := ns[len(ns)-1]
				next[cur] = ns[:len(ns)-1]
				ring = append(ring, n)
				cur = n
				if cur == start {
					break
				}
			}
			if len(ring) < 4 || ring[len(ring)-1] != start {
				continue
			}
			if ring.Orientation() == orb.CCW {
				outers = append(outers, orb.Polygon{ring})
			} else {
				holes = append(holes, ring)
			}
		}
	}
	for _, h := range holes {
		for i := range outers {
			if planar.RingContains(outers[i][0], h[0]) || planar.RingContains(outers[i][0], h[1]) {
				outers[i] = append(outers[i], h)
				break
			}
		}
	}
	return outers
}

func reversed(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}
