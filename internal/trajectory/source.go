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
// (the providers marked eigen) against contracted care.
func Source(hourly money.Cents) release.ExtraSource {
	return func(ctx context.Context, st *store.Store, p release.Period, maxDel, maxImp int64) ([]store.ReleaseExtra, error) {
		res, err := Compute(ctx, st, p, maxDel, maxImp, hourly)
		if err != nil {
			return nil, err
		}
		body, err := json.Marshal(res)
		if err != nil {
			return nil, err
		}
		return []store.ReleaseExtra{{Kind: ExtraKind, Level: "gemeente", Area: "", Body: string(body)}}, nil
	}
}

// Compute reads the snapshot and computes the published result.
func Compute(ctx context.Context, st *store.Store, p release.Period, maxDel, maxImp int64, hourly money.Cents) (*Result, error) {
	own, err := st.OwnTeams(ctx)
	if err != nil {
		return nil, err
	}
	var care []Care
	dataEnd := 0
	err = st.EachCareMonth(ctx, maxDel, func(c store.CareMonth) error {
		m := Month(c.YearMonth/100*12 + c.YearMonth%100 - 1)
		care = append(care, Care{Person: c.Person, Provider: c.AGB, Categorie: c.Categorie, Geldstroom: c.Geldstroom, Month: m, Amount: c.Amount})
		dataEnd = max(dataEnd, m.End())
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
		care = append(care, Care{Person: t.Person, Provider: t.Bron, Categorie: t.Categorie, Geldstroom: t.Geldstroom, Month: m, Amount: amount})
		dataEnd = max(dataEnd, m.End())
		return nil
	})
	if err != nil {
		return nil, err
	}
	reported, err := st.StartStops(ctx, maxImp)
	if err != nil {
		return nil, err
	}
	ss := make([]StartStop, len(reported))
	for i, r := range reported {
		ss[i] = StartStop{Person: r.Person, Provider: r.AGB, Categorie: r.Categorie, Stop: r.Stop, Date: r.Date, Assigned: r.Assigned}
	}
	scores, err := st.Scores(ctx)
	if err != nil {
		return nil, err
	}
	fb := make([]Feedback, len(scores))
	for i, s := range scores {
		fb[i] = Feedback{Person: s.Person, Provider: s.AGB, Score: s.Score}
	}
	referred, err := st.Referrals(ctx, maxImp)
	if err != nil {
		return nil, err
	}
	refs := make([]Referral, len(referred))
	for i, r := range referred {
		refs[i] = Referral{Person: r.Person, Provider: r.AGB, Categorie: r.Categorie, From: r.From, To: r.To, Referrer: r.Verwijzer}
	}
	ts := Build(care, ss, fb, own)
	AssignReferrers(ts, refs)
	period := Period{From: dateOf(p.Start()), To: dateOf(p.End()), DataEnd: dataEnd}
	cells := Cells(ts, period, DefaultRules)
	return &Result{Period: p.String(), HourlyCost: int64(hourly), Cells: cells,
		Comparisons: Compare(ts, cells, period, DefaultRules, seedOf(p.String())),
		Waiting:     WaitingTimes(ts, period, DefaultRules),
		Referrers:   ReferrerCells(ts, period, DefaultRules)}, nil
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
