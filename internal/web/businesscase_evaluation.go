package web

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/money"
)

// planEvalKind is the release extra that holds the plan evaluation
// (internal/evaluation publishes it with every release).
const planEvalKind = "plan_evaluation"

// planEvalView is the measured effect of the family plans beside a case
// that is held to it: released aggregates only.
type planEvalView struct {
	Period, Method, Note                         string
	Version                                      int
	Published                                    bool
	PlanHH, CompHH                               string
	PlanBefore, PlanAfter, CompBefore, CompAfter string
	Effect, IntervalLow, IntervalHigh            string
}

// planEvaluation reads the newest yearly release whose plan evaluation was
// published (else the newest that has one), for a case whose targets name
// the plan evaluation; nil otherwise.
func (b *businessCasePages) planEvaluation(ctx context.Context, c *businesscase.Case) (*planEvalView, error) {
	if c.Targets == nil || c.Targets.Evaluation != businesscase.EvaluationPlans {
		return nil, nil
	}
	rels, err := b.rel.Releases(ctx)
	if err != nil {
		return nil, err
	}
	latest, periods := analysis.LatestPerPeriod(rels, func(p string) bool { return len(p) == 4 })
	sort.Sort(sort.Reverse(sort.StringSlice(periods)))
	var first *planEvalView
	for _, p := range periods {
		xs, err := b.rel.ReleaseExtras(ctx, latest[p].ID, planEvalKind)
		if err != nil {
			return nil, err
		}
		if len(xs) == 0 {
			continue
		}
		var ev analysis.PlanEvaluation
		if err := json.Unmarshal([]byte(xs[0].Body), &ev); err != nil {
			return nil, err
		}
		v := planEvalViewOf(ev, latest[p].Version)
		if v.Published {
			return v, nil
		}
		if first == nil {
			first = v
		}
	}
	if first == nil {
		first = &planEvalView{Note: "Er is nog geen meting met een evaluatie van de gezinsplannen; een nieuwe versie van een meting (ontschot release create) neemt die mee."}
	}
	return first, nil
}

func planEvalViewOf(ev analysis.PlanEvaluation, version int) *planEvalView {
	v := &planEvalView{Period: ev.Period, Version: version, Method: ev.Method, Note: ev.Note}
	if ev.EffectCent == nil || len(ev.Groups) != 2 || ev.Groups[0].Suppressed || ev.Groups[1].Suppressed {
		return v
	}
	p, c := ev.Groups[0], ev.Groups[1]
	cents := func(x *int64) string { return centsText(*x) }
	v.Published = true
	v.PlanHH, v.CompHH = money.Group(*p.Households), money.Group(*c.Households)
	v.PlanBefore, v.PlanAfter, v.CompBefore, v.CompAfter = cents(p.BeforeCent), cents(p.AfterCent), cents(c.BeforeCent), cents(c.AfterCent)
	v.Effect = cents(ev.EffectCent)
	if ev.IntervalCent != nil {
		v.IntervalLow, v.IntervalHigh = cents(&ev.IntervalCent[0]), cents(&ev.IntervalCent[1])
	}
	return v
}
