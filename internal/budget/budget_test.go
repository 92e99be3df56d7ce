package budget

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ontschot/ontschot/internal/money"
)

func TestOverlaps(t *testing.T) {
	base := Contract{Code: "A", Aanbieders: []string{"11111111", "22222222"}, Geldstromen: []string{"wmo"}, Gebied: "WK064201", Begin: 20250101, Eind: 20291231}
	for _, tc := range []struct {
		name string
		b    Contract
		want bool
	}{
		{"same provider, buurt inside the wijk", Contract{Aanbieders: []string{"22222222"}, Gebied: "BU06420105", Begin: 20260101, Eind: 20261231}, true},
		{"other wijk", Contract{Aanbieders: []string{"22222222"}, Gebied: "WK064202", Begin: 20250101, Eind: 20291231}, false},
		{"other provider", Contract{Aanbieders: []string{"33333333"}, Begin: 20250101, Eind: 20291231}, false},
		{"other stream", Contract{Aanbieders: []string{"11111111"}, Geldstromen: []string{"jeugdwet"}, Begin: 20250101, Eind: 20291231}, false},
		{"the whole gemeente, all streams", Contract{Aanbieders: []string{"11111111"}, Gebied: "GM0642", Begin: 20250101, Eind: 20291231}, true},
		{"before", Contract{Aanbieders: []string{"11111111"}, Begin: 20200101, Eind: 20241231}, false},
	} {
		if got := Overlaps(base, tc.b); got != tc.want {
			t.Errorf("%s: Overlaps = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCheckLine(t *testing.T) {
	c := &Contract{Code: "A", Begin: 20250101, Eind: 20291231}
	for _, tc := range []struct {
		l  Line
		c  *Contract
		ok bool
	}{
		{Line{Contract: "A", Jaar: 2026, Partner: "gemeente", Bedrag: 100}, c, true},
		{Line{Contract: "A", Jaar: 2026, Partner: "12345678", Bedrag: 100}, c, true},
		{Line{Contract: "B", Jaar: 2026, Partner: "gemeente", Bedrag: 100}, nil, false},
		{Line{Contract: "A", Jaar: 2030, Partner: "gemeente", Bedrag: 100}, c, false},
		{Line{Contract: "A", Jaar: 2026, Partner: "gemeente", Bedrag: -1}, c, false},
		{Line{Contract: "A", Jaar: 2026, Partner: "bakker", Bedrag: 1}, c, false},
	} {
		if err := CheckLine(tc.l, tc.c); (err == nil) != tc.ok {
			t.Errorf("CheckLine(%+v) = %v, want ok %v", tc.l, err, tc.ok)
		}
	}
}

func TestSpreadAddsUpToTheCent(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		amount := money.Cents(r.Int64N(1e12) - 5e11)
		vol := map[string]int64{}
		for k := 0; k < 1+r.IntN(30); k++ {
			vol[string(rune('a'+k))] = r.Int64N(1e6)
		}
		parts := Spread(amount, vol)
		var sum money.Cents
		var total int64
		for _, v := range vol {
			total += v
		}
		for k, p := range parts {
			sum += p
			exact := float64(amount) * float64(vol[k]) / float64(total)
			if math.Abs(float64(p)-exact) > 1 {
				t.Fatalf("part %s = %d, exact %.2f", k, p, exact)
			}
		}
		if total > 0 && sum != amount {
			t.Fatalf("parts add up to %d, want %d", sum, amount)
		}
	}
	if got := Spread(100, map[string]int64{"x": 0}); len(got) != 0 {
		t.Errorf("spread over no volume = %v", got)
	}
	got := Spread(100, map[string]int64{"a": 1, "b": 1, "c": 1})
	if got["a"] != 34 || got["b"] != 33 || got["c"] != 33 {
		t.Errorf("ties = %v, want a 34, b 33, c 33 (smaller key first)", got)
	}
}

func TestYearEndForecast(t *testing.T) {
	// Earlier years: spend rises through the year (twice as much in the
	// second half); this year runs 10% above, declared through June.
	var hist Months
	for m := range hist {
		hist[m] = 100_000
		if m >= 6 {
			hist[m] = 200_000
		}
	}
	var now Months
	for m := 0; m < 6; m++ {
		now[m] = 110_000
	}
	f := YearEnd(now, 6, []Months{hist, hist}, nil, 0)
	if f.SeasonalShare != 600_000.0/1_800_000 || f.Forecast != 1_980_000 {
		t.Errorf("forecast = %+v, want share 1/3 and 1,980,000", f)
	}
	// Declarations lag: only half of the last month and 90% of the one
	// before are in.
	now[5], now[4] = 55_000, 99_000
	f = YearEnd(now, 6, []Months{hist}, []float64{0.5, 0.9, 1}, 0)
	if f.LagCorrection != 55_000+11_000 || f.Forecast != 1_980_000 {
		t.Errorf("lag-corrected forecast = %+v", f)
	}
	// Open assignments floor the forecast.
	f = YearEnd(now, 6, nil, nil, 5_000_000)
	if f.Forecast != f.Declared+5_000_000 || f.Method == "" {
		t.Errorf("floored forecast = %+v", f)
	}
	if lin := YearEnd(now, 6, nil, nil, 0); lin.SeasonalShare != 0.5 {
		t.Errorf("without history the share is linear: %+v", lin)
	}
}

func TestCompleteness(t *testing.T) {
	obs := []LagObservation{
		{Final: 100, KnownAt: []money.Cents{50, 90, 100}},
		{Final: 300, KnownAt: []money.Cents{150, 300}},
	}
	got := Completeness(obs, 3)
	want := []float64{0.5, 0.975, 1, 1}
	for k := range want {
		if math.Abs(got[k]-want[k]) > 1e-9 {
			t.Errorf("completeness[%d] = %v, want %v", k, got[k], want[k])
		}
	}
}

func TestPopulationBudgetAndCalibration(t *testing.T) {
	truth := Norms{PerBand: [5]money.Cents{40_000, 25_000, 8_000, 10_000, 30_000}}
	r := rand.New(rand.NewPCG(3, 4))
	var areas []Area
	var spend []money.Cents
	for i := 0; i < 30; i++ {
		a := Area{Code: "BU" + string(rune('A'+i))}
		for b := range a.Bands {
			a.Bands[b] = 100 + r.Int64N(3000)
		}
		s, err := PopulationBudget(a, truth)
		if err != nil {
			t.Fatal(err)
		}
		areas, spend = append(areas, a), append(spend, s)
	}
	got, err := Calibrate(areas, spend)
	if err != nil {
		t.Fatal(err)
	}
	for b := range got {
		if d := math.Abs(float64(got[b] - truth.PerBand[b])); d > 1 {
			t.Errorf("band %s: calibrated %d, true %d", Bands[b], got[b], truth.PerBand[b])
		}
	}
	// Non-negative: spend that only the young explain gives 0 for the others,
	// never a negative norm.
	for i := range spend {
		spend[i] = money.Cents(areas[i].Bands[0] * 50_000)
	}
	got, err = Calibrate(areas, spend)
	if err != nil {
		t.Fatal(err)
	}
	for b, v := range got {
		if v < 0 || (b > 0 && v > 1) {
			t.Errorf("band %s norm %d", Bands[b], v)
		}
	}
	// Factors.
	n := Norms{PerBand: [5]money.Cents{100, 100, 100, 100, 100}, Factors: []Factor{{Indicator: "pct_rond_sociaal_min", Weight: 0.02, Reference: 8}}}
	a := Area{Code: "X", Bands: [5]int64{10, 0, 0, 0, 0}, Indicators: map[string]float64{"pct_rond_sociaal_min": 13}}
	if b, err := PopulationBudget(a, n); err != nil || b != 1100 {
		t.Errorf("with factor: %d %v, want 1,100 (+10%%)", b, err)
	}
	delete(a.Indicators, "pct_rond_sociaal_min")
	if _, err := PopulationBudget(a, n); err == nil {
		t.Error("a missing indicator was read as zero")
	}
	if bands := BandsFromPercentages(19280, [5]float64{14, 11, 21, 30, 25}); bands[0]+bands[1]+bands[2]+bands[3]+bands[4] != 19280 {
		t.Errorf("bands %v do not add up to the inhabitants", bands)
	}
}

func TestPay(t *testing.T) {
	sat, out, back := 3.6, 30.0, 12.0
	p, err := Pay(1_000_000_00, []Result{
		{Indicator: Tevredenheid, Target: 4.0, Share: 0.1, Measured: &sat}, // 90% reached
		{Indicator: Uitstroom, Target: 25, Share: 0.1, Measured: &out},     // above target: full
		{Indicator: Herinstroom, Target: 10, Share: 0.1, Measured: &back},  // lower is better: 10/12
		{Indicator: Bereik, Target: 500, Share: 0.1},                       // not measurable yet
	})
	if err != nil {
		t.Fatal(err)
	}
	want := money.Cents(60_000_000 + 9_000_000 + 10_000_000 + 8_333_333)
	if p.Fixed != 60_000_000 || p.Pending != 10_000_000 || p.Total != want {
		t.Errorf("payment = %+v, want fixed 60M, pending 10M, total %d", p, want)
	}
	if _, err := Pay(100, []Result{{Indicator: Bereik, Share: 0.7}, {Indicator: Uitstroom, Share: 0.4}}); err == nil {
		t.Error("shares over 100% accepted")
	}
}

func TestShow(t *testing.T) {
	contracts := []Contract{
		{Code: "GGZ", Naam: "GGZ-consortium", Variant: Taak, Begin: 20250101, Eind: 20291231},
		{Code: "KLEIN", Naam: "Klein contract", Variant: Output, Begin: 20250101, Eind: 20251231},
		{Code: "OUD", Naam: "Afgelopen", Variant: Output, Begin: 20200101, Eind: 20241231},
	}
	lines := []Line{
		{Contract: "GGZ", Jaar: 2025, Partner: "gemeente", Bedrag: 300_000_000},
		{Contract: "GGZ", Jaar: 2025, Partner: "zorgverzekeraar", Bedrag: 50_000_000},
		{Contract: "GGZ", Jaar: 2026, Partner: "gemeente", Bedrag: 999},
		{Contract: "KLEIN", Jaar: 2025, Partner: "gemeente", Bedrag: 1_000_000},
	}
	var year Months
	for m := 0; m < 6; m++ {
		year[m] = 30_000_000
	}
	spend := map[string]ContractSpend{
		"GGZ":   {Year: year, Households: 212},
		"KLEIN": {Year: year, Households: 4},
	}
	rows := Show(2025, 6, contracts, lines, spend, DefaultShowRules)
	if len(rows) != 2 {
		t.Fatalf("rows = %+v", rows)
	}
	g := rows[0]
	if g.Budget != 350_000_000 || len(g.Partners) != 2 || *g.Spent != 180_000_000 || *g.Forecast != 360_000_000 || *g.Difference != 10_000_000 || *g.Households != 210 {
		t.Errorf("GGZ = %+v", g)
	}
	k := rows[1]
	if !k.Suppressed || k.Spent != nil || k.Households != nil || k.Budget != 1_000_000 {
		t.Errorf("contract with 4 households = %+v", k)
	}
}
