package budget

import (
	"sort"

	"github.com/ontschot/ontschot/internal/money"
)

// ContractSpend is what the caller aggregated for one contract: spend per
// month of the year shown and of earlier years (declared deliveries under
// the contract's filters plus flows booked to it), the distinct households
// behind this year's spend, lag observations of earlier years, and the
// value of open assignments for the months so far.
type ContractSpend struct {
	Year       Months
	Earlier    []Months
	Households int
	Lag        []LagObservation
	Open       money.Cents
	// Spread is the part of Year that is a lump sum spread over reported
	// volume rather than declared: shown apart, never as a declaration.
	Spread money.Cents
}

// PartnerLine is one partner's contribution in the overview.
type PartnerLine struct {
	Partner string      `json:"partner"`
	Bedrag  money.Cents `json:"bedrag_cent"`
}

// ContractRow is one contract's year in `ontschot budget show`: budget,
// spend and forecast. Spend and households are withheld (nil, Suppressed)
// where fewer than MinHouseholds households are behind them, as in a
// release; the budget is a policy figure and always shown.
type ContractRow struct {
	Contract   string        `json:"contract"`
	Naam       string        `json:"naam"`
	Variant    Variant       `json:"variant"`
	Partners   []PartnerLine `json:"partners"`
	Budget     money.Cents   `json:"budget_cent"`
	Spent      *money.Cents  `json:"spent_cent"`
	Forecast   *money.Cents  `json:"forecast_cent"`
	Difference *money.Cents  `json:"over_under_cent"` // forecast − budget; positive is overspend
	Households *int64        `json:"households"`
	Spread     *money.Cents  `json:"spread_cent,omitempty"`
	Method     string        `json:"method,omitempty"`
	// Months is the spend per month (January first) through the month
	// shown, rounded; nil when withheld.
	Months     []*money.Cents `json:"months_cent,omitempty"`
	Suppressed bool           `json:"suppressed"`
	Reason     string         `json:"reason,omitempty"`
}

// ShowRules are the disclosure rules of the overview.
type ShowRules struct {
	MinHouseholds    int
	RoundCount       int
	RoundAmountCents int64
}

// DefaultShowRules follow the release defaults: ≥ 10 households, counts to
// 5, amounts to €1,000.
var DefaultShowRules = ShowRules{MinHouseholds: 10, RoundCount: 5, RoundAmountCents: 100_000}

// Show builds the overview of one year: every contract that runs in it,
// with its partners' lines, its spend so far (through month `through`) and
// a forecast of the year's end.
func Show(year, through int, contracts []Contract, lines []Line, spend map[string]ContractSpend, r ShowRules) []ContractRow {
	byContract := map[string][]Line{}
	for _, l := range lines {
		if l.Jaar == year {
			byContract[l.Contract] = append(byContract[l.Contract], l)
		}
	}
	var out []ContractRow
	for _, c := range contracts {
		if !c.Covers(year) {
			continue
		}
		row := ContractRow{Contract: c.Code, Naam: c.Naam, Variant: c.Variant}
		ls := byContract[c.Code]
		sort.Slice(ls, func(i, j int) bool { return ls[i].Partner < ls[j].Partner })
		for _, l := range ls {
			row.Partners = append(row.Partners, PartnerLine{Partner: l.Partner, Bedrag: l.Bedrag})
			row.Budget += l.Bedrag
		}
		s := spend[c.Code]
		if s.Households < r.MinHouseholds {
			row.Suppressed = true
			row.Reason = "minder dan 10 huishoudens: uitgaven en prognose afgeschermd"
			out = append(out, row)
			continue
		}
		spent := roundCents(s.Year.Through(through), r.RoundAmountCents)
		var completeness []float64
		if len(s.Lag) > 0 {
			completeness = Completeness(s.Lag, 12)
		}
		f := YearEnd(s.Year, through, s.Earlier, completeness, s.Open)
		forecast := roundCents(f.Forecast, r.RoundAmountCents)
		diff := forecast - row.Budget
		hh := roundCount(int64(s.Households), r.RoundCount)
		row.Spent, row.Forecast, row.Difference, row.Households, row.Method = &spent, &forecast, &diff, &hh, f.Method
		for m := 0; m < through && m < 12; m++ {
			v := roundCents(s.Year[m], r.RoundAmountCents)
			row.Months = append(row.Months, &v)
		}
		if s.Spread != 0 {
			sp := roundCents(s.Spread, r.RoundAmountCents)
			row.Spread = &sp
		}
		out = append(out, row)
	}
	return out
}

func roundCents(c money.Cents, step int64) money.Cents {
	if step <= 1 {
		return c
	}
	s := money.Cents(step)
	if c < 0 {
		return -((-c + s/2) / s * s)
	}
	return (c + s/2) / s * s
}

func roundCount(n int64, step int) int64 {
	if step <= 1 {
		return n
	}
	s := int64(step)
	return (n + s/2) / s * s
}
