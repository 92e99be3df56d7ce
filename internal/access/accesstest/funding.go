package accesstest

import (
	"encoding/json"

	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// Contract codes of the fixture's funding overview (release 2025 only).
const (
	ContractLumpSum = "GGZ-LUMPSUM"  // a GGZ consortium paid a lump sum, spend spread over reported volume
	ContractResults = "COOP-OOST"    // a cooperative paid on results, with aftercare conversations
	ContractPooled  = "WIJK-CENTRUM" // a pooled wijk budget (taak) in Centrum, four partners
	ContractSmall   = "JH-KLEIN"     // too few households: spend withheld
)

// fundingExtras are the release extras of kind funding and funding_spread
// the budget module publishes with a release (model/funding.go); the
// fixture publishes them with 2025 only, so that 2024 shows the page
// without a funding overview.
func fundingExtras(period string) []model.ReleaseExtra {
	if period != "2025" {
		return nil
	}
	c := func(v int64) *money.Cents { x := money.Cents(v); return &x }
	n := func(v int64) *int64 { return &v }
	f := func(v float64) *float64 { return &v }
	months := func(vs ...int64) []*money.Cents {
		out := make([]*money.Cents, len(vs))
		for i, v := range vs {
			if v >= 0 {
				out[i] = c(v)
			}
		}
		return out
	}
	fund := model.Funding{Year: 2025, Through: 6, Contracts: []model.FundingContract{
		{Contract: ContractLumpSum, Naam: "GGZ-consortium lumpsum", Variant: "taak", Opdrachtnemer: "Consortium GGZ Testregio",
			Members: []string{AGB1, AGB2}, Begin: "2024-01-01", End: "2027-12-31",
			Partners: []model.FundingPartner{{Partner: "gemeente", Amount: 120_000_000}},
			Budget:   120_000_000, Spent: c(64_000_000), Forecast: c(131_000_000), Difference: c(11_000_000), Households: n(140),
			Spread: c(64_000_000), Method: "seizoenspatroon van 2024, gecorrigeerd voor late declaraties",
			Months:    months(9_000_000, 10_000_000, 11_000_000, 11_000_000, 12_000_000, 11_000_000),
			Aftercare: &model.Aftercare{Conversations: n(24), ScoreMean: f(4.2), HelpedPct: f(0.79)}},
		{Contract: ContractResults, Naam: "Coöperatie Oost op resultaat", Variant: "output", Opdrachtnemer: "Coöperatie Wijkzorg Oost",
			Members: []string{AGB1, AGB2, "11112222", "33334444", "55556666", "77778888", "99990000", "12121212"}, Area: Wijk2,
			Begin: "2025-01-01", End: "2025-12-31",
			Partners: []model.FundingPartner{{Partner: "gemeente", Amount: 40_000_000}},
			Budget:   40_000_000, Spent: c(18_000_000), Forecast: c(36_500_000), Difference: c(-3_500_000), Households: n(60),
			Method: "maanden tot nu toe, seizoenspatroon van 2024",
			Months: months(3_000_000, 3_000_000, 3_000_000, 3_000_000, 3_000_000, 3_000_000),
			Payment: &model.Payment{Budget: 40_000_000, Fixed: 28_000_000, Total: 33_000_000, Pending: 4_000_000, Lines: []model.PaymentLine{
				{Indicator: "uitstroom", Target: 0.4, Measured: f(0.3), Attainment: f(0.75), AtStake: 8_000_000, Paid: 6_000_000, Source: "gemeten"},
				{Indicator: "tevredenheid", Target: 4, Measured: nil, Attainment: nil, AtStake: 4_000_000, Paid: 0, Source: "gemeten"},
			}},
			Aftercare: &model.Aftercare{Suppressed: true, Reason: "minder dan 10 gesprekken"}},
		{Contract: ContractPooled, Naam: "Wijkbudget Centrum", Variant: "taak", Opdrachtnemer: "Wijkalliantie Centrum",
			Members: []string{AGB1}, Area: Wijk1, Begin: "2025-01-01", End: "2029-12-31",
			Partners: []model.FundingPartner{{Partner: "gemeente", Amount: 50_000_000}, {Partner: "zorgverzekeraar", Amount: 15_000_000},
				{Partner: "woningcorporatie", Amount: 5_000_000}, {Partner: AGB1, Amount: 10_000_000}},
			Budget: 80_000_000, Spent: c(38_000_000), Forecast: c(78_000_000), Difference: c(-2_000_000), Households: n(250),
			Spread: c(30_000_000), Method: "maanden tot nu toe, seizoenspatroon van 2024",
			Months: months(6_000_000, 6_500_000, 6_500_000, 6_000_000, 6_500_000, 6_500_000)},
		{Contract: ContractSmall, Naam: "Jeugdhulp maatwerk klein", Variant: "inspanning", Opdrachtnemer: "AGB " + AGB2,
			Members: []string{AGB2}, Begin: "2025-01-01", End: "2025-12-31",
			Partners: []model.FundingPartner{{Partner: "gemeente", Amount: 5_000_000}},
			Budget:   5_000_000, Months: months(-1, -1, -1, -1, -1, -1),
			Suppressed: true, Reason: "minder dan 10 huishoudens"},
	}, Population: &model.PopulationBudget{Level: "wijk",
		Norms: map[string]money.Cents{"0_15": 30_000, "15_25": 25_000, "25_45": 10_000, "45_65": 12_000, "65plus": 20_000},
		Areas: []model.PopulationArea{
			{Area: Wijk1, Level: "wijk", Inhabitants: 12000, Bands: map[string]int64{"0_15": 2000, "15_25": 1500, "25_45": 3500, "45_65": 3000, "65plus": 2000},
				Budget: c(2_085_000_00), Spent: c(2_860_000_00), Difference: c(775_000_00)},
			{Area: Wijk2, Level: "wijk", Inhabitants: 8000, Bands: map[string]int64{"0_15": 1500, "15_25": 1000, "25_45": 2000, "45_65": 2000, "65plus": 1500},
				Budget: c(1_440_000_00), Spent: nil, Difference: nil, Note: "uitgaven onderdrukt in de meting"},
		}}}
	spread := func(level string, cells ...model.SpreadCell) model.ReleaseExtra {
		b, _ := json.Marshal(cells)
		return model.ReleaseExtra{Kind: model.FundingSpreadExtra, Level: level, Body: string(b)}
	}
	body, _ := json.Marshal(fund)
	return []model.ReleaseExtra{
		{Kind: model.FundingExtra, Level: "gemeente", Body: string(body)},
		spread("gemeente", model.SpreadCell{Level: "gemeente", Area: Gemeente, Declared: c(4_400_000_00), Spread: c(940_000_00), Total: c(5_340_000_00),
			Households: n(470), PerHousehold: c(11_400_00)}),
		spread("wijk",
			model.SpreadCell{Level: "wijk", Area: Wijk1, Declared: c(2_860_000_00), Spread: c(700_000_00), Total: c(3_560_000_00), Households: n(300), PerHousehold: c(11_900_00)},
			model.SpreadCell{Level: "wijk", Area: Wijk2, Suppressed: true, Reason: "minder dan 10 huishoudens"}),
	}
}
