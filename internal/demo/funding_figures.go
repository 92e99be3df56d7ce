package demo

// The demo's funding figures (issue 13 item 8): budgets set against what
// the contracts will really be seen to spend (some years over, some
// under), volume-only reports of the pooled wijk budget's alliance (hours,
// bedrag 0: no declaration per client under a lump sum), aftercare
// conversations of the lump-sum GGZ consortium, an indicator the
// municipality measures itself for the cooperative, and population norms.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/ontschot/ontschot/internal/budget"
	"github.com/ontschot/ontschot/internal/funding"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/release"
)

// allianceAGB reports the pooled wijk budget's hours: the alliance of
// partners, paid from the pool, declaring nothing per client.
const allianceAGB = "99199904"

const allianceName = "Wijkalliantie (demo)"

// demoContract is how the demo's contracts count care, to set budgets.
type demoContract struct {
	code       string
	members    map[string]bool
	categories map[string]bool // nil = all
	wijk       string          // "" = every resident
}

func demoContracts(c *City, ps *providers) []demoContract {
	wijken := sortedWijken(c)
	set := func(xs ...string) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	coop := set()
	for _, p := range ps.wmo[2:10] {
		coop[p.AGB] = true
	}
	return []demoContract{
		{"GGZ-LS", set(ps.jeugd[3].AGB, ps.jeugd[4].AGB, ps.jeugd[5].AGB), set("45", "54"), ""},
		{"COOP-WIJK", coop, set("01", "02"), wijken[0].Code},
		{"POOL-WIJK", set(ps.wijkteam.AGB, ps.wmo[13].AGB, ps.wmo[17].AGB, allianceAGB), nil, wijken[len(wijken)/2].Code},
	}
}

// wijkAt returns the wijk a household lives in at the end of year y.
func wijkAt(h *Household, y int) string {
	a := h.Addr
	if h.Moved != nil && int(h.MovedAt) <= y*10000+1231 {
		a = h.Moved
	}
	if a == nil || a.Buurt == nil {
		return ""
	}
	return a.Buurt.Wijk
}

// contractSpend sums the care each demo contract will be seen to spend per
// year (plus the pool's monthly lump sum of € 45,000).
func contractSpend(care []careRow, pop *population, cs []demoContract, firstYear, years int) map[string]map[int]money.Cents {
	home := map[string]*Household{}
	for _, h := range pop.households {
		for _, p := range h.persons() {
			home[p.BSN] = h
		}
	}
	out := map[string]map[int]money.Cents{}
	for _, c := range cs {
		out[c.code] = map[int]money.Cents{}
	}
	for _, r := range care {
		d := r.d
		y := int(d.Begin) / 10000
		for _, c := range cs {
			if !c.members[d.AGB] || (c.categories != nil && !c.categories[d.Categorie]) {
				continue
			}
			if c.wijk != "" {
				h := home[d.BSN]
				if h == nil || wijkAt(h, y) != c.wijk {
					continue
				}
			}
			out[c.code][y] += d.Signed()
		}
	}
	for y := firstYear; y < firstYear+years; y++ {
		out["POOL-WIJK"][y] += 12 * 4500000
	}
	return out
}

// budgetFor is a year's budget against what was spent: the factor makes
// some years over and some under budget; years without data get the last
// year's spend indexed 3%.
func budgetFor(spent map[int]money.Cents, y, firstYear, years int, factor float64) money.Cents {
	s, ok := spent[y]
	if !ok || s <= 0 {
		s = spent[firstYear+years-1] * 103 / 100
	}
	// Round to € 1,000: a budget is a policy figure.
	return money.Cents(float64(s)*factor/100_000+0.5) * 100_000
}

// writeVolumeReports writes the alliance's hours for residents of the
// pooled wijk: volume without a price (bedrag 0), as the simple data
// request asks of providers under a lump sum.
func writeVolumeReports(w *bufio.Writer, seed uint64, pop *population, poolWijk string, firstYear, years int) {
	r := rand.New(rand.NewPCG(seed, 0xa11a7ce))
	w.WriteString("agb;referentie;bsn;geldstroom;categorie;productcode;begindatum;einddatum;volume;eenheid;bedrag_cent;debet_credit\n")
	months := years * 12
	n := 0
	for _, h := range pop.households {
		if h.Moved != nil || h.Addr == nil || h.Addr.Buurt == nil || h.Addr.Buurt.Wijk != poolWijk || h.Adults[0].Secret || r.Float64() >= 0.10*h.Need {
			continue
		}
		l := 3 + r.IntN(7)
		s := r.IntN(months)
		hours := 2 + r.IntN(5)
		for m := s; m < min(months, s+l); m++ {
			y, mo := firstYear+m/12, m%12+1
			n++
			fmt.Fprintf(w, "%s;WA-%07d;%s;lumpsum;wijkteam;WA-UREN;%s;%s;%d;04;0;D\n", allianceAGB, n, h.Adults[0].BSN,
				intake.MakeDate(y, mo, 1), intake.MakeDate(y, mo, intake.DaysInMonth(y, mo)), hours)
		}
	}
}

// writeNazorg writes the GGZ consortium's aftercare conversations: about
// seven in ten families whose care ended are called the month after,
// score 1–5 (mostly 4) and say whether it helped (about three in four).
func writeNazorg(w *bufio.Writer, seed uint64, eps []*episode, ps *providers, firstYear, years int) {
	r := rand.New(rand.NewPCG(seed, 0x9a20c6))
	w.WriteString("contract;bsn;datum;score;geholpen\n")
	members := map[*Provider]bool{ps.jeugd[3]: true, ps.jeugd[4]: true, ps.jeugd[5]: true}
	seen := map[string]bool{}
	for _, e := range eps {
		if !members[e.prov] || (e.categorie != "45" && e.categorie != "54") || e.end+1 >= years*12 || r.Float64() >= 0.7 {
			continue
		}
		m := e.end + 1
		y, mo := firstYear+m/12, m%12+1
		date := intake.MakeDate(y, mo, 15)
		key := e.person.BSN + date.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		score := 3 + r.IntN(3)
		if r.Float64() < 0.1 {
			score = 2
		}
		helped := "nee"
		if r.Float64() < 0.75 {
			helped = "ja"
		}
		fmt.Fprintf(w, "GGZ-LS;%s;%s;%d;%s\n", e.person.BSN, date, score, helped)
	}
}

// demoNorms are the relative norms (per inhabitant per year, per band):
// youth care makes the young dear, Wmo the old. storeNorms scales them.
var demoNorms = budget.Norms{PerBand: [5]money.Cents{60_000, 35_000, 12_000, 15_000, 45_000}}

// storeNorms saves population norms for every year the demo releases, so
// each release publishes the population-based budget per wijk. The
// relative norms are scaled budget-neutral on the latest year: all wijken
// together get what was spent (declared and spread), so some wijken come
// out over and some under — as a municipality would start.
func storeNorms(ctx context.Context, imp *importer.Importer, st Stats, _ *Result, progress io.Writer) error {
	if len(st.Periods) == 0 {
		return nil
	}
	last, err := release.ParsePeriod(st.Periods[len(st.Periods)-1])
	if err != nil {
		return err
	}
	maxDel, maxImp, err := imp.Store.MaxIDs(ctx)
	if err != nil {
		return err
	}
	cells, err := funding.Spread(ctx, imp.Store, last, maxDel, maxImp)
	if err != nil {
		return err
	}
	areas, _, err := funding.PopulationAreas(ctx, imp.Store, last.Year, "wijk")
	if err != nil {
		fmt.Fprintf(progress, "  geen normen voor het populatiegebonden budget: %v\n", err)
		return nil
	}
	var spent, base float64
	for _, c := range cells {
		if c.Level == "wijk" && c.Total != nil {
			spent += float64(*c.Total)
			for _, a := range areas {
				if a.Code == c.Area {
					b, _ := budget.PopulationBudget(a, demoNorms)
					base += float64(b)
				}
			}
		}
	}
	if base == 0 {
		return nil
	}
	var n budget.Norms
	for i, v := range demoNorms.PerBand {
		n.PerBand[i] = money.Cents(float64(v)*spent/base/100+0.5) * 100 // whole euros
	}
	for _, p := range st.Periods {
		q, err := release.ParsePeriod(p)
		if err != nil {
			return err
		}
		if err := funding.SaveNorms(ctx, imp.Store, q.Year, n, ""); err != nil {
			return err
		}
	}
	fmt.Fprintf(progress, "  normen populatiegebonden budget bewaard voor %d jaren (budgetneutraal op %s)\n", len(st.Periods), last)
	return nil
}
