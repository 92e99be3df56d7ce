// Package trajectory turns care into trajectories — one continuous stretch
// of support for one person by one provider (or the municipality's own
// team) in one category — and compares the municipality's own trajectories
// with contracted care (SPEC §5.4; the Oirschot question: do our own
// trajectories cost less, last shorter and satisfy as much?).
//
// It is pure: it takes the person-level rows the store hands over (by
// pseudonym, never a BSN) and returns only cells that pass the disclosure
// rules. Nothing person-level ever leaves it: no trajectory, no pseudonym.
package trajectory

import (
	"sort"

	"github.com/ontschot/ontschot/internal/money"
)

// Month is a calendar month as yyyy×12 + (m−1), so consecutive months
// differ by one.
type Month int

// MonthOf returns the month of a yyyymmdd date.
func MonthOf(d int) Month { return Month(d/10000*12 + d/100%100 - 1) }

// Start returns the first day of m as yyyymmdd.
func (m Month) Start() int { return int(m)/12*10000 + (int(m)%12+1)*100 + 1 }

// End returns the last day of m as yyyymmdd.
func (m Month) End() int {
	y, mo := int(m)/12, int(m)%12+1
	return y*10000 + mo*100 + daysIn(y, mo)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Care is one month of care for one person by one provider in one
// category: declared deliveries summed, or hours of an own team.
type Care struct {
	Person     string // pseudonym
	Provider   string // AGB code, or the own team's code
	Categorie  string
	Geldstroom string
	Month      Month
	Amount     money.Cents
}

// StartStop is a reported start (JW305/WMO305) or stop (JW307/WMO307) of
// care; Assigned is the assignment's start (the JW301 ingangsdatum), 0
// when unknown.
type StartStop struct {
	Person, Provider, Categorie string
	Stop                        bool
	Date                        int // yyyymmdd
	Assigned                    int
}

// Feedback is one score (1–5) a person gave a provider.
type Feedback struct {
	Person, Provider string
	Score            int
}

// Trajectory is one continuous stretch of care. It never leaves the
// package except inside Cells' aggregates.
type Trajectory struct {
	Person, Provider, Categorie, Geldstroom string
	Own                                     bool
	Start, End                              int // yyyymmdd
	First, Last                             Month
	Cost                                    money.Cents
	// Waiting is the days from the assignment's start to the reported
	// start of care; -1 when either is unknown.
	Waiting int
	Scores  []int
	// Referrer is the kind of referrer (COD327, see AssignReferrers) of a
	// youth-care trajectory; model.VerwijzerOnbekend when no JW315 is linked.
	Referrer string
	months   []monthAmount
}

// monthAmount is one month of a trajectory's spend, so spend can be cut
// to a period.
type monthAmount struct {
	month  Month
	amount money.Cents
}

// SpendIn returns what the trajectory cost in the months inside from–to
// (yyyymmdd, whole months).
func (t Trajectory) SpendIn(from, to int) money.Cents {
	var sum money.Cents
	for _, m := range t.months {
		if m.month.Start() >= from && m.month.End() <= to {
			sum += m.amount
		}
	}
	return sum
}

// Days is the trajectory's length in days, both ends included.
func (t Trajectory) Days() int { return daysBetween(t.Start, t.End) + 1 }

// Build makes trajectories: per person, provider and category, months of
// care with no gap of more than one month form one trajectory. A reported
// start or stop inside (or within a month of) a trajectory gives its real
// first or last day. own tells which providers are the municipality's own
// teams.
func Build(care []Care, startStops []StartStop, feedback []Feedback, own map[string]bool) []Trajectory {
	type key struct{ person, provider, categorie string }
	groups := map[key][]Care{}
	for _, c := range care {
		k := key{c.Person, c.Provider, c.Categorie}
		groups[k] = append(groups[k], c)
	}
	ss := map[key][]StartStop{}
	for _, s := range startStops {
		k := key{s.Person, s.Provider, s.Categorie}
		ss[k] = append(ss[k], s)
	}
	scores := map[[2]string][]int{}
	for _, f := range feedback {
		scores[[2]string{f.Person, f.Provider}] = append(scores[[2]string{f.Person, f.Provider}], f.Score)
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.person != b.person {
			return a.person < b.person
		}
		if a.provider != b.provider {
			return a.provider < b.provider
		}
		return a.categorie < b.categorie
	})
	var out []Trajectory
	for _, k := range keys {
		months := groups[k]
		sort.Slice(months, func(i, j int) bool { return months[i].Month < months[j].Month })
		var cur *Trajectory
		flush := func() {
			if cur != nil {
				refine(cur, ss[k])
				out = append(out, *cur)
			}
		}
		for _, c := range months {
			if cur == nil || c.Month-cur.Last > 2 { // a gap of more than one month
				flush()
				cur = &Trajectory{Person: k.person, Provider: k.provider, Categorie: k.categorie, Geldstroom: c.Geldstroom,
					Own: own[k.provider], First: c.Month, Last: c.Month, Waiting: -1, Scores: scores[[2]string{k.person, k.provider}]}
			}
			cur.Last = c.Month
			cur.Cost += c.Amount
			cur.months = append(cur.months, monthAmount{c.Month, c.Amount})
		}
		flush()
	}
	return out
}

// refine sets a trajectory's first and last day from the months, or from
// a reported start or stop within a month of them.
func refine(t *Trajectory, ss []StartStop) {
	t.Start, t.End = t.First.Start(), t.Last.End()
	for _, s := range ss {
		m := MonthOf(s.Date)
		switch {
		case !s.Stop && m >= t.First-1 && m <= t.First:
			t.Start = s.Date
			if s.Assigned > 0 && s.Assigned <= s.Date {
				t.Waiting = daysBetween(s.Assigned, s.Date)
			}
		case s.Stop && m >= t.Last && m <= t.Last+1:
			t.End = s.Date
		}
	}
	if t.End < t.Start {
		t.End = t.Start
	}
}

// daysBetween returns the days from a to b (yyyymmdd).
func daysBetween(a, b int) int { return dayNumber(b) - dayNumber(a) }

// dayNumber counts days from a fixed origin (proleptic Gregorian).
func dayNumber(d int) int {
	y, m, day := d/10000, d/100%100, d%100
	if m <= 2 {
		y--
		m += 12
	}
	return 365*y + y/4 - y/100 + y/400 + (153*(m-3)+2)/5 + day
}
