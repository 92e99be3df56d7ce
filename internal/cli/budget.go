package cli

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/ontschot/ontschot/internal/budget"
	"github.com/ontschot/ontschot/internal/funding"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

func init() {
	register(command{name: "budget", usage: "budget show --year J | budget population --year J --norms BESTAND [--level L] [--calibrate MEETJAAR] [--save] — budgetten, uitgaven en prognose; populatiegebonden budget per gebied", run: runBudget})
}

func runBudget(e *env, args []string) error {
	if len(args) > 0 && args[0] == "show" {
		return runBudgetShow(e, args[1:])
	}
	if len(args) == 0 || args[0] != "population" {
		return errors.New("gebruik: ontschot budget show --year J [--json] | ontschot budget population --year J (--norms BESTAND | --calibrate MEETJAAR) [--level wijk] [--save] [--json] / usage: budget show|population")
	}
	fs := e.flags("budget population")
	year := fs.Int("year", 0, "jaar van het budget")
	normsFile := fs.String("norms", "", "normen per leeftijdsgroep (CSV: leeftijd;norm_cent[;factor;gewicht;referentie])")
	calibrate := fs.String("calibrate", "", "leid de normen af uit deze meting (bijv. 2024): niet-negatieve kleinste kwadraten over de gebieden")
	level := fs.String("level", "wijk", "niveau: gemeente, wijk of buurt")
	save := fs.Bool("save", false, "bewaar de normen bij het jaar, zodat metingen van dat jaar het populatiegebonden budget publiceren")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *year == 0 {
		return errors.New("--year ontbreekt / --year is missing")
	}
	if (*normsFile == "") == (*calibrate == "") {
		return errors.New("noem --norms of --calibrate (één van beide) / name --norms or --calibrate")
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	areas, ownAges, err := funding.PopulationAreas(e.ctx, st, *year, *level)
	if err != nil {
		return err
	}
	var norms budget.Norms
	if *normsFile != "" {
		if norms, err = readNorms(*normsFile); err != nil {
			return err
		}
	}
	spent, err := releasedTotals(e, st, strconv.Itoa(*year), *level)
	if err != nil && *calibrate == "" && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	calibrated := ""
	if *calibrate != "" {
		cal, err := releasedTotals(e, st, *calibrate, *level)
		if err != nil {
			return fmt.Errorf("meting %s om te ijken: %w", *calibrate, err)
		}
		var xs []budget.Area
		var ys []money.Cents
		for _, a := range areas {
			if !ownAges[a.Code] {
				continue // the gemeente's make-up: it cannot tell the bands apart
			}
			if v, ok := cal[a.Code]; ok && v != nil {
				xs, ys = append(xs, a), append(ys, money.Cents(*v*100))
			}
		}
		if len(xs) < len(budget.Bands) {
			return fmt.Errorf("ijken vraagt minstens %d gebieden met een eigen CBS-leeftijdsopbouw en vrijgegeven uitgaven; er zijn er %d (gebieden met alleen de opbouw van hun gemeente zeggen niets over de verschillen tussen leeftijdsgroepen) / calibration needs areas with their own age make-up", len(budget.Bands), len(xs))
		}
		if norms.PerBand, err = budget.Calibrate(xs, ys); err != nil {
			return err
		}
		calibrated = *calibrate
	}
	if *save {
		if err := funding.SaveNorms(e.ctx, st, *year, norms, calibrated); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "Normen voor %d bewaard; metingen van %d publiceren nu het populatiegebonden budget.\n", *year, *year)
	}
	type areaOut struct {
		Area        string           `json:"area"`
		Level       string           `json:"level"`
		Inhabitants int64            `json:"inhabitants"`
		Bands       map[string]int64 `json:"bands"`
		BudgetCent  *money.Cents     `json:"budget_cent"`
		SpentCent   *money.Cents     `json:"spent_cent"`
		Difference  *money.Cents     `json:"difference_cent"`
		Note        string           `json:"note,omitempty"`
	}
	out := struct {
		Year       int                    `json:"year"`
		Level      string                 `json:"level"`
		Norms      map[string]money.Cents `json:"norms_cent"`
		Calibrated string                 `json:"calibrated_on,omitempty"`
		Areas      []areaOut              `json:"areas"`
	}{Year: *year, Level: *level, Norms: map[string]money.Cents{}, Calibrated: calibrated}
	for i, b := range budget.Bands {
		out.Norms[b] = norms.PerBand[i]
	}
	for _, a := range areas {
		row := areaOut{Area: a.Code, Level: a.Level, Inhabitants: a.Inhabitant, Bands: map[string]int64{}}
		for i, b := range budget.Bands {
			row.Bands[b] = a.Bands[i]
		}
		if b, err := budget.PopulationBudget(a, norms); err == nil {
			row.BudgetCent = &b
		} else {
			row.Note = err.Error()
		}
		if v, ok := spent[a.Code]; ok && v != nil {
			s := money.Cents(*v * 100)
			row.SpentCent = &s
			if row.BudgetCent != nil {
				d := s - *row.BudgetCent
				row.Difference = &d
			}
		} else if ok {
			row.Note = "uitgaven afgeschermd in de meting"
		}
		out.Areas = append(out.Areas, row)
	}
	if e.json {
		return e.printJSON(out)
	}
	fmt.Fprintf(e.stdout, "Populatiegebonden budget %d per %s", *year, *level)
	if calibrated != "" {
		fmt.Fprintf(e.stdout, " (normen geijkt op meting %s)", calibrated)
	}
	fmt.Fprintln(e.stdout)
	for _, b := range budget.Bands {
		fmt.Fprintf(e.stdout, "  norm %-7s %s per inwoner\n", b, money.Format(out.Norms[b]))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\ngebied\tinwoners\tbudget\tuitgegeven\tverschil\t")
	for _, r := range out.Areas {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Area, money.Group(r.Inhabitants), centsOrNA(r.BudgetCent), centsOrNA(r.SpentCent), centsOrNA(r.Difference), r.Note)
	}
	return tw.Flush()
}

// releasedTotals returns the released total per area of a level in the
// newest version of a release (nil where withheld).
func releasedTotals(e *env, st *store.Store, period, level string) (map[string]*int64, error) {
	rel, err := st.Release(e.ctx, period, 0)
	if err != nil {
		return nil, err
	}
	cells, err := st.ReleaseCells(e.ctx, rel.ID, level, "total")
	if err != nil {
		return nil, err
	}
	out := map[string]*int64{}
	for _, c := range cells {
		if c.Suppressed {
			out[c.Area] = nil
		} else {
			out[c.Area] = c.AmountEUR
		}
	}
	return out, nil
}

func readNorms(path string) (budget.Norms, error) {
	var n budget.Norms
	f, err := os.Open(path)
	if err != nil {
		return n, fmt.Errorf("%s openen: %w", path, err)
	}
	defer f.Close()
	seen := map[string]bool{}
	var rejections []intake.Rejection
	_, err = intake.ParseNorms(f, func(l *intake.NormLine) error {
		if l.Band != "" {
			n.PerBand[budget.BandIndex(l.Band)] = l.Norm
			seen[l.Band] = true
		} else {
			n.Factors = append(n.Factors, budget.Factor{Indicator: l.Factor, Weight: l.Weight, Reference: l.Reference})
		}
		return nil
	}, func(r intake.Rejection) { rejections = append(rejections, r) })
	if err != nil {
		return n, fmt.Errorf("%s: %w", path, err)
	}
	if len(rejections) > 0 {
		r := rejections[0]
		return n, fmt.Errorf("%s: regel %d, veld %s: %s / line %d: %s", path, r.Line, r.Field, r.Reason, r.Line, r.ReasonEN)
	}
	for _, b := range budget.Bands {
		if !seen[b] {
			return n, fmt.Errorf("%s: geen norm voor leeftijdsgroep %s / no norm for age band %s", path, b, b)
		}
	}
	return n, nil
}
