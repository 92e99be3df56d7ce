package trajectory

// The store adapter: Build, Cells and Compare are pure; Source reads the
// person-level rows of a release's snapshot and returns only the
// disclosure-controlled result, to be published with the release.

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/model"

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
			results = []*Result{in.compute(p, hourly, in.ts, true)}
		} else {
			// The trajectories are built once; a gemeente's are those of
			// its persons (a trajectory depends on its person's rows only).
			of, err := in.gemeenteOf(ctx, st, p, maxImp, gemeenten)
			if err != nil {
				return nil, err
			}
			results = []*Result{in.compute(p, hourly, in.ts, false)}
			for i, g := range gemeenten {
				results = append(results, in.compute(p, hourly, in.only(of, i+1), false))
				codes = append(codes, g)
			}
			rest := in.compute(p, hourly, in.only(of, 0), false)
			Across(results, rest)
			// The comparisons after Across withheld cells.
			for i, res := range results {
				ts := in.ts
				if i > 0 {
					ts = in.only(of, i)
				}
				res.Comparisons = Compare(ts, res.Cells, in.period(p), DefaultRules, seedOf(p.String()))
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
	return in.compute(p, hourly, in.ts, true), nil
}

// inputs are the trajectories of a snapshot, ordered by person, provider
// and category as Build orders them; they never leave this package.
type inputs struct {
	ts      []Trajectory
	persons []string // every person with a trajectory, in order
	dataEnd int
}

// load builds the trajectories person by person: the care months stream
// in by person, and only the trajectories are kept (issue 16 point 4: at
// 10M deliveries holding every month of every person did not fit). The
// smaller inputs — own teams' months, reported starts and stops, scores,
// referrals — are held per person.
func load(ctx context.Context, st *store.Store, maxDel, maxImp int64, hourly money.Cents) (*inputs, error) {
	own, err := st.OwnTeams(ctx)
	if err != nil {
		return nil, err
	}
	in := &inputs{}
	team := map[string][]Care{}
	err = st.EachTeamMonth(ctx, maxImp, func(t store.TeamMonth) error {
		m := Month(t.YearMonth/100*12 + t.YearMonth%100 - 1)
		amount := t.Amount
		if amount == 0 && t.Minutes > 0 {
			amount = money.Cents(int64(hourly) * t.Minutes / 60)
		}
		team[t.Person] = append(team[t.Person], Care{Person: t.Person, Provider: t.Bron, Categorie: t.Categorie, Geldstroom: t.Geldstroom, Month: m, Amount: amount})
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
	ss := map[string][]StartStop{}
	for _, r := range reported {
		ss[r.Person] = append(ss[r.Person], StartStop{Person: r.Person, Provider: r.AGB, Categorie: r.Categorie, Stop: r.Stop, Date: r.Date, Assigned: r.Assigned})
	}
	reported = nil
	scores, err := st.Scores(ctx)
	if err != nil {
		return nil, err
	}
	fb := map[string][]Feedback{}
	for _, s := range scores {
		fb[s.Person] = append(fb[s.Person], Feedback{Person: s.Person, Provider: s.AGB, Score: s.Score})
	}
	scores = nil
	referred, err := st.Referrals(ctx, maxImp)
	if err != nil {
		return nil, err
	}
	refs := map[string][]Referral{}
	for _, r := range referred {
		refs[r.Person] = append(refs[r.Person], Referral{Person: r.Person, Provider: r.AGB, Categorie: r.Categorie, From: r.From, To: r.To, Referrer: r.Verwijzer})
	}
	referred = nil

	type chunk struct {
		person string
		ts     []Trajectory
	}
	var chunks []chunk
	build := func(person string, care []Care) {
		care = append(care, team[person]...)
		delete(team, person)
		ts := Build(care, ss[person], fb[person], own)
		AssignReferrers(ts, refs[person])
		chunks = append(chunks, chunk{person, ts})
	}
	var cur []Care
	person := ""
	err = st.EachCareMonthByPerson(ctx, maxDel, func(c store.CareMonth) error {
		if c.Person != person && len(cur) > 0 {
			build(person, cur)
			cur = cur[:0]
		}
		person = c.Person
		m := Month(c.YearMonth/100*12 + c.YearMonth%100 - 1)
		cur = append(cur, Care{Person: c.Person, Provider: c.AGB, Categorie: c.Categorie, Geldstroom: c.Geldstroom, Month: m, Amount: c.Amount})
		in.dataEnd = max(in.dataEnd, m.End())
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(cur) > 0 {
		build(person, cur)
	}
	for q := range team { // persons with an own team's months only
		build(q, nil)
	}
	// Build orders by person, provider, category: so do the chunks.
	sort.Slice(chunks, func(i, j int) bool { return chunks[i].person < chunks[j].person })
	n := 0
	for _, c := range chunks {
		n += len(c.ts)
	}
	in.ts = make([]Trajectory, 0, n)
	in.persons = make([]string, len(chunks))
	for i := range chunks {
		in.ts = append(in.ts, chunks[i].ts...)
		in.persons[i] = chunks[i].person
		chunks[i].ts = nil
	}
	return in, nil
}

// gemeenteOf returns, per trajectory, where the release counts its
// person: i+1 for gemeenten[i], 0 when unknown, -1 for another gemeente.
func (in *inputs) gemeenteOf(ctx context.Context, st *store.Store, p release.Period, maxImp int64, gemeenten []string) ([]int8, error) {
	places, err := release.Places(ctx, st, p, maxImp, in.persons)
	if err != nil {
		return nil, err
	}
	index := map[string]int8{"": 0}
	for i, g := range gemeenten {
		index[g] = int8(i + 1)
	}
	of := make([]int8, len(in.ts))
	q := -1
	for i := range in.ts {
		if q < 0 || in.ts[i].Person != in.persons[q] {
			q++
		}
		g, ok := index[places[q].Gemeente]
		if !ok {
			g = -1
		}
		of[i] = g
	}
	return of, nil
}

// only returns the trajectories of the persons counted in gemeente g (see
// gemeenteOf), in order.
func (in *inputs) only(of []int8, g int) []Trajectory {
	n := 0
	for _, x := range of {
		if int(x) == g {
			n++
		}
	}
	out := make([]Trajectory, 0, n)
	for i, x := range of {
		if int(x) == g {
			out = append(out, in.ts[i])
		}
	}
	return out
}

func (in *inputs) period(p release.Period) Period {
	return Period{From: dateOf(p.Start()), To: dateOf(p.End()), DataEnd: in.dataEnd}
}

// compute publishes trajectories ts; the comparisons only when withCompare
// (a region's are made after Across).
func (in *inputs) compute(p release.Period, hourly money.Cents, ts []Trajectory, withCompare bool) *Result {
	period := in.period(p)
	cells := Cells(ts, period, DefaultRules)
	res := &Result{Period: p.String(), HourlyCost: int64(hourly), Cells: cells,
		Waiting:   WaitingTimes(ts, period, DefaultRules),
		Referrers: ReferrerCells(ts, period, DefaultRules)}
	if withCompare {
		res.Comparisons = Compare(ts, cells, period, DefaultRules, seedOf(p.String()))
	}
	return res
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
