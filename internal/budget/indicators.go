package budget

import (
	"math"
	"sort"

	"github.com/ontschot/ontschot/internal/model"
)

// MinResponses is the fewest feedback scores or conversations a measured
// figure rests on, as the release's minimum of households.
const MinResponses = 10

// EpisodeGap is how many months without care end a stretch of support:
// a household back after a shorter pause never left.
const EpisodeGap = 3

// Clients holds, per household, the months (index y×12+m−1) in which it
// had care under a contract, over every year known.
type Clients map[string][]int

// Measure returns the value Ontschot measures for an indicator of a
// contract in year, or nil when it cannot be measured (yet) or rests on
// fewer than MinResponses households or scores. dataEnd is the last month
// index with data: an ending is only certain EpisodeGap months later.
//
//   - tevredenheid: the mean of scores (1–5);
//   - bereik: households with care in the year;
//   - uitstroom: the share of the year's households whose support ended in
//     the year (no care for EpisodeGap months after);
//   - herinstroom: of the households whose support ended in the year and
//     whose next 12 months are in the data (or who came back), the share
//     that was back within 12 months (lower is better).
func Measure(indicator string, year int, clients Clients, scores []int, dataEnd int) *float64 {
	first, last := year*12, year*12+11
	switch indicator {
	case Tevredenheid:
		if len(scores) < MinResponses {
			return nil
		}
		var s int
		for _, v := range scores {
			s += v
		}
		v := math.Round(float64(s)/float64(len(scores))*100) / 100
		return &v
	case Bereik:
		n := 0
		for _, ms := range clients {
			if inYear(ms, first, last) {
				n++
			}
		}
		if n < MinResponses {
			return nil
		}
		v := float64(n)
		return &v
	case Uitstroom, Herinstroom:
		reached, ended, left, back := 0, 0, 0, 0
		for _, ms := range clients {
			if !inYear(ms, first, last) {
				continue
			}
			reached++
			sorted := append([]int(nil), ms...)
			sort.Ints(sorted)
			endedHere, observed, cameBack := false, false, false
			for i, m := range sorted {
				next := math.MaxInt
				if i+1 < len(sorted) {
					next = sorted[i+1]
				}
				if m < first || m > last || next-m <= EpisodeGap || m+EpisodeGap > dataEnd {
					continue
				}
				endedHere = true
				// A return is only known once the 12 months after the
				// end are in the data, or the household is back.
				if next <= m+12 || m+12 <= dataEnd {
					observed, cameBack = true, next <= m+12
				}
			}
			if endedHere {
				ended++
			}
			if observed {
				left++
				if cameBack {
					back++
				}
			}
		}
		var num, den int
		if indicator == Uitstroom {
			num, den = ended, reached
		} else {
			num, den = back, left
		}
		if den < MinResponses {
			return nil
		}
		v := math.Round(float64(num)/float64(den)*1000) / 1000
		return &v
	}
	return nil
}

func inYear(ms []int, first, last int) bool {
	for _, m := range ms {
		if m >= first && m <= last {
			return true
		}
	}
	return false
}

// MeasuredBy says who measured an indicator: Ontschot ("gemeten") for its
// own indicators, the municipality ("aangeleverd") for any other.
func MeasuredBy(indicator string) string {
	switch indicator {
	case Tevredenheid, Uitstroom, Herinstroom, Bereik:
		return "gemeten"
	}
	return "aangeleverd"
}

// PaymentModel turns a Payment into the release's shape, naming who
// measured each indicator.
func PaymentModel(p Payment) *model.Payment {
	out := &model.Payment{Budget: p.Budget, Fixed: p.Fixed, Total: p.Total, Pending: p.Pending}
	for _, l := range p.Lines {
		out.Lines = append(out.Lines, model.PaymentLine{Indicator: l.Indicator, Target: l.Target, Measured: l.Measured,
			Attainment: l.Attainment, AtStake: l.AtStake, Paid: l.Paid, Source: MeasuredBy(l.Indicator)})
	}
	return out
}

// Conversation is one aftercare conversation's outcome.
type Conversation struct {
	Household string
	Score     int
	Helped    bool
}

// AftercareOf aggregates a contract year's aftercare conversations: the
// number, the mean score and the share that said the support helped —
// withheld when fewer than MinResponses households took part.
func AftercareOf(cs []Conversation, r ShowRules) *model.Aftercare {
	if len(cs) == 0 {
		return nil
	}
	hh := map[string]bool{}
	var sum, helped int
	for _, c := range cs {
		hh[c.Household] = true
		sum += c.Score
		if c.Helped {
			helped++
		}
	}
	if len(hh) < MinResponses {
		return &model.Aftercare{Suppressed: true, Reason: "minder dan 10 huishoudens gesproken"}
	}
	n := roundCount(int64(len(cs)), r.RoundCount)
	mean := math.Round(float64(sum)/float64(len(cs))*10) / 10
	pct := math.Round(float64(helped) / float64(len(cs)) * 100)
	return &model.Aftercare{Conversations: &n, ScoreMean: &mean, HelpedPct: &pct}
}
