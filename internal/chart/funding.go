package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// FundingBar is one contract's year against its budget: what was spent so
// far and the forecast for the year end, in cents; nil where withheld.
type FundingBar struct {
	Label           string
	Budget          int64
	Spent, Forecast *int64
	Note            string // said instead of the bars when both are withheld
}

// FundingBars draws, per contract, the spend so far and the year-end
// forecast as horizontal bars against the contract's own budget, marked by
// one line at the same place for every contract: a bar that runs past it
// is an overspend. Each contract is scaled to its own budget, so a small
// contract reads as well as a large one; the amounts are written beside
// the bars.
func FundingBars(label string, rows []FundingBar) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	const W, left, right, top, rowH, barH = 560.0, 176.0, 84.0, 28.0, 50.0, 15.0
	maxRatio := 1.0
	for _, r := range rows {
		for _, v := range []*int64{r.Spent, r.Forecast} {
			if v != nil && r.Budget > 0 {
				maxRatio = math.Max(maxRatio, float64(*v)/float64(r.Budget))
			}
		}
	}
	maxRatio = math.Min(maxRatio, 2) // beyond twice the budget the bar is cut off and says so
	H := top + rowH*float64(len(rows)) + 22
	scale := (W - left - right) / maxRatio
	bx := left + scale // the budget line
	var sw svgWriter
	sw.printf(`<svg class="chart chart-funding" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="funding-title" xmlns="http://www.w3.org/2000/svg"><title id="funding-title">%s</title>`, W, H, label)
	sw.printf(`<g font-size="13" fill="#1b2330"><rect x="%.0f" y="6" width="14" height="10" fill="%s"/><text x="%.0f" y="15">besteed tot nu toe</text><rect x="%.0f" y="6" width="14" height="10" fill="#ffffff" stroke="%s" stroke-width="2"/><text x="%.0f" y="15">prognose jaareinde</text></g>`,
		left-166, Categorical[0], left-146, left+14, Categorical[0], left+34)
	for i, r := range rows {
		y := top + rowH*float64(i)
		// The name on up to two lines, so a long contract name stays readable.
		name := wrapWords(r.Label, 22, 2)
		sw.printf(`<text x="%.0f" y="%.1f" font-size="12" text-anchor="end" fill="#1b2330"><title>%s</title>`, left-8, y+rowH/2-float64(len(name)-1)*7, r.Label)
		for j, l := range name {
			dy := 0.0
			if j > 0 {
				dy = 14
			}
			sw.printf(`<tspan x="%.0f" dy="%.0f">%s</tspan>`, left-8, dy, l)
		}
		sw.markup(`</text>`)
		if r.Spent == nil && r.Forecast == nil {
			sw.printf(`<text x="%.0f" y="%.1f" font-size="12" fill="#424a57">%s</text>`, left+6, y+rowH/2, shorten(r.Note, 52))
			continue
		}
		sw.printf(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#1b2330" stroke-width="2"/>`, bx, y, bx, y+rowH-4)
		bar := func(v *int64, yy float64, solid bool, what string) {
			if v == nil {
				sw.printf(`<text x="%.0f" y="%.1f" font-size="12" fill="#424a57">%s: onderdrukt</text>`, left+6, yy+barH-4, what)
				return
			}
			ratio := 0.0
			if r.Budget > 0 {
				ratio = math.Max(float64(*v), 0) / float64(r.Budget)
			}
			w := math.Min(ratio, maxRatio) * scale
			title := fmt.Sprintf("%s, %s: %s", r.Label, what, minus(money.Format(money.Cents(*v))))
			if solid {
				sw.printf(`<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" rx="2" fill="%s"><title>%s</title></rect>`, left, yy, math.Max(w, 1), barH, Categorical[0], title)
			} else {
				sw.printf(`<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" rx="2" fill="#ffffff" stroke="%s" stroke-width="2"><title>%s</title></rect>`, left, yy, math.Max(w, 1), barH, Categorical[0], title)
			}
			sw.printf(`<text x="%.1f" y="%.1f" font-size="12" fill="#1b2330">%s</text>`, math.Max(left+w, bx)+8, yy+barH-3, shortEuros(*v/100))
		}
		bar(r.Spent, y+4, true, "besteed")
		bar(r.Forecast, y+4+barH+4, false, "prognose")
	}
	sw.printf(`<text x="%.1f" y="%.0f" font-size="12" text-anchor="middle" fill="#1b2330">budget</text>`, bx, H-6)
	sw.markup(`</svg>`)
	return sw.html()
}

// CumulativeSpend draws a contract's spend per month added up (a solid
// line through the months reported), the budget spread evenly over the
// year (a dashed line from nothing in January to the budget in December)
// and the year-end forecast (a dotted line from the last month to it).
// months are cents per month from January; a nil month ends the line, as
// a sum past a withheld month would be too low.
func CumulativeSpend(label string, months []*int64, budget int64, forecast *int64) template.HTML {
	const W, H, left, right, top, bottom = 960.0, 340.0, 96.0, 170.0, 20.0, 40.0
	var cum []float64
	var sum int64
	for _, m := range months {
		if m == nil {
			break
		}
		sum += *m
		cum = append(cum, float64(sum))
	}
	maxV := float64(max(budget, 1))
	if len(cum) > 0 {
		maxV = math.Max(maxV, cum[len(cum)-1])
	}
	if forecast != nil {
		maxV = math.Max(maxV, float64(*forecast))
	}
	topV := didTop(maxV)
	x := func(m float64) float64 { return left + (W-left-right)*m/12 } // m months since 1 January
	y := func(v float64) float64 { return H - bottom - (H-top-bottom)*math.Max(v, 0)/topV }
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="cum-title" xmlns="http://www.w3.org/2000/svg"><title id="cum-title">%s</title>`, W, H, label)
	for i := 0; i <= 4; i++ {
		v := topV * float64(i) / 4
		sw.printf(`<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#e4e7ec"/><text x="%.0f" y="%.1f" font-size="12" text-anchor="end" fill="#424a57">%s</text>`,
			left, y(v), W-right, y(v), left-8, y(v)+4, shortEuros(int64(v/100)))
	}
	for m := 0; m < 12; m++ {
		sw.printf(`<text x="%.1f" y="%.0f" font-size="12" text-anchor="middle" fill="#1b2330">%s</text>`, x(float64(m)+0.5), H-bottom+20, maandenKort[m])
	}
	sw.printf(`<path d="M%.1f %.1f L%.1f %.1f" fill="none" stroke="#1b2330" stroke-width="2" stroke-dasharray="8 5"/>`, x(0), y(0), x(12), y(float64(budget)))
	col := Categorical[0]
	if len(cum) > 0 {
		var d strings.Builder
		fmt.Fprintf(&d, "M%.1f %.1f", x(0), y(0))
		for i, v := range cum {
			fmt.Fprintf(&d, "L%.1f %.1f", x(float64(i+1)), y(v))
		}
		sw.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="3"/>`, d.String(), col)
		for i, v := range cum {
			sw.printf(`<circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>t/m %s: %s</title></circle>`, x(float64(i+1)), y(v), col, maandenKort[i], minus(money.Format(money.Cents(int64(v)))))
		}
		if forecast != nil && len(cum) < 12 {
			sw.printf(`<path d="M%.1f %.1f L%.1f %.1f" fill="none" stroke="#D55E00" stroke-width="3" stroke-dasharray="2 5" stroke-linecap="round"/>`,
				x(float64(len(cum))), y(cum[len(cum)-1]), x(12), y(float64(*forecast)))
		}
	}
	if forecast != nil {
		sw.printf(`<circle cx="%.1f" cy="%.1f" r="5" fill="#D55E00"><title>prognose jaareinde: %s</title></circle>`, x(12), y(float64(*forecast)), minus(money.Format(money.Cents(*forecast))))
	}
	ly := top + 10
	sw.printf(`<g font-size="13" fill="#1b2330"><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s" stroke-width="3"/><text x="%.0f" y="%.0f">besteed (opgeteld)</text><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#1b2330" stroke-width="2" stroke-dasharray="8 5"/><text x="%.0f" y="%.0f">budget naar rato</text><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#D55E00" stroke-width="3" stroke-dasharray="2 5" stroke-linecap="round"/><text x="%.0f" y="%.0f">prognose</text></g>`,
		W-right+16, ly, W-right+40, ly, col, W-right+46, ly+4,
		W-right+16, ly+22, W-right+40, ly+22, W-right+46, ly+26,
		W-right+16, ly+44, W-right+40, ly+44, W-right+46, ly+48)
	sw.markup(`</svg>`)
	return sw.html()
}

// DivergingPalette is ColorBrewer's 5-class RdBu, blue for under and red
// for over, with a near-white middle: safe for the common colour blindness.
var DivergingPalette = []string{"#0571b0", "#92c5de", "#f7f7f7", "#f4a582", "#ca0020"}

// Diverging makes five classes around zero from four breaks (ascending:
// far under, under, over, far over) with the labels given, and counts the
// values in each. Every class is kept, also an empty one, so the legend
// always shows both sides of the scale; a value on a break belongs to the
// class above it.
func Diverging(values []float64, breaks [4]float64, labels [5]string) []LegendClass {
	out := make([]LegendClass, 5)
	for i := range out {
		out[i] = LegendClass{Index: i, Colour: DivergingPalette[i], Label: labels[i], Lo: math.Inf(-1), Hi: math.Inf(1)}
		if i > 0 {
			out[i].Lo = breaks[i-1]
		}
		if i < 4 {
			out[i].Hi = breaks[i]
		}
	}
	for _, v := range values {
		out[classIndex(out, v)].Count++
	}
	return out
}

// wrapWords breaks s into at most max lines of about n characters at
// spaces; the last line is shortened with an ellipsis when s is longer.
func wrapWords(s string, n, max int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > max {
		rest := strings.Join(lines[max-1:], " ")
		lines = append(lines[:max-1], shorten(rest, n))
	}
	for i, l := range lines {
		lines[i] = shorten(l, n+2)
	}
	return lines
}
