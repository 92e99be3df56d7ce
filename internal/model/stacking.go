package model

// Stacking is CBS's "stapeling", with money, as a release publishes it
// (extra kind "stacking", one per area): the households that received
// support from two or more geldstromen, or from two or more providers, in
// the period, and their share of the area's spend. package release
// computes it; the CLI, the web pages and the API read it. A withheld
// figure is nil.
type Stacking struct {
	Level      string `json:"level"`
	Area       string `json:"area"`
	Households *int64 `json:"households"` // households with care in the period
	// Streams: households with ≥ 2 geldstromen; Providers: with ≥ 2 providers.
	Streams           *int64   `json:"stacked_streams"`
	StreamsSharePct   *float64 `json:"stacked_streams_spend_pct"`
	Providers         *int64   `json:"stacked_providers"`
	ProvidersSharePct *float64 `json:"stacked_providers_spend_pct"`
	Suppressed        bool     `json:"suppressed"`
	Reason            string   `json:"reason,omitempty"`
}
