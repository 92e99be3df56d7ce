package areas

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func square(x, y, s float64) orb.Ring {
	return orb.Ring{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
}

// Three buurten: A with a hole that B fills, and a C-shaped C around an empty bay.
func testBuurten() []Area {
	cShape := orb.Ring{{3000, 0}, {4000, 0}, {4000, 300}, {3300, 300}, {3300, 700}, {4000, 700}, {4000, 1000}, {3000, 1000}, {3000, 0}}
	return []Area{
		{Code: "WK000101", Level: Wijk, Geometry: orb.MultiPolygon{{square(0, 0, 5000)}}},
		{Code: "BU00010101", Level: Buurt, Geometry: orb.MultiPolygon{{square(0, 0, 1000), square(400, 400, 200)}}},
		{Code: "BU00010102", Level: Buurt, Geometry: orb.MultiPolygon{{square(400, 400, 200)}, {square(1000, 0, 1000)}}},
		{Code: "BU00010103", Level: Buurt, Geometry: orb.MultiPolygon{{cShape}}},
		{Code: "BU00010104", Level: Buurt}, // no geometry: never found, never a panic
	}
}

func TestLocate(t *testing.T) {
	as := testBuurten()
	loc := NewLocator(as, Buurt)
	tests := []struct {
		x, y   float64
		want   string
		wantOK bool
	}{
		{100, 100, "BU00010101", true},
		{500, 500, "BU00010102", true}, // in A's hole, which is B's first polygon
		{1500, 500, "BU00010102", true},
		{1000, 500, "BU00010101", true}, // on the shared border: the lowest code
		{3100, 500, "BU00010103", true},
		{3600, 500, "", false}, // in the C's bay
		{2500, 500, "", false}, // in the wijk but no buurt
		{-1, -1, "", false},
	}
	for _, tt := range tests {
		got, ok := Locate(as, tt.x, tt.y)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Locate(%v, %v) = %q, %v; want %q, %v", tt.x, tt.y, got, ok, tt.want, tt.wantOK)
		}
		got, ok = loc.Locate(tt.x, tt.y)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Locator.Locate(%v, %v) = %q, %v; want %q, %v", tt.x, tt.y, got, ok, tt.want, tt.wantOK)
		}
	}
	// Locate's cache must notice other areas: the same slice with a buurt's geometry replaced.
	as[3].Geometry = orb.MultiPolygon{{square(2000, 0, 1000)}}
	if got, ok := Locate(as, 2500, 500); got != "BU00010103" || !ok {
		t.Errorf("after replacing a geometry: Locate(2500, 500) = %q, %v; want BU00010103", got, ok)
	}
	if got, ok := Locate(as[:1], 100, 100); ok {
		t.Errorf("Locate over the wijk only = %q, want no buurt", got)
	}
	if got, ok := NewLocator(as, Wijk).Locate(2500, 500); got != "WK000101" || !ok {
		t.Errorf("wijk locator: %q, %v; want WK000101", got, ok)
	}
}

func TestInteriorPoint(t *testing.T) {
	for _, a := range testBuurten()[:4] {
		p := interiorPoint(a.Geometry)
		if !planar.MultiPolygonContains(a.Geometry, p) {
			t.Errorf("%s: interior point %v is not inside", a.Code, p)
		}
		if d := distanceToBoundary(a.Geometry, p); d < 50 {
			t.Errorf("%s: interior point %v only %.0f m from the edge", a.Code, p, d)
		}
	}
	// The centroid of the C lies in its bay; the interior point must not.
	c := testBuurten()[3].Geometry
	if centroid, _ := planar.CentroidArea(c); planar.MultiPolygonContains(c, centroid) {
		t.Fatalf("test shape broken: the C's centroid %v is inside it", centroid)
	}
}

// benchmarkBuurten is a 20 × 20 grid of 400 buurten of 500 m with 40-point rings, about
// the size of a large municipality.
func benchmarkBuurten() []Area {
	var as []Area
	for i := range 20 {
		for j := range 20 {
			x0, y0 := 100000+float64(i)*500, 400000+float64(j)*500
			var ring orb.Ring
			for k := range 10 { // 10 points per side
				ring = append(ring, orb.Point{x0 + float64(k)*50, y0})
			}
			for k := range 10 {
				ring = append(ring, orb.Point{x0 + 500, y0 + float64(k)*50})
			}
			for k := range 10 {
				ring = append(ring, orb.Point{x0 + 500 - float64(k)*50, y0 + 500})
			}
			for k := range 10 {
				ring = append(ring, orb.Point{x0, y0 + 500 - float64(k)*50})
			}
			ring = append(ring, ring[0])
			as = append(as, Area{Code: fmt.Sprintf("BU0001%02d%02d", i, j), Level: Buurt, Geometry: orb.MultiPolygon{{ring}}})
		}
	}
	return as
}

func BenchmarkLocate100k(b *testing.B) {
	as := benchmarkBuurten()
	r := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 100_000)
	for i := range pts {
		pts[i] = orb.Point{100000 + r.Float64()*10000, 400000 + r.Float64()*10000}
	}
	b.ResetTimer()
	for b.Loop() {
		loc := NewLocator(as, Buurt)
		found := 0
		for _, p := range pts {
			if _, ok := loc.Locate(p[0], p[1]); ok {
				found++
			}
		}
		if found != len(pts) {
			b.Fatalf("found %d of %d points", found, len(pts))
		}
	}
}

// The convenience function recomputes every bounding box per point; this shows what a
// Locator saves.
func BenchmarkLocateFunc100k(b *testing.B) {
	as := benchmarkBuurten()
	r := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 100_000)
	for i := range pts {
		pts[i] = orb.Point{100000 + r.Float64()*10000, 400000 + r.Float64()*10000}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pts {
			if _, ok := Locate(as, p[0], p[1]); !ok {
				b.Fatalf("%v not found", p)
			}
		}
	}
}
