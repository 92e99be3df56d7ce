package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/ontschot/ontschot/internal/budget"
	"github.com/ontschot/ontschot/internal/funding"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/release"
)

// runBudgetShow prints every contract's year: budget per partner, spend so
// far, forecast and over/under, withheld below 10 households.
func runBudgetShow(e *env, args []string) error {
	fs := e.flags("budget show")
	year := fs.Int("year", 0, "jaar")
	through := fs.Int("through", 0, "tot en met maand (1–12); standaard de laatste afgesloten maand")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *year == 0 {
		return errors.New("--year ontbreekt / --year is missing")
	}
	t := *through
	if t == 0 {
		now := release.Now()
		switch {
		case *year < now.Year():
			t = 12
		case *year == now.Year():
			t = int(now.Month()) - 1
		}
	}
	if t < 0 || t > 12 {
		return errors.New("--through is een maand van 1 tot 12 / --through is a month 1–12")
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	maxDel, maxImp, err := st.MaxIDs(e.ctx)
	if err != nil {
		return err
	}
	_, rows, err := funding.Year(e.ctx, st, *year, t, maxDel, maxImp)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []budget.ContractRow{}
	}
	out := struct {
		Year      int                  `json:"year"`
		Through   int                  `json:"through_month"`
		Contracts []budget.ContractRow `json:"contracts"`
	}{*year, t, rows}
	if e.json {
		return e.printJSON(out)
	}
	if len(rows) == 0 {
		fmt.Fprintf(e.stdout, "Geen contracten in %d (ontschot import contracts). \n", *year)
		return nil
	}
	fmt.Fprintf(e.stdout, "Budgetten %d, uitgaven tot en met maand %d\n\n", *year, t)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "contract\tvariant\tbudget\tuitgegeven\tprognose jaareinde\tover (+) / onder (−)\thuishoudens\t")
	for _, r := range rows {
		hh := "—"
		if r.Households != nil {
			hh = money.Group(*r.Households)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Contract, r.Variant, centsOrNA(&r.Budget), centsOrNA(r.Spent),
			centsOrNA(r.Forecast), centsOrNA(r.Difference), hh, r.Reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range rows {
		fmt.Fprintf(e.stdout, "\n%s — %s\n", r.Contract, r.Naam)
		for _, p := range r.Partners {
			fmt.Fprintf(e.stdout, "  %-18s %s\n", p.Partner, centsOrNA(&p.Bedrag))
		}
		if r.Spread != nil {
			fmt.Fprintf(e.stdout, "  waarvan lumpsum (geen declaraties): %s\n", centsOrNA(r.Spread))
		}
		if r.Method != "" {
			fmt.Fprintf(e.stdout, "  prognose: %s\n", r.Method)
		}
	}
	return nil
}
