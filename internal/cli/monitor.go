package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/evaluation"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

// monitorCases is the GKBA monitor: every stored business case, per
// released year, its forecast against the released spend of its target
// group, flagged where they are further apart than threshold.
func monitorCases(e *env, threshold float64) error {
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	docs, err := st.Documents(e.ctx, "businesscase")
	if err != nil {
		return err
	}
	var rows []analysis.MonitorRow
	var notes []string
	for _, d := range docs {
		c, err := businesscase.Load(strings.NewReader(d.Body), d.Name)
		if err != nil {
			notes = append(notes, fmt.Sprintf("%s: %v", d.Name, err))
			continue
		}
		res, err := businesscase.Evaluate(c)
		if err != nil {
			notes = append(notes, fmt.Sprintf("%s: %v", d.Name, err))
			continue
		}
		if c.Targets == nil || len(c.Targets.Areas) == 0 || len(c.Targets.Zorgsoorten) == 0 {
			notes = append(notes, fmt.Sprintf("%s: noemt geen zorgsoorten en gebieden, dus niets te volgen", c.Label()))
			continue
		}
		years, cells, err := analysis.TargetCells(e.ctx, st, c.Targets)
		if err != nil {
			return err
		}
		rows = append(rows, analysis.Monitor(c.Label(), analysis.Forecast(res, years, cells), threshold)...)
		if c.Targets.Evaluation == businesscase.EvaluationPlans {
			effects, err := planEffects(e, st, years)
			if err != nil {
				return err
			}
			for i, y := range years {
				yi, _ := strconv.Atoi(y)
				rows = append(rows, analysis.MonitorEffect(c.Label(), y, analysis.ExpectedSavingPerParticipant(c, res, yi), effects[i], threshold))
			}
		}
	}
	if e.json {
		return e.printJSON(map[string]any{"threshold_pct": threshold * 100, "rows": rows, "notes": notes})
	}
	fmt.Fprintf(e.stdout, "GKBA-monitor: prognose tegen vrijgegeven uitgaven in de doelgroep; ⚑ bij meer dan %.0f%% afwijking\n\n", threshold*100)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "businesscase\tjaar\tprognose\tvrijgegeven\tafwijking\t")
	for _, r := range rows {
		dev := r.Note
		if r.DeviationPct != nil {
			dev = strings.Replace(fmt.Sprintf("%+.1f%%", *r.DeviationPct), ".", ",", 1)
			if r.Flag {
				dev += " ⚑"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", r.Case, r.Year, centsOrNA(r.Forecast), centsOrNA(r.Released), dev)
	}
	tw.Flush()
	for _, n := range notes {
		fmt.Fprintln(e.stdout, n)
	}
	return nil
}

// planEffects reads the published plan evaluation of each yearly release.
func planEffects(e *env, st *store.Store, years []string) ([]*analysis.PlanEvaluation, error) {
	out := make([]*analysis.PlanEvaluation, len(years))
	for i, y := range years {
		rel, err := st.Release(e.ctx, y, 0)
		if err != nil {
			continue
		}
		xs, err := st.ReleaseExtras(e.ctx, rel.ID, evaluation.ExtraKind)
		if err != nil {
			return nil, err
		}
		if len(xs) > 0 {
			var ev analysis.PlanEvaluation
			if err := json.Unmarshal([]byte(xs[0].Body), &ev); err != nil {
				return nil, err
			}
			out[i] = &ev
		}
	}
	return out, nil
}

func centsOrNA(c *money.Cents) string {
	if c == nil {
		return "n.v.t."
	}
	return money.FormatEuros(c.Euros())
}
