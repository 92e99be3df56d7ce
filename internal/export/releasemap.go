package export

import (
	"math"
	"strconv"

	"codeberg.org/go-pdf/fpdf"
	"github.com/paulmach/orb"

	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// The report's map and bar chart, drawn with fpdf's own shapes from the same
// outlines and classes as the web map (fpdf draws SVG paths only in part, and
// no tool outside the binary is run).

// ReportShape is one wijk on the printed map.
type ReportShape struct {
	Name       string
	Geom       orb.MultiPolygon // RD New
	Colour     string           // "#rrggbb" of its class; "" when withheld or unknown
	Suppressed bool
}

// ReportClass is one line of the printed map's legend.
type ReportClass struct {
	Colour, Label string
	Count         int
}

// ReportBar is one bar of the amount per wijk.
type ReportBar struct {
	Name       string
	AmountEUR  int64
	Suppressed bool
}

// reportMap fills the map and the bars from the wijken's cells and outlines.
func (rep *ReleaseReport) reportMap(wijken []model.Cell, byCode map[string]*model.Area) {
	var values []float64
	for _, c := range wijken {
		if !c.Suppressed && c.AmountEUR != nil {
			values = append(values, float64(*c.AmountEUR))
		}
	}
	classes := chart.Classify(values, func(f float64) string { return money.FormatEuros(int64(math.Round(f))) })
	for _, cl := range classes {
		rep.MapLegend = append(rep.MapLegend, ReportClass{Colour: cl.Colour, Label: cl.Label, Count: cl.Count})
	}
	for _, c := range wijken {
		ar := byCode[c.Area]
		if ar == nil {
			continue
		}
		name := ar.Name
		bar := ReportBar{Name: name, Suppressed: c.Suppressed}
		if c.AmountEUR != nil {
			bar.AmountEUR = *c.AmountEUR
		}
		if c.Suppressed || c.AmountEUR != nil {
			rep.Bars = append(rep.Bars, bar)
		}
		mp, err := areas.DecodeGeometry(ar.Geometry)
		if err != nil || len(mp) == 0 {
			continue
		}
		s := ReportShape{Name: name, Geom: mp, Suppressed: c.Suppressed}
		if !c.Suppressed && c.AmountEUR != nil {
			s.Colour = chart.ClassOf(classes, float64(*c.AmountEUR))
		}
		rep.MapShapes = append(rep.MapShapes, s)
	}
}

func rgb(hex string) (int, int, int) {
	if len(hex) != 7 {
		return 236, 238, 241
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return 236, 238, 241
	}
	return int(v >> 16), int(v >> 8 & 0xff), int(v & 0xff)
}

// drawMap draws the wijken in a box of width w at the current position,
// with the legend beside it, and moves below.
func drawMap(pdf *fpdf.Fpdf, t func(string) string, rep ReleaseReport, w, maxH float64) {
	var bound orb.Bound
	for i, s := range rep.MapShapes {
		if i == 0 {
			bound = s.Geom.Bound()
		} else {
			bound = bound.Union(s.Geom.Bound())
		}
	}
	bw, bh := bound.Max[0]-bound.Min[0], bound.Max[1]-bound.Min[1]
	if bw <= 0 || bh <= 0 {
		return
	}
	scale := math.Min(w/bw, maxH/bh)
	x0, y0 := pdf.GetX(), pdf.GetY()
	proj := func(p orb.Point) fpdf.PointType {
		return fpdf.PointType{X: x0 + (p[0]-bound.Min[0])*scale, Y: y0 + (bound.Max[1]-p[1])*scale}
	}
	pdf.SetLineWidth(0.3)
	pdf.SetDrawColor(255, 255, 255)
	for _, s := range rep.MapShapes {
		r, g, b := rgb(s.Colour)
		if s.Suppressed {
			r, g, b = 200, 204, 211
		}
		pdf.SetFillColor(r, g, b)
		for _, poly := range s.Geom {
			if len(poly) == 0 {
				continue
			}
			pts := make([]fpdf.PointType, 0, len(poly[0]))
			for _, p := range poly[0] {
				pts = append(pts, proj(p))
			}
			pdf.Polygon(pts, "FD")
		}
	}
	// Legend to the right of the map.
	lx := x0 + bw*scale + 6
	ly := y0
	pdf.SetFont("Helvetica", "", 8)
	pdf.SetTextColor(27, 35, 48)
	pdf.SetDrawColor(138, 148, 163)
	item := func(r, g, b int, label string) {
		pdf.SetFillColor(r, g, b)
		pdf.Rect(lx, ly+0.8, 5, 3.4, "FD")
		pdf.SetXY(lx+7, ly)
		pdf.CellFormat(0, 5, t(label), "", 0, "L", false, 0, "")
		ly += 5.5
	}
	for _, c := range rep.MapLegend {
		r, g, b := rgb(c.Colour)
		n := strconv.Itoa(c.Count) + " wijken"
		if c.Count == 1 {
			n = "1 wijk"
		}
		item(r, g, b, c.Label+" ("+n+")")
	}
	item(200, 204, 211, "onderdrukt")
	pdf.SetXY(lx, ly+1)
	pdf.SetFont("Helvetica", "", 7)
	pdf.CellFormat(0, 4, t(chart.Attribution), "", 0, "L", false, 0, "")
	pdf.SetXY(x0, y0+bh*scale+3)
}

// drawBars draws the amount per wijk as horizontal bars, withheld ones
// named as such, and moves below.
func drawBars(pdf *fpdf.Fpdf, t func(string) string, bars []ReportBar, w float64) {
	var top int64
	for _, b := range bars {
		top = max(top, b.AmountEUR)
	}
	x0 := pdf.GetX()
	labelW, valueW := 55.0, 28.0
	barW := w - labelW - valueW
	pdf.SetFont("Helvetica", "", 8)
	for _, b := range bars {
		y := pdf.GetY()
		pdf.SetTextColor(27, 35, 48)
		pdf.CellFormat(labelW, 5, t(b.Name), "", 0, "L", false, 0, "")
		if b.Suppressed {
			pdf.SetTextColor(90, 90, 90)
			pdf.CellFormat(barW+valueW, 5, t(suppressedText), "", 1, "L", false, 0, "")
			continue
		}
		l := 0.0
		if top > 0 {
			l = barW * float64(b.AmountEUR) / float64(top)
		}
		pdf.SetFillColor(44, 127, 184)
		pdf.Rect(x0+labelW, y+1, l, 3, "F")
		pdf.SetXY(x0+labelW+barW, y)
		pdf.CellFormat(valueW, 5, t(money.FormatEuros(b.AmountEUR)), "", 1, "R", false, 0, "")
	}
	pdf.SetTextColor(27, 35, 48)
}
