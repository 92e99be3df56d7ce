package analysis

import (
	"encoding/json"
	"fmt"

	"github.com/ontschot/ontschot/internal/model"
)

// Concentration, TopShare and LorenzPoint are the published figures
// (model's, the same types package release stores).
type (
	Concentration = model.Concentration
	TopShare      = model.TopShare
	LorenzPoint   = model.LorenzPoint
)

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
