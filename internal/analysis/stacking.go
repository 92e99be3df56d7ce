package analysis

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/ontschot/ontschot/internal/model"
)

// StackingExtra is the kind of release extra that holds the stacking table
// (stapeling), one extra per area.
const StackingExtra = "stacking"

// Stackings reads a release's stacking table from its extras of that kind,
// ordered gemeente > wijk > buurt > blok, then by area code; empty when
// the release has none (it was made before stacking was published).
func Stackings(xs []model.ReleaseExtra) ([]model.Stacking, error) {
	out := make([]model.Stacking, 0, len(xs))
	for _, x := range xs {
		var s model.Stacking
		if err := json.Unmarshal([]byte(x.Body), &s); err != nil {
			return nil, fmt.Errorf("stapeling lezen / read stacking: %w", err)
		}
		out = append(out, s)
	}
	rank := map[string]int{"gemeente": 0, "wijk": 1, "buurt": 2, "blok": 3}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Level] != rank[out[j].Level] {
			return rank[out[i].Level] < rank[out[j].Level]
		}
		return out[i].Area < out[j].Area
	})
	return out, nil
}
