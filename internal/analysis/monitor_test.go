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
