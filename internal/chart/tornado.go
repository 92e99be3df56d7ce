package chart

import (
	"html/template"
	"math"
	"unicode/utf8"
)

// TornadoBar is one parameter of a tornado chart: the net present value in
// cents with the parameter at its low and at its high value.
type TornadoBar struct {
	Label               string // "discontovoet"
	LowLabel, HighLabel string // "0%", "3,5%"
	Low, High           int64  // cents
}

// Tornado draws a business case's sensitivity as a tornado: one horizontal
// bar per parameter, from the net present value at its low value to that at
// its high value, around a vertical line at the base value; the bars come
// in the order given (widest first). The part of a bar below the base is
// orange, the part above blue, and each end says which value it is.
func Tornado(label string, base int64, bars []TornadoBar, id string) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	const W, labelW, rowH, top, bottom, pad = 960.0, 290.0, 34.0, 44.0, 34.0, 90.0
	H := top + rowH*float64(len(bars)) + bottom
	lo, hi := float64(base), float64(base)
	for _, b := range bars {
		lo = math.Min(lo, math.Min(float64(b.Low), float64(b.High)))
		hi = math.Max(hi, math.Max(float64(b.Low), float64(b.High)))
	}
	step := niceTop(math.Max(hi-lo, 100) / 4)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if hi == lo {
		hi = lo + step
	}
	x0, x1 := labelW+pad, W-pad
	x := func(v float64) float64 { return x0 + (x1-x0)*(v-lo)/(hi-lo) }
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-title" xmlns="http://www.w3.org/2000/svg"><title id="%s-title">%s</title>`, W, H, id, id, label)
	axisY := top + rowH*float64(len(bars))
	for v := lo; v <= hi+step/2; v += step {
		sw.printf(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.1f" stroke="#e4e7ec"/><text x="%.1f" y="%.1f" font-size="12" text-anchor="middle" fill="#424a57">%s</text>`,
			x(v), top-6, x(v), axisY, x(v), axisY+18, shortEurosSigned(int64(math.Round(v/100))))
	}
	for i, b := range bars {
		yy := top + rowH*float64(i)
		if i%2 == 0 {
			sw.printf(`<rect x="0" y="%.1f" width="%.0f" height="%.0f" fill="#f3f5f8" fill-opacity="0.6"/>`, yy, W, rowH)
		}
		name := b.Label
		if utf8.RuneCountInString(name) > 42 {
			name = string([]rune(name)[:41]) + "…"
		}
		sw.printf(`<text x="8" y="%.1f" font-size="13" fill="#1b2330">%s<title>%s</title></text>`, yy+rowH/2+4, name, b.Label)
		l, h := float64(b.Low), float64(b.High)
		left, right := math.Min(l, h), math.Max(l, h)
		title := b.Label + ": " + b.LowLabel + " " + wholeEuros(b.Low) + ", " + b.HighLabel + " " + wholeEuros(b.High)
		if left < float64(base) {
			end := math.Min(right, float64(base))
			sw.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" fill="#D55E00"><title>%s</title></rect>`, x(left), yy+7, math.Max(x(end)-x(left), 1), rowH-14, title)
		}
		if right > float64(base) {
			start := math.Max(left, float64(base))
			sw.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" fill="#0072B2"><title>%s</title></rect>`, x(start), yy+7, math.Max(x(right)-x(start), 1), rowH-14, title)
		}
		if left == right {
			sw.printf(`<rect x="%.1f" y="%.1f" width="2" height="%.0f" fill="#424a57"><title>%s</title></rect>`, x(left)-1, yy+7, rowH-14, title)
		}
		// The value at each end, on the side it lies.
		lowX, highX := x(l), x(h)
		lowAnchor, highAnchor, lowDX, highDX := "end", "start", -6.0, 6.0
		if l > h {
			lowAnchor, highAnchor, lowDX, highDX = "start", "end", 6.0, -6.0
		}
		lowText := b.LowLabel
		if l == h {
			lowText += " en " + b.HighLabel
		}
		sw.printf(`<text x="%.1f" y="%.1f" font-size="12" text-anchor="%s" fill="#1b2330">%s: %s</text>`, lowX+lowDX, yy+rowH/2+4, lowAnchor, lowText, shortEurosSigned(b.Low/100))
		if l != h {
			sw.printf(`<text x="%.1f" y="%.1f" font-size="12" text-anchor="%s" fill="#1b2330">%s: %s</text>`, highX+highDX, yy+rowH/2+4, highAnchor, b.HighLabel, shortEurosSigned(b.High/100))
		}
	}
	bx := x(float64(base))
	sw.printf(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.1f" stroke="#1b2330" stroke-width="2"/><text x="%.1f" y="%.0f" font-size="13" font-weight="700" text-anchor="middle" fill="#1b2330">basis %s</text>`,
		bx, top-4, bx, axisY, bx, top-14, shortEurosSigned(base/100))
	if lo < 0 && hi > 0 && x(0) != bx {
		sw.printf(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.1f" stroke="#424a57" stroke-dasharray="4 3"/>`, x(0), top-4, x(0), axisY)
	}
	sw.printf(`<text x="8" y="%.1f" font-size="12" fill="#424a57">netto contante waarde (NCW)</text>`, axisY+18)
	sw.markup(`</svg>`)
	return sw.html()
}
