package trajectory

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/money"
)

func months(y, m int) Month { return Month(y*12 + m - 1) }

func TestMonth(t *testing.T) {
	m := MonthOf(20240215)
	if m.Start() != 20240201 || m.End() != 20240229 || (m+11).End() != 20250131 {
		t.Errorf("month arithmetic: %d %d %d", m.Start(), m.End(), (m + 11).End())
	}
	if d := daysBetween(20241231, 20250101); d != 1 {
		t.Errorf("daysBetween = %d", d)
	}
	if addMonths(20250131, 1) != 20250228 || addMonths(20241115, 12) != 20251115 {
		t.Errorf("addMonths: %d %d", addMonths(20250131, 1), addMonths(20241115, 12))
	}
}

func TestBuildSplitsOnGapsAndUsesStartStop(t *testing.T) {
	c := func(m Month, amount money.Cents) Care {
		return Care{Person: "hp1:a", Provider: "11111111", Categorie: "02", Geldstroom: "wmo", Month: m, Amount: amount}
	}
	care := []Care{
		c(months(2025, 1), 100), c(months(2025, 3), 100), // one missing month: still one trajectory
		c(months(2025, 2), 100),
		c(months(2025, 7), 50), // April–June without care: a new trajectory
		{Person: "hp1:a", Provider: "22222222", Categorie: "02", Month: months(2025, 1), Amount: 7}, // other provider
	}
	ss := []StartStop{
		{Person: "hp1:a", Provider: "11111111", Categorie: "02", Date: 20250114, Assigned: 20250102},
		{Person: "hp1:a", Provider: "11111111", Categorie: "02", Stop: true, Date: 20250320},
	}
	fb := []Feedback{{Person: "hp1:a", Provider: "11111111", Score: 4}}
	ts := Build(care, ss, fb, map[string]bool{"22222222": true})
	if len(ts) != 3 {
		t.Fatalf("%d trajectories, want 3: %+v", len(ts), ts)
	}
	first := ts[0]
	if first.Start != 20250114 || first.End != 20250320 || first.Cost != 300 || first.Waiting != 12 || first.Own || len(first.Scores) != 1 {
		t.Errorf("first trajectory = %+v", first)
	}
	if second := ts[1]; second.Start != 20250701 || second.End != 20250731 || second.Cost != 50 || second.Waiting != -1 {
		t.Errorf("second trajectory = %+v", second)
	}
	if own := ts[2]; !own.Own || own.Provider != "22222222" {
		t.Errorf("own team trajectory = %+v", own)
	}
}

// synth makes n ended trajectories of one kind in category 02 during 2024,
// costing base×(1 + i%5) cents each, with a score each.
func synth(kind string, n int, base money.Cents, score int) []Trajectory {
	var out []Trajectory
	for i := 0; i < n; i++ {
		first := months(2024, 1+i%6)
		out = append(out, Trajectory{Person: fmt.Sprintf("hp1:%s%d", kind, i), Provider: kind, Categorie: "02", Own: kind == Eigen,
			First: first, Last: first + 2, Start: first.Start(), End: (first + 2).End(),
			Cost: base * money.Cents(1+i%5), Waiting: 10 + i%7, Scores: []int{score - i%2}})
	}
	return out
}

var period2024 = Period{From: 20240101, To: 20241231, DataEnd: 20251231}

func TestCellsDisclosure(t *testing.T) {
	ts := append(synth(Eigen, 40, 100_000, 5), synth(Gecontracteerd, 9, 200_000, 5)...)
	cells := Cells(ts, period2024, DefaultRules)
	if len(cells) != 2 {
		t.Fatalf("cells = %+v", cells)
	}
	own, con := cells[0], cells[1] // eigen sorts before gecontracteerd
	if !con.Suppressed || con.Trajectories != nil || con.CostMedianEUR != nil || con.Reason == "" {
		t.Errorf("9 contracted trajectories published: %+v", con)
	}
	// 40 own trajectories costing €1,000–€5,000: median €3,000, p90 €5,000.
	if own.Suppressed || *own.Trajectories != 40 || *own.CostMedianEUR != 3000 || *own.CostP90EUR != 5000 || *own.CostMeanEUR != 3000 {
		t.Errorf("own cell = %+v", own)
	}
	if *own.DurationMedianDays < 89 || *own.DurationMedianDays > 92 {
		t.Errorf("median duration %d days, want about three months", *own.DurationMedianDays)
	}
	if own.SatisfactionMean == nil || *own.SatisfactionMean != 4.5 || *own.ReentryPct != 0 {
		t.Errorf("satisfaction %v re-entry %v", own.SatisfactionMean, own.ReentryPct)
	}
	// One trajectory that dominates the total: the mean is withheld.
	dom := synth(Eigen, 12, 100, 4)
	dom[0].Cost = 10_000_000
	c := Cells(dom, period2024, DefaultRules)[0]
	if c.CostMeanEUR != nil || !strings.Contains(c.Reason, "p%") || c.CostMedianEUR == nil {
		t.Errorf("dominated cell = %+v", c)
	}
}

func TestReentryAndEscalationNeedTwelveMonths(t *testing.T) {
	ts := synth(Gecontracteerd, 20, 100_000, 4)
	// Half come back within 12 months; a quarter of those into sheltered housing.
	for i := 0; i < 10; i++ {
		cat := "02"
		if i < 5 {
			cat = "15"
		}
		start := MonthOf(ts[i].End) + 10 // in 2025: outside the 2024 cell, within 12 months
		ts = append(ts, Trajectory{Person: ts[i].Person, Provider: "x", Categorie: cat, First: start, Last: start, Start: start.Start(), End: start.End(), Waiting: -1})
	}
	c := Cells(ts, period2024, DefaultRules)[0]
	if c.ReentryPct == nil || *c.ReentryPct != 50 || *c.EscalationPct != 25 {
		t.Errorf("re-entry %v escalation %v, want 50 and 25", c.ReentryPct, c.EscalationPct)
	}
	// Data ending in 2024 cannot judge 12 months after: withheld.
	short := Cells(ts, Period{From: 20240101, To: 20241231, DataEnd: 20241231}, DefaultRules)
	for _, c := range short {
		if c.Category == "02" && c.ReentryPct != nil {
			t.Errorf("re-entry published without 12 months of follow-up: %+v", c)
		}
	}
}

func TestCompareOwnCostsHalf(t *testing.T) {
	ts := append(synth(Eigen, 60, 100_000, 5), synth(Gecontracteerd, 60, 200_000, 5)...)
	cells := Cells(ts, period2024, DefaultRules)
	cmp := Compare(ts, cells, period2024, DefaultRules, 42)
	if len(cmp) != 1 {
		t.Fatalf("comparisons = %+v", cmp)
	}
	c := cmp[0]
	if *c.CostRatio != 0.5 || c.CostRatioInterval == nil || c.CostRatioInterval[0] > 0.5 || c.CostRatioInterval[1] < 0.5 || c.CostRatioInterval[1] >= 1 {
		t.Errorf("ratio %v interval %v", *c.CostRatio, c.CostRatioInterval)
	}
	if !strings.Contains(c.Headline, "kosten de helft") || !strings.Contains(c.Headline, "even tevreden") {
		t.Errorf("headline = %q", c.Headline)
	}
	again := Compare(ts, cells, period2024, DefaultRules, 42)
	if *again[0].CostRatioInterval != *c.CostRatioInterval {
		t.Error("the same data and seed gave another interval")
	}
	// Without a published contracted cell there is nothing to compare.
	if cmp := Compare(ts[:60], Cells(ts[:60], period2024, DefaultRules), period2024, DefaultRules, 1); len(cmp) != 0 {
		t.Errorf("compared without contracted care: %+v", cmp)
	}
}

func TestWaitingTimes(t *testing.T) {
	ts := append(synth("11111111", 14, 1, 3), synth("22222222", 3, 1, 3)...)
	w := WaitingTimes(ts, period2024, DefaultRules)
	if len(w) != 2 || w[0].MedianDays == nil || *w[0].MedianDays != 13 || *w[0].Cases != 15 || !w[1].Suppressed {
		t.Errorf("waiting = %+v", w)
	}
}
