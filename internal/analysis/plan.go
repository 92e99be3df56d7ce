package analysis

import (
	"sort"

	"github.com/ontschot/ontschot/internal/model"

	"github.com/ontschot/ontschot/internal/money"
)

// Spend is a household's spend against its plan: every delivery (signed, so
// corrections count) whose period begins within the plan's.
type Spend struct {
	Total     money.Cents
	Count     int
	PerStream []StreamSpend // largest first
	Remaining money.Cents   // budget − total; negative when over budget
	Over      bool
	OverBy    money.Cents // −Remaining when over budget
	Percent   float64     // of the budget, 0 when there is no budget
}

// StreamSpend is the spend of one geldstroom.
type StreamSpend struct {
	Geldstroom string
	Amount     money.Cents
	Count      int
}

// SpendAgainst sums the deliveries that begin from from to to (YYYYMMDD,
// both inclusive) and sets them against budget.
func SpendAgainst(budget money.Cents, from, to int64, ds []model.DeliveryRow) Spend {
	var s Spend
	streams := map[string]*StreamSpend{}
	for _, d := range ds {
		if d.Begin < from || d.Begin > to {
			continue
		}
		s.Total += money.Cents(d.AmountCent)
		s.Count++
		if streams[d.Geldstroom] == nil {
			streams[d.Geldstroom] = &StreamSpend{Geldstroom: d.Geldstroom}
		}
		streams[d.Geldstroom].Amount += money.Cents(d.AmountCent)
		streams[d.Geldstroom].Count++
	}
	for _, t := range streams {
		s.PerStream = append(s.PerStream, *t)
	}
	sort.Slice(s.PerStream, func(i, j int) bool {
		if s.PerStream[i].Amount != s.PerStream[j].Amount {
			return s.PerStream[i].Amount > s.PerStream[j].Amount
		}
		return s.PerStream[i].Geldstroom < s.PerStream[j].Geldstroom
	})
	s.Remaining = budget - s.Total
	s.Over = s.Remaining < 0
	if s.Over {
		s.OverBy = -s.Remaining
	}
	if budget > 0 {
		s.Percent = float64(s.Total) / float64(budget)
	}
	return s
}
