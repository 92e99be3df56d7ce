package chart

import (
	"html/template"
	"math"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// GrowthRow is one group of the peer comparison: the municipality's growth
// in lasten and the median of its peers' own growth, in percent; nil where
// there is no figure (not comparable, or no peers with data).
type GrowthRow struct {
	Label      string
	Own, Peers *float64
	Comparable bool // false: the group's coding changed between the years
}

// Growth draws paired horizontal bars around a zero line: per group the
// municipality's growth (dark) against the peers' median growth (light).
// own names the municipality in the legend.
func Growth(label, own string, rows []GrowthRow) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	const W, left, right, rowH, top = 960.0, 340.0, 90.0, 44.0, 60.0
	H := top + rowH*float64(len(rows)) + 16
	maxAbs := 10.0
	for _, r := range rows {
		for _, v := range []*float64{r.Own, r.Peers} {
			if v != nil && r.Comparable {
				maxAbs = max(maxAbs, math.Abs(*v))
			}
		}
	}
	maxAbs = math.Ceil(maxAbs/10) * 10
	zero := left + (W-left-right)/2
	scale := (W - left - right) / 2 / maxAbs
	var sw svgWriter
	sw.printf(`<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="growth-title" xmlns="http://www.w3.org/2000/svg"><title id="growth-title">%s</title>`, W, H, label)
	for _, t := range []float64{-maxAbs, -maxAbs / 2, 0, maxAbs / 2, maxAbs} {
		x := zero + t*scale
		sw.printf(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.1f" stroke="%s"/><text x="%.1f" y="%.0f" font-size="12" text-anchor="middle" fill="#424a57">%s</text>`,
			x, top-8, x, H-8, map[bool]string{true: "#1b2330", false: "#e4e7ec"}[t == 0], x, top-14, signedPct(t, 0))
	}
	sw.printf(`<rect x="%.0f" y="6" width="14" height="10" fill="%s"/><text x="%.0f" y="15" font-size="12" fill="#1b2330">%s</text>`, left, Categorical[0], left+20, own)
	sw.printf(`<rect x="%.0f" y="6" width="14" height="10" fill="%s"/><text x="%.0f" y="15" font-size="12" fill="#1b2330">mediaan van de vergelijkingsgemeenten</text>`, left+220, Categorical[1], left+240)
	for i, r := range rows {
		y := top + rowH*float64(i)
		sw.printf(`<text x="%.0f" y="%.1f" font-size="13" text-anchor="end" fill="#1b2330"><title>%s</title>%s</text>`, left-10, y+rowH/2+4, r.Label, shorten(r.Label, 44))
		if !r.Comparable {
			sw.printf(`<text x="%.1f" y="%.1f" font-size="12" text-anchor="middle" fill="#424a57">niet vergelijkbaar</text>`, zero, y+rowH/2+4)
			continue
		}
		for k, v := range []*float64{r.Own, r.Peers} {
			by := y + 6 + float64(k)*16
			if v == nil {
				sw.printf(`<text x="%.1f" y="%.1f" font-size="11" fill="#424a57">n.v.t.</text>`, zero+4, by+11)
				continue
			}
			x, w := zero, *v*scale
			if w < 0 {
				x, w = zero+w, -w
			}
			who := own
			if k == 1 {
				who = "mediaan vergelijkingsgemeenten"
			}
			sw.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="14" fill="%s"><title>%s, %s: %s</title></rect>`, x, by, max(w, 1), Categorical[k], r.Label, who, signedPct(*v, 1))
			tx, anchor := zero+*v*scale+4, "start"
			if *v < 0 {
				tx, anchor = zero+*v*scale-4, "end"
			}
			sw.printf(`<text x="%.1f" y="%.1f" font-size="11" text-anchor="%s" fill="#1b2330">%s</text>`, tx, by+11, anchor, signedPct(*v, 1))
		}
	}
	sw.markup(`</svg>`)
	return sw.html()
}

// signedPct writes a percentage with its sign: "+8,0%", "−2,5%".
func signedPct(v float64, digits int) string {
	s := money.Decimal(math.Abs(v), digits) + "%"
	switch {
	case v > 0:
		return "+" + s
	case v < 0:
		return "−" + s
	}
	return strings.TrimPrefix(s, "+")
}

// shorten cuts a label to n characters with an ellipsis, so it fits left of
// the bars; the whole label is in the title and in the table beside it.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
