package budget

import (
	"fmt"
	"math"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// Indicators Ontschot measures itself; any other name is a value the
// municipality imports.
const (
	Tevredenheid = "tevredenheid" // mean feedback score (1–5) where ≥ 10 responses
	Uitstroom    = "uitstroom"    // % of clients whose support ended in the year
	Herinstroom  = "herinstroom"  // % of those back within 12 months (lower is better)
	Bereik       = "bereik"       // households reached
)

// LowerIsBetter reports the indicators where a value under the target is
// the result sought.
func LowerIsBetter(name string) bool { return name == Herinstroom }

// Result is one result agreement of a contract for a year: a target and
// the share of the budget that depends on it.
type Result struct {
	Indicator string
	Target    float64
	Share     float64  // 0–1 of the year's budget
	Measured  *float64 // nil: not (yet) measurable, e.g. fewer than 10 responses
}

// Payment is what a year's results mean for the payment.
type Payment struct {
	Budget money.Cents   `json:"budget_cent"`
	Fixed  money.Cents   `json:"fixed_cent"` // the part that depends on no result
	Lines  []PaymentLine `json:"results"`
	Total  money.Cents   `json:"payment_cent"`
	// Pending is the result-dependent money whose indicator cannot be
	// measured yet: neither paid nor forfeited.
	Pending money.Cents `json:"pending_cent"`
}

// PaymentLine is one indicator's part of the payment.
type PaymentLine struct {
	Indicator  string      `json:"indicator"`
	Target     float64     `json:"target"`
	Measured   *float64    `json:"measured"`
	Attainment *float64    `json:"attainment"` // 0–1
	AtStake    money.Cents `json:"at_stake_cent"`
	Paid       money.Cents `json:"paid_cent"`
}

// CheckResults refuses result agreements whose shares exceed the budget or
// are out of range.
func CheckResults(rs []Result) error {
	var sum float64
	for _, r := range rs {
		if r.Share < 0 || r.Share > 1 || math.IsNaN(r.Share) {
			return fmt.Errorf("aandeel van %s moet tussen 0 en 1 liggen / share must lie between 0 and 1", r.Indicator)
		}
		if strings.TrimSpace(r.Indicator) == "" {
			return fmt.Errorf("indicator zonder naam / indicator without a name")
		}
		sum += r.Share
	}
	if sum > 1+1e-9 {
		return fmt.Errorf("de aandelen tellen op tot %.0f%% van het budget, meer dan 100%% / shares add up to more than 100%%", sum*100)
	}
	return nil
}

// Pay works out the payment on results: the part of the budget that
// depends on no result is paid; each indicator's share is paid in
// proportion to how far the target was reached (measured ÷ target, or
// target ÷ measured where lower is better), capped at the full share.
// Amounts add up to the budget exactly: what is not paid is forfeited, or
// pending while an indicator cannot be measured.
func Pay(budget money.Cents, rs []Result) (Payment, error) {
	if err := CheckResults(rs); err != nil {
		return Payment{}, err
	}
	p := Payment{Budget: budget}
	var stakes money.Cents
	for _, r := range rs {
		line := PaymentLine{Indicator: r.Indicator, Target: r.Target, Measured: r.Measured,
			AtStake: money.Cents(math.Round(float64(budget) * r.Share))}
		stakes += line.AtStake
		if r.Measured == nil {
			p.Pending += line.AtStake
		} else {
			a := attainment(r.Indicator, r.Target, *r.Measured)
			line.Attainment = &a
			line.Paid = money.Cents(math.Round(float64(line.AtStake) * a))
			p.Total += line.Paid
		}
		p.Lines = append(p.Lines, line)
	}
	p.Fixed = budget - stakes
	p.Total += p.Fixed
	return p, nil
}

func attainment(indicator string, target, measured float64) float64 {
	var a float64
	switch {
	case target <= 0:
		a = 1
	case LowerIsBetter(indicator):
		if measured <= target {
			a = 1
		} else {
			a = target / measured
		}
	default:
		a = measured / target
	}
	return math.Max(0, math.Min(1, a))
}
