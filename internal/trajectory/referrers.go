package trajectory

// Youth care by referrer: who sent the client — the gemeente, a huisarts,
// a jeugdarts, a gecertificeerde instelling, a medisch specialist — the
// breakdown councils ask for most. In iJw 3.2 the referrer is in the
// provider's request (JW315); the assignment (JW301) that answers it
// carries the request's reference, and the store hands over the pairs as
// Referrals. A trajectory takes the referrer of the assignment of the
// same person, provider and category that covers it.

import (
	"math"
	"sort"
	"strconv"

	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// Referral is an assignment that answers a request naming a referrer.
type Referral struct {
	Person, Provider, Categorie string
	From, To                    int // the assignment's first and last day, yyyymmdd; To 0: open-ended
	Referrer                    string
}

// Referrer is the published cell of one kind of referrer (its JSON is
// fixed in model).
type Referrer = model.TrajectoryReferrer

// AssignReferrers sets the Referrer of every youth-care trajectory (JZ020
// categories): the referral of the same person, provider and category
// whose assignment overlaps the trajectory and starts nearest to it;
// model.VerwijzerOnbekend when there is none.
func AssignReferrers(ts []Trajectory, refs []Referral) {
	type key struct{ person, provider, categorie string }
	by := map[key][]Referral{}
	for _, r := range refs {
		k := key{r.Person, r.Provider, r.Categorie}
		by[k] = append(by[k], r)
	}
	for i := range ts {
		t := &ts[i]
		if domain(t.Categorie) != "jeugd" {
			continue
		}
		t.Referrer = model.VerwijzerOnbekend
		best := -1
		for _, r := range by[key{t.Person, t.Provider, t.Categorie}] {
			to := r.To
			if to == 0 {
				to = math.MaxInt
			}
			if r.From > t.End || to < t.Start {
				continue
			}
			if d := abs(daysBetween(r.From, t.Start)); best < 0 || d < best {
				best, t.Referrer = d, r.Referrer
			}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// ReferrerCells returns, per kind of referrer, the youth-care trajectories
// active in the period and their spend in it, under the disclosure rules
// of the trajectory cells: a cell needs MinTrajectories trajectories,
// counts are rounded to RoundCount and spend to RoundTotalEuros, the
// p%-rule over the clients' spend guards the amount, and no cell is the
// only one withheld (else the others and the release's youth-care total
// would give it away): then the smallest other one is withheld too.
func ReferrerCells(ts []Trajectory, p Period, r Rules) []Referrer {
	type group struct {
		n       int
		spend   money.Cents
		persons map[string]money.Cents
	}
	groups := map[string]*group{}
	var total money.Cents
	for i := range ts {
		t := &ts[i]
		if t.Referrer == "" || t.Start > p.To || t.End < p.From {
			continue
		}
		g := groups[t.Referrer]
		if g == nil {
			g = &group{persons: map[string]money.Cents{}}
			groups[t.Referrer] = g
		}
		s := t.SpendIn(p.From, p.To)
		g.n++
		g.spend += s
		g.persons[t.Person] += s
		total += s
	}
	codes := make([]string, 0, len(groups))
	for c := range groups {
		codes = append(codes, c)
	}
	// COD327 order, the unknown last.
	sort.Slice(codes, func(i, j int) bool {
		a, b := codes[i], codes[j]
		if (a == model.VerwijzerOnbekend) != (b == model.VerwijzerOnbekend) {
			return b == model.VerwijzerOnbekend
		}
		return a < b
	})
	out := make([]Referrer, len(codes))
	countHidden := make([]bool, len(codes))
	spendHidden := make([]bool, len(codes))
	for i, c := range codes {
		g := groups[c]
		out[i] = Referrer{Referrer: c, Name: model.VerwijzerNaam(c)}
		if g.n < r.MinTrajectories {
			countHidden[i], spendHidden[i] = true, true
			out[i].Reason = "minder dan " + strconv.Itoa(r.MinTrajectories) + " trajecten"
			continue
		}
		if dominated(g.persons, r.PPercent) {
			spendHidden[i] = true
			out[i].Reason = "uitgaven afgeschermd: één cliënt bepaalt het bedrag (p%-regel)"
		}
	}
	secondary(out, countHidden, func(i int) int64 { return int64(groups[codes[i]].n) }, "aantal")
	secondary(out, spendHidden, func(i int) int64 { return int64(groups[codes[i]].spend) }, "uitgaven")
	for i, c := range codes {
		g := groups[c]
		if !countHidden[i] {
			out[i].Trajectories = ptr(roundTo(int64(g.n), r.RoundCount))
		}
		if !spendHidden[i] {
			eur := int64(math.Round(float64(g.spend) / 100))
			out[i].SpendEUR = ptr(roundTo(eur, int(r.RoundTotalEuros)))
			if total > 0 {
				out[i].SpendPct = ptr(int64(math.Round(100 * float64(g.spend) / float64(total))))
			}
		}
		out[i].Suppressed = countHidden[i] || spendHidden[i]
	}
	return out
}

// dominated applies the p%-rule to the clients' spend in one cell: the
// total less the two largest must be at least p times the largest.
func dominated(persons map[string]money.Cents, p float64) bool {
	var total, largest, second float64
	for _, v := range persons {
		f := float64(v)
		total += f
		switch {
		case f > largest:
			largest, second = f, largest
		case f > second:
			second = f
		}
	}
	return total-largest-second < p*largest
}

// secondary withholds, where exactly one figure of the column is withheld,
// the smallest published one too, naming why.
func secondary(out []Referrer, hidden []bool, size func(int) int64, what string) {
	n, pick := 0, -1
	for _, h := range hidden {
		if h {
			n++
		}
	}
	if n != 1 {
		return
	}
	for i, h := range hidden {
		if !h && (pick < 0 || size(i) < size(pick)) {
			pick = i
		}
	}
	if pick < 0 {
		return
	}
	hidden[pick] = true
	if out[pick].Reason == "" {
		out[pick].Reason = what + " secundair afgeschermd"
	}
}
