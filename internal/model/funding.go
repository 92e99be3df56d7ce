package model

import "github.com/ontschot/ontschot/internal/money"

// FundingExtra is the kind of release extra that holds a release's funding
// overview: one per release whose period lies in one calendar year.
const FundingExtra = "funding"

// Funding is what a release publishes about how care is funded in its
// year: every contract with its budget, spend and forecast, the payment on
// results, aftercare satisfaction, and — when the municipality has set
// norms — the population-based budget per area. Every figure that rests on
// households is withheld below the release's minimum (nil, with a reason);
// budgets and partners' contributions are policy figures and always shown.
type Funding struct {
	Year      int               `json:"year"`
	Through   int               `json:"through_month"` // the last month (1–12) the spend covers
	Contracts []FundingContract `json:"contracts"`
	// Population is empty when no norms are set for the year.
	Population *PopulationBudget `json:"population,omitempty"`
	// RegionContracts counts, in a gemeente's cut of a region's funding,
	// the contracts over the whole region it leaves out (shown only in the
	// region's).
	RegionContracts int `json:"region_contracts_left_out,omitempty"`
}

// FundingContract is one contract's year.
type FundingContract struct {
	Contract      string           `json:"contract"`
	Naam          string           `json:"naam"`
	Variant       string           `json:"variant"` // inspanning | output | taak
	Opdrachtnemer string           `json:"opdrachtnemer"`
	Members       []string         `json:"aanbieders"` // AGB codes of members and subcontractors
	Area          string           `json:"gebied"`     // "" = all residents
	Begin         string           `json:"begindatum"` // YYYY-MM-DD
	End           string           `json:"einddatum"`
	Partners      []FundingPartner `json:"partners"`
	Budget        money.Cents      `json:"budget_cent"`
	Spent         *money.Cents     `json:"spent_cent"`      // year to date, declared + flows + spread
	Forecast      *money.Cents     `json:"forecast_cent"`   // year end
	Difference    *money.Cents     `json:"over_under_cent"` // forecast − budget; positive is overspend
	Households    *int64           `json:"households"`
	Spread        *money.Cents     `json:"spread_cent,omitempty"` // the part of Spent that is a lump sum spread over reported volume
	Method        string           `json:"method,omitempty"`      // how the forecast was made, in Dutch
	// Months is the spend per month (index 0 = January) through Through;
	// nil entries are withheld or not yet reported.
	Months     []*money.Cents `json:"months_cent"`
	Payment    *Payment       `json:"payment,omitempty"`   // nil without result agreements
	Aftercare  *Aftercare     `json:"aftercare,omitempty"` // nil without conversations
	Suppressed bool           `json:"suppressed"`
	Reason     string         `json:"reason,omitempty"`
}

// FundingPartner is one partner's contribution to a contract's year.
type FundingPartner struct {
	Partner string      `json:"partner"` // gemeente, an AGB, zorgverzekeraar, woningcorporatie, …
	Amount  money.Cents `json:"bedrag_cent"`
}

// Payment is what a contract year's results mean for the payment.
type Payment struct {
	Budget  money.Cents   `json:"budget_cent"`
	Fixed   money.Cents   `json:"fixed_cent"` // the part that depends on no result
	Lines   []PaymentLine `json:"results"`
	Total   money.Cents   `json:"payment_cent"`
	Pending money.Cents   `json:"pending_cent"` // result money whose indicator cannot be measured yet
}

// PaymentLine is one indicator's part of the payment.
type PaymentLine struct {
	Indicator  string      `json:"indicator"`
	Target     float64     `json:"target"`
	Measured   *float64    `json:"measured"`   // nil: not measurable (yet) or withheld
	Attainment *float64    `json:"attainment"` // 0–1
	AtStake    money.Cents `json:"at_stake_cent"`
	Paid       money.Cents `json:"paid_cent"`
	Source     string      `json:"source"` // "gemeten" (Ontschot measured it) or "aangeleverd" (imported)
}

// Aftercare is the outcome of the aftercare conversations (nazorg) of a
// contract's year, published only as aggregates of ≥ the minimum.
type Aftercare struct {
	Conversations *int64   `json:"conversations"`
	ScoreMean     *float64 `json:"score_mean"` // 1–5
	HelpedPct     *float64 `json:"helped_pct"` // share that said the support helped
	Suppressed    bool     `json:"suppressed"`
	Reason        string   `json:"reason,omitempty"`
}

// PopulationBudget is the population-based budget per area of one level.
type PopulationBudget struct {
	Level      string                 `json:"level"`
	Norms      map[string]money.Cents `json:"norms_cent"` // per age band: 0_15, 15_25, 25_45, 45_65, 65plus
	Calibrated string                 `json:"calibrated_on,omitempty"`
	Areas      []PopulationArea       `json:"areas"`
}

// PopulationArea is one area's population budget against its released
// spend.
type PopulationArea struct {
	Area        string           `json:"area"`
	Level       string           `json:"level"`
	Inhabitants int64            `json:"inhabitants"`
	Bands       map[string]int64 `json:"bands"`
	Budget      *money.Cents     `json:"budget_cent"`
	Spent       *money.Cents     `json:"spent_cent"` // nil: withheld in the release
	Difference  *money.Cents     `json:"difference_cent"`
	Note        string           `json:"note,omitempty"`
}

// FundingSpreadExtra is the kind of release extra that holds, per level,
// every area's money including lump sums spread over the volume providers
// reported (one extra per level, Area "", body []SpreadCell).
const FundingSpreadExtra = "funding_spread"

// SpreadCell is one area's money in a release, declared and spread. The
// spread part is never a declaration: pages and exports label it as
// "verdeeld lumpsumbudget".
type SpreadCell struct {
	Level        string       `json:"level"`
	Area         string       `json:"area"`
	Declared     *money.Cents `json:"declared_cent"`
	Spread       *money.Cents `json:"spread_cent"` // lump-sum money spread over the volume reported here
	Total        *money.Cents `json:"total_cent"`
	Households   *int64       `json:"households"` // reached, declared or reported
	PerHousehold *money.Cents `json:"per_household_cent"`
	Suppressed   bool         `json:"suppressed"`
	Reason       string       `json:"reason,omitempty"`
}
