package analysis

import (
	"testing"

	"github.com/ontschot/ontschot/internal/money"
)

func TestMonitorFlagsDeviation(t *testing.T) {
	c := func(v money.Cents) *money.Cents { return &v }
	years := []ForecastYear{
		{Year: "2023", IsBaseline: true, Released: c(1_000_000), Complete: true, Forecast: c(1_000_000)},
		{Year: "2024", Released: c(1_050_000), Complete: true, Forecast: c(1_000_000)},
		{Year: "2025", Released: c(1_300_000), Complete: true, Forecast: c(1_000_000)},
		{Year: "2026", Released: c(10), Complete: false, Forecast: c(1_000_000)},
		{Year: "2027", Released: c(10), Complete: true, Forecast: c(-5)},
	}
	rows := Monitor("case", years, 0.10)
	if rows[0].Flag || rows[0].Note != "nulmeting" {
		t.Errorf("baseline = %+v", rows[0])
	}
	if rows[1].Flag || *rows[1].DeviationPct != 5 {
		t.Errorf("2024 = %+v", rows[1])
	}
	if !rows[2].Flag || *rows[2].DeviationPct != 30 {
		t.Errorf("2025 = %+v", rows[2])
	}
	if rows[3].Flag || rows[3].DeviationPct != nil || rows[3].Released != nil || rows[3].Note == "" {
		t.Errorf("incomplete year compared: %+v", rows[3])
	}
	if rows[4].Flag || rows[4].DeviationPct != nil || rows[4].Note == "" {
		t.Errorf("negative forecast compared: %+v", rows[4])
	}
}

func TestMonitorEffect(t *testing.T) {
	c := func(v money.Cents) *money.Cents { return &v }
	i := func(v int64) *int64 { return &v }
	ev := &PlanEvaluation{EffectCent: i(-300_000), IntervalCent: &[2]int64{-500_000, -100_000}}
	r := MonitorEffect("case", "2025", c(200_000), ev, 0.10)
	if r.Released == nil || *r.Released != 300_000 || *r.DeviationPct != 50 || !r.Flag {
		t.Errorf("row = %+v", r)
	}
	if r := MonitorEffect("case", "2025", c(290_000), ev, 0.10); r.Flag {
		t.Errorf("3%% off flagged: %+v", r)
	}
	if r := MonitorEffect("case", "2024", c(200_000), &PlanEvaluation{}, 0.10); r.Flag || r.Released != nil || r.Note == "" {
		t.Errorf("unpublished evaluation compared: %+v", r)
	}
}
