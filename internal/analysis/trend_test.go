package analysis

import (
	"testing"

	"github.com/ontschot/ontschot/internal/model"
)

func TestTrend(t *testing.T) {
	amount := func(c model.Cell) *int64 { return c.AmountEUR }
	eur := func(area string, v int64) model.Cell { return model.Cell{Area: area, AmountEUR: &v} }
	sup := model.Cell{Area: "WK2", Suppressed: true, Reason: "minder dan 10 huishoudens"}
	rows := Trend([][]model.Cell{
		{eur("WK1", 1_200_000), eur("WK2", 400_000)},
		{eur("WK1", 1_300_000), sup, eur("WK3", 10)},
		{eur("WK1", 1_560_000), eur("WK2", 380_000)},
	}, amount)
	if len(rows) != 3 || rows[0].Area != "WK1" || rows[1].Area != "WK2" || rows[2].Area != "WK3" {
		t.Fatalf("rows %+v", rows)
	}
	if *rows[0].Change != 360_000 || *rows[0].ChangePct != 0.3 {
		t.Errorf("WK1 change %d (%v), want 360000 (0.3)", *rows[0].Change, *rows[0].ChangePct)
	}
	if *rows[1].Change != -20_000 || rows[1].Values[1] != nil || rows[1].Reasons[1] != "minder dan 10 huishoudens" {
		t.Errorf("WK2: %+v", rows[1])
	}
	// Absent from the nulmeting: no change, rather than a change from 0.
	if rows[2].Change != nil || rows[2].ChangePct != nil || *rows[2].Values[1] != 10 {
		t.Errorf("WK3: %+v", rows[2])
	}
	// One period: nothing to compare.
	if one := Trend([][]model.Cell{{eur("WK1", 5)}}, amount); one[0].Change != nil {
		t.Error("a change with one period")
	}
	zero := Trend([][]model.Cell{{eur("WK1", 0)}, {eur("WK1", 5)}}, amount)
	if *zero[0].Change != 5 || zero[0].ChangePct != nil {
		t.Errorf("from zero: %+v", zero[0])
	}
}
