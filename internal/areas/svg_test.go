package areas

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestProjection(t *testing.T) {
	// A 2000 × 1000 m box into 400 × 400 px: margin 8 px, scale (400-16)/2000 = 0.192,
	// the drawing 384 × 192 px, centred vertically.
	bbox := orb.Bound{Min: orb.Point{100000, 400000}, Max: orb.Point{102000, 401000}}
	proj := Projection(bbox, 400, 400)
	tests := []struct {
		in     orb.Point
		px, py float64
	}{
		{orb.Point{100000, 401000}, 8, 104},   // top left
		{orb.Point{102000, 400000}, 392, 296}, // bottom right
		{orb.Point{101000, 400500}, 200, 200}, // centre stays centre
	}
	for _, tt := range tests {
		x, y := proj(tt.in)
		if math.Abs(x-tt.px) > 1e-9 || math.Abs(y-tt.py) > 1e-9 {
			t.Errorf("proj(%v) = %v, %v; want %v, %v", tt.in, x, y, tt.px, tt.py)
		}
	}
	// Degenerate boxes must not produce NaN or Inf.
	for _, b := range []orb.Bound{{}, {Min: orb.Point{1, 1}, Max: orb.Point{1, 5}}} {
		x, y := Projection(b, 100, 50)(orb.Point{1, 2})
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			t.Errorf("Projection(%v) gives %v, %v", b, x, y)
		}
	}
}

func TestSVGPathGolden(t *testing.T) {
	// A buurt of two parts: a square with a square hole, and a small triangle beside it
	// whose points need rounding to 0.1 px; plus a ring too small
	// to see at this scale.
	mp := orb.MultiPolygon{
		{
			{{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}, {0, 0}},
			{{250, 250}, {250, 750}, {750, 750}, {750, 250}, {250, 250}},
		},
		{
			{{1200, 0}, {1733.33, 0}, {1466.66, 333.33}, {1200, 0}},
		},
		{
			{{1900, 900}, {1900.01, 900}, {1900.01, 900.01}, {1900, 900}},
		},
	}
	d := SVGPath(mp, Projection(mp.Bound(), 200, 100))
	golden := filepath.Join("testdata", "svgpath.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(d+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d+"\n" != string(want) {
		t.Errorf("SVGPath =\n%s\nwant (%s)\n%s", d, golden, want)
	}
}

func TestSVGPathEmpty(t *testing.T) {
	proj := Projection(orb.Bound{Max: orb.Point{1, 1}}, 10, 10)
	if d := SVGPath(nil, proj); d != "" {
		t.Errorf("SVGPath(nil) = %q, want empty", d)
	}
	if d := SVGPath(orb.MultiPolygon{{{}}}, proj); d != "" {
		t.Errorf("SVGPath(empty ring) = %q, want empty", d)
	}
}
