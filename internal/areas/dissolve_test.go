package areas

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func box(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

func TestDissolveMergesSharedBorders(t *testing.T) {
	// Two squares side by side, the right one drawn clockwise: one outline of 6 vertices.
	right := box(1, 0, 2, 1)
	right[0] = reversed(right[0])
	got := Dissolve(orb.MultiPolygon{box(0, 0, 1, 1), right})
	if len(got) != 1 || len(got[0]) != 1 {
		t.Fatalf("want one polygon without holes, got %v", got)
	}
	if a := planar.Area(got); a != 2 {
		t.Errorf("area %v, want 2", a)
	}
	if n := len(got[0][0]); n != 7 {
		t.Errorf("ring of %d points, want 7 (6 corners, closed): %v", n, got[0][0])
	}
}

func TestDissolveKeepsHoleAndSeparateParts(t *testing.T) {
	// A 3×3 ring of eight unit squares around an empty centre, plus a far square.
	var mp orb.MultiPolygon
	for x := 0; x < 3; x++ {
		for y := 0; y < 3; y++ {
			if x == 1 && y == 1 {
				continue
			}
			mp = append(mp, box(float64(x), float64(y), float64(x+1), float64(y+1)))
		}
	}
	mp = append(mp, box(10, 10, 11, 11))
	got := Dissolve(mp)
	if len(got) != 2 {
		t.Fatalf("want 2 polygons, got %d: %v", len(got), got)
	}
	holes := 0
	for _, p := range got {
		holes += len(p) - 1
	}
	if holes != 1 {
		t.Errorf("want 1 hole, got %d", holes)
	}
	if a := planar.Area(got); a != 9 {
		t.Errorf("area %v, want 9 (8 + 1; the hole excluded)", a)
	}
}
