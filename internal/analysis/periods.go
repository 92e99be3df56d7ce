package analysis

import (
	"sort"

	"github.com/ontschot/ontschot/internal/model"
)

// LatestPerPeriod keeps the newest version of each period's release (a
// later version corrects an earlier one), for the periods keep accepts (nil
// keeps all), and lists those periods oldest first.
func LatestPerPeriod(rels []model.ReleaseInfo, keep func(period string) bool) (map[string]model.ReleaseInfo, []string) {
	latest := map[string]model.ReleaseInfo{}
	for _, rl := range rels {
		if keep != nil && !keep(rl.Period) {
			continue
		}
		if cur, ok := latest[rl.Period]; !ok || rl.Version > cur.Version {
			latest[rl.Period] = rl
		}
	}
	periods := make([]string, 0, len(latest))
	for p := range latest {
		periods = append(periods, p)
	}
	sort.Strings(periods)
	return latest, periods
}
