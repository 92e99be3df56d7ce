// Package evaluation answers "does what we do work?" for the household
// plan (1Gezin1Plan1Budget): it reads, from the store, what plan families
// and families without a plan spent in the 12 months before and after the
// plan began, and hands that to analysis.EvaluatePlans, which publishes
// only disclosure-controlled aggregates.
//
// It reads household-level rows by pseudonym, as the release freeze does,
// and must never return or log one: what leaves is the evaluation.
package evaluation

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
)

// Plans evaluates the plans that began in period p. Each plan family is
// measured around its own start; families without a plan around the
// median start of the period's plans. A person belongs to the household
// of their BRP address on that date (the latest registration on or
// before it, else the earliest after it); secret addresses are left out.
func Plans(ctx context.Context, st *store.Store, p release.Period) (analysis.PlanEvaluation, error) {
	evs, _, _, err := plans(ctx, st, p, nil)
	if err != nil {
		return analysis.PlanEvaluation{}, err
	}
	return evs[0], nil
}

// plans evaluates the plans that began in period p for the whole instance
// (the first evaluation) and, with gemeenten, for each of them, the
// household counted in the gemeente where the release counts its first
// member; rest is the evaluation of the restN households of unknown
// gemeente.
func plans(ctx context.Context, st *store.Store, p release.Period, gemeenten []string) (evs []analysis.PlanEvaluation, rest analysis.PlanEvaluation, restN int, err error) {
	from, to := dateOf(p.Start()), dateOf(p.End())
	starts, err := st.PlanStarts(ctx)
	if err != nil {
		return nil, rest, 0, err
	}
	planStart := map[string]int{}
	var refs []int
	for _, s := range starts {
		if s.From >= from && s.From <= to {
			planStart[s.Household] = s.From
			refs = append(refs, s.From)
		}
	}
	if len(refs) == 0 {
		ev := analysis.EvaluatePlans(p.String(), nil, analysis.DefaultEvalRules, 1)
		ev.Note = "geen gezinsplannen die in " + p.String() + " begonnen"
		for range len(gemeenten) + 1 {
			evs = append(evs, ev)
		}
		return evs, ev, 0, nil
	}
	sort.Ints(refs)
	ref := refs[len(refs)/2]

	maxDel, maxImp, err := st.MaxIDs(ctx)
	if err != nil {
		return nil, rest, 0, err
	}
	type month struct {
		ym     int // yyyy*12 + m-1
		amount money.Cents
		stream string
	}
	care := map[string][]month{}
	lastMonth := 0
	err = st.EachCareMonth(ctx, maxDel, func(c store.CareMonth) error {
		ym := c.YearMonth/100*12 + c.YearMonth%100 - 1
		care[c.Person] = append(care[c.Person], month{ym, c.Amount, c.Geldstroom})
		lastMonth = max(lastMonth, ym)
		return nil
	})
	if err != nil {
		return nil, rest, 0, err
	}
	births, err := st.BirthDates(ctx)
	if err != nil {
		return nil, rest, 0, err
	}
	// Each person's address on a date: residences are few per person.
	residences := map[string][]store.ResidenceRow{}
	err = st.EachResidence(ctx, maxImp, func(r *store.ResidenceRow) error {
		residences[r.Person] = append(residences[r.Person], *r)
		return nil
	})
	if err != nil {
		return nil, rest, 0, err
	}
	members := map[string][]string{} // household → persons, each on its reference date
	for person, rs := range residences {
		date := ref
		if d := planStartOf(rs, planStart); d != 0 {
			date = d // a plan family's members are placed on its start
		}
		if addr := addressOn(rs, date); addr != "" {
			members[addr] = append(members[addr], person)
		}
	}
	gemeenteOf := map[string]string{} // household → gemeente
	if len(gemeenten) > 0 {
		var first []string
		var hhs []string
		for hh, persons := range members {
			hhs = append(hhs, hh)
			first = append(first, persons[0])
		}
		places, err := release.Places(ctx, st, p, maxImp, first)
		if err != nil {
			return nil, rest, 0, err
		}
		for i, hh := range hhs {
			gemeenteOf[hh] = places[i].Gemeente
		}
	}
	var hs []analysis.PlanHousehold
	var gms []string
	incomplete := 0
	for hh, persons := range members {
		refDate, hasPlan := planStart[hh]
		if !hasPlan {
			refDate = ref
		}
		refMonth := refDate/10000*12 + refDate/100%100 - 1
		if refMonth+11 > lastMonth {
			if hasPlan {
				incomplete++
			}
			continue
		}
		h := analysis.PlanHousehold{HasPlan: hasPlan, Persons: len(persons)}
		streams := map[string]bool{}
		for _, person := range persons {
			if b := births[person]; b > 0 && refDate-b < 180000 {
				h.Minors = true
			}
			for _, m := range care[person] {
				switch {
				case m.ym >= refMonth-12 && m.ym < refMonth:
					h.Before += m.amount
					streams[m.stream] = true
				case m.ym >= refMonth && m.ym < refMonth+12:
					h.After += m.amount
				}
			}
		}
		for s := range streams {
			h.Streams = append(h.Streams, s)
		}
		hs = append(hs, h)
		gms = append(gms, gemeenteOf[hh])
	}
	evaluate := func(gemeente string, all bool) analysis.PlanEvaluation {
		var part []analysis.PlanHousehold
		for i, h := range hs {
			if all || gms[i] == gemeente {
				part = append(part, h)
			}
		}
		ev := analysis.EvaluatePlans(p.String(), part, analysis.DefaultEvalRules, seedOf(p.String()))
		if incomplete > 0 && ev.Note == "" {
			ev.Note = "plannen waarvan de 12 maanden erna nog niet in de gegevens zitten tellen niet mee"
		}
		return ev
	}
	evs = append(evs, evaluate("", true))
	for _, g := range gemeenten {
		evs = append(evs, evaluate(g, false))
	}
	for i := range hs {
		if len(gemeenten) > 0 && gms[i] == "" {
			restN++
		}
	}
	return evs, evaluate("", false), restN, nil
}

// planStartOf returns the start of a plan on any address of the person's
// residences, 0 when none.
func planStartOf(rs []store.ResidenceRow, planStart map[string]int) int {
	for _, r := range rs {
		if d, ok := planStart[r.Address]; ok {
			return d
		}
	}
	return 0
}

// addressOn returns the address of a person on date: BRP before an
// assignment's address, the latest registration on or before the date,
// else the earliest after it; "" for a secret address or none.
func addressOn(rs []store.ResidenceRow, date int) string {
	var best *store.ResidenceRow
	rank := func(r *store.ResidenceRow) int {
		k := 0
		if r.Bron != "brp" {
			k = 2
		}
		if int(r.Peildatum) > date {
			k++
		}
		return k
	}
	for i := range rs {
		r := &rs[i]
		if best == nil {
			best = r
			continue
		}
		kr, kb := rank(r), rank(best)
		before := kr%2 == 0
		if kr < kb || (kr == kb && before && r.Peildatum > best.Peildatum) || (kr == kb && !before && r.Peildatum < best.Peildatum) {
			best = r
		}
	}
	if best == nil || best.Secret {
		return ""
	}
	return best.Address
}

func dateOf(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	return n
}

func seedOf(s string) uint64 {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// ExtraKind is the kind of release extra that holds the plan evaluation of
// the plans that began in the release's period.
const ExtraKind = "plan_evaluation"

// Source returns the release extra that publishes the plan evaluation
// with every release: frozen with it, so the analyst reads a released
// aggregate like any other, and a later version can correct it. A region's
// release publishes the region's (Area "") and each gemeente's (Area the
// gemeente's code), with the secondary suppression of region = Σ gemeenten
// (Across).
func Source() release.ExtraSource {
	return func(ctx context.Context, st *store.Store, p release.Period, _, _ int64) ([]store.ReleaseExtra, error) {
		gemeenten, err := release.RegionGemeenten(ctx, st)
		if err != nil {
			return nil, err
		}
		evs, rest, restN, err := plans(ctx, st, p, gemeenten)
		if err != nil {
			return nil, err
		}
		if len(gemeenten) > 0 {
			Across(evs, rest, restN > 0)
		}
		var out []store.ReleaseExtra
		for i, ev := range evs {
			body, err := json.Marshal(ev)
			if err != nil {
				return nil, err
			}
			area := ""
			if i > 0 {
				area = gemeenten[i-1]
			}
			out = append(out, store.ReleaseExtra{Kind: ExtraKind, Level: "gemeente", Area: area, Body: string(body)})
		}
		return out, nil
	}
}

// Across applies the secondary suppression of region = Σ gemeenten + rest
// to a region's plan evaluations (evs[0] the region's, evs[1:] the
// gemeenten's; rest that of the households of unknown gemeente, restAny
// when there are any): the households and mean spend of the plan and comparison
// groups add up over gemeenten, so an evaluation withheld in exactly one
// term takes the region's with it (release.AcrossRegion). An evaluation is
// published or withheld whole.
func Across(evs []analysis.PlanEvaluation, rest analysis.PlanEvaluation, restAny bool) {
	published := func(ev analysis.PlanEvaluation) bool { return len(ev.Groups) > 0 && !ev.Groups[0].Suppressed }
	pub := make([]bool, len(evs))
	for i, ev := range evs {
		pub[i] = published(ev)
	}
	restHidden := restAny && !published(rest)
	for _, i := range release.AcrossRegion(pub, restHidden) {
		evs[i] = withheld(evs[i])
	}
}

func withheld(ev analysis.PlanEvaluation) analysis.PlanEvaluation {
	return analysis.PlanEvaluation{Period: ev.Period, Method: ev.Method,
		Groups: []analysis.EvalGroup{{Group: "plan", Suppressed: true}, {Group: "vergelijking", Suppressed: true}},
		Note:   "secundair afgeschermd: de regio min de andere gemeenten zou het afgeschermde cijfer van een gemeente verraden"}
}
