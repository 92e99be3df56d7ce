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

func dateOf(d int64) time.Time {
	return time.Date(int(d/10000), time.Month(d/100%100), int(d%100), 0, 0, 0, 0, time.UTC)
}

// TimelineBar is one delivery on the household time line.
type TimelineBar struct {
	Lane       string
	Begin, End int64 // YYYYMMDD, inclusive
	Colour     string
	Credit     bool
	Title      string
}

// Timeline draws deliveries as bars on lanes over a shared time axis, wide
// and for a phone (see phone.go).
func Timeline(label string, bars []TimelineBar) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	return both(timelineWide(label, bars), timelinePhone(label, bars))
}

func timelineWide(label string, bars []TimelineBar) template.HTML {
	var lanes []string
	laneIdx := map[string]int{}
	lo, hi := dateOf(bars[0].Begin), dateOf(bars[0].End)
	for _, b := range bars {
		if _, ok := laneIdx[b.Lane]; !ok {
			laneIdx[b.Lane] = len(lanes)
			lanes = append(lanes, b.Lane)
		}
		if t := dateOf(b.Begin); t.Before(lo) {
			lo = t
		}
		if t := dateOf(b.End); t.After(hi) {
			hi = t
		}
	}
	lo = time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
	hi = time.Date(hi.Year(), hi.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	const W, left, right, laneH, top = 960.0, 300.0, 16.0, 30.0, 34.0
	H := top + laneH*float64(len(lanes)) + 10
	span := hi.Sub(lo).Hours()
	x := func(t time.Time) float64 { return left + (W-left-right)*t.Sub(lo).Hours()/span }
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="tl-title" xmlns="http://www.w3.org/2000/svg"><title id="tl-title">%s</title>`, W, H, label)
	// Month grid: every month, labels every month up to 18, else quarterly.
	months := int(math.Round(span / 24 / 30.44))
	step := 1
	if months > 18 {
		step = 3
	}
	if months > 48 {
		step = 12
	}
	for t := lo; !t.After(hi); t = t.AddDate(0, step, 0) {
		xx := x(t)
		sw.printf(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#d0d5dd" stroke-width="1"/>`, xx, top-6, xx, H-10)
		if t.Before(hi) {
			lab := maandenKort[t.Month()-1]
			switch {
			case t.Month() == 1 && step > 1:
				lab = fmt.Sprint(t.Year()) // "jan 2023" would run into "apr"
			case t.Month() == 1 || t.Equal(lo):
				lab += fmt.Sprintf(" %d", t.Year())
			}
			sw.printf(`<text x="%.1f" y="%.0f" font-size="12" fill="#424a57">%s</text>`, xx+3, top-12, lab)
		}
	}
	for i, l := range lanes {
		y := top + laneH*float64(i)
		if i%2 == 0 {
			sw.printf(`<rect x="0" y="%.0f" width="%.0f" height="%.0f" fill="#f3f5f8"/>`, y, W, laneH)
		}
		sw.printf(`<text x="8" y="%.1f" font-size="13" fill="#1b2330">%s</text>`, y+laneH/2+4, l)
	}
	for _, br := range bars {
		y := top + laneH*float64(laneIdx[br.Lane]) + 6
		x0, x1 := x(dateOf(br.Begin)), x(dateOf(br.End).AddDate(0, 0, 1))
		w := math.Max(x1-x0, 3)
		if br.Credit {
			// A correction sits in the lower half, under the debit it
			// corrects, hatched and dashed.
			y, h := y+(laneH-12)/2+1, (laneH-12)/2+2
			sw.printf(`<rect x="%.1f" y="%.0f" width="%.1f" height="%.0f" rx="3" fill="url(#credit)" stroke="%s" stroke-width="1.5" stroke-dasharray="4 2"><title>%s</title></rect>`,
				x0, y, w, h, br.Colour, br.Title)
			continue
		}
		sw.printf(`<rect x="%.1f" y="%.0f" width="%.1f" height="%.0f" rx="3" fill="%s" stroke="%s" stroke-width="1.5"><title>%s</title></rect>`,
			x0, y, w, laneH-12, br.Colour, br.Colour, br.Title)
	}
	sw.markup(`<defs><pattern id="credit" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#6b7280" stroke-width="2"/></pattern></defs>`)
	sw.markup(`</svg>`)
	return sw.html()
}

// LorenzPoint is a point of the Lorenz curve: the share of the money that
// goes to the HouseholdsPct per cent of households with the lowest spend.
type LorenzPoint struct {
	HouseholdsPct int
	SpendShare    float64
}

// Lorenz draws the Lorenz curve with the line of equality.
func Lorenz(label string, pts []LorenzPoint) template.HTML {
	if len(pts) < 2 {
		return ""
	}
	wide := lorenz(label, pts, lorenzLayout{size: 420, pad: 48, tick: 12, axis: 13, every: 2, id: "lorenz-title", xTitle: "aandeel huishoudens (laagste uitgaven eerst)"})
	phone := lorenz(label, pts, lorenzLayout{size: 320, pad: 62, tick: 14, axis: 14, every: 5, id: "lorenz-title-phone", xTitle: "huishoudens, laagste uitgaven eerst"})
	return both(wide, phone)
}

// lorenzLayout is the size, text and ticks of one Lorenz drawing.
type lorenzLayout struct {
	size, pad  float64
	tick, axis int
	every      int // a tick every this many tens of per cent
	id, xTitle string
}

func lorenz(label string, pts []LorenzPoint, l lorenzLayout) template.HTML {
	S, pad := l.size, l.pad
	inner := S - 2*pad
	x := func(p float64) float64 { return pad + inner*p/100 }
	y := func(share float64) float64 { return S - pad - inner*share }
	var sw svgWriter
	sw.printf(`<svg class="chart chart-square" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s" xmlns="http://www.w3.org/2000/svg"><title id="%s">%s</title>`, S, S, l.id, l.id, label)
	for i := 0; i <= 10; i += l.every {
		v := float64(i) * 10
		sw.printf(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e4e7ec"/>`, x(v), y(0), x(v), y(1))
		sw.printf(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e4e7ec"/>`, x(0), y(v/100), x(100), y(v/100))
		sw.printf(`<text x="%.1f" y="%.1f" font-size="%d" text-anchor="middle" fill="#424a57">%d%%</text>`, x(v), S-pad+6+float64(l.tick), l.tick, int(v))
		sw.printf(`<text x="%.1f" y="%.1f" font-size="%d" text-anchor="end" fill="#424a57">%d%%</text>`, pad-6, y(v/100)+4, l.tick, int(v))
	}
	sw.printf(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#6b7280" stroke-dasharray="5 4"/>`, x(0), y(0), x(100), y(1))
	var d strings.Builder
	var area strings.Builder
	fmt.Fprintf(&area, "M%.1f %.1f", x(0), y(0))
	for i, p := range pts {
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&d, "%s%.1f %.1f", cmd, x(float64(p.HouseholdsPct)), y(p.SpendShare))
		fmt.Fprintf(&area, "L%.1f %.1f", x(float64(p.HouseholdsPct)), y(p.SpendShare))
	}
	fmt.Fprintf(&area, "L%.1f %.1fZ", x(100), y(1))
	sw.printf(`<path d="%s" fill="#cfe3f3" stroke="none"/>`, area.String())
	sw.printf(`<path d="%s" fill="none" stroke="#0b4f8a" stroke-width="3"/>`, d.String())
	for _, p := range pts {
		sw.printf(`<circle cx="%.1f" cy="%.1f" r="4" fill="#0b4f8a"><title>%d%% van de huishoudens met de laagste uitgaven: %s van het geld</title></circle>`,
			x(float64(p.HouseholdsPct)), y(p.SpendShare), p.HouseholdsPct, money.Percent(p.SpendShare))
	}
	sw.printf(`<text x="%.1f" y="%.1f" font-size="%d" text-anchor="middle" fill="#1b2330">%s</text>`, S/2, S-8, l.axis, l.xTitle)
	sw.printf(`<text x="14" y="%.1f" font-size="%d" text-anchor="middle" fill="#1b2330" transform="rotate(-90 14 %.1f)">aandeel van het geld</text>`, S/2, l.axis, S/2)
	sw.markup(`</svg>`)
	return sw.html()
}

// Series is one line of the trend chart.
type Series struct {
	Name   string
	Values []*int64 // per period; nil where suppressed or absent
}

// Trend draws one line per series over the periods, wide and for a phone.
func Trend(label string, periods []string, series []Series, euros bool) template.HTML {
	if len(periods) == 0 || len(series) == 0 {
		return ""
	}
	return both(trendWide(label, periods, series, euros), trendPhone(label, periods, series, euros))
}

func trendWide(label string, periods []string, series []Series, euros bool) template.HTML {
	const W, H, left, right, top, bottom = 960.0, 360.0, 96.0, 220.0, 20.0, 40.0
	var maxV int64 = 1
	for _, s := range series {
		for _, v := range s.Values {
			if v != nil && *v > maxV {
				maxV = *v
			}
		}
	}
	// A round top for the axis.
	mag := math.Pow(10, math.Floor(math.Log10(float64(maxV))))
	top10 := math.Ceil(float64(maxV)/mag) * mag
	x := func(i int) float64 {
		if len(periods) == 1 {
			return left + (W-left-right)/2
		}
		return left + (W-left-right)*float64(i)/float64(len(periods)-1)
	}
	y := func(v float64) float64 { return H - bottom - (H-top-bottom)*v/top10 }
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="trend-title" xmlns="http://www.w3.org/2000/svg"><title id="trend-title">%s</title>`, W, H, label)
	for i := 0; i <= 4; i++ {
		v := top10 * float64(i) / 4
		sw.printf(`<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#e4e7ec"/><text x="%.0f" y="%.1f" font-size="12" text-anchor="end" fill="#424a57">%s</text>`,
			left, y(v), W-right, y(v), left-8, y(v)+4, axisLabel(int64(v), euros))
	}
	for i, p := range periods {
		sw.printf(`<text x="%.1f" y="%.0f" font-size="13" text-anchor="middle" fill="#1b2330">%s</text>`, x(i), H-bottom+22, p)
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
		ly := top + 10 + float64(si)*22
		sw.printf(`<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="%s" stroke-width="3"/><text x="%.0f" y="%.1f" font-size="13" fill="#1b2330">%s</text>`,
			W-right+16, ly, W-right+40, ly, col, W-right+46, ly+4, s.Name)
	}
	sw.markup(`</svg>`)
	return sw.html()
}

func axisLabel(v int64, euros bool) string {
	if euros {
		return shortEuros(v)
	}
	return money.Group(v)
}

func valueLabel(v int64, euros bool) string {
	if euros {
		return minus(money.FormatEuros(v))
	}
	return money.Group(v) + " huishoudens"
}

// shortEuros writes an axis label: "€ 1,5 mln", "€ 250k".
func shortEuros(v int64) string {
	switch {
	case v >= 1_000_000:
		return "€ " + strings.TrimSuffix(strings.TrimSuffix(money.Decimal(float64(v)/1e6, 1), "0"), ",") + " mln"
	case v >= 1_000:
		return "€ " + money.Decimal(float64(v)/1e3, 0) + "k"
	}
	return minus(money.FormatEuros(v))
}

// Bar is one bar of a horizontal bar chart (totals per stream/provider).
type Bar struct {
	Label  string
	Value  int64 // cents
	Colour string
}

// Bars draws horizontal bars, largest first, wide and for a phone.
func Bars(label string, rows []Bar) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	return both(barsWide(label, rows), barsPhone(label, rows))
}

func barsWide(label string, rows []Bar) template.HTML {
	rows = append([]Bar(nil), rows...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Value > rows[j].Value })
	const W, left, right, rowH = 460.0, 170.0, 110.0, 28.0
	H := rowH*float64(len(rows)) + 8
	var maxV int64 = 1
	for _, r := range rows {
		if r.Value > maxV {
			maxV = r.Value
		}
	}
	var sw svgWriter
	sw.printf(`<svg class="chart chart-bars" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, W, H, label)
	for i, r := range rows {
		y := 4 + rowH*float64(i)
		w := (W - left - right) * math.Max(float64(r.Value), 0) / float64(maxV)
		col := r.Colour
		if col == "" {
			col = Categorical[0]
		}
		if len([]rune(r.Label)) > 22 {
			// A long name would run off the left edge: shortened, whole in its title.
			sw.printf(`<text x="%.0f" y="%.1f" font-size="13" text-anchor="end" fill="#1b2330"><title>%s</title>%s</text>`, left-8, y+rowH/2+2, r.Label, shorten(r.Label, 22))
		} else {
			sw.printf(`<text x="%.0f" y="%.1f" font-size="13" text-anchor="end" fill="#1b2330">%s</text>`, left-8, y+rowH/2+2, r.Label)
		}
		sw.printf(`<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" rx="3" fill="%s"/>`, left, y+4, math.Max(w, 1), rowH-10, col)
		sw.printf(`<text x="%.1f" y="%.1f" font-size="13" fill="#1b2330">%s</text>`, left+w+6, y+rowH/2+2, minus(money.Format(money.Cents(r.Value))))
	}
	sw.markup(`</svg>`)
	return sw.html()
}

// BudgetMeter draws the spend per geldstroom as one stacked bar against
// the budget, marked by a line; spend beyond the budget runs past it. Wide
// and for a phone.
func BudgetMeter(label string, budget, total int64, streams []Bar) template.HTML {
	return both(meterWide(label, budget, total, streams), meterPhone(label, budget, total, streams))
}

func meterWide(label string, budget, total int64, streams []Bar) template.HTML {
	const W, H, left, right, barY, barH = 560.0, 58.0, 4.0, 4.0, 6.0, 26.0
	scale := float64(budget)
	if float64(total) > scale {
		scale = float64(total)
	}
	if scale <= 0 {
		scale = 1
	}
	width := W - left - right
	var sw svgWriter
	sw.printf(`<svg class="chart chart-meter" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, W, H, label)
	sw.printf(`<rect x="%.0f" y="%.0f" width="%.1f" height="%.0f" rx="3" fill="#eef1f5" stroke="#c9d1db"/>`, left, barY, width*float64(max(budget, 0))/scale, barH)
	x := left
	for _, t := range streams {
		w := width * math.Max(float64(t.Value), 0) / scale
		if w <= 0 {
			continue
		}
		sw.printf(`<rect x="%.1f" y="%.0f" width="%.1f" height="%.0f" fill="%s"><title>%s: %s</title></rect>`, x, barY+4, w, barH-8, t.Colour, t.Label, minus(money.Format(money.Cents(t.Value))))
		x += w
	}
	if budget > 0 {
		bx := left + width*float64(budget)/scale
		sw.printf(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#1b2330" stroke-width="2"/>`, bx, barY-4, bx, barY+barH+4)
		anchor := "end"
		if bx < W/2 {
			anchor = "start"
		}
		sw.printf(`<text x="%.1f" y="%.0f" font-size="13" text-anchor="%s" fill="#1b2330">budget %s</text>`, bx, barY+barH+20, anchor, minus(money.Format(money.Cents(budget))))
	}
	sw.markup(`</svg>`)
	return sw.html()
}
