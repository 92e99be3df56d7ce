package demo

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ontschot/ontschot/internal/evaluation"
	"github.com/ontschot/ontschot/internal/funding"

	"github.com/ontschot/ontschot/internal/trajectory"

	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
)

// releasePeriods releases every closed year of the demo that has no
// release yet; the first is the nulmeting.
func releasePeriods(ctx context.Context, imp *importer.Importer, st Stats, res *Result, progress io.Writer) error {
	for _, ps := range st.Periods {
		p, err := release.ParsePeriod(ps)
		if err != nil {
			return err
		}
		res.Releases = append(res.Releases, p.String())
		if _, err := imp.Store.Release(ctx, p.String(), 0); err == nil {
			fmt.Fprintf(progress, "  meting %s bestaat al\n", p)
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		rules := release.DefaultRules()
		// Niveaus van rapportage: jeugd-GGZ and youth care with
		// accommodation are shown per gemeente and wijk only.
		rules.LowestLevel = map[string]string{"54": release.LevelWijk, "43": release.LevelWijk, "44": release.LevelWijk}
		info, tables, err := release.Freeze(ctx, imp.Store, p, "demo", rules, trajectory.Source(trajectory.DefaultHourlyCost), evaluation.Source(), funding.Source())
		if err != nil {
			return err
		}
		fmt.Fprintf(progress, "  meting %s versie %d vastgelegd (%d cellen)\n", info.Period, info.Version, len(tables.Cells))
	}
	return nil
}
