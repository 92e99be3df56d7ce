package web

import (
	"cmp"
	"sort"
	"strings"
)

// The map's table sorts on the server: a column header is a link with
// ?sorteer=<column> (again for descending), so no script is needed.

// sortLink is a column header's link and its state for aria-sort.
type sortLink struct {
	Href string
	Aria string // "ascending", "descending" or "none"
}

var sortColumns = []string{"gebied", "huishoudens", "bedrag", "per1000"}

func sortLinks(q mapQuery) map[string]sortLink {
	out := map[string]sortLink{}
	cur, desc := strings.TrimPrefix(q.Sort, "-"), strings.HasPrefix(q.Sort, "-")
	if cur == "" {
		cur = "gebied"
	}
	for _, c := range sortColumns {
		l := sortLink{Aria: "none"}
		next := c
		if c != "gebied" {
			next = "-" + c // figures sort largest first on the first click
		}
		if c == cur {
			l.Aria = "ascending"
			if desc {
				l.Aria = "descending"
			}
			if desc {
				next = c
			} else {
				next = "-" + c
			}
		}
		if next == "gebied" {
			next = ""
		}
		l.Href = q.url(func(m *mapQuery) { m.Sort = next }) + "#tabel"
		out[c] = l
	}
	return out
}

// sortRows orders the rows by key; rows without the figure (withheld or
// unknown) go last either way, and equal figures keep the name order.
func sortRows(rows []tableRow, key string) {
	col, desc := strings.TrimPrefix(key, "-"), strings.HasPrefix(key, "-")
	val := func(r tableRow) (float64, bool) {
		switch col {
		case "huishoudens":
			if r.Households != nil {
				return float64(*r.Households), true
			}
		case "bedrag":
			if r.AmountEUR != nil {
				return float64(*r.AmountEUR), true
			}
		case "per1000":
			if r.Per1000 != nil {
				return *r.Per1000, true
			}
		}
		return 0, false
	}
	switch col {
	case "huishoudens", "bedrag", "per1000":
	default:
		if desc {
			sort.SliceStable(rows, func(i, j int) bool { return rows[i].Name > rows[j].Name })
		}
		return
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, okA := val(rows[i])
		b, okB := val(rows[j])
		if okA != okB {
			return okA
		}
		c := cmp.Compare(a, b)
		if desc {
			c = -c
		}
		return c < 0
	})
}

// tableTotal is the totals row: the sum of the shown (not withheld) cells.
type tableTotal struct {
	Households, Persons, AmountEUR int64
	Shown, Withheld                int
}

func totalOf(rows []tableRow) tableTotal {
	var t tableTotal
	for _, r := range rows {
		if r.Suppressed {
			t.Withheld++
			continue
		}
		t.Shown++
		if r.Households != nil {
			t.Households += *r.Households
		}
		if r.Persons != nil {
			t.Persons += *r.Persons
		}
		if r.AmountEUR != nil {
			t.AmountEUR += *r.AmountEUR
		}
	}
	return t
}
