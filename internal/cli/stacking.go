package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
)

// showStacking prints a release's stacking table (stapeling) for a level.
func showStacking(e *env, st *store.Store, period string, version int, level string) error {
	info, err := st.Release(e.ctx, period, version)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("er is geen meting %s / no release for %s", period, period)
	}
	if err != nil {
		return err
	}
	xs, err := st.ReleaseExtras(e.ctx, info.ID, release.StackingKind)
	if err != nil {
		return err
	}
	if len(xs) == 0 {
		return fmt.Errorf("meting %s versie %d heeft nog geen stapelingstabel; maak een nieuwe versie met ontschot release create --period %s / no stacking table yet", period, info.Version, period)
	}
	var rows []release.Stacking
	for _, x := range xs {
		var s release.Stacking
		if err := json.Unmarshal([]byte(x.Body), &s); err != nil {
			return err
		}
		if level == "" || s.Level == level {
			rows = append(rows, s)
		}
	}
	if e.json {
		return e.printJSON(map[string]any{"period": info.Period, "version": info.Version, "level": level, "stacking": rows})
	}
	fmt.Fprintf(e.stdout, "Stapeling — meting %s versie %d, %s: huishoudens met zorg uit twee of meer geldstromen, of van twee of meer aanbieders, en hun aandeel in de uitgaven\n\n", info.Period, info.Version, level)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "gebied\thuishoudens\t≥ 2 geldstromen\taandeel uitgaven\t≥ 2 aanbieders\taandeel uitgaven\t")
	for _, s := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Area, intOrNA(s.Households), intOrNA(s.Streams), sharePct(s.StreamsSharePct),
			intOrNA(s.Providers), sharePct(s.ProvidersSharePct), s.Reason)
	}
	return tw.Flush()
}

func sharePct(p *float64) string {
	if p == nil {
		return "n.v.t."
	}
	return strconv.FormatFloat(*p, 'f', 0, 64) + "%"
}
