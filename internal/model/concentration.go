package model

// The concentration figures a release publishes per area, as stored in
// its extras and read back by the analyst's pages.

// TopShare is the share of spend of the top Pct% of households; nil when withheld.
type TopShare struct {
	Pct   int      `json:"pct"`
	Share *float64 `json:"share"`
}

// LorenzPoint: the poorest HouseholdsPct% of households account for SpendShare of spend.
type LorenzPoint struct {
	HouseholdsPct int     `json:"households_pct"`
	SpendShare    float64 `json:"spend_share"`
}

// Concentration holds the concentration figures of one area (breakdown total).
// Shares and Lorenz points are published only when every bucket they describe
// holds at least MinBucket households and no bucket is dominated by one
// household (p%-rule); Suppressed then says they were withheld.
type Concentration struct {
	Level      string        `json:"level"`
	Area       string        `json:"area"`
	Households *int64        `json:"households"` // rounded; nil when the area's total cell is suppressed
	TopShares  []TopShare    `json:"top_shares"`
	Lorenz     []LorenzPoint `json:"lorenz"`
	Above100k  *int64        `json:"above_100k"`
	Above500k  *int64        `json:"above_500k"`
	Suppressed bool          `json:"suppressed"`
	Reason     string        `json:"reason,omitempty"`
	// Partial are, when the figures above are withheld, the broader top
	// shares that may still be shown (the top 10% where the top 1% holds
	// too few households): every group between two of them, and the rest,
	// holds MinBucket households and is not dominated.
	Partial []TopShare `json:"partial_shares,omitempty"`
}
