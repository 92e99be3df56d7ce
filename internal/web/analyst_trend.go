package web

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/model"
)

type trendView struct {
	Periods  []string
	Rows     []trendRow
	Chart    template.HTML
	Measure  string
	Level    string
	Levels   []option
	Measures []option
	Baseline string
	Latest   string
	Note     string
}

// trendRow is one area of the table: analysis.Trend's row and its name.
type trendRow struct {
	analysis.TrendRow
	Name string
}

func (a *analystPages) trend(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, "*"), "beleidsanalyse: trend"); !ok {
			return
		}
		q := r.URL.Query()
		level := q.Get("niveau")
		if level != "gemeente" && level != "buurt" {
			level = "wijk"
		}
		measure := q.Get("maat")
		if measure != "huishoudens" {
			measure = "bedrag"
		}
		v, err := a.buildTrend(r.Context(), level, measure)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "trend", page{Title: "Trend en vergelijking met de nulmeting", Wide: true, Data: v})
	}
}

func (a *analystPages) buildTrend(ctx context.Context, level, measure string) (trendView, error) {
	v := trendView{Level: level, Measure: measure}
	for _, l := range model.MapLevels {
		v.Levels = append(v.Levels, option{l, strings.ToUpper(l[:1]) + l[1:], l == level})
	}
	v.Measures = []option{{"bedrag", "Bedrag (€)", measure == "bedrag"}, {"huishoudens", "Huishoudens", measure == "huishoudens"}}
	rels, err := a.rel.Releases(ctx)
	if err != nil {
		return v, err
	}
	// Latest version per period, oldest period first.
	latest, periods := analysis.LatestPerPeriod(rels, nil)
	v.Periods = periods
	if len(v.Periods) == 0 {
		return v, nil
	}
	v.Baseline, v.Latest = v.Periods[0], v.Periods[len(v.Periods)-1]
	g, err := a.index(ctx)
	if err != nil {
		return v, err
	}
	perPeriod := make([][]model.Cell, len(v.Periods))
	for i, p := range v.Periods {
		if perPeriod[i], err = a.rel.ReleaseCells(ctx, latest[p].ID, level, "total"); err != nil {
			return v, err
		}
	}
	value := func(c model.Cell) *int64 { return c.AmountEUR }
	if measure == "huishoudens" {
		value = func(c model.Cell) *int64 { return c.Households }
	}
	for _, row := range analysis.Trend(perPeriod, value) {
		name := row.Area
		if ar := g.byCode[row.Area]; ar != nil {
			name = ar.Name
		}
		v.Rows = append(v.Rows, trendRow{TrendRow: row, Name: name})
	}
	sort.SliceStable(v.Rows, func(i, j int) bool { return v.Rows[i].Name < v.Rows[j].Name })
	var series []chart.Series
	// The chart shows at most seven lines: the largest areas by the latest value.
	chartRows := append([]trendRow(nil), v.Rows...)
	sort.SliceStable(chartRows, func(i, j int) bool {
		return deref64(chartRows[i].Values[len(v.Periods)-1]) > deref64(chartRows[j].Values[len(v.Periods)-1])
	})
	if len(chartRows) > len(categorical) {
		v.Note = fmt.Sprintf("De grafiek toont de %d grootste van %d gebieden; de tabel toont ze allemaal.", len(categorical), len(chartRows))
		chartRows = chartRows[:len(categorical)]
	}
	for _, row := range chartRows {
		series = append(series, chart.Series{Name: row.Name, Values: row.Values})
	}
	label := "Bedrag per " + level + " per meting"
	if measure == "huishoudens" {
		label = "Huishoudens per " + level + " per meting"
	}
	v.Chart = chart.Trend(label, v.Periods, series, measure == "bedrag")
	return v, nil
}

func deref64(p *int64) int64 {
	if p == nil {
		return math.MinInt64
	}
	return *p
}
