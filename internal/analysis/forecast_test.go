package analysis

import (
	"testing"

	"github.com/ontschot/ontschot/internal/model"

	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/money"
)

func eur(v int64) *model.Cell { return &model.Cell{AmountEUR: &v} }

var suppressed = &model.Cell{Suppressed: true, Reason: "minder dan 10 huishoudens"}

func cents(p *money.Cents) any {
	if p == nil {
		return nil
	}
	return *p
}

// A case that starts in the baseline year and saves the gemeente € 100.000
// more each year; another stakeholder gains € 10.000 a year.
func forecastCase() *businesscase.Result {
	return &businesscase.Result{StartYear: 2023, HorizonYears: 3, Stakeholders: []businesscase.StakeholderResult{
		{Name: "gemeente", GainsPerYearCents: []int64{0, 100_000_00, 200_000_00}},
		{Name: "zorgverzekeraar", GainsPerYearCents: []int64{10_000_00, 10_000_00, 10_000_00}},
	}}
}

func TestForecastSums(t *testing.T) {
	years := []string{"2023", "2024", "2025", "2026"}
	cells := [][]*model.Cell{ // two targets × four years
		{eur(600_000), eur(560_000), eur(500_000), eur(480_000)},
		{eur(400_000), suppressed, eur(420_000), nil},
	}
	got := Forecast(forecastCase(), years, cells)
	if len(got) != 4 {
		t.Fatalf("%d years, want 4", len(got))
	}
	want := []struct {
		released, forecast, change any
		complete, inHorizon        bool
		expGem, expAll, extra      money.Cents
	}{
		{money.Cents(1_000_000_00), money.Cents(1_000_000_00), nil, true, true, 0, 10_000_00, 0},
		// a suppressed cell: the sum is a lower bound and no change is shown
		{money.Cents(560_000_00), money.Cents(900_000_00), nil, false, true, 100_000_00, 110_000_00, 100_000_00},
		{money.Cents(920_000_00), money.Cents(800_000_00), money.Cents(-80_000_00), true, true, 200_000_00, 210_000_00, 200_000_00},
		// beyond the horizon the forecast is the baseline; a missing cell
		// leaves the sum complete but short
		{money.Cents(480_000_00), money.Cents(1_000_000_00), money.Cents(-520_000_00), true, false, 0, 0, 0},
	}
	for i, w := range want {
		g := got[i]
		if cents(g.Released) != w.released || cents(g.Forecast) != w.forecast || cents(g.Change) != w.change {
			t.Errorf("%s: released %v forecast %v change %v; want %v %v %v", g.Year, cents(g.Released), cents(g.Forecast), cents(g.Change), w.released, w.forecast, w.change)
		}
		if g.Complete != w.complete || g.InHorizon != w.inHorizon || g.ExpectedGemeente != w.expGem || g.ExpectedAll != w.expAll || g.ExtraSinceBaseline != w.extra {
			t.Errorf("%s: %+v", g.Year, g)
		}
	}
	if !got[0].IsBaseline || got[1].IsBaseline || got[1].Suppressed != 1 || got[3].Missing != 1 || got[3].Cells != 1 {
		t.Errorf("counts: %+v", got)
	}
}

func TestForecastIncompleteBaseline(t *testing.T) {
	got := Forecast(forecastCase(), []string{"2023", "2024"}, [][]*model.Cell{{suppressed, eur(10)}})
	if got[0].Released != nil || got[0].Forecast != nil || got[1].Forecast != nil || got[1].Change != nil {
		t.Errorf("an all-suppressed baseline gave a forecast: %+v", got)
	}
	if *got[1].Released != 10_00 {
		t.Errorf("released %v", *got[1].Released)
	}
	// Without a start year no gain falls on a measurement.
	r := forecastCase()
	r.StartYear = 0
	got = Forecast(r, []string{"2023", "2024"}, [][]*model.Cell{{eur(100), eur(90)}})
	if got[1].InHorizon || *got[1].Forecast != 100_00 || *got[1].Change != -10_00 {
		t.Errorf("no start year: %+v", got[1])
	}
	if Forecast(r, nil, nil) != nil {
		t.Error("rows without years")
	}
}
