package trajectory

import (
	"github.com/ontschot/ontschot/internal/model"
	"math"
	"sort"
	"strconv"
)

// Rules are the disclosure rules for trajectory cells, as for releases
// (SPEC §4): a cell needs MinTrajectories trajectories, counts are rounded
// to RoundCount, amounts per trajectory to RoundEuros (totals to RoundTotalEuros), a mean satisfaction
// needs MinResponses scores, and the p%-rule guards the mean cost (a mean
// times a count is a total, and one large trajectory must not dominate it).
type Rules struct {
	MinTrajectories int
	MinResponses    int
	RoundCount      int
	RoundEuros      int64
	// RoundTotalEuros rounds a total spend (the referrer cells), like the
	// release's amounts.
	RoundTotalEuros int64
	PPercent        float64
}

// DefaultRules are the release defaults.
var DefaultRules = Rules{MinTrajectories: 10, MinResponses: 10, RoundCount: 5, RoundEuros: 10, RoundTotalEuros: 1000, PPercent: 0.20}

// Kinds of trajectory.
const (
	Eigen          = "eigen"
	Gecontracteerd = "gecontracteerd"
)

// Cell is the published cell of one kind of trajectory in one category
// (its JSON is fixed in model).
type Cell = model.TrajectoryCell

// Period is the closed period the cells describe, yyyymmdd inclusive, and
// DataEnd the last day the data covers (what happened after a trajectory
// ended can only be judged up to there).
type Period struct {
	From, To, DataEnd int
}

// Ended reports whether t is known to have ended by the data's end: a
// reported stop, or two months without care after its last month.
func (t Trajectory) ended(dataEnd int) bool {
	return t.End < t.Last.End() || t.Last+2 <= MonthOf(dataEnd)
}

// Specialised reports the categories that count as escalation: youth care
// with accommodation, crisis, closed placement and specialised mental
// health (JZ020 35–38, 43, 44, 46, 52), and for the Wmo short stay,
// sheltered housing and shelter (WMO020 04, 15–18).
func Specialised(cat string) bool {
	switch cat {
	case "35", "36", "37", "38", "43", "44", "46", "52", "04", "15", "16", "17", "18":
		return true
	}
	return false
}

// domain groups categories for re-entry: JZ020 (31–55) is youth care,
// WMO020 (01–18) the Wmo, anything else its own.
func domain(cat string) string {
	if len(cat) == 2 && cat >= "31" && cat <= "55" {
		return "jeugd"
	}
	if len(cat) == 2 && cat >= "01" && cat <= "18" {
		return "wmo"
	}
	return cat
}

// Cells returns, per kind and category, the published figures of the
// trajectories that ended in the period (inflow: those that started in
// it), under the disclosure rules.
func Cells(ts []Trajectory, p Period, r Rules) []Cell {
	// Indices into ts, not copies: at scale ts is most of the memory.
	byPerson := map[string][]int{}
	for i := range ts {
		byPerson[ts[i].Person] = append(byPerson[ts[i].Person], i)
	}
	type key struct{ typ, cat string }
	ended := map[key][]int{}
	inflow := map[key]int{}
	for i := range ts {
		t := &ts[i]
		k := key{kindOf(t), t.Categorie}
		if t.Start >= p.From && t.Start <= p.To {
			inflow[k]++
		}
		if t.End >= p.From && t.End <= p.To && t.ended(p.DataEnd) {
			ended[k] = append(ended[k], i)
		}
	}
	for k := range inflow {
		if _, ok := ended[k]; !ok {
			ended[k] = nil // a cell with inflow but nothing ended yet
		}
	}
	keys := make([]key, 0, len(ended))
	for k := range ended {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].cat != keys[j].cat {
			return keys[i].cat < keys[j].cat
		}
		return keys[i].typ < keys[j].typ
	})
	var out []Cell
	for _, k := range keys {
		out = append(out, cell(k.typ, k.cat, ts, ended[k], inflow[k], byPerson, p, r))
	}
	return out
}

func kindOf(t *Trajectory) string {
	if t.Own {
		return Eigen
	}
	return Gecontracteerd
}

// cell makes the cell of the trajectories ts[idx].
func cell(typ, cat string, ts []Trajectory, idx []int, inflow int, byPerson map[string][]int, p Period, r Rules) Cell {
	c := Cell{Type: typ, Category: cat}
	n := len(idx)
	if n < r.MinTrajectories {
		c.Suppressed = true
		c.Reason = "minder dan " + strconv.Itoa(r.MinTrajectories) + " afgesloten trajecten"
		if inflow >= r.MinTrajectories {
			c.Inflow = ptr(roundTo(int64(inflow), r.RoundCount))
		}
		return c
	}
	c.Trajectories = ptr(roundTo(int64(n), r.RoundCount))
	c.Outflow = c.Trajectories
	if inflow >= r.MinTrajectories {
		c.Inflow = ptr(roundTo(int64(inflow), r.RoundCount))
	}
	costs := make([]float64, n)
	days := make([]float64, n)
	var scores []int
	var total float64
	for i, j := range idx {
		t := &ts[j]
		costs[i] = float64(t.Cost) / 100
		days[i] = float64(t.Days())
		total += costs[i]
		scores = append(scores, t.Scores...)
	}
	sort.Float64s(costs)
	c.CostMedianEUR = ptr(roundTo(int64(math.Round(quantile(costs, 0.5))), int(r.RoundEuros)))
	c.CostP90EUR = ptr(roundTo(int64(math.Round(quantile(costs, 0.9))), int(r.RoundEuros)))
	largest, second := costs[n-1], 0.0
	if n > 1 {
		second = costs[n-2]
	}
	if total-largest-second >= r.PPercent*largest {
		c.CostMeanEUR = ptr(roundTo(int64(math.Round(total/float64(n))), int(r.RoundEuros)))
	} else {
		c.Reason = "gemiddelde kosten afgeschermd: één traject bepaalt het bedrag (p%-regel)"
	}
	sort.Float64s(days)
	c.DurationMedianDays = ptr(int64(math.Round(quantile(days, 0.5))))
	if len(scores) >= r.MinResponses {
		var s int
		for _, v := range scores {
			s += v
		}
		m := math.Round(float64(s)/float64(len(scores))*10) / 10
		c.SatisfactionMean = &m
		c.Responses = ptr(roundTo(int64(len(scores)), r.RoundCount))
	}
	c.ReentryPct, c.EscalationPct = followUp(ts, idx, byPerson, p, r)
	return c
}

// followUp is the share of trajectories followed by a new one in the same
// domain (re-entry) or by specialised care (escalation) within 12 months
// of their end, over the trajectories whose 12 months the data covers.
func followUp(ts []Trajectory, idx []int, byPerson map[string][]int, p Period, r Rules) (reentry, escalation *int64) {
	var eligible, re, esc int
	for _, j := range idx {
		t := &ts[j]
		horizon := addMonths(t.End, 12)
		if horizon > p.DataEnd {
			continue
		}
		eligible++
		var gotRe, gotEsc bool
		for _, oi := range byPerson[t.Person] {
			o := &ts[oi]
			if o.Start <= t.End || o.Start > horizon {
				continue
			}
			if domain(o.Categorie) == domain(t.Categorie) {
				gotRe = true
			}
			if Specialised(o.Categorie) && !Specialised(t.Categorie) {
				gotEsc = true
			}
		}
		if gotRe {
			re++
		}
		if gotEsc {
			esc++
		}
	}
	if eligible < r.MinTrajectories {
		return nil, nil
	}
	return ptr(int64(math.Round(100 * float64(re) / float64(eligible)))), ptr(int64(math.Round(100 * float64(esc) / float64(eligible))))
}

// addMonths adds n months to a yyyymmdd date, keeping the day where it
// exists (31 January + 1 month = 28 or 29 February).
func addMonths(d, n int) int {
	y, m, day := d/10000, d/100%100, d%100
	m += n
	y += (m - 1) / 12
	m = (m-1)%12 + 1
	return y*10000 + m*100 + min(day, daysIn(y, m))
}

// quantile of sorted xs by linear interpolation.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	pos := q * float64(len(xs)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return xs[lo] + (xs[hi]-xs[lo])*(pos-float64(lo))
}

func roundTo(v int64, step int) int64 {
	if step <= 1 {
		return v
	}
	s := int64(step)
	return (v + s/2) / s * s
}

func ptr[T any](v T) *T { return &v }
