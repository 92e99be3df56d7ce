package analysis

import "github.com/ontschot/ontschot/internal/model"

// TrendRow is one area across the released periods, compared with the
// first period (the nulmeting).
type TrendRow struct {
	Area      string
	Values    []*int64 // per period; nil where suppressed or absent
	Reasons   []string // per period: why a cell was suppressed
	Change    *int64   // last − first, when both were published
	ChangePct *float64 // Change / first, when first is not 0
}

// Trend lays out cells[i] (the released cells of period i, one level and
// breakdown) per area, areas in the order they first appear. value picks
// the measure from a cell (AmountEUR, Households); nil is suppressed.
func Trend(cells [][]model.Cell, value func(model.Cell) *int64) []TrendRow {
	rows := map[string]*TrendRow{}
	var order []string
	for i, period := range cells {
		for _, c := range period {
			row := rows[c.Area]
			if row == nil {
				row = &TrendRow{Area: c.Area, Values: make([]*int64, len(cells)), Reasons: make([]string, len(cells))}
				rows[c.Area] = row
				order = append(order, c.Area)
			}
			row.Values[i] = value(c)
			if c.Suppressed {
				row.Reasons[i] = c.Reason
			}
		}
	}
	out := make([]TrendRow, 0, len(order))
	for _, code := range order {
		row := rows[code]
		first, last := row.Values[0], row.Values[len(row.Values)-1]
		if first != nil && last != nil && len(cells) > 1 {
			d := *last - *first
			row.Change = &d
			if *first != 0 {
				p := float64(d) / float64(*first)
				row.ChangePct = &p
			}
		}
		out = append(out, *row)
	}
	return out
}
