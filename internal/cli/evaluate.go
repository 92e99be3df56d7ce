package cli

import (
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/evaluation"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/release"
)

func init() {
	register(command{name: "evaluate", usage: "evaluate plans --period P — gezinnen met een plan tegen vergelijkbare gezinnen zonder (verschil-in-verschillen)", run: runEvaluate})
}

func runEvaluate(e *env, args []string) error {
	if len(args) == 0 || args[0] != "plans" {
		return errors.New("gebruik: ontschot evaluate plans --period P [--json] / usage: evaluate plans --period P")
	}
	fs := e.flags("evaluate plans")
	period := fs.String("period", "", "periode waarin de plannen begonnen (2024 of 2024-Q3)")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *period == "" {
		return errors.New("--period ontbreekt (2024 of 2024-Q3) / --period is missing")
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
	ev, err := evaluation.Plans(e.ctx, st, p)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(ev)
	}
	fmt.Fprintf(e.stdout, "Gezinsplannen die in %s begonnen — %s\n\n", ev.Period, ev.Method)
	for _, g := range ev.Groups {
		name := map[string]string{"plan": "met plan", "vergelijking": "vergelijkbaar, zonder plan"}[g.Group]
		if g.Suppressed {
			fmt.Fprintf(e.stdout, "  %-28s n.v.t.\n", name)
			continue
		}
		fmt.Fprintf(e.stdout, "  %-28s %s huishoudens; per huishouden %s in de 12 maanden ervoor, %s erna\n", name,
			money.Group(*g.Households), money.Format(money.Cents(*g.BeforeCent)), money.Format(money.Cents(*g.AfterCent)))
	}
	if ev.EffectCent != nil {
		fmt.Fprintf(e.stdout, "\nEffect per gezin: %s (95%%-interval %s tot %s)\n", money.Format(money.Cents(*ev.EffectCent)),
			money.Format(money.Cents(ev.IntervalCent[0])), money.Format(money.Cents(ev.IntervalCent[1])))
	}
	if ev.Note != "" {
		fmt.Fprintf(e.stdout, "\n%s\n", ev.Note)
	}
	return nil
}
