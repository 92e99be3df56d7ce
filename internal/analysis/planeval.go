package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// PlanHousehold is one household in a plan evaluation: its spend in the 12
// months before and after its reference date (the start of its plan, or
// for a household without one the reference date of the plan families it
// is compared with), and what was known before.
type PlanHousehold struct {
	HasPlan bool
	Before  money.Cents
	After   money.Cents
	Streams []string // geldstromen used in the 12 months before
	Persons int
	Minors  bool
}

// Cell is the matching cell of a household: comparison households are
// matched to plan households exactly on what was known before the plan —
// spend band, the set of streams used, household size and whether there
// are minors (docs/evaluation.md says why exact cells).
func (h PlanHousehold) Cell() string {
	streams := append([]string(nil), h.Streams...)
	sort.Strings(streams)
	size := "1"
	switch {
	case h.Persons >= 5:
		size = "5+"
	case h.Persons >= 3:
		size = "3-4"
	case h.Persons == 2:
		size = "2"
	}
	return fmt.Sprintf("%s|%s|%s|%t", spendBand(h.Before), strings.Join(streams, "+"), size, h.Minors)
}

// spendBand puts a year's spend in a band: the bands are wide at the top,
// where few households are.
func spendBand(c money.Cents) string {
	euros := c.Euros()
	for _, b := range []struct {
		upto int64
		name string
	}{{0, "0"}, {1_000, "<1k"}, {5_000, "1k-5k"}, {20_000, "5k-20k"}, {50_000, "20k-50k"}, {100_000, "50k-100k"}} {
		if euros <= b.upto {
			return b.name
		}
	}
	return ">100k"
}

// EvalRules are the disclosure rules of a plan evaluation, as for releases.
type EvalRules struct {
	MinHouseholds    int
	RoundCount       int
	RoundAmountCents int64
}

// DefaultEvalRules: at least 10 households per group, counts to 5, amounts
// to €1,000.
var DefaultEvalRules = EvalRules{MinHouseholds: 10, RoundCount: 5, RoundAmountCents: 100_000}

// EvalGroup is one group's published figures: households and the mean
// spend per household before and after.
type EvalGroup struct {
	Group      string `json:"group"` // "plan" | "vergelijking"
	Households *int64 `json:"households"`
	BeforeCent *int64 `json:"before_cent"`
	AfterCent  *int64 `json:"after_cent"`
	Suppressed bool   `json:"suppressed"`
}

// PlanEvaluation is the difference-in-differences of plan families against
// matched families without a plan, with a bootstrap interval.
type PlanEvaluation struct {
	Period       string      `json:"period"`
	Groups       []EvalGroup `json:"groups"`
	EffectCent   *int64      `json:"effect_cent"`
	IntervalCent *[2]int64   `json:"interval_cent"`
	Method       string      `json:"method"`
	Unmatched    *int64      `json:"unmatched_plan_households"`
	Note         string      `json:"note,omitempty"`
}

// EvaluatePlans compares the change in spend of plan households with the
// change of households without a plan in the same matching cell. Each plan
// household is compared with the mean of its cell's comparison households
// (so the comparison group is weighted like the plan group); plan
// households whose cell has no comparison are left out and counted. The
// effect is the mean of (after − before) of the plan households minus that
// of their comparisons; its 95% interval comes from resampling households
// within each group. Nothing per household is returned: fewer than
// MinHouseholds in a group withholds everything.
func EvaluatePlans(period string, hs []PlanHousehold, r EvalRules, seed uint64) PlanEvaluation {
	ev := PlanEvaluation{Period: period, Method: "exacte cellen (uitgavenklasse, geldstromen, huishoudgrootte, minderjarigen); verschil-in-verschillen; bootstrap 1.000×"}
	cells := map[string]*cellGroup{}
	for _, h := range hs {
		k := h.Cell()
		c := cells[k]
		if c == nil {
			c = &cellGroup{}
			cells[k] = c
		}
		if h.HasPlan {
			c.plan = append(c.plan, h)
		} else {
			c.comp = append(c.comp, h)
		}
	}
	var matched []*cellGroup
	var plans, comps, unmatched int
	for _, c := range cells {
		switch {
		case len(c.plan) == 0:
		case len(c.comp) == 0:
			unmatched += len(c.plan)
		default:
			matched = append(matched, c)
			plans += len(c.plan)
			comps += len(c.comp)
		}
	}
	sort.Slice(matched, func(i, j int) bool { return matched[i].plan[0].Cell() < matched[j].plan[0].Cell() })
	// The resampling draws by position: households in a fixed order make
	// the interval depend on the data only, not on the order it came in.
	for _, c := range matched {
		sortHouseholds(c.plan)
		sortHouseholds(c.comp)
	}
	ev.Unmatched = ptr64(roundTo(int64(unmatched), r.RoundCount))
	plan := EvalGroup{Group: "plan", Suppressed: true}
	comp := EvalGroup{Group: "vergelijking", Suppressed: true}
	ev.Groups = []EvalGroup{plan, comp}
	if plans < r.MinHouseholds || comps < r.MinHouseholds {
		ev.Note = fmt.Sprintf("te weinig gezinnen met een plan en een vergelijkbaar gezin zonder plan om iets te publiceren (minstens %d in elke groep)", r.MinHouseholds)
		return ev
	}
	pb, pa, cb, ca := means(matched)
	plan = EvalGroup{Group: "plan", Households: ptr64(roundTo(int64(plans), r.RoundCount)),
		BeforeCent: ptr64(roundTo(int64(math.Round(pb)), int(r.RoundAmountCents))), AfterCent: ptr64(roundTo(int64(math.Round(pa)), int(r.RoundAmountCents)))}
	comp = EvalGroup{Group: "vergelijking", Households: ptr64(roundTo(int64(comps), r.RoundCount)),
		BeforeCent: ptr64(roundTo(int64(math.Round(cb)), int(r.RoundAmountCents))), AfterCent: ptr64(roundTo(int64(math.Round(ca)), int(r.RoundAmountCents)))}
	ev.Groups = []EvalGroup{plan, comp}
	effect := (pa - pb) - (ca - cb)
	ev.EffectCent = ptr64(roundTo(int64(math.Round(effect)), int(r.RoundAmountCents)))
	rng := rand.New(rand.NewPCG(seed, 7))
	draws := make([]float64, 0, 1000)
	for i := 0; i < 1000; i++ {
		rs := make([]*cellGroup, len(matched))
		for j, c := range matched {
			rs[j] = &cellGroup{plan: resampleHH(rng, c.plan), comp: resampleHH(rng, c.comp)}
		}
		b, a, xb, xa := means(rs)
		draws = append(draws, (a-b)-(xa-xb))
	}
	sort.Float64s(draws)
	lo, hi := quantileSorted(draws, 0.025), quantileSorted(draws, 0.975)
	ev.IntervalCent = &[2]int64{roundTo(int64(math.Round(lo)), int(r.RoundAmountCents)), roundTo(int64(math.Round(hi)), int(r.RoundAmountCents))}
	return ev
}

type cellGroup struct{ plan, comp []PlanHousehold }

func sortHouseholds(hs []PlanHousehold) {
	sort.Slice(hs, func(i, j int) bool {
		a, b := hs[i], hs[j]
		if a.Before != b.Before {
			return a.Before < b.Before
		}
		if a.After != b.After {
			return a.After < b.After
		}
		return a.Persons < b.Persons
	})
}

// means returns the plan households' mean before and after, and the mean
// of their matched comparisons (each plan household weighs its cell's
// comparison mean once).
func means(cells []*cellGroup) (planBefore, planAfter, compBefore, compAfter float64) {
	var n float64
	for _, c := range cells {
		var cb, ca float64
		for _, h := range c.comp {
			cb += float64(h.Before)
			ca += float64(h.After)
		}
		cb /= float64(len(c.comp))
		ca /= float64(len(c.comp))
		for _, h := range c.plan {
			planBefore += float64(h.Before)
			planAfter += float64(h.After)
			compBefore += cb
			compAfter += ca
			n++
		}
	}
	return planBefore / n, planAfter / n, compBefore / n, compAfter / n
}

func resampleHH(rng *rand.Rand, hs []PlanHousehold) []PlanHousehold {
	out := make([]PlanHousehold, len(hs))
	for i := range out {
		out[i] = hs[rng.IntN(len(hs))]
	}
	return out
}

func quantileSorted(xs []float64, q float64) float64 {
	pos := q * float64(len(xs)-1)
	lo, hi := int(math.Floor(pos)), int(math.Ceil(pos))
	return xs[lo] + (xs[hi]-xs[lo])*(pos-float64(lo))
}

func roundTo(v int64, step int) int64 {
	if step <= 1 {
		return v
	}
	s := int64(step)
	if v < 0 {
		return -((-v + s/2) / s * s)
	}
	return (v + s/2) / s * s
}

func ptr64(v int64) *int64 { return &v }
