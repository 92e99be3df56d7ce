package budget

import (
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// Lump is a lump sum to spread over the volume reported under its
// contract in a period: a taak contract's budget for the period.
type Lump struct {
	Contract string
	Amount   money.Cents
}

// SpreadInput is a period's money per household and area: the care of
// every provider (CareRow.Area is the household's buurt, or the gemeente
// code when the buurt is unknown or secret), the contracts, and the lump
// sums to spread.
type SpreadInput struct {
	Gemeente  string
	WijkOf    map[string]string // buurt → wijk
	Contracts []Contract
	Care      []CareRow
	Lumps     []Lump
}

// SpreadCells shows all money per area — declared, and lump sums spread
// over the volume the providers reported (hours, or clients where no hours
// are reported) — at gemeente, wijk and buurt. Care under a contract whose
// lump sum is spread counts as reported volume only: its money is the
// spread sum, so nothing is counted twice. Cells with fewer than
// MinHouseholds households are withheld; where a parent is published and
// exactly one of its children is withheld, the smallest published sibling
// is withheld too (secondary), so the parent minus the children does not
// give the withheld one away. Amounts are rounded to RoundAmountCents,
// households to RoundCount.
func SpreadCells(in SpreadInput, r ShowRules) []model.SpreadCell {
	lumpOf := map[string]money.Cents{}
	for _, l := range in.Lumps {
		lumpOf[l.Contract] += l.Amount
	}
	declared := map[string]money.Cents{}
	households := map[string]map[string]bool{}
	reach := func(area, hh string) {
		if households[area] == nil {
			households[area] = map[string]bool{}
		}
		households[area][hh] = true
	}
	volume := map[string]map[string]int64{} // contract → area → minutes
	clients := map[string]map[string]bool{} // contract → area|household
	for _, c := range in.Care {
		k := Claim(in.Contracts, c.AGB, c.Geldstroom, c.Categorie, c.Area, c.Month)
		if k != nil {
			if _, lump := lumpOf[k.Code]; lump {
				if volume[k.Code] == nil {
					volume[k.Code], clients[k.Code] = map[string]int64{}, map[string]bool{}
				}
				volume[k.Code][c.Area] += c.Minutes
				clients[k.Code][c.Area+"|"+c.Household] = true
				reach(c.Area, c.Household)
				continue
			}
		}
		declared[c.Area] += c.Amount
		if c.Amount != 0 || c.Minutes > 0 {
			reach(c.Area, c.Household)
		}
	}
	spread := map[string]money.Cents{}
	codes := make([]string, 0, len(lumpOf))
	for code := range lumpOf {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		vol := map[string]int64{}
		var total int64
		for area, m := range volume[code] {
			if m > 0 {
				vol[area] = m
				total += m
			}
		}
		if total == 0 { // no hours reported: spread over clients
			for key := range clients[code] {
				area, _, _ := strings.Cut(key, "|")
				vol[area]++
			}
		}
		for area, v := range Spread(lumpOf[code], vol) {
			spread[area] += v
		}
	}
	// Roll the finest areas up into wijk and gemeente.
	type sum struct {
		declared, spread money.Cents
		hh               map[string]bool
		level            string
	}
	cells := map[string]*sum{}
	addTo := func(level, area, finest string) {
		s := cells[area]
		if s == nil {
			s = &sum{hh: map[string]bool{}, level: level}
			cells[area] = s
		}
		s.declared += declared[finest]
		s.spread += spread[finest]
		for h := range households[finest] {
			s.hh[h] = true
		}
	}
	finest := map[string]bool{}
	for a := range declared {
		finest[a] = true
	}
	for a := range spread {
		finest[a] = true
	}
	for a := range households {
		finest[a] = true
	}
	for a := range finest {
		addTo("gemeente", in.Gemeente, a)
		if w, ok := in.WijkOf[a]; ok && w != "" {
			addTo("wijk", w, a)
			addTo("buurt", a, a)
		}
	}
	var out []model.SpreadCell
	for area, s := range cells {
		c := model.SpreadCell{Level: s.level, Area: area}
		n := int64(len(s.hh))
		if n < int64(r.MinHouseholds) {
			c.Suppressed, c.Reason = true, "minder dan 10 huishoudens"
		} else {
			d, sp := roundCents(s.declared, r.RoundAmountCents), roundCents(s.spread, r.RoundAmountCents)
			t := roundCents(s.declared+s.spread, r.RoundAmountCents)
			hh := roundCount(n, r.RoundCount)
			per := roundCents(money.Cents(float64(s.declared+s.spread)/float64(n)+0.5), 100)
			c.Declared, c.Spread, c.Total, c.Households, c.PerHousehold = &d, &sp, &t, &hh, &per
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Level != out[j].Level {
			return levelRank(out[i].Level) < levelRank(out[j].Level)
		}
		return out[i].Area < out[j].Area
	})
	secondary(out, in.Gemeente, in.WijkOf, func(area string) int { return len(cells[area].hh) })
	return out
}

func levelRank(l string) int {
	switch l {
	case "gemeente":
		return 0
	case "wijk":
		return 1
	}
	return 2
}

// secondary withholds, under every published parent with exactly one
// withheld child, the published child with the fewest households.
func secondary(cells []model.SpreadCell, gemeente string, wijkOf map[string]string, size func(string) int) {
	idx := map[string]int{}
	for i, c := range cells {
		idx[c.Level+"|"+c.Area] = i
	}
	children := map[string][]int{} // parent key → child indexes
	for i, c := range cells {
		switch c.Level {
		case "wijk":
			children["gemeente|"+gemeente] = append(children["gemeente|"+gemeente], i)
		case "buurt":
			children["wijk|"+wijkOf[c.Area]] = append(children["wijk|"+wijkOf[c.Area]], i)
		}
	}
	keys := make([]string, 0, len(children))
	for k := range children {
		keys = append(keys, k)
	}
	sort.Strings(keys) // gemeente first, then wijken
	for _, k := range keys {
		p, ok := idx[k]
		if !ok || cells[p].Suppressed {
			continue
		}
		kids := children[k]
		withheld, best := 0, -1
		for _, i := range kids {
			if cells[i].Suppressed {
				withheld++
			} else if best < 0 || size(cells[i].Area) < size(cells[best].Area) ||
				(size(cells[i].Area) == size(cells[best].Area) && cells[i].Area < cells[best].Area) {
				best = i
			}
		}
		if withheld == 1 && best >= 0 {
			c := &cells[best]
			c.Declared, c.Spread, c.Total, c.Households, c.PerHousehold = nil, nil, nil, nil, nil
			c.Suppressed, c.Reason = true, "secundair afgeschermd: zou een afgeschermd gebied verraden"
		}
	}
}
