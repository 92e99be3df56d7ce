package chart

import (
	"fmt"
	"html/template"
	"math"
	"sort"

	"github.com/ontschot/ontschot/internal/areas"
	"github.com/paulmach/orb"
)

// palette is ColorBrewer's 5-class YlGnBu: sequential, safe for every common
// colour-vision deficiency, and dark enough at the top to carry meaning.
var palette = []string{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"}

// Attribution credits the area outlines: CBS wijk- en buurtkaart and PDOK
// gebiedsindelingen are CC BY 4.0 and ask for it on every map.
const Attribution = "Bron: CBS, Kadaster"

const (
	noDataFill = "#eceef1"
	mapW       = 800.0
)

// Outline is an area as stored: its code, name and outline in RD New.
type Outline struct {
	Code, Name string
	Geom       orb.MultiPolygon
}

// Area is an area's outline projected into the map's viewport.
type Area struct {
	Code, Name string
	D          string
	LX, LY     float64 // label position
}

// mapHeight fits the viewport to the drawing: as wide as the map column,
// as high as the areas' shape asks, within bounds.
func mapHeight(b orb.Bound) float64 {
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	if w <= 0 || h <= 0 {
		return 600
	}
	return math.Round(math.Min(math.Max(mapW*h/w*1.04, 320), 760))
}

// Project projects the areas' outlines into one viewport; areas
// without geometry are left out.
func Project(as []Outline) ([]Area, float64) {
	var bound orb.Bound
	first := true
	for _, a := range as {
		if len(a.Geom) == 0 {
			continue
		}
		b := a.Geom.Bound()
		if first {
			bound, first = b, false
		} else {
			bound = bound.Union(b)
		}
	}
	if first {
		return nil, 0
	}
	mapH := mapHeight(bound)
	proj := areas.Projection(bound, mapW, mapH)
	out := make([]Area, 0, len(as))
	for _, a := range as {
		if len(a.Geom) == 0 {
			continue
		}
		lx, ly := proj(labelPoint(a.Geom))
		out = append(out, Area{Code: a.Code, Name: a.Name, D: areas.SVGPath(a.Geom, proj), LX: lx, LY: ly})
	}
	return out, mapH
}

// labelPoint is the centre of the largest polygon's bound: good enough for
// the compact shapes of wijken and buurten.
func labelPoint(mp orb.MultiPolygon) orb.Point {
	best, bestArea := 0, -1.0
	for i, p := range mp {
		if len(p) == 0 {
			continue
		}
		b := p[0].Bound()
		if a := (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]); a > bestArea {
			best, bestArea = i, a
		}
	}
	return mp[best][0].Bound().Center()
}

// MapCell is the value and state of one area on the map.
type MapCell struct {
	Value      *float64
	Suppressed bool
	Reason     string
	Text       string // the value as shown ("€ 12.000", "onbekend")
	Href       string // drill-down target, "" for none
	Next       string // what the drill-down shows ("buurten")
}

// LegendClass is one class of the legend.
type LegendClass struct {
	Index  int
	Colour string
	Label  string
	Lo, Hi float64
}

// Classify splits values into at most five classes. Up to five distinct
// values each get their own class; more are split on quantiles, with breaks
// rounded to two significant digits so that the legend reads well. Colours
// are spread over the palette so that two classes are light and dark.
func Classify(values []float64, format func(float64) string) []LegendClass {
	if len(values) == 0 {
		return nil
	}
	vs := append([]float64(nil), values...)
	sort.Float64s(vs)
	var uniq []float64
	for i, v := range vs {
		if i == 0 || v != vs[i-1] {
			uniq = append(uniq, v)
		}
	}
	type span struct{ lo, hi float64 }
	var spans []span
	if len(uniq) <= len(palette) {
		for _, u := range uniq {
			spans = append(spans, span{u, u})
		}
	} else {
		k := len(palette)
		lo := vs[0]
		for i := 1; i < k; i++ {
			b := roundSig(vs[i*len(vs)/k])
			if b <= lo || b > vs[len(vs)-1] {
				continue
			}
			spans = append(spans, span{lo, b})
			lo = b
		}
		spans = append(spans, span{lo, vs[len(vs)-1]})
	}
	out := make([]LegendClass, len(spans))
	for i, sp := range spans {
		ci := len(palette) - 1
		if len(spans) > 1 {
			ci = int(math.Round(float64(i) * float64(len(palette)-1) / float64(len(spans)-1)))
		}
		label := format(sp.lo) + " – " + format(sp.hi)
		if sp.lo == sp.hi {
			label = format(sp.lo)
		}
		out[i] = LegendClass{Index: ci, Colour: palette[ci], Label: label, Lo: sp.lo, Hi: sp.hi}
	}
	return out
}

func roundSig(v float64) float64 {
	if v <= 0 {
		return v
	}
	mag := math.Pow(10, math.Floor(math.Log10(v))-1)
	return math.Round(v/mag) * mag
}

func ClassOf(classes []LegendClass, v float64) string {
	for i, c := range classes {
		if v < c.Hi || (c.Lo == c.Hi && v == c.Hi) || i == len(classes)-1 {
			return c.Colour
		}
	}
	return noDataFill
}

// Choropleth draws the map: each area a link (drill-down) or a focusable
// shape, with its name, value or suppression reason in the title and the
// aria-label; suppressed areas hatched, unknown ones grey.
func Choropleth(title string, drawn []Area, height float64, cells map[string]MapCell, classes []LegendClass, labels bool) template.HTML {
	if height <= 0 {
		height = 400
	}
	var sw svgWriter
	sw.printf(`<svg class="map" viewBox="0 0 %.0f %.0f" role="group" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, mapW, height, title)
	sw.markup(`<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#f4f5f7"/><line x1="0" y1="0" x2="0" y2="8" stroke="#5b6472" stroke-width="2.5"/></pattern></defs>`)
	for _, a := range drawn {
		c := cells[a.Code]
		fill := noDataFill
		state := c.Text
		switch {
		case c.Suppressed:
			fill = "url(#hatch)"
			state = "onderdrukt: " + c.Reason
		case c.Value != nil:
			fill = ClassOf(classes, *c.Value)
		}
		label := fmt.Sprintf("%s (%s): %s", a.Name, a.Code, state)
		if c.Href != "" {
			label += ". Toon " + c.Next + "."
			sw.printf(`<a href="%s" class="area" aria-label="%s"><title>%s</title><path d="%s" fill="%s" fill-rule="evenodd"/></a>`,
				c.Href, label, label, a.D, fill)
		} else {
			sw.printf(`<g class="area" tabindex="0" role="img" aria-label="%s"><title>%s</title><path d="%s" fill="%s" fill-rule="evenodd"/></g>`,
				label, label, a.D, fill)
		}
	}
	if labels {
		for _, a := range drawn {
			sw.printf(`<text x="%.1f" y="%.1f" class="map-label" text-anchor="middle" aria-hidden="true">%s</text>`, a.LX, a.LY, a.Name)
		}
	}
	sw.printf(`<text x="%.0f" y="%.0f" class="map-source" text-anchor="end" font-size="12" fill="#3d4450">%s</text>`, mapW-6, height-6, Attribution)
	sw.markup(`</svg>`)
	return sw.html()
}
