package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/trajectory"
)

func init() {
	register(command{name: "trajectories", usage: "trajectories --period P [--versie N] — eigen trajecten tegen gecontracteerde zorg, uit een meting", run: runTrajectories})
}

func runTrajectories(e *env, args []string) error {
	fs := e.flags("trajectories")
	period := fs.String("period", "", "periode van de meting (2025 of 2025-Q3)")
	version := fs.Int("versie", 0, "versie van de meting (standaard de nieuwste)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *period == "" {
		return errors.New("--period ontbreekt (2025 of 2025-Q3) / --period is missing")
	}
	p, err := release.ParsePeriod(*period)
	if err != nil {
		return err
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	info, err := st.Release(e.ctx, p.String(), *version)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("er is geen meting %s; maak die met ontschot release create --period %s / no release for %s", p, p, p)
	}
	if err != nil {
		return err
	}
	xs, err := st.ReleaseExtras(e.ctx, info.ID, trajectory.ExtraKind)
	if err != nil {
		return err
	}
	if len(xs) == 0 {
		return fmt.Errorf("meting %s versie %d heeft nog geen trajecten (gemaakt voor deze functie bestond); maak een nieuwe versie met ontschot release create --period %s / this release has no trajectories yet", p, info.Version, p)
	}
	var res trajectory.Result
	if err := json.Unmarshal([]byte(xs[0].Body), &res); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(struct {
			Version int `json:"version"`
			trajectory.Result
		}{info.Version, res})
	}
	names, _ := st.ProviderNames(e.ctx)
	printTrajectories(e, info.Version, &res, names)
	return nil
}

func printTrajectories(e *env, version int, r *trajectory.Result, names map[string]string) {
	fmt.Fprintf(e.stdout, "Eigen trajecten en gecontracteerde zorg — meting %s versie %d (afgesloten trajecten; uurtarief eigen team %s)\n\n",
		r.Period, version, money.Format(money.Cents(r.HourlyCost)))
	for _, c := range r.Comparisons {
		fmt.Fprintf(e.stdout, "%s: %s.\n", categoryLabel(c.Category), c.Headline)
	}
	if len(r.Comparisons) > 0 {
		fmt.Fprintln(e.stdout)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "categorie\tsoort\ttrajecten\tmediaan kosten\tp90 kosten\tmediaan duur\ttevredenheid\therinstroom\tescalatie\t")
	for _, c := range r.Cells {
		if c.Suppressed {
			fmt.Fprintf(tw, "%s\t%s\t–\t–\t–\t–\t–\t–\t–\t%s\n", categoryLabel(c.Category), c.Type, c.Reason)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", categoryLabel(c.Category), c.Type, intOrNA(c.Trajectories),
			euroOrNA(c.CostMedianEUR), euroOrNA(c.CostP90EUR), daysOrNA(c.DurationMedianDays), scoreOrNA(c.SatisfactionMean),
			pctOrNA(c.ReentryPct), pctOrNA(c.EscalationPct), c.Reason)
	}
	tw.Flush()
	if len(r.Waiting) > 0 {
		fmt.Fprintln(e.stdout, "\nWachttijd van toewijzing tot start zorg (JW301 → JW305), per aanbieder:")
		tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		for _, w := range r.Waiting {
			name := names[w.Provider]
			if name == "" {
				name = w.Provider
			}
			if w.Suppressed {
				fmt.Fprintf(tw, "  %s\t–\t%s\n", name, w.Reason)
				continue
			}
			fmt.Fprintf(tw, "  %s\t%s\t(%s starts)\n", name, daysOrNA(w.MedianDays), intOrNA(w.Cases))
		}
		tw.Flush()
	}
	if len(r.Referrers) > 0 {
		fmt.Fprintln(e.stdout, "\nJeugdhulp naar verwijzer (JW315), trajecten actief in de periode en hun uitgaven erin:")
		tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		for _, v := range r.Referrers {
			spend := "n.v.t."
			if v.SpendEUR != nil {
				spend = money.Format(money.Cents(*v.SpendEUR * 100))
			}
			fmt.Fprintf(tw, "  %s\t%s trajecten\t%s\t%s\t%s\n", v.Name, intOrNA(v.Trajectories), spend, pctOrNA(v.SpendPct), v.Reason)
		}
		tw.Flush()
	}
}

func categoryLabel(code string) string {
	if n, ok := intake.ZorgsoortNaam(code); ok {
		return code + " " + n
	}
	return code
}

func intOrNA(p *int64) string {
	if p == nil {
		return "n.v.t."
	}
	return money.Group(*p)
}

func daysOrNA(p *int64) string {
	if p == nil {
		return "n.v.t."
	}
	return strconv.FormatInt(*p, 10) + " dagen"
}

func pctOrNA(p *int64) string {
	if p == nil {
		return "n.v.t."
	}
	return strconv.FormatInt(*p, 10) + "%"
}

func scoreOrNA(p *float64) string {
	if p == nil {
		return "n.v.t."
	}
	return strings.Replace(strconv.FormatFloat(*p, 'f', 1, 64), ".", ",", 1)
}
