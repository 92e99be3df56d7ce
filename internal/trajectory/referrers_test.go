package trajectory

import (
	"fmt"
	"testing"

	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// A youth-care trajectory takes the referrer of the overlapping assignment
// that starts nearest to it; a trajectory without one is "onbekend"; Wmo
// care has no referrer.
func TestAssignReferrers(t *testing.T) {
	c := func(person, cat string, m Month) Care {
		return Care{Person: person, Provider: "11111111", Categorie: cat, Geldstroom: "jeugdwet", Month: m, Amount: 100}
	}
	care := []Care{
		c("a", "45", months(2024, 1)), c("a", "45", months(2024, 2)), // a: Jan–Feb 2024
		c("a", "45", months(2024, 9)), // a again, September
		c("b", "45", months(2024, 3)), // b: no request
		{Person: "c", Provider: "11111111", Categorie: "02", Geldstroom: "wmo", Month: months(2024, 3), Amount: 5},
	}
	refs := []Referral{
		{Person: "a", Provider: "11111111", Categorie: "45", From: 20231201, To: 20240630, Referrer: "02"},
		{Person: "a", Provider: "11111111", Categorie: "45", From: 20240901, To: 0, Referrer: "04"},
		{Person: "a", Provider: "22222222", Categorie: "45", From: 20240101, To: 0, Referrer: "05"}, // another provider
		{Person: "c", Provider: "11111111", Categorie: "02", From: 20240101, To: 0, Referrer: "01"},
	}
	ts := Build(care, nil, nil, nil)
	AssignReferrers(ts, refs)
	got := map[string]string{}
	for _, tr := range ts {
		got[fmt.Sprintf("%s %d", tr.Person, tr.Start)] = tr.Referrer
	}
	want := map[string]string{"a 20240101": "02", "a 20240901": "04", "b 20240301": model.VerwijzerOnbekend, "c 20240301": ""}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("referrers = %v, want %v", got, want)
	}
}

// referred makes n youth-care trajectories referred by code, each one
// person's, running from December 2023 to March 2024 at perMonth a month.
func referred(code string, n int, perMonth money.Cents) []Trajectory {
	var care []Care
	var refs []Referral
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("%s-%d", code, i)
		for m := months(2023, 12); m <= months(2024, 3); m++ {
			care = append(care, Care{Person: p, Provider: "11111111", Categorie: "45", Geldstroom: "jeugdwet", Month: m, Amount: perMonth})
		}
		refs = append(refs, Referral{Person: p, Provider: "11111111", Categorie: "45", From: 20231201, Referrer: code})
	}
	ts := Build(care, nil, nil, nil)
	AssignReferrers(ts, refs)
	return ts
}

// Spend counts only the period's months; a cell under ten trajectories is
// withheld, and then the smallest other one too (secondary suppression);
// counts round to 5, spend to €1,000; shares are of all youth-care spend.
func TestReferrerCells(t *testing.T) {
	var ts []Trajectory
	ts = append(ts, referred("02", 23, 100_000)...) // huisarts: 23 × 3 months × €1,000 in 2024
	ts = append(ts, referred("01", 12, 50_000)...)  // gemeente: 12 × 3 × €500
	ts = append(ts, referred("04", 4, 400_000)...)  // GI: 4, withheld
	ts = append(ts, referred("03", 15, 80_000)...)  // jeugdarts: 15 × 3 × €800
	p := Period{From: 20240101, To: 20241231, DataEnd: 20241231}
	cells := ReferrerCells(ts, p, DefaultRules)
	if len(cells) != 4 {
		t.Fatalf("cells = %+v", cells)
	}
	byCode := map[string]Referrer{}
	for _, c := range cells {
		byCode[c.Referrer] = c
	}
	if c := byCode["02"]; c.Suppressed || *c.Trajectories != 25 || *c.SpendEUR != 69_000 || *c.SpendPct != 40 || c.Name != "Huisarts" {
		t.Errorf("huisarts = %+v", c)
	}
	if c := byCode["04"]; !c.Suppressed || c.Trajectories != nil || c.SpendEUR != nil || c.SpendPct != nil || c.Reason != "minder dan 10 trajecten" {
		t.Errorf("GI = %+v", c)
	}
	// The smallest other cell (gemeente: 12 trajectories, €18,000) goes too.
	if c := byCode["01"]; !c.Suppressed || c.Trajectories != nil || c.SpendEUR != nil || c.Reason == "" {
		t.Errorf("gemeente = %+v", c)
	}
	if c := byCode["03"]; c.Suppressed || *c.Trajectories != 15 || *c.SpendEUR != 36_000 {
		t.Errorf("jeugdarts = %+v", c)
	}
	if cells[0].Referrer != "01" || cells[3].Referrer != "04" {
		t.Errorf("order: %+v", cells)
	}
}

// One client who dominates a cell's spend withholds that spend (p%-rule),
// not the count; with no other cell withheld, a second spend goes too.
func TestReferrerCellsPPercent(t *testing.T) {
	ts := referred("05", 10, 1_000)
	ts[0].months = []monthAmount{{months(2024, 1), 10_000_000}}
	ts = append(ts, referred("02", 30, 100_000)...)
	ts = append(ts, referred("03", 20, 100_000)...)
	cells := ReferrerCells(ts, Period{From: 20240101, To: 20241231}, DefaultRules)
	byCode := map[string]Referrer{}
	for _, c := range cells {
		byCode[c.Referrer] = c
	}
	if c := byCode["05"]; !c.Suppressed || c.Trajectories == nil || *c.Trajectories != 10 || c.SpendEUR != nil {
		t.Errorf("specialist = %+v", c)
	}
	if c := byCode["03"]; c.SpendEUR != nil || c.Trajectories == nil {
		t.Errorf("jeugdarts (secondary) = %+v", c)
	}
	if c := byCode["02"]; c.SpendEUR == nil || c.Suppressed {
		t.Errorf("huisarts = %+v", c)
	}
}

// Property: whatever the mix, a published count stands for at least ten
// trajectories, a published spend passes the p%-rule, and no column has
// exactly one withheld figure.
func TestReferrerCellsProperty(t *testing.T) {
	codes := []string{"01", "02", "03", "04", "05", "06", model.VerwijzerOnbekend}
	for seed := 0; seed < 300; seed++ {
		var ts []Trajectory
		raw := map[string]int{}
		for i, c := range codes {
			n := (seed*7 + i*13) % 25
			raw[c] = n
			for k := 0; k < n; k++ {
				amount := money.Cents(1000 + (seed*31+k*17+i)%5000)
				if k == 0 && (seed+i)%4 == 0 {
					amount *= 400 // one client who dominates
				}
				ts = append(ts, Trajectory{Person: fmt.Sprintf("%s-%d", c, k), Referrer: c, Start: 20240101, End: 20241231,
					months: []monthAmount{{months(2024, 3), amount}}})
			}
		}
		cells := ReferrerCells(ts, Period{From: 20240101, To: 20241231}, DefaultRules)
		var hiddenCount, hiddenSpend int
		for _, c := range cells {
			if c.Trajectories == nil {
				hiddenCount++
			} else if raw[c.Referrer] < 10 {
				t.Fatalf("seed %d: %s published with %d trajectories", seed, c.Referrer, raw[c.Referrer])
			}
			if c.SpendEUR == nil {
				hiddenSpend++
			} else {
				persons := map[string]money.Cents{}
				for _, tr := range ts {
					if tr.Referrer == c.Referrer {
						persons[tr.Person] += tr.SpendIn(20240101, 20241231)
					}
				}
				if dominated(persons, DefaultRules.PPercent) {
					t.Fatalf("seed %d: %s spend published though one client dominates", seed, c.Referrer)
				}
			}
		}
		if hiddenCount == 1 || hiddenSpend == 1 {
			t.Fatalf("seed %d: exactly one withheld figure in a column (counts %d, spend %d): %+v", seed, hiddenCount, hiddenSpend, cells)
		}
	}
}
