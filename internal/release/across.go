package release

import (
	"context"

	"github.com/ontschot/ontschot/internal/store"
)

// Figure sets computed outside the cell tables (trajectories, plan
// evaluation, funding) are published in a region's release for the region
// and for each gemeente. A figure that is a sum over gemeenten (a count, a
// spend, a mean times its count) then stands in the relation region = Σ
// gemeenten + rest, the rest being the people of unknown gemeente, which is
// never published. AcrossRegion applies to one such figure the secondary
// suppression the cell tables apply to every parent = Σ children relation,
// so that the region's figure less the published gemeenten never gives
// away a withheld one.

// RegionGemeenten returns the gemeenten of a region's instance, sorted; nil
// for an instance of one gemeente (its release has no regio level).
func RegionGemeenten(ctx context.Context, st *store.Store) ([]string, error) {
	ix, err := areaIndex(ctx, st)
	if err != nil {
		return nil, err
	}
	if ix.region == "" {
		return nil, nil
	}
	return ix.gemeenten, nil
}

// AcrossRegion decides the secondary suppression of one figure: published
// says whether the region's (term 0) and each gemeente's (terms 1…) figure
// is published before it, restHidden that the rest exists and is itself
// too small to show (it then counts as a withheld term). When the region
// is published with exactly one withheld term, it returns the term to
// withhold as well: the region's figure, as the cell tables do for region
// = Σ gemeenten — each gemeente keeps what it publishes for itself, and
// the region's figure is still theirs summed.
func AcrossRegion(published []bool, restHidden bool) []int {
	if len(published) == 0 || !published[0] {
		return nil
	}
	hidden := 0
	if restHidden {
		hidden++
	}
	for _, p := range published[1:] {
		if !p {
			hidden++
		}
	}
	if hidden == 1 {
		return []int{0}
	}
	return nil
}
