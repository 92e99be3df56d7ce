package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// ShareBar is a small bar for a share in a table cell; the percentage
// beside it says the same in words.
func ShareBar(share float64) template.HTML {
	w := math.Max(0, math.Min(1, share)) * 100
	var sw svgWriter
	sw.printf(`<svg class="bc-sharebar" viewBox="0 0 100 12" width="100" height="12" aria-hidden="true" focusable="false"><rect width="100" height="12" fill="#e4e7ec"/><rect width="%.1f" height="12" fill="#0072B2"/></svg>`, w)
	return sw.html()
}

// niceTop rounds a maximum up to 1, 2, 2.5 or 5 times a power of ten.
func niceTop(v float64) float64 {
	if v <= 0 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// CaseYear is one year of a business case's planexploitatie, discounted.
type CaseYear struct {
	Label           string // "2026" or "jaar 2"
	Net, Cumulative int64  // cents: the year's balance and the running balance
}

// Cumulative draws the planexploitatie: the discounted net amount of each
// year as a bar and the cumulative discounted balance as a line, with the
// payback year marked where the line crosses zero.
func Cumulative(title string, years []CaseYear, payback *int) template.HTML {
	n := len(years)
	if n == 0 {
		return ""
	}
	const W, H, left, right, top, bottom = 960.0, 400.0, 104.0, 24.0, 40.0, 72.0
	lo, hi := 0.0, 0.0
	for _, y := range years {
		for _, v := range []int64{y.Net, y.Cumulative} {
			lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
		}
	}
	step := niceTop(math.Max(hi-lo, 1) / 4)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if hi == lo {
		hi = lo + step
	}
	band := (W - left - right) / float64(n)
	x := func(i int) float64 { return left + band*(float64(i)+0.5) }
	y := func(v float64) float64 { return top + (H-top-bottom)*(hi-v)/(hi-lo) }
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="bc-cum-title" xmlns="http://www.w3.org/2000/svg"><title id="bc-cum-title">%s</title>`,
		W, H, title)
	for v := lo; v <= hi+step/2; v += step {
		sw.printf(`<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="%s"/><text x="%.0f" y="%.1f" font-size="12" text-anchor="end" fill="#424a57">%s</text>`,
			left, y(v), W-right, y(v), map[bool]string{true: "#424a57", false: "#e4e7ec"}[math.Abs(v) < step/1e6], left-8, y(v)+4, shortEurosSigned(int64(math.Round(v/100))))
	}
	for i, yr := range years {
		v := float64(yr.Net)
		col := "#009E73"
		if v < 0 {
			col = "#D55E00"
		}
		y0, y1 := y(math.Max(v, 0)), y(math.Min(v, 0))
		sw.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" opacity="0.55"><title>%s: saldo dit jaar (contant) %s</title></rect>`,
			x(i)-band*0.3, y0, band*0.6, math.Max(y1-y0, 0.5), col, yr.Label, wholeEuros(yr.Net))
		sw.printf(`<text x="%.1f" y="%.0f" font-size="13" text-anchor="middle" fill="#1b2330">%s</text>`, x(i), H-bottom+22, yr.Label)
	}
	var d strings.Builder
	for i, yr := range years {
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&d, "%s%.1f %.1f", cmd, x(i), y(float64(yr.Cumulative)))
	}
	sw.printf(`<path d="%s" fill="none" stroke="#0b4f8a" stroke-width="3"/>`, d.String())
	for i, yr := range years {
		sw.printf(`<circle cx="%.1f" cy="%.1f" r="4.5" fill="#0b4f8a"><title>%s: cumulatief saldo (contant) %s</title></circle>`,
			x(i), y(float64(yr.Cumulative)), yr.Label, wholeEuros(yr.Cumulative))
	}
	if payback != nil && *payback < n {
		px := x(*payback)
		label := "Terugverdiend in " + years[*payback].Label
		anchor, tx := "start", px+6
		if px > W-right-220 {
			anchor, tx = "end", px-6
		}
		sw.printf(`<g class="bc-payback" data-year="%d"><line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#1b2330" stroke-width="2" stroke-dasharray="6 4"/><circle cx="%.1f" cy="%.1f" r="7" fill="none" stroke="#1b2330" stroke-width="2"/><text x="%.1f" y="%.0f" font-size="14" font-weight="700" text-anchor="%s" fill="#1b2330">%s</text></g>`,
			*payback, px, top-14, px, H-bottom, px, y(float64(years[*payback].Cumulative)), tx, top-18, anchor, label)
	}
	// Legend.
	ly := H - 14
	sw.printf(`<g font-size="13" fill="#1b2330"><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#0b4f8a" stroke-width="3"/><text x="%.0f" y="%.0f">cumulatief saldo (contant)</text>`, left, ly-4, left+24, ly-4, left+30, ly)
	sw.printf(`<rect x="%.0f" y="%.0f" width="14" height="12" fill="#009E73" opacity="0.55"/><rect x="%.0f" y="%.0f" width="14" height="12" fill="#D55E00" opacity="0.55"/><text x="%.0f" y="%.0f">saldo van het jaar (contant): positief, negatief</text></g>`, left+230, ly-10, left+246, ly-10, left+266, ly)
	sw.markup(`</svg>`)
	return sw.html()
}

func shortEurosSigned(v int64) string {
	if v < 0 {
		return "−" + shortEuros(-v)
	}
	return shortEuros(v)
}

// Stake is what one stakeholder pays and gains in a business case, in
// cents (discounted).
type Stake struct {
	Label            string
	Pays, Gains, Net int64
}

// Matrix draws who pays and who gains as a diverging bar per
// stakeholder: what it pays to the left of the axis, what it gains to the
// right, and the balance beside it.
func Matrix(label string, ss []Stake, id string) template.HTML {
	if len(ss) == 0 {
		return ""
	}
	const W, labelW, netW, rowH, top = 960.0, 200.0, 150.0, 34.0, 34.0
	H := top + rowH*float64(len(ss)) + 12
	var maxPay, maxGain float64
	for _, s := range ss {
		maxPay, maxGain = math.Max(maxPay, float64(s.Pays)), math.Max(maxGain, float64(s.Gains))
	}
	span := math.Max(maxPay+maxGain, 1)
	inner := W - labelW - netW - 20
	axis := labelW + 10 + inner*maxPay/span
	scale := inner / span
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-title" xmlns="http://www.w3.org/2000/svg"><title id="%s-title">%s</title>`, W, H, id, id, label)
	sw.printf(`<text x="%.1f" y="18" font-size="13" text-anchor="end" fill="#1b2330">← betaalt</text><text x="%.1f" y="18" font-size="13" fill="#1b2330">wint →</text><text x="%.0f" y="18" font-size="13" text-anchor="end" fill="#1b2330">saldo</text>`, axis-8, axis+8, W-8)
	for i, s := range ss {
		yy := top + rowH*float64(i)
		if i%2 == 0 {
			sw.printf(`<rect x="0" y="%.1f" width="%.0f" height="%.0f" fill="#f3f5f8"/>`, yy, W, rowH)
		}
		sw.printf(`<text x="8" y="%.1f" font-size="13" fill="#1b2330">%s</text>`, yy+rowH/2+4, s.Label)
		if s.Pays > 0 {
			w := float64(s.Pays) * scale
			sw.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" rx="2" fill="#D55E00"><title>%s betaalt %s</title></rect>`, axis-w, yy+7, math.Max(w, 1), rowH-14, s.Label, wholeEuros(s.Pays))
		}
		if s.Gains > 0 {
			w := float64(s.Gains) * scale
			sw.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" rx="2" fill="#0072B2"><title>%s wint %s</title></rect>`, axis, yy+7, math.Max(w, 1), rowH-14, s.Label, wholeEuros(s.Gains))
		}
		col := "#1b2330"
		if s.Net < 0 {
			col = "#a33a00"
		}
		sw.printf(`<text x="%.0f" y="%.1f" font-size="13" text-anchor="end" fill="%s">%s</text>`, W-8, yy+rowH/2+4, col, shortEurosSigned(s.Net/100))
	}
	sw.printf(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#1b2330" stroke-width="1.5"/>`, axis, top-4, axis, H-8)
	sw.markup(`</svg>`)
	return sw.html()
}

// ForecastYear is one released year beside a business case's forecast.
type ForecastYear struct {
	Year         string
	IsBaseline   bool
	Released     *int64 // cents in the targeted cells; nil when all were suppressed
	ReleasedText string
	Complete     bool // false when some cells were suppressed: Released is a lower bound
	Suppressed   int  // how many cells
	Forecast     *int64
	ForecastText string
}

// Forecast draws the released spend in the targeted cells per year as
// bars (hatched where cells were suppressed: then the bar is a lower bound)
// and the forecast as a line.
func Forecast(label string, rows []ForecastYear) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	const W, H, left, right, top, bottom = 960.0, 360.0, 104.0, 24.0, 20.0, 72.0
	var maxV float64 = 1
	for _, r := range rows {
		if r.Released != nil {
			maxV = math.Max(maxV, float64(*r.Released))
		}
		if r.Forecast != nil {
			maxV = math.Max(maxV, float64(*r.Forecast))
		}
	}
	step := niceTop(maxV / 4)
	hi := math.Ceil(maxV/step) * step
	band := (W - left - right) / float64(len(rows))
	x := func(i int) float64 { return left + band*(float64(i)+0.5) }
	y := func(v float64) float64 { return top + (H-top-bottom)*(hi-math.Max(v, 0))/hi }
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="bc-fc-title" xmlns="http://www.w3.org/2000/svg"><title id="bc-fc-title">%s</title>`, W, H, label)
	sw.markup(`<defs><pattern id="bc-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#cfe3f3"/><line x1="0" y1="0" x2="0" y2="8" stroke="#0072B2" stroke-width="3"/></pattern></defs>`)
	for v := 0.0; v <= hi+step/2; v += step {
		sw.printf(`<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#e4e7ec"/><text x="%.0f" y="%.1f" font-size="12" text-anchor="end" fill="#424a57">%s</text>`,
			left, y(v), W-right, y(v), left-8, y(v)+4, shortEuros(int64(math.Round(v/100))))
	}
	for i, r := range rows {
		lab := r.Year
		if r.IsBaseline {
			lab += " (nulmeting)"
		}
		sw.printf(`<text x="%.1f" y="%.0f" font-size="13" text-anchor="middle" fill="#1b2330">%s</text>`, x(i), H-bottom+22, lab)
		switch {
		case r.Released == nil:
			sw.printf(`<text x="%.1f" y="%.1f" font-size="13" text-anchor="middle" fill="#424a57">onderdrukt</text>`, x(i), y(0)-8)
		default:
			v := float64(*r.Released)
			fill := "#0072B2"
			title := r.Year + ": vrijgegeven " + r.ReleasedText
			if !r.Complete {
				fill = "url(#bc-hatch)"
				title += fmt.Sprintf(" (%d cel(len) onderdrukt)", r.Suppressed)
			}
			sw.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#0072B2"><title>%s</title></rect>`, x(i)-band*0.25, y(v), band*0.5, math.Max(y(0)-y(v), 0.5), fill, title)
		}
	}
	var d strings.Builder
	pen := false
	for i, r := range rows {
		if r.Forecast == nil {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&d, "%s%.1f %.1f", cmd, x(i), y(float64(*r.Forecast)))
		pen = true
	}
	if d.Len() > 0 {
		sw.printf(`<path d="%s" fill="none" stroke="#D55E00" stroke-width="3" stroke-dasharray="8 5"/>`, d.String())
		for i, r := range rows {
			if r.Forecast != nil {
				sw.printf(`<circle cx="%.1f" cy="%.1f" r="5" fill="#D55E00"><title>%s: prognose %s</title></circle>`, x(i), y(float64(*r.Forecast)), r.Year, r.ForecastText)
			}
		}
	}
	ly := H - 14
	sw.printf(`<g font-size="13" fill="#1b2330"><rect x="%.0f" y="%.0f" width="14" height="12" fill="#0072B2"/><text x="%.0f" y="%.0f">vrijgegeven uitgaven</text><rect x="%.0f" y="%.0f" width="14" height="12" fill="url(#bc-hatch)" stroke="#0072B2"/><text x="%.0f" y="%.0f">ten minste (cellen onderdrukt)</text><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#D55E00" stroke-width="3" stroke-dasharray="8 5"/><text x="%.0f" y="%.0f">prognose</text></g>`,
		left, ly-10, left+20, ly, left+190, ly-10, left+210, ly, left+440, ly-4, left+470, ly-4, left+476, ly)
	sw.markup(`</svg>`)
	return sw.html()
}
