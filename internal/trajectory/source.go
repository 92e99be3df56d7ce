package trajectory

// The store adapter: Build, Cells and Compare are pure; Source reads the
// person-level rows of a release's snapshot and returns only the
// disclosure-controlled result, to be published with the release.

import (
	"context"
	"encoding/json"
	"github.com/ontschot/ontschot/internal/model"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
)

// ExtraKind is the kind under which a release holds its trajectories.
const ExtraKind = "trajectories"

// DefaultHourlyCost is what an hour of an own team costs when the flows
// report hours without an amount: €75, a typical full cost of a
// municipal social worker. A municipality sets its own (ONTSCHOT_UURTARIEF_EIGEN).
const DefaultHourlyCost money.Cents = 7500

// Result is what a release publishes about trajectories.
type Result = model.Trajectories

// Source returns the release extra that computes trajectories: own teams
// (the providers marked eigen) against contracted care. In a region's
// release it publishes the region's (Area "") and each gemeente's (Area
// the gemeente's code), with the secondary suppression of region = Σ
// gemeenten (Across).
func Source(hourly money.Cents) release.ExtraSource {
	return func(ctx context.Context, st *store.Store, p release.Period, maxDel, maxImp int64) ([]store.ReleaseExtra, error) {
		in, err := load(ctx, st, maxDel, maxImp, hourly)
		if err != nil {
			return nil, err
		}
		gemeenten, err := release.RegionGemeenten(ctx, st)
		if err != nil {
			return nil, err
		}
		var results []*Result
		codes := []string{""}
		if len(gemeenten) == 0 {
			results = []*Result{in.compute(p, hourly, nil)}
		} else {
			of, err := in.gemeenteOf(ctx, st, p, maxImp)
			if err != nil {
				return nil, err
			}
			results = []*Result{in.compute(p, hourly, nil)}
			for _, g := range gemeenten {
				results = append(results, in.compute(p, hourly, func(person string) bool { return of[person] == g }))
				codes = append(codes, g)
			}
			rest := in.compute(p, hourly, func(person string) bool { return of[person] == "" })
			Across(results, rest)
			for i, res := range results {
				in.compare(res, p, seedOf(p.String()), in.filterOf(of, codes[i]))
			}
		}
		var out []store.ReleaseExtra
		for i, res := range results {
			body, err := json.Marshal(res)
			if err != nil {
				return nil, err
			}
			out = append(out, store.ReleaseExtra{Kind: ExtraKind, Level: "gemeente", Area: codes[i], Body: string(body)})
		}
		return out, nil
	}
}

// Compute reads the snapshot and computes the published result over every
// person of the instance.
func Compute(ctx context.Context, st *store.Store, p release.Period, maxDel, maxImp int64, hourly money.Cents) (*Result, error) {
	in, err := load(ctx, st, maxDel, maxImp, hourly)
	if err != nil {
		return nil, err
	}
	return in.compute(p, hourly, nil), nil
}

// inputs are the person-level rows of a snapshot the trajectories are
// built from; they never leave this package.
type inputs struct {
	care    []Care
	ss      []StartStop
	fb      []Feedback
	refs    []Referral
	own     map[string]bool
	dataEnd int
}

func load(ctx context.Context, st *store.Store, maxDel, maxImp int64, hourly money.Cents) (*inputs, error) {
	own, err := st.OwnTeams(ctx)
	if err != nil {
		return nil, err
	}
	in := &inputs{own: own}
	err = st.EachCareMonth(ctx, maxDel, func(c store.CareMonth) error {
		m := Month(c.YearMonth/100*12 + c.YearMonth%100 - 1)
		in.care = append(in.care, Care{Person: c.Person, Provider: c.AGB, Categorie: c.Categorie, Geldstroom: c.Geldstroom, Month: m, Amount: c.Amount})
		in.dataEnd = max(in.dataEnd, m.End())
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = st.EachTeamMonth(ctx, maxImp, func(t store.TeamMonth) error {
		m := Month(t.YearMonth/100*12 + t.YearMonth%100 - 1)
		amount := t.Amount
		if amount == 0 && t.Minutes > 0 {
			amount = money.Cents(int64(hourly) * t.Minutes / 60)
		}
		in.care = append(in.care, Care{Person: t.Person, Provider: t.Bron, Categorie: t.Categorie, Geldstroom: t.Geldstroom, Month: m, Amount: amount})
		in.dataEnd = max(in.dataEnd, m.End())
		return nil
	})
	if err != nil {
		return nil, err
	}
	reported, err := st.StartStops(ctx, maxImp)
	if err != nil {
		return nil, err
	}
	in.ss = make([]StartStop, len(reported))
	for i, r := range reported {
		in.ss[i] = StartStop{Person: r.Person, Provider: r.AGB, Categorie: r.Categorie, Stop: r.Stop, Date: r.Date, Assigned: r.Assigned}
	}
	scores, err := st.Scores(ctx)
	if err != nil {
		return nil, err
	}
	in.fb = make([]Feedback, len(scores))
	for i, s := range scores {
		in.fb[i] = Feedback{Person: s.Person, Provider: s.AGB, Score: s.Score}
	}
	referred, err := st.Referrals(ctx, maxImp)
	if err != nil {
		return nil, err
	}
	in.refs = make([]Referral, len(referred))
	for i, r := range referred {
		in.refs[i] = Referral{Person: r.Person, Provider: r.AGB, Categorie: r.Categorie, From: r.From, To: r.To, Referrer: r.Verwijzer}
	}
	return in, nil
}

// gemeenteOf returns, per person with care, the gemeente where the
// release counts them ("" when unknown).
func (in *inputs) gemeenteOf(ctx context.Context, st *store.Store, p release.Period, maxImp int64) (map[string]string, error) {
	seen := map[string]bool{}
	var persons []string
	for _, c := range in.care {
		if !seen[c.Person] {
			seen[c.Person] = true
			persons = append(persons, c.Person)
		}
	}
	places, err := release.Places(ctx, st, p, maxImp, persons)
	if err != nil {
		return nil, err
	}
	of := make(map[string]string, len(persons))
	for i, q := range persons {
		of[q] = places[i].Gemeente
	}
	return of, nil
}

func (in *inputs) filterOf(of map[string]string, gemeente string) func(string) bool {
	if gemeente == "" {
		return nil
	}
	return func(person string) bool { return of[person] == gemeente }
}

// trajectories builds the trajectories of the persons keep admits (every
// person when keep is nil).
func (in *inputs) trajectories(keep func(person string) bool) []Trajectory {
	care, ss, fb, refs := in.care, in.ss, in.fb, in.refs
	if keep != nil {
		care, ss, fb, refs = only(care, func(c Care) string { return c.Person }, keep), only(ss, func(s StartStop) string { return s.Person }, keep),
			only(fb, func(f Feedback) string { return f.Person }, keep), only(refs, func(r Referral) string { return r.Person }, keep)
	}
	ts := Build(care, ss, fb, in.own)
	AssignReferrers(ts, refs)
	return ts
}

func only[T any](xs []T, person func(T) string, keep func(string) bool) []T {
	out := make([]T, 0, len(xs))
	for _, x := range xs {
		if keep(person(x)) {
			out = append(out, x)
		}
	}
	return out
}

// compute publishes the trajectories of the persons keep admits.
func (in *inputs) compute(p release.Period, hourly money.Cents, keep func(person string) bool) *Result {
	ts := in.trajectories(keep)
	period := Period{From: dateOf(p.Start()), To: dateOf(p.End()), DataEnd: in.dataEnd}
	cells := Cells(ts, period, DefaultRules)
	return &Result{Period: p.String(), HourlyCost: int64(hourly), Cells: cells,
		Comparisons: Compare(ts, cells, period, DefaultRules, seedOf(p.String())),
		Waiting:     WaitingTimes(ts, period, DefaultRules),
		Referrers:   ReferrerCells(ts, period, DefaultRules)}
}

// compare redoes res's comparisons after Across withheld cells.
func (in *inputs) compare(res *Result, p release.Period, seed uint64, keep func(person string) bool) {
	ts := in.trajectories(keep)
	period := Period{From: dateOf(p.Start()), To: dateOf(p.End()), DataEnd: in.dataEnd}
	res.Comparisons = Compare(ts, res.Cells, period, DefaultRules, seed)
}

// dateOf reads "2025-01-31" as 20250131.
func dateOf(s string) int {
	n := 0
	for _, c := range strings.ReplaceAll(s, "-", "") {
		n = n*10 + int(c-'0')
	}
	return n
}

// seedOf makes the bootstrap's seed from the period, so a re-release of
// the same data gives the same interval.
func seedOf(period string) uint64 {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(period); i++ {
		h = (h ^ uint64(period[i])) * 1099511628211
	}
	return h
}
