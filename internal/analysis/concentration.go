package analysis

import (
	"encoding/json"
	"fmt"

	"github.com/ontschot/ontschot/internal/model"
)

// Concentration mirrors the JSON that package release stores per area
// (release.Concentration); readers decode the published body, not the
// package that computed it.
type Concentration struct {
	Level      string        `json:"level"`
	Area       string        `json:"area"`
	Households *int64        `json:"households"`
	TopShares  []TopShare    `json:"top_shares"`
	Lorenz     []LorenzPoint `json:"lorenz"`
	Above100k  *int64        `json:"above_100k"`
	Above500k  *int64        `json:"above_500k"`
	Suppressed bool          `json:"suppressed"`
	Reason     string        `json:"reason,omitempty"`
}

// TopShare is the share of the money that goes to the Pct per cent of
// households with the highest spend; nil when suppressed.
type TopShare struct {
	Pct   int      `json:"pct"`
	Share *float64 `json:"share"`
}

// LorenzPoint is a point of the Lorenz curve.
type LorenzPoint struct {
	HouseholdsPct int     `json:"households_pct"`
	SpendShare    float64 `json:"spend_share"`
}

// Concentrations decodes the published concentration extras of a release.
func Concentrations(xs []model.ReleaseExtra) ([]Concentration, error) {
	var out []Concentration
	for _, x := range xs {
		var c Concentration
		if err := json.Unmarshal([]byte(x.Body), &c); err != nil {
			return nil, fmt.Errorf("concentratie %s: %w", x.Area, err)
		}
		if c.Area == "" {
			c.Area, c.Level = x.Area, x.Level
		}
		out = append(out, c)
	}
	return out, nil
}
