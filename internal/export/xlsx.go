package export

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/ontschot/ontschot/internal/money"
)

// A Sheet is one table of a workbook. A cell is typed by its Go value:
//
//	string          text
//	int             a plain number (years, indexes): no separators
//	int64           a count: 1.234
//	money.Cents     an amount with cents: € 1.234,50
//	Euros           an amount in whole euros: € 1.234
//	float64         a ratio or factor, as it is
//	nil, nil pointer an empty cell (suppressed or not applicable)
//
// Pointers to these are followed.
type Sheet struct {
	Name    string
	Columns []Column // the header row; nil for a sheet of label–value rows
	Rows    [][]any
	// Total labels a totals row under the rows, with the sum of every
	// column marked Sum ("" for none). Sums are exact (in cents).
	Total string
	Notes []string // lines of text under the table
}

// Column is a header cell; Sum puts the column's sum in the totals row.
type Column struct {
	Title string
	Sum   bool
}

// Euros is an amount in whole euros, as releases publish them.
type Euros int64

// Number formats. Excel shows them with the reader's own separators; in a
// Dutch Excel "#,##0.00" reads 1.234,50.
const (
	fmtCents = `"€ "#,##0.00;-"€ "#,##0.00`
	fmtEuros = `"€ "#,##0;-"€ "#,##0`
	fmtCount = `#,##0`
)

// WriteXLSX writes the sheets as one workbook: a bold header row that stays
// in view when scrolling (frozen) with an autofilter over the table, and
// amounts and counts as numbers with a euro or thousands format, so that
// they can be summed and sorted.
func WriteXLSX(w io.Writer, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, sh := range sheets {
		name := SheetName(sh.Name)
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return fmt.Errorf("werkblad %q: %w", name, err)
		}
		if err := writeSheet(f, st, name, sh); err != nil {
			return fmt.Errorf("werkblad %q: %w", name, err)
		}
	}
	return f.Write(w)
}

type styles struct{ header, cents, euros, count, bold, boldCents, boldEuros, boldCount int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	num := func(format string, bold bool) (int, error) {
		st := &excelize.Style{Font: &excelize.Font{Bold: bold}}
		if format != "" {
			st.CustomNumFmt = &format
		}
		return f.NewStyle(st)
	}
	var err error
	for _, x := range []struct {
		id     *int
		format string
		bold   bool
	}{{&s.cents, fmtCents, false}, {&s.euros, fmtEuros, false}, {&s.count, fmtCount, false},
		{&s.bold, "", true}, {&s.boldCents, fmtCents, true}, {&s.boldEuros, fmtEuros, true}, {&s.boldCount, fmtCount, true}} {
		if *x.id, err = num(x.format, x.bold); err != nil {
			return s, err
		}
	}
	s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7EEF6"}},
		Border: []excelize.Border{{Type: "bottom", Color: "1B2330", Style: 1}}})
	return s, err
}

func writeSheet(f *excelize.File, st styles, name string, sh Sheet) error {
	row := 1
	widths := map[int]int{}
	put := func(col int, v any, bold bool) error {
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		val, style, text := cellOf(v, st, bold)
		if val == nil {
			return nil
		}
		if n := utf8.RuneCountInString(text); n > widths[col] {
			widths[col] = n
		}
		if err := f.SetCellValue(name, ref, val); err != nil {
			return err
		}
		if style != 0 {
			return f.SetCellStyle(name, ref, ref, style)
		}
		return nil
	}
	if len(sh.Columns) > 0 {
		for i, c := range sh.Columns {
			if err := put(i+1, c.Title, false); err != nil {
				return err
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(sh.Columns), 1)
		if err := f.SetCellStyle(name, "A1", last, st.header); err != nil {
			return err
		}
		row++
	}
	for _, r := range sh.Rows {
		for i, v := range r {
			if err := put(i+1, v, false); err != nil {
				return err
			}
		}
		row++
	}
	if len(sh.Columns) > 0 {
		lastRow := row - 1
		if lastRow < 2 {
			lastRow = 2
		}
		ref, _ := excelize.CoordinatesToCellName(len(sh.Columns), lastRow)
		if err := f.AutoFilter(name, "A1:"+ref, nil); err != nil {
			return err
		}
		if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	if sh.Total != "" {
		if err := put(1, sh.Total, true); err != nil {
			return err
		}
		for i, c := range sh.Columns {
			if c.Sum && i > 0 {
				if err := put(i+1, sumColumn(sh.Rows, i), true); err != nil {
					return err
				}
			}
		}
		row++
	}
	if len(sh.Notes) > 0 {
		row++
		for _, n := range sh.Notes {
			ref, _ := excelize.CoordinatesToCellName(1, row)
			if err := f.SetCellValue(name, ref, n); err != nil {
				return err
			}
			row++
		}
	}
	for col, n := range widths {
		c, _ := excelize.ColumnNumberToName(col)
		if err := f.SetColWidth(name, c, c, float64(min(max(n+2, 8), 60))); err != nil {
			return err
		}
	}
	return nil
}

// sumColumn adds up column i exactly, in the type of its cells.
func sumColumn(rows [][]any, i int) any {
	var cents money.Cents
	var euros Euros
	var count int64
	kind := ""
	for _, r := range rows {
		if i >= len(r) {
			continue
		}
		switch v := deref(r[i]).(type) {
		case money.Cents:
			cents, kind = cents+v, "cents"
		case Euros:
			euros, kind = euros+v, "euros"
		case int64:
			count, kind = count+v, "count"
		}
	}
	switch kind {
	case "cents":
		return cents
	case "euros":
		return euros
	case "count":
		return count
	}
	return nil
}

// deref follows a pointer cell to its value; a nil pointer is an empty cell.
func deref(v any) any {
	switch p := v.(type) {
	case *int64:
		return valueOf(p)
	case *money.Cents:
		return valueOf(p)
	case *Euros:
		return valueOf(p)
	case *float64:
		return valueOf(p)
	case *string:
		return valueOf(p)
	}
	return v
}

func valueOf[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// cellOf gives a cell's value for excelize, its style and its text width.
func cellOf(v any, st styles, bold bool) (val any, style int, text string) {
	pick := func(plain, strong int) int {
		if bold {
			return strong
		}
		return plain
	}
	switch x := deref(v).(type) {
	case nil:
		return nil, 0, ""
	case string:
		if x == "" {
			return nil, 0, ""
		}
		return x, pick(0, st.bold), x
	case int:
		return x, pick(0, st.bold), fmt.Sprint(x)
	case int64:
		return x, pick(st.count, st.boldCount), money.Group(x)
	case money.Cents:
		return float64(x) / 100, pick(st.cents, st.boldCents), money.Format(x)
	case Euros:
		return int64(x), pick(st.euros, st.boldEuros), money.FormatEuros(int64(x))
	case float64:
		return x, pick(0, st.bold), fmt.Sprint(x)
	default:
		s := fmt.Sprint(x)
		return s, 0, s
	}
}

// SheetName makes s a valid sheet name: at most 31 characters, none of
// []:*?/\.
func SheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	return s
}
