package demo

// The demo's own team, client survey and funding arrangements: the
// municipality's own light begeleiding (Wmo category 02) reported per
// person through the flows without declarations (hours, no amount: the
// municipality's own hourly cost applies), a client-experience survey with
// scores for own and contracted providers, and three contracts with their
// budgets (issue 13: a lump-sum GGZ consortium, a cooperative paid on
// results in one wijk, a pooled wijk budget with four partners).
//
// All of it draws from its own random stream, so the rest of the demo is
// the same with or without it.

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"sort"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/money"
)

// ownTeamAGB is the code of the municipality's own begeleiding team in the
// provider register (marked eigen).
const ownTeamAGB = "99199903"

const ownTeamName = "Eigen team begeleiding (gemeente)"

// ownEpisode is one stretch of the own team's light begeleiding.
type ownEpisode struct {
	person     *Person
	hours      int64 // per month
	start, end int   // month indexes, inclusive
}

// generateOwnTeam draws the own team's clients: adults who would otherwise
// get contracted begeleiding, a few hours a month (contracted begeleiding
// averages some nine), for about as long.
func generateOwnTeam(seed uint64, p *population, firstYear, years int) []ownEpisode {
	r := rand.New(rand.NewPCG(seed, 0xe16e7))
	months := years * 12
	var out []ownEpisode
	for _, h := range p.households {
		a := h.Adults[0]
		age := firstYear - a.Birth.Year()
		if age < 18 || a.Secret || r.Float64() >= 0.012*h.Need {
			continue
		}
		l := 6 + r.IntN(13)
		s := max(0, r.IntN(months)-l/3)
		out = append(out, ownEpisode{person: a, hours: int64(3 + r.IntN(4)), start: s, end: min(months-1, s+l-1)})
	}
	return out
}

func writeOwnTeamFlows(w *bufio.Writer, own []ownEpisode, firstYear int) {
	n := 0
	for _, e := range own {
		for m := e.start; m <= e.end; m++ {
			y, mo := firstYear+m/12, m%12+1
			n++
			fmt.Fprintf(w, "%s,ET-%07d,wijkteam,wmo,02,%s,%s,0,D,,%s,,%d,04\n", ownTeamAGB, n,
				intake.MakeDate(y, mo, 1), intake.MakeDate(y, mo, intake.DaysInMonth(y, mo)), e.person.BSN, e.hours)
		}
	}
}

// writeSurvey writes the client-experience survey: about six in ten
// clients of begeleiding (own or contracted) answer, with a score of 1–5
// for the provider; both average about 4.
func writeSurvey(w *bufio.Writer, seed uint64, eps []*episode, own []ownEpisode) {
	r := rand.New(rand.NewPCG(seed, 0x5c07e))
	w.WriteString("onderzoek,referentie,bsn,agb,score\n")
	score := func() int {
		x := r.Float64()
		switch {
		case x < 0.04:
			return 2
		case x < 0.20:
			return 3
		case x < 0.70:
			return 4
		default:
			return 5
		}
	}
	type answer struct{ bsn, agb string }
	seen := map[answer]bool{}
	n := 0
	write := func(bsn, agb string) {
		k := answer{bsn, agb}
		if seen[k] || r.Float64() >= 0.6 {
			return
		}
		seen[k] = true
		n++
		fmt.Fprintf(w, "CEO-begeleiding,A%06d,%s,%s,%d\n", n, bsn, agb, score())
	}
	for _, e := range eps {
		if e.categorie == "02" {
			write(e.person.BSN, e.prov.AGB)
		}
	}
	for _, e := range own {
		write(e.person.BSN, ownTeamAGB)
	}
}

// fundingFiles writes the contracts, their budgets and result agreements,
// and the flows without declarations (the own team's hours and the pooled
// budget's lump sums per wijk).
func writeContracts(w *bufio.Writer, c *City, ps *providers, firstYear int) {
	agbs := func(list []*Provider) string {
		var s string
		for i, p := range list {
			if i > 0 {
				s += ";"
			}
			s += p.AGB
		}
		return `"` + s + `"`
	}
	wijken := sortedWijken(c)
	coopWijk, poolWijk := wijken[0].Code, wijken[len(wijken)/2].Code
	w.WriteString("contract;naam;variant;opdrachtnemer;aanbieders;geldstromen;categorieen;gebied;begindatum;einddatum\n")
	fmt.Fprintf(w, "GGZ-LS;Lumpsum jeugd-GGZ consortium;taak;Consortium Jeugd-GGZ (demo);%s;jeugdwet;\"45;54\";;%d-01-01;%d-12-31\n",
		agbs([]*Provider{ps.jeugd[3], ps.jeugd[4], ps.jeugd[5]}), firstYear, firstYear+3)
	fmt.Fprintf(w, "COOP-WIJK;Coöperatie wijkzorg %s (resultaatfinanciering);output;Coöperatie Wijkzorg (demo);%s;wmo;\"01;02\";%s;%d-01-01;%d-12-31\n",
		wijken[0].Name, agbs(ps.wmo[2:10]), coopWijk, firstYear, firstYear+3)
	fmt.Fprintf(w, "POOL-WIJK;Wijkbudget %s (taakgericht, 5 jaar);taak;Wijkalliantie (demo);%s;;;%s;%d-01-01;%d-12-31\n",
		wijken[len(wijken)/2].Name, agbs([]*Provider{ps.wijkteam, ps.wmo[13], ps.wmo[17], {AGB: allianceAGB}}), poolWijk, firstYear, firstYear+4)
}

func writeBudgets(w *bufio.Writer, ps *providers, spent map[string]map[int]money.Cents, firstYear, years int) {
	w.WriteString("contract;jaar;partner;bedrag_cent\n")
	// Budgets set against what the contracts will be seen to spend: the
	// lump sum under in its first year and over in its second, the
	// cooperative the other way round, the pool over in its first year.
	ggz := []float64{1.06, 0.95, 1.03, 1.0}
	coop := []float64{0.94, 1.05, 0.98, 1.0}
	pool := []float64{0.93, 1.04, 1.02, 1.0, 1.0}
	for i := 0; i < 4; i++ {
		y := firstYear + i
		fmt.Fprintf(w, "GGZ-LS;%d;gemeente;%d\n", y, budgetFor(spent["GGZ-LS"], y, firstYear, years, ggz[i]))
		fmt.Fprintf(w, "COOP-WIJK;%d;gemeente;%d\n", y, budgetFor(spent["COOP-WIJK"], y, firstYear, years, coop[i]))
	}
	for i := 0; i < 5; i++ {
		y := firstYear + i
		// Four partners pay into the pool: 60%, 25%, 10% and 5%.
		total := budgetFor(spent["POOL-WIJK"], y, firstYear, years, pool[i])
		zvw, woco, prov := total/4, total/10, total/20
		fmt.Fprintf(w, "POOL-WIJK;%d;gemeente;%d\n", y, total-zvw-woco-prov)
		fmt.Fprintf(w, "POOL-WIJK;%d;zorgverzekeraar;%d\n", y, zvw)
		fmt.Fprintf(w, "POOL-WIJK;%d;woningcorporatie;%d\n", y, woco)
		fmt.Fprintf(w, "POOL-WIJK;%d;%s;%d\n", y, ps.wmo[17].AGB, prov)
	}
}

func writeResults(w *bufio.Writer, firstYear int) {
	w.WriteString("contract;jaar;indicator;doel;aandeel;gemeten\n")
	// zelfredzaamheid: the share of clients whose self-reliance score rose,
	// measured by the municipality's own follow-up and imported.
	measured := []string{"0,58", "0,63", "0,61", ""}
	for i := 0; i < 4; i++ {
		y := firstYear + i
		fmt.Fprintf(w, "COOP-WIJK;%d;tevredenheid;4,0;10%%;\n", y)
		fmt.Fprintf(w, "COOP-WIJK;%d;uitstroom;0,30;10%%;\n", y)
		fmt.Fprintf(w, "COOP-WIJK;%d;herinstroom;0,15;5%%;\n", y)
		fmt.Fprintf(w, "COOP-WIJK;%d;zelfredzaamheid;0,60;5%%;%s\n", y, measured[i])
	}
}

// writeFlows writes the flows without declarations: the own team's hours
// per person and the pooled budget's monthly lump sum to its wijk.
func writeFlows(w *bufio.Writer, c *City, own []ownEpisode, firstYear, years int) {
	w.WriteString("bron,referentie,soort,geldstroom,categorie,begindatum,einddatum,bedrag_cent,debet_credit,gebied,bsn,contract,volume,eenheid\n")
	writeOwnTeamFlows(w, own, firstYear)
	wijken := sortedWijken(c)
	pool := wijken[len(wijken)/2].Code
	for m := 0; m < years*12; m++ {
		y, mo := firstYear+m/12, m%12+1
		fmt.Fprintf(w, "gemeente,WB-%d%02d,lumpsum,lumpsum,wijkteam,%s,%s,4500000,D,%s,,POOL-WIJK,,\n", y, mo,
			intake.MakeDate(y, mo, 1), intake.MakeDate(y, mo, intake.DaysInMonth(y, mo)), pool)
	}
}

func sortedWijken(c *City) []*Wijk {
	ws := append([]*Wijk{}, c.Wijken...)
	sort.Slice(ws, func(i, j int) bool { return ws[i].Code < ws[j].Code })
	return ws
}
