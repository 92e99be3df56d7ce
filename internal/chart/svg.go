// Package chart draws every chart and map of Ontschot as SVG: the choropleth
// map, the trend, Lorenz, bar, time-line and budget charts, the business
// case charts and the difference-in-differences chart.
//
// It takes plain values (labels, amounts in cents, projected outlines) and
// returns markup ready for html/template. It must never read a file, the
// store or a request, and never decide what may be shown: the numbers it
// gets have already passed disclosure control. All text and attribute values
// are escaped in one place, svgWriter.printf; nothing here escapes by hand.
//
// Every chart carries role="img" (the map role="group") and a label, and sits
// above a table with the same figures, which is the accessible alternative.
package chart

import (
	"fmt"
	"html/template"
	"strings"
)

// svgWriter builds one SVG document. Its format strings are markup written
// in this package; every string argument is text or an attribute value from
// outside and is escaped by escape, so a name with "<" or a quote cannot
// break out of its attribute or element.
type svgWriter struct{ b strings.Builder }

// escape is the one escaping function of the package (html/template's).
func escape(s string) string { return template.HTMLEscapeString(s) }

// printf writes markup; string arguments are escaped, numbers written as
// formatted.
func (w *svgWriter) printf(format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = escape(s)
		}
	}
	fmt.Fprintf(&w.b, format, args...)
}

// markup writes constant markup of this package as it is.
func (w *svgWriter) markup(s string) { w.b.WriteString(s) }

// html returns the document for a template.
func (w *svgWriter) html() template.HTML { return template.HTML(w.b.String()) }
