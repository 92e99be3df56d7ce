package chart

import (
	"strings"
	"testing"
)

func TestFundingCharts(t *testing.T) {
	bars := FundingBars("Besteding "+nasty, []FundingBar{
		{Label: nasty, Budget: 100_000_00, Spent: i64(60_000_00), Forecast: i64(120_000_00)},
		{Label: "Klein", Budget: 5_000_00, Note: "besteding onderdrukt: " + nasty},
	})
	golden(t, "funding-bars", bars)
	if strings.Contains(string(bars), "<b>") {
		t.Error("a label is not escaped")
	}
	// The overspend runs past the budget line: forecast 1.2 × budget.
	if !strings.Contains(string(bars), "€ 120k") || !strings.Contains(string(bars), "besteding onderdrukt") {
		t.Errorf("bars: %s", bars)
	}
	cum := CumulativeSpend("Per maand "+nasty, []*int64{i64(10_000_00), i64(12_000_00), nil, i64(9_000_00)}, 120_000_00, i64(130_000_00))
	golden(t, "funding-cumulative", cum)
	// The line stops at the withheld month: two points, not three.
	if n := strings.Count(string(cum), "<circle"); n != 3 { // two months and the forecast
		t.Errorf("cumulative has %d points, want 3", n)
	}
}

func TestDiverging(t *testing.T) {
	cl := Diverging([]float64{-0.5, -0.10, -0.02, 0, 0.02, 0.3, 0.31}, [4]float64{-0.10, -0.02, 0.02, 0.10}, [5]string{"a", "b", "c", "d", "e"})
	want := []int{1, 1, 2, 1, 2} // a value on a break belongs to the class above it
	for i, c := range cl {
		if c.Count != want[i] || c.Colour != DivergingPalette[i] || c.Index != i {
			t.Errorf("class %d: %+v, want count %d", i, c, want[i])
		}
	}
	if ClassOf(cl, 0.2) != DivergingPalette[4] || ClassOf(cl, -1) != DivergingPalette[0] || ClassOf(cl, 0.01) != DivergingPalette[2] {
		t.Error("ClassOf picks the wrong diverging class")
	}
}
