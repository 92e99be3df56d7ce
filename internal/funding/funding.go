// Package funding is the store adapter of the funding module (SPEC §5.8,
// issue 13): it reads the contracts, budgets, care, flows, assignments,
// feedback and aftercare of a snapshot, resolves every person to the
// household and area where a release counts them (release.Places), and
// hands the package budget only aggregates. What leaves is
// disclosure-controlled: `ontschot budget show`, and two release extras —
// `funding` (model.Funding) and `funding_spread` (model.SpreadCell per
// level).
package funding

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/ontschot/ontschot/internal/budget"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
)

// HistoryYears is how many earlier years give the seasonal pattern and
// the declaration lag.
const HistoryYears = 3

// Rules are the disclosure rules of every funding figure: the release
// defaults (≥ 10 households, counts to 5, amounts to €1,000).
var Rules = budget.DefaultShowRules

// Contracts converts the stored contracts.
func Contracts(cs []store.Contract) []budget.Contract {
	out := make([]budget.Contract, 0, len(cs))
	for _, c := range cs {
		v, _ := budget.ParseVariant(c.Variant)
		out = append(out, budget.Contract{Code: c.Code, Naam: c.Naam, Variant: v, Opdrachtnemer: c.Opdrachtnemer,
			Aanbieders: c.Aanbieders, Geldstromen: c.Geldstromen, Categorieen: c.Categorieen, Gebied: c.Gebied,
			Begin: budget.Day(c.Begin), Eind: budget.Day(c.Eind)})
	}
	return out
}

func members(cs []budget.Contract) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, c := range cs {
		for _, a := range c.Aanbieders {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	sort.Strings(out)
	return out
}

// snapshot is what one year's funding figures are made of, per household.
type snapshot struct {
	contracts []budget.Contract
	care      []budget.CareRow
	flows     []budget.FlowRow
	open      []budget.OpenRow
	place     map[string]release.Place // pseudonym → where the person counts
	dataEnd   int                      // last month index with care
}

func area(pl release.Place) string {
	if pl.Buurt != "" {
		return pl.Buurt
	}
	return pl.Gemeente
}

// load reads the care of the contracts' providers from HistoryYears before
// year on (all later months too, for the indicators), the flows booked to
// contracts, and the assignments open in months 1..through of year.
func load(ctx context.Context, st *store.Store, year, through int, maxDel, maxImp int64) (*snapshot, error) {
	stored, err := st.Contracts(ctx)
	if err != nil {
		return nil, err
	}
	s := &snapshot{contracts: Contracts(stored), place: map[string]release.Place{}}
	agbs := members(s.contracts)
	var raw []store.ContractCare
	err = st.EachContractCare(ctx, agbs, (year-HistoryYears)*100+1, 999912, maxDel, func(c store.ContractCare) error {
		raw = append(raw, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	flows, err := st.ContractFlows(ctx, (year-HistoryYears)*100+1, year*100+12, maxImp)
	if err != nil {
		return nil, err
	}
	last := max(through, 1)
	from, to := year*10000+101, year*10000+last*100+intake.DaysInMonth(year, last)
	assignments, err := st.OpenAssignments(ctx, agbs, from, to, maxImp, maxDel)
	if err != nil {
		return nil, err
	}
	tariffs, err := st.ProductTariffs(ctx, agbs, maxDel)
	if err != nil {
		return nil, err
	}
	if err := s.resolve(ctx, st, release.Period{Year: year}, maxImp, raw, flows, assignments); err != nil {
		return nil, err
	}
	for _, c := range raw {
		pl := s.place[c.Person]
		s.care = append(s.care, budget.CareRow{Household: pl.Key, Area: area(pl), AGB: c.AGB, Geldstroom: c.Geldstroom, Categorie: c.Categorie,
			Month: c.Month, Arrived: c.Arrived, Amount: c.Amount, Minutes: c.Minutes})
		s.dataEnd = max(s.dataEnd, c.Month/100*12+c.Month%100-1)
	}
	for _, f := range flows {
		row := budget.FlowRow{Contract: f.Contract, Soort: f.Soort, Area: f.Gebied, Month: f.Month, Amount: f.Amount, Minutes: f.Minutes}
		if f.Person != "" {
			pl := s.place[f.Person]
			row.Household, row.Area = pl.Key, area(pl)
		}
		s.flows = append(s.flows, row)
	}
	for _, a := range assignments {
		tariff := tariffs[a.AGB+"|"+a.Productcode]
		if a.Frequentie == "6" && a.Budget > 0 && a.Volume > 0 {
			tariff = money.Cents(int64(a.Budget) / a.Volume)
		}
		vol := budget.OpenVolume(budget.Day(a.Begin), budget.Day(a.End), budget.Day(from), budget.Day(to), a.Volume, a.Frequentie, a.DeclaredVolume)
		if vol == 0 || tariff == 0 {
			continue
		}
		pl := s.place[a.Person]
		s.open = append(s.open, budget.OpenRow{Household: pl.Key, Area: area(pl), AGB: a.AGB, Geldstroom: a.Geldstroom, Categorie: a.Categorie,
			Value: money.Cents(vol) * tariff})
	}
	return s, nil
}

// resolve finds where every person of the rows counts in period p.
func (s *snapshot) resolve(ctx context.Context, st *store.Store, p release.Period, maxImp int64, care []store.ContractCare, flows []store.ContractFlow, open []store.OpenAssignment) error {
	seen := map[string]bool{}
	var persons []string
	note := func(q string) {
		if q != "" && !seen[q] {
			seen[q] = true
			persons = append(persons, q)
		}
	}
	for _, c := range care {
		note(c.Person)
	}
	for _, f := range flows {
		note(f.Person)
	}
	for _, a := range open {
		note(a.Person)
	}
	return s.resolvePersons(ctx, st, p, maxImp, persons)
}

func (s *snapshot) resolvePersons(ctx context.Context, st *store.Store, p release.Period, maxImp int64, persons []string) error {
	var todo []string
	for _, q := range persons {
		if _, ok := s.place[q]; !ok {
			todo = append(todo, q)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	places, err := release.Places(ctx, st, p, maxImp, todo)
	if err != nil {
		return err
	}
	for i, q := range todo {
		s.place[q] = places[i]
	}
	return nil
}

// Year computes a year's funding overview as far as months 1..through,
// from deliveries up to maxDel and imports up to maxImp: every contract
// that runs in the year with its partners, budget, spend per month,
// forecast, payment on results and aftercare. Rows are what `ontschot
// budget show` prints; the Funding is what a release publishes.
func Year(ctx context.Context, st *store.Store, year, through int, maxDel, maxImp int64) (*model.Funding, []budget.ContractRow, error) {
	s, err := load(ctx, st, year, through, maxDel, maxImp)
	if err != nil {
		return nil, nil, err
	}
	stored, err := st.BudgetLines(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	lines := make([]budget.Line, len(stored))
	for i, l := range stored {
		lines[i] = budget.Line{Contract: l.Contract, Jaar: l.Jaar, Partner: l.Partner, Bedrag: l.Bedrag}
	}
	spend := budget.Aggregate(year, through, s.contracts, s.care, s.flows, s.open)
	rows := budget.Show(year, through, s.contracts, lines, spend, Rules)
	payments, err := s.payments(ctx, st, year, rows)
	if err != nil {
		return nil, nil, err
	}
	aftercare, err := s.aftercare(ctx, st, year, maxImp)
	if err != nil {
		return nil, nil, err
	}
	f := &model.Funding{Year: year, Through: through, Contracts: []model.FundingContract{}}
	byCode := map[string]budget.Contract{}
	for _, c := range s.contracts {
		byCode[c.Code] = c
	}
	for _, r := range rows {
		c := byCode[r.Contract]
		fc := model.FundingContract{Contract: r.Contract, Naam: r.Naam, Variant: string(r.Variant), Opdrachtnemer: c.Opdrachtnemer,
			Members: c.Aanbieders, Area: c.Gebied, Begin: dayString(c.Begin), End: dayString(c.Eind), Partners: []model.FundingPartner{},
			Budget: r.Budget, Spent: r.Spent, Forecast: r.Forecast, Difference: r.Difference, Households: r.Households,
			Spread: r.Spread, Method: r.Method, Months: r.Months, Payment: payments[r.Contract], Aftercare: aftercare[r.Contract],
			Suppressed: r.Suppressed, Reason: r.Reason}
		for _, p := range r.Partners {
			fc.Partners = append(fc.Partners, model.FundingPartner{Partner: p.Partner, Amount: p.Bedrag})
		}
		if fc.Members == nil {
			fc.Members = []string{}
		}
		if fc.Months == nil {
			fc.Months = make([]*money.Cents, through)
		}
		f.Contracts = append(f.Contracts, fc)
	}
	return f, rows, nil
}

func dayString(d budget.Day) string {
	b := []byte("0000-00-00")
	n := int(d)
	for _, i := range []int{9, 8, 6, 5, 3, 2, 1, 0} {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

// payments works out the payment on results of every contract with result
// agreements in year.
func (s *snapshot) payments(ctx context.Context, st *store.Store, year int, rows []budget.ContractRow) (map[string]*model.Payment, error) {
	agreements, err := st.ResultAgreements(ctx, year)
	if err != nil {
		return nil, err
	}
	out := map[string]*model.Payment{}
	if len(agreements) == 0 {
		return out, nil
	}
	scores, err := st.Scores(ctx)
	if err != nil {
		return nil, err
	}
	// Who had care under which contract, per month, over every year read.
	clients := map[string]budget.Clients{}
	for _, c := range s.care {
		if c.Amount == 0 && c.Minutes <= 0 {
			continue
		}
		k := budget.Claim(s.contracts, c.AGB, c.Geldstroom, c.Categorie, c.Area, c.Month)
		if k == nil {
			continue
		}
		if clients[k.Code] == nil {
			clients[k.Code] = budget.Clients{}
		}
		clients[k.Code][c.Household] = append(clients[k.Code][c.Household], c.Month/100*12+c.Month%100-1)
	}
	byCode := map[string][]store.ResultAgreement{}
	for _, a := range agreements {
		byCode[a.Contract] = append(byCode[a.Contract], a)
	}
	for _, r := range rows {
		as := byCode[r.Contract]
		if len(as) == 0 {
			continue
		}
		var c budget.Contract
		for _, k := range s.contracts {
			if k.Code == r.Contract {
				c = k
			}
		}
		cl := clients[r.Contract]
		var sc []int
		for _, f := range scores {
			pl, ok := s.place[f.Person]
			if ok && contains(c.Aanbieders, f.AGB) && cl[pl.Key] != nil && inYear(cl[pl.Key], year) {
				sc = append(sc, f.Score)
			}
		}
		var rs []budget.Result
		for _, a := range as {
			res := budget.Result{Indicator: a.Indicator, Target: a.Doel, Share: a.Aandeel, Measured: a.Gemeten}
			if budget.MeasuredBy(a.Indicator) == "gemeten" {
				res.Measured = budget.Measure(a.Indicator, year, cl, sc, s.dataEnd)
			}
			rs = append(rs, res)
		}
		p, err := budget.Pay(r.Budget, rs)
		if err != nil {
			continue // refused on import; a stored set that no longer adds up is not paid out
		}
		out[r.Contract] = budget.PaymentModel(p)
	}
	return out, nil
}

func inYear(months []int, year int) bool {
	for _, m := range months {
		if m/12 == year {
			return true
		}
	}
	return false
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// aftercare aggregates the year's aftercare conversations per contract.
func (s *snapshot) aftercare(ctx context.Context, st *store.Store, year int, maxImp int64) (map[string]*model.Aftercare, error) {
	conv, err := st.AftercareOf(ctx, year, maxImp)
	if err != nil {
		return nil, err
	}
	var persons []string
	for _, c := range conv {
		persons = append(persons, c.Person)
	}
	if err := s.resolvePersons(ctx, st, release.Period{Year: year}, maxImp, persons); err != nil {
		return nil, err
	}
	per := map[string][]budget.Conversation{}
	for _, c := range conv {
		per[c.Contract] = append(per[c.Contract], budget.Conversation{Household: s.place[c.Person].Key, Score: c.Score, Helped: c.Geholpen})
	}
	out := map[string]*model.Aftercare{}
	for code, cs := range per {
		out[code] = budget.AftercareOf(cs, Rules)
	}
	return out, nil
}

// Spread computes the money per area of period p with the lump sums of
// the taak contracts spread over the volume reported under them.
func Spread(ctx context.Context, st *store.Store, p release.Period, maxDel, maxImp int64) ([]model.SpreadCell, error) {
	stored, err := st.Contracts(ctx)
	if err != nil {
		return nil, err
	}
	contracts := Contracts(stored)
	firstMonth, lastMonth := 1, 12
	if p.Quarter > 0 {
		firstMonth, lastMonth = 3*p.Quarter-2, 3*p.Quarter
	}
	var raw []store.ContractCare
	err = st.EachContractCare(ctx, nil, p.Year*100+firstMonth, p.Year*100+lastMonth, maxDel, func(c store.ContractCare) error {
		raw = append(raw, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	s := &snapshot{place: map[string]release.Place{}}
	if err := s.resolve(ctx, st, p, maxImp, raw, nil, nil); err != nil {
		return nil, err
	}
	all, err := st.Areas(ctx)
	if err != nil {
		return nil, err
	}
	in := budget.SpreadInput{WijkOf: map[string]string{}, Contracts: contracts}
	gemeenten := 0
	for _, a := range all {
		switch a.Level {
		case "buurt":
			in.WijkOf[a.Code] = a.Wijk
		case "gemeente":
			in.Gemeente = a.Code
			gemeenten++
		}
	}
	if gemeenten > 1 {
		// A region: the top cell is the region's total (every wijk of
		// every gemeente under it, as its secondary suppression assumes),
		// not one gemeente's; no page shows it as a gemeente's.
		in.Gemeente = model.RegionCode
	}
	for _, c := range raw {
		pl := s.place[c.Person]
		if in.Gemeente == "" {
			in.Gemeente = pl.Gemeente
		}
		in.Care = append(in.Care, budget.CareRow{Household: pl.Key, Area: area(pl), AGB: c.AGB, Geldstroom: c.Geldstroom, Categorie: c.Categorie,
			Month: c.Month, Amount: c.Amount, Minutes: c.Minutes})
	}
	lines, err := st.BudgetLines(ctx, p.Year)
	if err != nil {
		return nil, err
	}
	yearBudget := map[string]money.Cents{}
	for _, l := range lines {
		yearBudget[l.Contract] += l.Bedrag
	}
	for _, c := range contracts {
		if c.Variant != budget.Taak || yearBudget[c.Code] == 0 {
			continue
		}
		// The months of the period the contract runs.
		months := 0
		for m := firstMonth; m <= lastMonth; m++ {
			if c.Begin <= budget.Day(p.Year*10000+m*100+31) && budget.Day(p.Year*10000+m*100+1) <= c.Eind {
				months++
			}
		}
		if months > 0 {
			in.Lumps = append(in.Lumps, budget.Lump{Contract: c.Code, Amount: yearBudget[c.Code] * money.Cents(months) / 12})
		}
	}
	return budget.SpreadCells(in, Rules), nil
}

// Source is the release extra of the funding module: per level the money
// per area with lump sums spread (funding_spread), and the year's funding
// overview (funding) through the period's last month — with the
// population-based budget per wijk when norms are stored for the year. A
// release without contracts gets neither. A region's release publishes
// them for the region (Area "") and per gemeente (Area the gemeente's
// code, see ForGemeente).
func Source() release.ExtraSource {
	return func(ctx context.Context, st *store.Store, p release.Period, maxDel, maxImp int64) ([]store.ReleaseExtra, error) {
		cs, err := st.Contracts(ctx)
		if err != nil || len(cs) == 0 {
			return nil, err
		}
		cells, err := Spread(ctx, st, p, maxDel, maxImp)
		if err != nil {
			return nil, err
		}
		through := 12
		if p.Quarter > 0 {
			through = 3 * p.Quarter
		}
		f, _, err := Year(ctx, st, p.Year, through, maxDel, maxImp)
		if err != nil {
			return nil, err
		}
		if f.Population, err = Population(ctx, st, p.Year, "wijk", cells); err != nil {
			return nil, err
		}
		gemeenten, err := release.RegionGemeenten(ctx, st)
		if err != nil {
			return nil, err
		}
		out, err := extras("", cells, f)
		if err != nil {
			return nil, err
		}
		for _, g := range gemeenten {
			gc, gf := ForGemeente(g, cells, f)
			xs, err := extras(g, gc, gf)
			if err != nil {
				return nil, err
			}
			out = append(out, xs...)
		}
		return out, nil
	}
}

// extras are the funding_spread (per level) and funding extras of one
// area ("" the release's whole).
func extras(area string, cells []model.SpreadCell, f *model.Funding) ([]store.ReleaseExtra, error) {
	var out []store.ReleaseExtra
	for _, level := range []string{"gemeente", "wijk", "buurt"} {
		part := []model.SpreadCell{}
		for _, c := range cells {
			if c.Level == level {
				part = append(part, c)
			}
		}
		body, err := json.Marshal(part)
		if err != nil {
			return nil, err
		}
		out = append(out, store.ReleaseExtra{Kind: model.FundingSpreadExtra, Level: level, Area: area, Body: string(body)})
	}
	body, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	return append(out, store.ReleaseExtra{Kind: model.FundingExtra, Level: "gemeente", Area: area, Body: string(body)}), nil
}

// ForGemeente cuts a region's funding down to one gemeente: the contracts
// whose gebied lies in it (a contract is the instance's, and its figures
// are the same in the region's overview: no figure is a sum over
// gemeenten, so nothing can be differenced), the population budget of its
// wijken, and the spread cells of its wijken and buurten — each the very
// cell the region publishes. Left out: the contracts over the whole region
// (counted in RegionContracts; their figures are about both gemeenten),
// and the spread's total of the region, which is no gemeente's.
func ForGemeente(gemeente string, cells []model.SpreadCell, f *model.Funding) ([]model.SpreadCell, *model.Funding) {
	in := func(code string) bool { return code != "" && model.GemeenteOfCode(code) == gemeente }
	var gc []model.SpreadCell
	for _, c := range cells {
		if c.Level != "gemeente" && in(c.Area) {
			gc = append(gc, c)
		}
	}
	gf := &model.Funding{Year: f.Year, Through: f.Through, Contracts: []model.FundingContract{}}
	for _, c := range f.Contracts {
		switch {
		case in(c.Area):
			gf.Contracts = append(gf.Contracts, c)
		case model.GemeenteOfCode(c.Area) == "":
			gf.RegionContracts++
		}
	}
	if f.Population != nil {
		pb := *f.Population
		pb.Areas = nil
		for _, a := range f.Population.Areas {
			if in(a.Area) {
				pb.Areas = append(pb.Areas, a)
			}
		}
		gf.Population = &pb
	}
	return gc, gf
}
