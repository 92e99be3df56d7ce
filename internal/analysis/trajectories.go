package analysis

import (
	"encoding/json"
	"fmt"

	"github.com/ontschot/ontschot/internal/model"
)

// TrajectoriesExtra is the kind of release extra that holds a release's
// trajectories (own teams against contracted care).
const TrajectoriesExtra = "trajectories"

// Trajectories reads the published trajectories from a release's extras of
// that kind; nil when the release has none (it was made before they were
// computed).
func Trajectories(xs []model.ReleaseExtra) (*model.Trajectories, error) {
	if len(xs) == 0 {
		return nil, nil
	}
	var t model.Trajectories
	if err := json.Unmarshal([]byte(xs[0].Body), &t); err != nil {
		return nil, fmt.Errorf("trajecten lezen / read trajectories: %w", err)
	}
	if t.Cells == nil {
		t.Cells = []model.TrajectoryCell{}
	}
	if t.Comparisons == nil {
		t.Comparisons = []model.TrajectoryComparison{}
	}
	if t.Waiting == nil {
		t.Waiting = []model.TrajectoryWaiting{}
	}
	if t.Referrers == nil {
		t.Referrers = []model.TrajectoryReferrer{} // a release made before referrers were read
	}
	return &t, nil
}
