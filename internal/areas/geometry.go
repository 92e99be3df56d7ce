package areas

import (
	"math"
	"sort"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// usable reports whether a polygon can be tested for containment without panicking;
// geometry from the store or a decoder is not validated like ReadGeoJSON's.
func usable(p orb.Polygon) bool {
	for _, r := range p {
		if len(r) == 0 {
			return false
		}
	}
	return len(p) > 0
}

// contains is planar.MultiPolygonContains that skips empty polygons and rings.
func contains(mp orb.MultiPolygon, pt orb.Point) bool {
	for _, p := range mp {
		if usable(p) && planar.PolygonContains(p, pt) {
			return true
		}
	}
	return false
}

// interiorPoint returns a point well inside mp: the middle of the widest stretch of the
// horizontal line through the middle of its largest polygon. Unlike the centroid it is
// inside for any shape (a C-shaped buurt around a park), and unlike a point near the edge
// it survives the small misfits between independently simplified parent and child.
func interiorPoint(mp orb.MultiPolygon) orb.Point {
	best, bestArea := -1, -1.0
	for i, p := range mp {
		if !usable(p) {
			continue
		}
		if a := planar.Area(p); a > bestArea {
			best, bestArea = i, a
		}
	}
	if best < 0 {
		return orb.Point{}
	}
	p := mp[best]
	b := p.Bound()
	y := (b.Min[1] + b.Max[1]) / 2
	var xs []float64
	for _, r := range p {
		for i := 0; i+1 < len(r); i++ {
			a, c := r[i], r[i+1]
			if (a[1] <= y) != (c[1] <= y) {
				xs = append(xs, a[0]+(y-a[1])*(c[0]-a[0])/(c[1]-a[1]))
			}
		}
	}
	sort.Float64s(xs)
	pt, _ := planar.CentroidArea(p)
	widest := -1.0
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > widest {
			widest, pt = w, orb.Point{(xs[i] + xs[i+1]) / 2, y}
		}
	}
	return pt
}

// distanceToBoundary is the distance from pt to the nearest edge of mp.
func distanceToBoundary(mp orb.MultiPolygon, pt orb.Point) float64 {
	d := math.Inf(1)
	for _, p := range mp {
		for _, r := range p {
			for i := 0; i+1 < len(r); i++ {
				d = math.Min(d, segmentDistance(pt, r[i], r[i+1]))
			}
		}
	}
	return d
}

func segmentDistance(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	return math.Hypot(p[0]-(a[0]+t*dx), p[1]-(a[1]+t*dy))
}

// Locator finds the area of one level that holds a point. Build it once per import: it
// keeps each area's bounding box, so a point is tested against the few areas whose box
// holds it instead of against every polygon.
type Locator struct {
	entries []locatorEntry
}

type locatorEntry struct {
	code  string
	bound orb.Bound
	geom  orb.MultiPolygon
}

// NewLocator indexes the areas of level that have a geometry. Areas are tried in code
// order, so a point exactly on a shared border always goes to the same (lowest) code.
func NewLocator(areas []Area, level Level) *Locator {
	l := &Locator{}
	for _, a := range areas {
		if a.Level != level || len(a.Geometry) == 0 {
			continue
		}
		l.entries = append(l.entries, locatorEntry{code: a.Code, bound: a.Geometry.Bound(), geom: a.Geometry})
	}
	sort.SliceStable(l.entries, func(i, j int) bool { return l.entries[i].code < l.entries[j].code })
	return l
}

// Locate returns the code of the area holding RD point (x, y); ok is false when none does.
func (l *Locator) Locate(x, y float64) (code string, ok bool) {
	pt := orb.Point{x, y}
	for i := range l.entries {
		e := &l.entries[i]
		if pt[0] < e.bound.Min[0] || pt[0] > e.bound.Max[0] || pt[1] < e.bound.Min[1] || pt[1] > e.bound.Max[1] {
			continue
		}
		if contains(e.geom, pt) {
			return e.code, true
		}
	}
	return "", false
}

// Locate returns the buurt holding RD point (x, y); on a shared border the lowest code.
//
// It keeps the Locator of the last areas slice it saw, so a loop over 100k addresses with
// the same areas costs one index build plus a cheap identity check of the areas per call.
// The check sees a different slice, different codes or replaced geometries, but not
// coordinates changed in place; build a Locator yourself if you do that.
func Locate(areas []Area, x, y float64) (buurtCode string, ok bool) {
	locateCache.Lock()
	if !locateCache.matches(areas) {
		locateCache.keys = locateCache.keys[:0]
		for i := range areas {
			locateCache.keys = append(locateCache.keys, keyOf(&areas[i]))
		}
		locateCache.loc = NewLocator(areas, Buurt)
	}
	loc := locateCache.loc
	locateCache.Unlock()
	return loc.Locate(x, y)
}

var locateCache locatorCache

type locatorCache struct {
	sync.Mutex
	keys []areaKey
	loc  *Locator
}

// areaKey identifies an area's geometry by the address of its backing array.
type areaKey struct {
	code  string
	level Level
	geom  *orb.Polygon
	n     int
}

func keyOf(a *Area) areaKey {
	k := areaKey{code: a.Code, level: a.Level, n: len(a.Geometry)}
	if len(a.Geometry) > 0 {
		k.geom = &a.Geometry[0]
	}
	return k
}

func (c *locatorCache) matches(areas []Area) bool {
	if c.loc == nil || len(c.keys) != len(areas) {
		return false
	}
	for i := range areas {
		if keyOf(&areas[i]) != c.keys[i] {
			return false
		}
	}
	return true
}
