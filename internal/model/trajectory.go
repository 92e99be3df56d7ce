package model

// The published trajectories (release extra "trajectories"): own teams
// against contracted care. package trajectory computes them; the CLI, the
// web pages and the API read them. Their JSON is the CLI contract of
// `ontschot trajectories --json`.

// Trajectories is what a release publishes about trajectories.
type Trajectories struct {
	Period      string                 `json:"period"`
	HourlyCost  int64                  `json:"hourly_cost_own_cent"` // eurocents (model imports no money)
	Cells       []TrajectoryCell       `json:"cells"`
	Comparisons []TrajectoryComparison `json:"comparisons"`
	Waiting     []TrajectoryWaiting    `json:"waiting"`
	// Referrers: youth care by who referred the client (the JW315
	// Verwijzer), over the trajectories active in the period.
	Referrers []TrajectoryReferrer `json:"referrers"`
}

// TrajectoryReferrer is the published youth care of one kind of referrer
// (COD327 code, or VerwijzerOnbekend) in the period: the trajectories
// active in it and what they cost in it, and that spend's share of all
// youth-care trajectories' spend. Withheld figures are nil.
type TrajectoryReferrer struct {
	Referrer     string `json:"referrer"`
	Name         string `json:"name"`
	Trajectories *int64 `json:"trajectories"`
	SpendEUR     *int64 `json:"spend_eur"`
	SpendPct     *int64 `json:"spend_pct"`
	Suppressed   bool   `json:"suppressed"`
	Reason       string `json:"reason,omitempty"`
}

// TrajectoryCell is the published comparison of one kind of trajectory in one
// category and period. Withheld figures are nil.
type TrajectoryCell struct {
	Type               string   `json:"type"`
	Category           string   `json:"category"`
	Trajectories       *int64   `json:"trajectories"`
	CostMeanEUR        *int64   `json:"cost_mean_eur"`
	CostMedianEUR      *int64   `json:"cost_median_eur"`
	CostP90EUR         *int64   `json:"cost_p90_eur"`
	DurationMedianDays *int64   `json:"duration_median_days"`
	SatisfactionMean   *float64 `json:"satisfaction_mean"`
	Responses          *int64   `json:"responses"`
	ReentryPct         *int64   `json:"reentry_pct"`
	EscalationPct      *int64   `json:"escalation_pct"`
	Inflow             *int64   `json:"inflow"`
	Outflow            *int64   `json:"outflow"`
	Suppressed         bool     `json:"suppressed"`
	Reason             string   `json:"reason,omitempty"`
}

// TrajectoryComparison sets own trajectories against contracted care in one
// category, with the uncertainty of a bootstrap over trajectories: the
// ratio of median costs and the difference in mean satisfaction, each with
// a 95% interval. Only categories where both cells are published get one.
type TrajectoryComparison struct {
	Category               string      `json:"category"`
	CostRatio              *float64    `json:"cost_ratio"`
	CostRatioInterval      *[2]float64 `json:"cost_ratio_interval"`
	DurationOwnDays        *int64      `json:"duration_own_median_days"`
	DurationContractedDays *int64      `json:"duration_contracted_median_days"`
	SatisfactionOwn        *float64    `json:"satisfaction_own"`
	SatisfactionContracted *float64    `json:"satisfaction_contracted"`
	SatisfactionDiffInt    *[2]float64 `json:"satisfaction_difference_interval"`
	Headline               string      `json:"headline"`
}

// TrajectoryWaiting is the median wait from the assignment's start to the start of
// care for one provider, over the trajectories that started in the period.
type TrajectoryWaiting struct {
	Provider   string `json:"provider"`
	Cases      *int64 `json:"cases"`
	MedianDays *int64 `json:"median_days"`
	Suppressed bool   `json:"suppressed"`
	Reason     string `json:"reason,omitempty"`
}
