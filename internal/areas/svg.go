package areas

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Projection maps RD New points into an SVG viewport of width × height pixels: RD is
// planar, so this is a uniform scale (aspect ratio kept), a y-flip (SVG y grows downward)
// and centring, with a margin of 2% of the shorter side around the drawing.
func Projection(bbox orb.Bound, width, height float64) func(orb.Point) (float64, float64) {
	margin := 0.02 * math.Min(width, height)
	w, h := bbox.Max[0]-bbox.Min[0], bbox.Max[1]-bbox.Min[1]
	availW, availH := math.Max(width-2*margin, 0), math.Max(height-2*margin, 0)
	var scale float64
	switch {
	case w > 0 && h > 0:
		scale = math.Min(availW/w, availH/h)
	case w > 0:
		scale = availW / w
	case h > 0:
		scale = availH / h
	}
	if math.IsNaN(scale) || math.IsInf(scale, 0) || scale < 0 {
		scale = 0
	}
	offX := (width - w*scale) / 2
	offY := (height - h*scale) / 2
	minX, maxY := bbox.Min[0], bbox.Max[1]
	return func(p orb.Point) (float64, float64) {
		return offX + (p[0]-minX)*scale, offY + (maxY-p[1])*scale
	}
}

// SVGPath returns the d attribute for mp: every ring its own M…Z subpath, so holes come
// out with fill-rule="evenodd", coordinates rounded to 0.1 px, and points that round onto
// the previous one left out. Rings that shrink below three points at this scale are left
// out too; they would not be visible.
func SVGPath(mp orb.MultiPolygon, proj func(orb.Point) (float64, float64)) string {
	var b strings.Builder
	var buf []byte
	type px struct{ x, y float64 }
	for _, poly := range mp {
		for _, ring := range poly {
			pts := make([]px, 0, len(ring))
			for _, p := range ring {
				x, y := proj(p)
				q := px{round1(x), round1(y)}
				if n := len(pts); n > 0 && pts[n-1] == q {
					continue
				}
				pts = append(pts, q)
			}
			if n := len(pts); n > 1 && pts[n-1] == pts[0] {
				pts = pts[:n-1] // Z closes the ring
			}
			if len(pts) < 3 {
				continue
			}
			for i, q := range pts {
				if i == 0 {
					b.WriteByte('M')
				} else {
					b.WriteByte('L')
				}
				buf = strconv.AppendFloat(buf[:0], q.x, 'f', -1, 64)
				buf = append(buf, ' ')
				buf = strconv.AppendFloat(buf, q.y, 'f', -1, 64)
				b.Write(buf)
			}
			b.WriteByte('Z')
		}
	}
	return b.String()
}

func round1(v float64) float64 {
	r := math.Round(v*10) / 10
	if r == 0 || math.IsNaN(r) || math.IsInf(r, 0) {
		return 0 // no "-0", and nothing an SVG parser would choke on
	}
	return r
}
