package chart

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/ontschot/ontschot/internal/money"
)

// Charts on a phone. A chart drawn 960 units wide shrinks to a third on a
// 390 px screen, and its 13-unit text to 4 px. So the charts a household,
// a family or an analyst reads on a phone come in two drawings: the wide
// one, and a narrow one (about the width of a phone, so text keeps its
// size) with a stacked layout — labels above their bars, the legend under
// the plot — and fewer ticks. Both are in the page; the stylesheet shows
// one (.chart-wide above 40rem, .chart-phone below), so no script is
// needed and a screen reader meets only the one shown.

// both returns the wide and the phone drawing, each in the frame the
// stylesheet shows or hides.
func both(wide, phone template.HTML) template.HTML {
	if wide == "" {
		return ""
	}
	return `<div class="chart-wide">` + wide + `</div><div class="chart-phone">` + phone + `</div>`
}

// phoneW is the width of a phone drawing: a 390 px screen less the page's
// and the card's padding, so one unit is about one pixel.
const phoneW = 320.0

// timelinePhone draws the time line stacked: each lane's name on its own
// line above its bars, at most four month labels.
func timelinePhone(label string, bars []TimelineBar) template.HTML {
	var lanes []string
	laneIdx := map[string]int{}
	lo, hi := dateOf(bars[0].Begin), dateOf(bars[0].End)
	for _, b := range bars {
		if _, ok := laneIdx[b.Lane]; !ok {
			laneIdx[b.Lane] = len(lanes)
			lanes = append(lanes, b.Lane)
		}
		lo = minTime(lo, dateOf(b.Begin))
		if t := dateOf(b.End); t.After(hi) {
			hi = t
		}
	}
	lo = time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
	hi = time.Date(hi.Year(), hi.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	const left, right, laneH, top = 4.0, 4.0, 46.0, 26.0
	H := top + laneH*float64(len(lanes)) + 6
	span := hi.Sub(lo).Hours()
	x := func(t time.Time) float64 { return left + (phoneW-left-right)*t.Sub(lo).Hours()/span }
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="tl-title-phone" xmlns="http://www.w3.org/2000/svg"><title id="tl-title-phone">%s</title>`, phoneW, H, label)
	months := int(math.Round(span / 24 / 30.44))
	step := 1
	for _, s := range []int{1, 3, 6, 12, 24, 60} {
		step = s
		if months/s <= 3 {
			break
		}
	}
	for t := lo; !t.After(hi); t = t.AddDate(0, step, 0) {
		xx := x(t)
		sw.printf(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#d0d5dd" stroke-width="1"/>`, xx, top-4, xx, H-4)
		if t.Before(hi) && xx < phoneW-40 {
			lab := fmt.Sprintf("%s '%02d", maandenKort[t.Month()-1], t.Year()%100)
			sw.printf(`<text x="%.1f" y="%.0f" font-size="13" fill="#424a57">%s</text>`, xx+3, top-10, lab)
		}
	}
	for i, l := range lanes {
		y := top + laneH*float64(i)
		if i%2 == 0 {
			sw.printf(`<rect x="0" y="%.0f" width="%.0f" height="%.0f" fill="#f3f5f8"/>`, y, phoneW, laneH)
		}
		sw.printf(`<text x="%.0f" y="%.1f" font-size="14" fill="#1b2330">%s</text>`, left, y+17, l)
	}
	for _, br := range bars {
		y := top + laneH*float64(laneIdx[br.Lane]) + 23
		x0, x1 := x(dateOf(br.Begin)), x(dateOf(br.End).AddDate(0, 0, 1))
		w := math.Max(x1-x0, 3)
		if br.Credit {
			sw.printf(`<rect x="%.1f" y="%.0f" width="%.1f" height="9" rx="2" fill="url(#credit-phone)" stroke="%s" stroke-width="1.5" stroke-dasharray="4 2"><title>%s</title></rect>`,
				x0, y+9, w, br.Colour, br.Title)
			continue
		}
		sw.printf(`<rect x="%.1f" y="%.0f" width="%.1f" height="16" rx="3" fill="%s" stroke="%s" stroke-width="1.5"><title>%s</title></rect>`,
			x0, y, w, br.Colour, br.Colour, br.Title)
	}
	sw.markup(`<defs><pattern id="credit-phone" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#6b7280" stroke-width="2"/></pattern></defs>`)
	sw.markup(`</svg>`)
	return sw.html()
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// barsPhone draws the bars stacked: the label above its bar, the amount
// after it.
func barsPhone(label string, rows []Bar) template.HTML {
	rows = append([]Bar(nil), rows...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Value > rows[j].Value })
	const rowH, valueW = 44.0, 104.0
	H := rowH*float64(len(rows)) + 4
	var maxV int64 = 1
	for _, r := range rows {
		maxV = max(maxV, r.Value)
	}
	var sw svgWriter
	sw.printf(`<svg class="chart chart-bars" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, phoneW, H, label)
	for i, r := range rows {
		y := 2 + rowH*float64(i)
		w := (phoneW - valueW) * math.Max(float64(r.Value), 0) / float64(maxV)
		col := r.Colour
		if col == "" {
			col = Categorical[0]
		}
		sw.printf(`<text x="0" y="%.1f" font-size="14" fill="#1b2330">%s</text>`, y+14, r.Label)
		sw.printf(`<rect x="0" y="%.1f" width="%.1f" height="16" rx="3" fill="%s"/>`, y+20, math.Max(w, 1), col)
		sw.printf(`<text x="%.1f" y="%.1f" font-size="14" fill="#1b2330">%s</text>`, w+6, y+33, minus(money.Format(money.Cents(r.Value))))
	}
	sw.markup(`</svg>`)
	return sw.html()
}

// meterPhone draws the budget meter at a phone's width.
func meterPhone(label string, budget, total int64, streams []Bar) template.HTML {
	const H, barY, barH = 62.0, 6.0, 26.0
	scale := math.Max(math.Max(float64(budget), float64(total)), 1)
	var sw svgWriter
	sw.printf(`<svg class="chart chart-meter" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, phoneW, H, label)
	sw.printf(`<rect x="0" y="%.0f" width="%.1f" height="%.0f" rx="3" fill="#eef1f5" stroke="#c9d1db"/>`, barY, phoneW*float64(max(budget, 0))/scale, barH)
	x := 0.0
	for _, t := range streams {
		w := phoneW * math.Max(float64(t.Value), 0) / scale
		if w <= 0 {
			continue
		}
		sw.printf(`<rect x="%.1f" y="%.0f" width="%.1f" height="%.0f" fill="%s"><title>%s: %s</title></rect>`, x, barY+4, w, barH-8, t.Colour, t.Label, minus(money.Format(money.Cents(t.Value))))
		x += w
	}
	if budget > 0 {
		bx := phoneW * float64(budget) / scale
		sw.printf(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#1b2330" stroke-width="2"/>`, bx, barY-4, bx, barY+barH+4)
		anchor := "end"
		if bx < phoneW/2 {
			anchor = "start"
		}
		sw.printf(`<text x="%.1f" y="%.0f" font-size="14" text-anchor="%s" fill="#1b2330">budget %s</text>`, bx, barY+barH+22, anchor, minus(money.Format(money.Cents(budget))))
	}
	sw.markup(`</svg>`)
	return sw.html()
}

// trendPhone draws the trend at a phone's width: four axis steps, at most
// four period labels, the legend under the plot.
func trendPhone(label string, periods []string, series []Series, euros bool) template.HTML {
	const left, right, top, plotH = 76.0, 14.0, 12.0, 200.0
	var maxV int64 = 1
	for _, s := range series {
		for _, v := range s.Values {
			if v != nil && *v > maxV {
				maxV = *v
			}
		}
	}
	mag := math.Pow(10, math.Floor(math.Log10(float64(maxV))))
	top10 := math.Ceil(float64(maxV)/mag) * mag
	bottom := top + plotH
	H := bottom + 30 + 22*float64(len(series))
	x := func(i int) float64 {
		if len(periods) == 1 {
			return left + (phoneW-left-right)/2
		}
		return left + (phoneW-left-right)*float64(i)/float64(len(periods)-1)
	}
	y := func(v float64) float64 { return bottom - plotH*v/top10 }
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="trend-title-phone" xmlns="http://www.w3.org/2000/svg"><title id="trend-title-phone">%s</title>`, phoneW, H, label)
	for i := 0; i <= 4; i++ {
		v := top10 * float64(i) / 4
		sw.printf(`<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#e4e7ec"/><text x="%.0f" y="%.1f" font-size="14" text-anchor="end" fill="#424a57">%s</text>`,
			left, y(v), phoneW-right, y(v), left-6, y(v)+4, axisLabel(int64(v), euros))
	}
	every := (len(periods) + 3) / 4
	for i, p := range periods {
		if i%every != 0 && i != len(periods)-1 {
			continue
		}
		anchor := "middle"
		switch {
		case len(periods) > 1 && i == 0:
			anchor = "start"
		case len(periods) > 1 && i == len(periods)-1:
			anchor = "end"
		}
		sw.printf(`<text x="%.1f" y="%.0f" font-size="14" text-anchor="%s" fill="#1b2330">%s</text>`, x(i), bottom+20, anchor, p)
	}
	for si, s := range series {
		col := Categorical[si%len(Categorical)]
		var d strings.Builder
		pen := false
		for i, v := range s.Values {
			if v == nil {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%.1f %.1f", cmd, x(i), y(float64(*v)))
			pen = true
		}
		sw.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5"/>`, d.String(), col)
		for i, v := range s.Values {
			if v != nil {
				sw.printf(`<circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>%s, %s: %s</title></circle>`, x(i), y(float64(*v)), col, s.Name, periods[i], valueLabel(*v, euros))
			}
		}
		ly := bottom + 44 + float64(si)*22
		sw.printf(`<line x1="0" y1="%.1f" x2="24" y2="%.1f" stroke="%s" stroke-width="3"/><text x="30" y="%.1f" font-size="14" fill="#1b2330">%s</text>`,
			ly, ly, col, ly+5, s.Name)
	}
	sw.markup(`</svg>`)
	return sw.html()
}
