package trajectory

import (
	"fmt"
	"github.com/ontschot/ontschot/internal/model"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// Bootstraps is the number of resamples behind each interval.
const Bootstraps = 1000

// Compare builds the comparisons from the same trajectories as cells. The
// resampling is seeded, so the same data gives the same interval.
func Compare(ts []Trajectory, cells []Cell, p Period, r Rules, seed uint64) []Comparison {
	published := map[[2]string]Cell{}
	for _, c := range cells {
		if !c.Suppressed && c.CostMedianEUR != nil {
			published[[2]string{c.Type, c.Category}] = c
		}
	}
	groups := map[[2]string][]int{} // indices into ts
	for i := range ts {
		t := &ts[i]
		if t.End >= p.From && t.End <= p.To && t.ended(p.DataEnd) {
			k := [2]string{kindOf(t), t.Categorie}
			groups[k] = append(groups[k], i)
		}
	}
	var cats []string
	for k := range published {
		if k[0] == Eigen {
			if _, ok := published[[2]string{Gecontracteerd, k[1]}]; ok {
				cats = append(cats, k[1])
			}
		}
	}
	sort.Strings(cats)
	var out []Comparison
	for _, cat := range cats {
		own, con := groups[[2]string{Eigen, cat}], groups[[2]string{Gecontracteerd, cat}]
		co, cc := published[[2]string{Eigen, cat}], published[[2]string{Gecontracteerd, cat}]
		rng := rand.New(rand.NewPCG(seed, uint64(len(cat))))
		cmp := Comparison{Category: cat, DurationOwnDays: co.DurationMedianDays, DurationContractedDays: cc.DurationMedianDays,
			SatisfactionOwn: co.SatisfactionMean, SatisfactionContracted: cc.SatisfactionMean}
		ownCost, conCost := costsOf(ts, own), costsOf(ts, con)
		ratio := median(ownCost) / median(conCost)
		if !math.IsInf(ratio, 0) && !math.IsNaN(ratio) {
			cmp.CostRatio = ptr(round2(ratio))
			bo, bc := make([]float64, len(ownCost)), make([]float64, len(conCost))
			cmp.CostRatioInterval = interval(rng, func() float64 {
				return resampledMedian(rng, ownCost, bo) / resampledMedian(rng, conCost, bc)
			})
		}
		if co.SatisfactionMean != nil && cc.SatisfactionMean != nil {
			so, sc := allScores(ts, own), allScores(ts, con)
			bo, bc := make([]int, len(so)), make([]int, len(sc))
			cmp.SatisfactionDiffInt = interval(rng, func() float64 {
				return meanInts(resampleInts(rng, so, bo)) - meanInts(resampleInts(rng, sc, bc))
			})
		}
		cmp.Headline = headline(cmp)
		out = append(out, cmp)
	}
	return out
}

func headline(c Comparison) string {
	var parts []string
	switch {
	case c.CostRatio == nil:
		parts = append(parts, "kosten niet te vergelijken")
	case c.CostRatioInterval[0] <= 1 && c.CostRatioInterval[1] >= 1:
		parts = append(parts, fmt.Sprintf("eigen trajecten kosten niet aantoonbaar minder (%s van gecontracteerde zorg, 95%%-interval %s–%s)",
			pct(*c.CostRatio), pct(c.CostRatioInterval[0]), pct(c.CostRatioInterval[1])))
	case math.Abs(*c.CostRatio-0.5) < 0.05:
		parts = append(parts, fmt.Sprintf("eigen trajecten kosten de helft (%s van gecontracteerde zorg, 95%%-interval %s–%s)",
			pct(*c.CostRatio), pct(c.CostRatioInterval[0]), pct(c.CostRatioInterval[1])))
	default:
		parts = append(parts, fmt.Sprintf("eigen trajecten kosten %s van gecontracteerde zorg (95%%-interval %s–%s)",
			pct(*c.CostRatio), pct(c.CostRatioInterval[0]), pct(c.CostRatioInterval[1])))
	}
	switch {
	case c.SatisfactionOwn == nil || c.SatisfactionContracted == nil:
		parts = append(parts, "tevredenheid n.v.t. (minder dan 10 antwoorden)")
	case c.SatisfactionDiffInt[0] <= 0 && c.SatisfactionDiffInt[1] >= 0:
		parts = append(parts, fmt.Sprintf("cliënten even tevreden (%s tegen %s)", dec1(*c.SatisfactionOwn), dec1(*c.SatisfactionContracted)))
	case c.SatisfactionDiffInt[0] > 0:
		parts = append(parts, fmt.Sprintf("cliënten tevredener (%s tegen %s)", dec1(*c.SatisfactionOwn), dec1(*c.SatisfactionContracted)))
	default:
		parts = append(parts, fmt.Sprintf("cliënten minder tevreden (%s tegen %s)", dec1(*c.SatisfactionOwn), dec1(*c.SatisfactionContracted)))
	}
	return strings.Join(parts, ", ")
}

func pct(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

func dec1(f float64) string { return strings.Replace(fmt.Sprintf("%.1f", f), ".", ",", 1) }

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// interval returns the 2.5th and 97.5th percentiles of Bootstraps draws.
func interval(rng *rand.Rand, draw func() float64) *[2]float64 {
	xs := make([]float64, 0, Bootstraps)
	for i := 0; i < Bootstraps; i++ {
		if v := draw(); !math.IsNaN(v) && !math.IsInf(v, 0) {
			xs = append(xs, v)
		}
	}
	if len(xs) < Bootstraps/2 {
		return nil
	}
	sort.Float64s(xs)
	return &[2]float64{round2(quantile(xs, 0.025)), round2(quantile(xs, 0.975))}
}

// costsOf returns the costs of ts[idx], in that order (the bootstrap
// draws by position, so the order is part of the result).
func costsOf(ts []Trajectory, idx []int) []float64 {
	xs := make([]float64, len(idx))
	for i, j := range idx {
		xs[i] = float64(ts[j].Cost)
	}
	return xs
}

// median returns the median of xs, leaving xs as it is.
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return quantile(s, 0.5)
}

// resampledMedian draws len(xs) values of xs with replacement into buf and
// returns their median: the bootstrap by position, without copying
// trajectories.
func resampledMedian(rng *rand.Rand, xs, buf []float64) float64 {
	for i := range buf {
		buf[i] = xs[rng.IntN(len(xs))]
	}
	sort.Float64s(buf)
	return quantile(buf, 0.5)
}

func allScores(ts []Trajectory, idx []int) []int {
	var out []int
	for _, j := range idx {
		out = append(out, ts[j].Scores...)
	}
	return out
}

// resampleInts draws len(xs) values of xs with replacement into buf.
func resampleInts(rng *rand.Rand, xs, buf []int) []int {
	for i := range buf {
		buf[i] = xs[rng.IntN(len(xs))]
	}
	return buf
}

func meanInts(xs []int) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	var s int
	for _, x := range xs {
		s += x
	}
	return float64(s) / float64(len(xs))
}

// WaitingTimes returns the waiting time per provider; a provider with
// fewer than MinTrajectories known waits is withheld.
func WaitingTimes(ts []Trajectory, p Period, r Rules) []Waiting {
	waits := map[string][]float64{}
	for i := range ts {
		t := &ts[i]
		if t.Waiting >= 0 && t.Start >= p.From && t.Start <= p.To {
			waits[t.Provider] = append(waits[t.Provider], float64(t.Waiting))
		}
	}
	var out []Waiting
	for prov, ws := range waits {
		w := Waiting{Provider: prov}
		if len(ws) < r.MinTrajectories {
			w.Suppressed = true
			w.Reason = "minder dan " + fmt.Sprint(r.MinTrajectories) + " bekende wachttijden"
		} else {
			sort.Float64s(ws)
			w.Cases = ptr(roundTo(int64(len(ws)), r.RoundCount))
			w.MedianDays = ptr(int64(math.Round(quantile(ws, 0.5))))
		}
		out = append(out, w)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Provider < out[j].Provider })
	return out
}

// Comparison and Waiting are published as model defines them.
type (
	Comparison = model.TrajectoryComparison
	Waiting    = model.TrajectoryWaiting
)
