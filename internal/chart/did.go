package chart

import (
	"html/template"
	"math"
	"sort"

	"github.com/ontschot/ontschot/internal/money"
)

// didTop rounds the chart's maximum up to a round number, in finer steps
// than niceTop: the two lines should fill the chart, not its lower half.
func didTop(v float64) float64 {
	if v <= 0 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8} {
		if v <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// DiDLines are the four sums of a difference-in-differences (per group,
// baseline and comparison; euros or euros per 1,000 inhabitants) and, when
// known, where the intervention group would have ended had it changed like
// the rest.
type DiDLines struct {
	InBase, InComp, RestBase, RestComp float64
	Expected                           *float64
}

// DiD draws the two groups from baseline to comparison, and a dashed
// line to what the intervention group would have reached had it changed
// like the rest.
func DiD(label, basePeriod, compPeriod string, o DiDLines) template.HTML {
	const W, H, left, right, top, bottom = 960.0, 380.0, 96.0, 170.0, 56.0, 40.0
	inB, inC, reB, reC := o.InBase, o.InComp, o.RestBase, o.RestComp
	maxV := math.Max(math.Max(inB, inC), math.Max(reB, reC))
	if o.Expected != nil {
		maxV = math.Max(maxV, *o.Expected)
	}
	topV := didTop(maxV)
	x0, x1 := left+130, W-right-20
	y := func(v float64) float64 { return H - bottom - (H-top-bottom)*math.Max(v, 0)/topV }
	amount := func(f float64) string { return nbsp(money.FormatEuros(int64(math.Round(f)))) }
	inCol, restCol := Categorical[0], Categorical[1]
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="did-title" xmlns="http://www.w3.org/2000/svg"><title id="did-title">%s</title>`, W, H, label)
	for i := 0; i <= 4; i++ {
		v := topV * float64(i) / 4
		sw.printf(`<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#e4e7ec"/><text x="%.0f" y="%.1f" font-size="12" text-anchor="end" fill="#424a57">%s</text>`,
			left, y(v), W-right, y(v), left-8, y(v)+4, shortEuros(int64(v)))
	}
	sw.printf(`<text x="%.1f" y="%.0f" font-size="13" text-anchor="middle" fill="#1b2330">%s (basis)</text><text x="%.1f" y="%.0f" font-size="13" text-anchor="middle" fill="#1b2330">%s</text>`,
		x0, H-bottom+22, basePeriod, x1, H-bottom+22, compPeriod)
	// Legend across the top.
	sw.printf(`<g font-size="13" fill="#1b2330"><line x1="%.0f" y1="18" x2="%.0f" y2="18" stroke="%s" stroke-width="3"/><text x="%.0f" y="22">interventiegebieden</text><line x1="%.0f" y1="18" x2="%.0f" y2="18" stroke="%s" stroke-width="3"/><text x="%.0f" y="22">overige gebieden</text><line x1="%.0f" y1="18" x2="%.0f" y2="18" stroke="%s" stroke-width="3" stroke-dasharray="8 5"/><text x="%.0f" y="22">verwacht zonder interventie</text></g>`,
		left, left+28, inCol, left+34, left+200, left+228, restCol, left+234, left+380, left+408, inCol, left+414)
	line := func(a, c float64, col, dash, name string) {
		if dash != "" {
			// The expected line: dashed, to an open point.
			sw.printf(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3" stroke-dasharray="%s"/>`, x0, y(a), x1, y(c), col, dash)
			sw.printf(`<circle cx="%.1f" cy="%.1f" r="5" fill="#fff" stroke="%s" stroke-width="2"><title>%s, %s: %s</title></circle>`, x1, y(c), col, name, compPeriod, amount(c))
			return
		}
		sw.printf(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`, x0, y(a), x1, y(c), col)
		sw.printf(`<circle cx="%.1f" cy="%.1f" r="5" fill="%s"><title>%s, %s: %s</title></circle>`, x0, y(a), col, name, basePeriod, amount(a))
		sw.printf(`<circle cx="%.1f" cy="%.1f" r="5" fill="%s"><title>%s, %s: %s</title></circle>`, x1, y(c), col, name, compPeriod, amount(c))
	}
	if o.Expected != nil {
		line(inB, *o.Expected, inCol, "8 5", "verwacht zonder interventie")
	}
	line(reB, reC, restCol, "", "overige gebieden")
	line(inB, inC, inCol, "", "interventiegebieden")
	// Value labels beside the points, pushed apart where they would overlap.
	type lbl struct {
		y    float64
		text string
		col  string
	}
	place := func(ls []lbl, x float64, anchor string) {
		sort.Slice(ls, func(i, j int) bool { return ls[i].y < ls[j].y })
		for i := 1; i < len(ls); i++ {
			if ls[i].y-ls[i-1].y < 16 {
				ls[i].y = ls[i-1].y + 16
			}
		}
		for _, l := range ls {
			sw.printf(`<text x="%.1f" y="%.1f" font-size="13" text-anchor="%s" fill="%s">%s</text>`, x, l.y+4, anchor, l.col, l.text)
		}
	}
	place([]lbl{{y(inB), amount(inB), inCol}, {y(reB), amount(reB), "#9a3f00"}}, x0-12, "end")
	ends := []lbl{{y(inC), amount(inC), inCol}, {y(reC), amount(reC), "#9a3f00"}}
	if o.Expected != nil {
		ends = append(ends, lbl{y(*o.Expected), amount(*o.Expected) + " verwacht", "#424a57"})
	}
	place(ends, x1+12, "start")
	sw.markup(`</svg>`)
	return sw.html()
}
