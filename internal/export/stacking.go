package export

import (
	"strconv"

	"github.com/ontschot/ontschot/internal/model"
)

// StackingColumns is the header of the stacking download (CSV and sheet).
var StackingColumns = []string{"niveau", "gebied", "naam", "huishoudens", "stapeling_geldstromen", "aandeel_uitgaven_geldstromen_pct",
	"stapeling_aanbieders", "aandeel_uitgaven_aanbieders_pct", "onderdrukt", "reden"}

// StackingNote says what the stacking table counts.
const StackingNote = "Stapeling: huishoudens met zorg uit twee of meer geldstromen, of van twee of meer aanbieders, in de periode, " +
	"en hun aandeel in de uitgaven van het gebied. Een lege cel is onderdrukt (minder dan 10 huishoudens met of zonder stapeling, p%-regel, of secundair)."

// StackingRecords is a release's stacking table as CSV records; a withheld
// figure is an empty field, never 0. areaName names an area code.
func StackingRecords(rows []model.Stacking, areaName func(string) string) [][]string {
	out := [][]string{StackingColumns}
	num := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	pct := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', 0, 64)
	}
	for _, s := range rows {
		sup := "0"
		if s.Suppressed || s.Streams == nil || s.Providers == nil {
			sup = "1"
		}
		out = append(out, []string{s.Level, s.Area, areaName(s.Area), num(s.Households), num(s.Streams), pct(s.StreamsSharePct),
			num(s.Providers), pct(s.ProvidersSharePct), sup, s.Reason})
	}
	return out
}

// StackingSheet is the stacking table as one worksheet.
func StackingSheet(period string, version int, rows []model.Stacking, areaName func(string) string) Sheet {
	sh := Sheet{Name: "Stapeling " + period, Notes: []string{StackingNote, "Meting " + period + " versie " + strconv.Itoa(version) + "."}}
	for _, h := range StackingColumns {
		sh.Columns = append(sh.Columns, Column{Title: h})
	}
	pct := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	for _, s := range rows {
		sup := 0
		if s.Suppressed || s.Streams == nil || s.Providers == nil {
			sup = 1
		}
		sh.Rows = append(sh.Rows, []any{s.Level, s.Area, areaName(s.Area), s.Households, s.Streams, pct(s.StreamsSharePct),
			s.Providers, pct(s.ProvidersSharePct), sup, s.Reason})
	}
	return sh
}
