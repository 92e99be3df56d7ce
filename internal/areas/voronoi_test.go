package areas

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestVoronoiCellsOfASquare(t *testing.T) {
	region := orb.MultiPolygon{box(0, 0, 2, 2)}
	cells := VoronoiCells(region, []orb.Point{{0.5, 0.5}, {1.5, 0.5}, {0.5, 1.5}, {1.5, 1.5}, {0.5, 0.5}})
	for i := 0; i < 4; i++ {
		if a := planar.Area(cells[i]); math.Abs(a-1) > 1e-9 {
			t.Errorf("cell %d has area %v, want 1", i, a)
		}
	}
	if cells[4] != nil {
		t.Errorf("a repeated site got a cell of its own: %v", cells[4])
	}
}

// On a non-convex region (an L) the cells tile the region: their areas add
// up, and every point of the region lies in the cell of its nearest site.
func TestVoronoiCellsTileANonConvexRegion(t *testing.T) {
	l := orb.MultiPolygon{{{{0, 0}, {300, 0}, {300, 100}, {100, 100}, {100, 300}, {0, 300}, {0, 0}}}}
	r := rand.New(rand.NewPCG(3, 4))
	var sites []orb.Point
	for len(sites) < 25 {
		p := orb.Point{r.Float64() * 300, r.Float64() * 300}
		if planar.MultiPolygonContains(l, p) {
			sites = append(sites, p)
		}
	}
	cells := VoronoiCells(l, sites)
	sum := 0.0
	for _, c := range cells {
		sum += planar.Area(c)
	}
	if want := planar.Area(l); math.Abs(sum-want) > 1e-6*want {
		t.Fatalf("cells add up to %.3f m², the region is %.3f m²", sum, want)
	}
	for range 2000 {
		p := orb.Point{r.Float64() * 300, r.Float64() * 300}
		if !planar.MultiPolygonContains(l, p) {
			continue
		}
		near, best := 0, math.Inf(1)
		for i, s := range sites {
			if d := planar.Distance(p, s); d < best {
				near, best = i, d
			}
		}
		if !planar.MultiPolygonContains(cells[near], p) && distanceToBoundary(cells[near], p) > 1e-6 {
			t.Fatalf("point %v is nearest to site %d but outside its cell", p, near)
		}
	}
}

// Two bloks of three postcodes each, a column each: each blok is one outline,
// together they tile the buurt.
func TestBlokOutlines(t *testing.T) {
	buurt := orb.MultiPolygon{box(0, 0, 100, 90)}
	sites := map[string]orb.Point{
		"3331AA": {25, 15}, "3331AB": {25, 45}, "3331AC": {25, 75},
		"3331AD": {75, 15}, "3331AE": {75, 45}, "3331AF": {75, 75},
	}
	bloks := []BlokCluster{
		{Code: "BL0642010101", Postcodes: []string{"3331AA", "3331AB", "3331AC"}},
		{Code: "BL0642010102", Postcodes: []string{"3331AD", "3331AE", "3331AF"}},
	}
	got := BlokOutlines(buurt, bloks, sites)
	for _, b := range bloks {
		mp := got[b.Code]
		if len(mp) != 1 || len(mp[0]) != 1 {
			t.Errorf("%s: want one outline, got %d polygons", b.Code, len(mp))
		}
		if a := planar.Area(mp); math.Abs(a-4500) > 0.01 {
			t.Errorf("%s: area %v, want 4500", b.Code, a)
		}
	}
	if !planar.MultiPolygonContains(got["BL0642010101"], orb.Point{10, 80}) || planar.MultiPolygonContains(got["BL0642010101"], orb.Point{90, 10}) {
		t.Error("the western blok does not cover the west of the buurt")
	}
	one := BlokOutlines(buurt, bloks[:1], nil)
	if planar.Area(one[bloks[0].Code]) != 9000 {
		t.Errorf("a buurt's only blok should be the whole buurt: %v", one)
	}
}
