package chart

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"

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
	W, H       float64 // the size of the largest part's bound, for fitting a label
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
	drawn, _, h := ProjectWith(as, nil)
	return drawn, h
}

// ProjectWith projects the areas into one viewport fitted to them, and
// extra outlines (the borders of the wijken over their buurten) into the
// same viewport, so that both line up.
func ProjectWith(as, extra []Outline) ([]Area, []Area, float64) {
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
		return nil, nil, 0
	}
	mapH := mapHeight(bound)
	proj := areas.Projection(bound, mapW, mapH)
	draw := func(as []Outline) []Area {
		out := make([]Area, 0, len(as))
		for _, a := range as {
			if len(a.Geom) == 0 {
				continue
			}
			lp, b := labelPoint(a.Geom)
			lx, ly := proj(lp)
			x0, y0 := proj(b.Min)
			x1, y1 := proj(b.Max)
			out = append(out, Area{Code: a.Code, Name: a.Name, D: areas.SVGPath(a.Geom, proj), LX: lx, LY: ly,
				W: math.Abs(x1 - x0), H: math.Abs(y1 - y0)})
		}
		return out
	}
	return draw(as), draw(extra), mapH
}

// labelPoint is the centre of the largest polygon's bound (good enough for
// the compact shapes of wijken and buurten), and that bound.
func labelPoint(mp orb.MultiPolygon) (orb.Point, orb.Bound) {
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
	b := mp[best][0].Bound()
	return b.Center(), b
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

// LegendClass is one class of the legend: the values from Lo up to (not
// including) the next class's Lo; the last class includes its Hi.
type LegendClass struct {
	Index  int
	Colour string
	Label  string
	Lo, Hi float64
	Count  int // how many of the classified values fall in it
}

// Classify splits values into at most five classes that do not overlap and
// are never empty. One or two distinct values each get their own class.
// More are split on quantiles, with about three values per class at least
// (six areas get two classes, not six), and the breaks rounded to two
// significant digits so that the legend reads well; a class that rounding
// leaves empty is dropped. Labels say "tot" and "of meer" so that no edge
// belongs to two classes. Colours are spread over the palette so that two
// classes are light and dark.
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
	var out []LegendClass
	if len(uniq) <= 2 {
		for _, u := range uniq {
			out = append(out, LegendClass{Lo: u, Hi: u, Label: format(u)})
		}
	} else {
		k := min(len(palette), max(2, len(vs)/3))
		breaks := []float64{vs[0]}
		for i := 1; i < k; i++ {
			b := roundSig(vs[i*len(vs)/k])
			if b <= breaks[len(breaks)-1] || b > vs[len(vs)-1] {
				continue
			}
			breaks = append(breaks, b)
		}
		for i, lo := range breaks {
			c := LegendClass{Lo: lo, Hi: vs[len(vs)-1]}
			if i+1 < len(breaks) {
				c.Hi = breaks[i+1]
			}
			out = append(out, c)
		}
	}
	for _, v := range vs {
		out[classIndex(out, v)].Count++
	}
	kept := out[:0]
	for _, c := range out {
		if c.Count > 0 {
			kept = append(kept, c)
		}
	}
	out = kept
	for i := range out {
		c := &out[i]
		switch {
		case c.Lo == c.Hi:
			c.Label = format(c.Lo)
		case len(out) == 1:
			c.Label = format(c.Lo) + " – " + format(c.Hi)
		case i == 0:
			c.Label = "minder dan " + format(out[1].Lo)
			c.Lo = vs[0]
		case i == len(out)-1:
			c.Label = format(c.Lo) + " of meer"
		default:
			c.Label = format(c.Lo) + " tot " + format(out[i+1].Lo)
		}
		if i+1 < len(out) && c.Lo != c.Hi {
			c.Hi = out[i+1].Lo
		}
		c.Index = len(palette) - 1
		if len(out) > 1 {
			c.Index = int(math.Round(float64(i) * float64(len(palette)-1) / float64(len(out)-1)))
		}
		c.Colour = palette[c.Index]
	}
	return out
}

// classIndex is the class v falls in: the last one whose Lo is at most v
// (values below the first class fall in the first, above the last in the
// last, so that classes made for the whole municipality colour any part).
func classIndex(classes []LegendClass, v float64) int {
	idx := 0
	for i, c := range classes {
		if v >= c.Lo {
			idx = i
		}
	}
	return idx
}

func roundSig(v float64) float64 {
	if v <= 0 {
		return v
	}
	mag := math.Pow(10, math.Floor(math.Log10(v))-1)
	return math.Round(v/mag) * mag
}

// ClassOf is the colour of v in classes.
func ClassOf(classes []LegendClass, v float64) string {
	if len(classes) == 0 {
		return noDataFill
	}
	return classes[classIndex(classes, v)].Colour
}

// Counted returns the classes with Count set to how many of values fall in
// each: the legend of a part of the map coloured by the classes of the whole.
func Counted(classes []LegendClass, values []float64) []LegendClass {
	out := append([]LegendClass(nil), classes...)
	for i := range out {
		out[i].Count = 0
	}
	for _, v := range values {
		if len(out) > 0 {
			out[classIndex(out, v)].Count++
		}
	}
	return out
}

// MapOptions are what a map draws beside its coloured areas.
type MapOptions struct {
	Labels  bool   // names on the areas where they fit without overlapping
	Borders []Area // outlines drawn over the areas (the wijken over their buurten), projected alike
	Focus   []Area // the area in focus, outlined in full on top of everything
}

// Choropleth draws the map: each area a link (drill-down) or a focusable
// shape, with its name, value or suppression reason in the title and the
// aria-label; suppressed areas hatched, unknown ones grey.
func Choropleth(title string, drawn []Area, height float64, cells map[string]MapCell, classes []LegendClass, labels bool) template.HTML {
	return ChoroplethWith(title, drawn, height, cells, classes, MapOptions{Labels: labels})
}

// labelFont is the size of an area's name in the map's units (800 wide);
// labelCharW is the width of an average character of it.
const (
	labelFont       = 15.0
	labelCharW      = 8.4
	phoneLabelScale = 2.2
)

// placeLabels chooses the names that fit inside their area's bound and do
// not overlap a name placed before them; larger areas are placed first.
func placeLabels(drawn []Area) []Area { return placeLabelsAt(drawn, 1) }

// placeLabelsAt places names drawn scale times the usual size (a phone
// shows the map at less than half its width, so its names are larger in
// the map's units and fewer fit).
func placeLabelsAt(drawn []Area, scale float64) []Area {
	order := append([]Area(nil), drawn...)
	sort.SliceStable(order, func(i, j int) bool { return order[i].W*order[i].H > order[j].W*order[j].H })
	type box struct{ x0, y0, x1, y1 float64 }
	var placed []box
	var out []Area
	for _, a := range order {
		a.Name = shortName(a.Name)
		w := (float64(len([]rune(a.Name)))*labelCharW + 6) * scale
		h := (labelFont + 4) * scale
		if w > a.W*0.95 || h > a.H*0.8 {
			continue
		}
		b := box{a.LX - w/2, a.LY - h/2, a.LX + w/2, a.LY + h/2}
		clash := false
		for _, p := range placed {
			if b.x0 < p.x1 && p.x0 < b.x1 && b.y0 < p.y1 && p.y0 < b.y1 {
				clash = true
				break
			}
		}
		if !clash {
			placed = append(placed, b)
			out = append(out, a)
		}
	}
	return out
}

// shortName is the name on the map: CBS names wijken "Wijk 01 Walburg";
// the map says "Walburg" (the full name is in the title and the table).
func shortName(n string) string {
	if len(n) > 8 && strings.HasPrefix(n, "Wijk ") && n[5] >= '0' && n[5] <= '9' && n[6] >= '0' && n[6] <= '9' && n[7] == ' ' {
		return n[8:]
	}
	return n
}

// ChoroplethWith draws the map with borders over it, an area in focus and
// the names that fit.
func ChoroplethWith(title string, drawn []Area, height float64, cells map[string]MapCell, classes []LegendClass, o MapOptions) template.HTML {
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
	for _, b := range o.Borders {
		sw.printf(`<path class="map-border" d="%s" fill="none" stroke="#1b2330" stroke-width="2.5" stroke-linejoin="round" vector-effect="non-scaling-stroke" aria-hidden="true"/>`, b.D)
	}
	for _, f := range o.Focus {
		sw.printf(`<path class="map-focus" d="%s" fill="none" stroke="#1b2330" stroke-width="3.5" stroke-linejoin="round" vector-effect="non-scaling-stroke" aria-hidden="true"/>`, f.D)
	}
	if o.Labels {
		names := drawn
		if len(o.Borders) > 0 {
			names = o.Borders // over many buurten, the wijken's names
		}
		// Two sets of names: the one for a wide screen, and fewer, larger
		// ones for a phone; the style sheet shows one of them.
		for _, set := range []struct {
			class string
			scale float64
		}{{"map-labels", 1}, {"map-labels map-labels--phone", phoneLabelScale}} {
			sw.printf(`<g class="%s" font-size="%.0f" aria-hidden="true">`, set.class, labelFont*set.scale)
			for _, a := range placeLabelsAt(names, set.scale) {
				sw.printf(`<text x="%.1f" y="%.1f" class="map-label" text-anchor="middle" dominant-baseline="central">%s</text>`, a.LX, a.LY, a.Name)
			}
			sw.markup(`</g>`)
		}
	}
	sw.printf(`<text x="%.0f" y="%.0f" class="map-source" text-anchor="end" font-size="12" fill="#3d4450">%s</text>`, mapW-6, height-6, Attribution)
	sw.markup(`</svg>`)
	return sw.html()
}
