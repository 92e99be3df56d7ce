package budget

import (
	"testing"

	"github.com/ontschot/ontschot/internal/money"
)

func TestOpenVolume(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		begin, end, from, to Day
		volume               int64
		freq                 string
		declared, want       int64
	}{
		{"10 hours a week, all of January, nothing declared", 20250101, 20251231, 20250101, 20250131, 10, "2", 0, 44},
		{"10 hours a week, 30 declared", 20250101, 20251231, 20250101, 20250131, 10, "2", 30, 14},
		{"declared more than granted", 20250101, 20251231, 20250101, 20250131, 10, "2", 60, 0},
		{"8 a month for six months, open-ended", 20250101, 0, 20250101, 20250630, 8, "4", 0, 48},
		{"120 in total over a year, half the year", 20250101, 20251231, 20250101, 20250702, 120, "6", 0, 60},
		{"before the window", 20240101, 20241231, 20250101, 20250630, 8, "4", 0, 0},
		{"unknown frequency", 20250101, 20251231, 20250101, 20250630, 8, "9", 0, 0},
	} {
		if got := OpenVolume(tc.begin, tc.end, tc.from, tc.to, tc.volume, tc.freq, tc.declared); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// A contract's spend: the first contract that matches claims a delivery;
// care outside its area, streams or dates counts for nobody; open
// assignments become the forecast's floor.
func TestAggregateAndForecastFloor(t *testing.T) {
	cs := []Contract{
		{Code: "A", Aanbieders: []string{"1"}, Geldstromen: []string{"wmo"}, Gebied: "WK00010001", Begin: 20240101, Eind: 20251231},
	}
	care := []CareRow{
		{Household: "h1", Area: "BU0001000101", AGB: "1", Geldstroom: "wmo", Month: 202501, Amount: 1000},
		{Household: "h2", Area: "BU0001000101", AGB: "1", Geldstroom: "wmo", Month: 202502, Amount: 2000},
		{Household: "h3", Area: "BU0001000201", AGB: "1", Geldstroom: "wmo", Month: 202502, Amount: 5000},   // other wijk
		{Household: "h4", Area: "BU0001000101", AGB: "1", Geldstroom: "jeugd", Month: 202502, Amount: 5000}, // other stream
		{Household: "h5", Area: "BU0001000101", AGB: "1", Geldstroom: "wmo", Month: 202303, Amount: 5000},   // before the contract
		{Household: "h1", Area: "BU0001000101", AGB: "1", Geldstroom: "wmo", Month: 202401, Amount: 700},
		{Household: "h1", Area: "BU0001000101", AGB: "1", Geldstroom: "wmo", Month: 202503, Amount: 9000}, // after "through"
	}
	open := []OpenRow{{Household: "h2", Area: "BU0001000101", AGB: "1", Geldstroom: "wmo", Value: 50_000}}
	s := Aggregate(2025, 2, cs, care, nil, open)["A"]
	if s.Year.Through(2) != 3000 || s.Year[2] != 0 || s.Households != 2 || s.Open != 50_000 || len(s.Earlier) != 1 || s.Earlier[0].Total() != 700 {
		t.Fatalf("spend %+v", s)
	}
	f := YearEnd(s.Year, 2, s.Earlier, nil, s.Open)
	if f.Forecast != 53_000 {
		t.Errorf("forecast %d, want the floor 3,000 + 50,000", f.Forecast)
	}
}

// History that arrived month by month tells the lag; history loaded at
// once does not.
func TestLagObservations(t *testing.T) {
	arrivals := map[int]map[int]money.Cents{
		202401: {202402: 800, 202404: 200}, // 80% the month after, the rest two months later
		202402: {202403: 800, 202405: 200},
	}
	obs := lagObservations(arrivals)
	c := Completeness(obs, 12)
	if len(obs) != 2 || c[0] != 0.8 || c[1] != 0.8 || c[2] != 1 {
		t.Fatalf("completeness %v", c[:4])
	}
	bulk := map[int]map[int]money.Cents{202401: {202611: 1000}}
	if lagObservations(bulk) != nil {
		t.Error("bulk-loaded history must give no lag observations")
	}
}

func TestMeasure(t *testing.T) {
	clients := Clients{}
	// 20 households with care in 2025: 10 stop after June 2025; 4 of
	// those come back in 2026; the other 10 carry on.
	for i := 0; i < 20; i++ {
		h := string(rune('a' + i))
		for m := 0; m < 6; m++ {
			clients[h] = append(clients[h], 2025*12+m)
		}
		if i >= 10 {
			for m := 6; m < 18; m++ {
				clients[h] = append(clients[h], 2025*12+m)
			}
		} else if i < 4 {
			clients[h] = append(clients[h], 2026*12+2)
		}
	}
	dataEnd := 2026*12 + 5
	if v := Measure(Uitstroom, 2025, clients, nil, dataEnd); v == nil || *v != 0.5 {
		t.Errorf("uitstroom %v, want 0.5", v)
	}
	if v := Measure(Herinstroom, 2025, clients, nil, dataEnd); v == nil || *v != 0.4 {
		t.Errorf("herinstroom %v, want 0.4", v)
	}
	// With data only through December 2025 the year after most endings is
	// unknown: not measurable rather than a flattering 0.
	if v := Measure(Herinstroom, 2025, clients, nil, 2025*12+11); v != nil {
		t.Errorf("herinstroom without the 12 months after: %v, want not measurable", *v)
	}
	if v := Measure(Bereik, 2025, clients, nil, dataEnd); v == nil || *v != 20 {
		t.Errorf("bereik %v", v)
	}
	if v := Measure(Tevredenheid, 2025, clients, []int{4, 4, 4, 4, 4, 4, 4, 4, 5}, dataEnd); v != nil {
		t.Errorf("9 scores must not be measured, got %v", *v)
	}
	if v := Measure(Tevredenheid, 2025, clients, []int{4, 4, 4, 4, 4, 4, 4, 4, 5, 5}, dataEnd); v == nil || *v != 4.2 {
		t.Errorf("tevredenheid %v", v)
	}
}

// Spread cells add up: the spread part of the gemeente is the lump sum,
// split over the areas' hours.
func TestSpreadCellsSumToTheLump(t *testing.T) {
	in := SpreadInput{Gemeente: "GM0001", WijkOf: map[string]string{"BU0001000101": "WK00010001", "BU0001000201": "WK00010002"},
		Contracts: []Contract{{Code: "L", Variant: Taak, Aanbieders: []string{"9"}, Begin: 20250101, Eind: 20251231}},
		Lumps:     []Lump{{Contract: "L", Amount: 1_000_001}}}
	for i := 0; i < 40; i++ {
		area, minutes := "BU0001000101", int64(60)
		if i%4 == 0 {
			area, minutes = "BU0001000201", 180
		}
		in.Care = append(in.Care, CareRow{Household: string(rune('A' + i)), Area: area, AGB: "9", Month: 202503, Minutes: minutes, Amount: 0})
	}
	cells := SpreadCells(in, ShowRules{MinHouseholds: 10})
	byArea := map[string]int{}
	for i, c := range cells {
		byArea[c.Area] = i
	}
	g, w1, w2 := cells[byArea["GM0001"]], cells[byArea["WK00010001"]], cells[byArea["WK00010002"]]
	if *g.Spread != 1_000_001 || *w1.Spread+*w2.Spread != 1_000_001 || *w2.Spread != 500_000 || *g.Households != 40 {
		t.Fatalf("gemeente %v, wijken %v + %v", *g.Spread, *w1.Spread, *w2.Spread)
	}
}
