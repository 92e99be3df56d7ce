// Package demo builds Ontschot's demo municipality: the pilot town
// Zwijndrecht on its real CBS buurt outlines (embedded, "Bron: CBS,
// Kadaster"), with synthetic addresses, a BRP extract, three years of
// monthly deliveries from some 40 providers with the skew seen in practice,
// a few iJw/iWmo XML messages, and one user per role. Every BSN is
// synthetic (kluis.SyntheticBSN); no real person is in it.
package demo

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/money"
)

// Options of the demo municipality.
type Options struct {
	Households int    // default 32,000 for the region (about 20,000 in Zwijndrecht), 20,000 for one town
	Years      int    // default 3: the last Years whole calendar years before today
	FirstYear  int    // default: this year − Years
	Seed       uint64 // default 1
	// Gemeente: "" (default) builds the region of both pilot towns
	// (RegionGemeenten), households shared by their CBS sizes; GM0642
	// (Zwijndrecht) or GM0531 (Hendrik-Ido-Ambacht) builds that town alone.
	Gemeente string
}

// DefaultRegionHouseholds is the demo region's size: Zwijndrecht about
// 20,000 households, Hendrik-Ido-Ambacht about 12,000 (CBS: 20,485 and
// 12,830).
const DefaultRegionHouseholds = 32000

// Files are the input files the demo wrote, in import order.
type Files struct {
	Dir        string
	Areas      string
	Providers  string // the provider register: AGB code and name
	Addresses  string
	BRP        string
	Deliveries []string // the CSV first, then the XML messages
	// Funding and the own team, imported after the deliveries in this
	// order: contracts, budgets, result agreements, flows without
	// declarations (the own team's hours, the pooled wijk budget), and the
	// client-experience survey.
	Contracts, Budgets, Results, Flows, Survey string
	// The pooled wijk budget's volume-only reports (deliveries with bedrag
	// 0) and the GGZ consortium's aftercare conversations.
	Volume, Nazorg string
	// CBS Iv3 and kerncijfers of Zwijndrecht's peers (embedded, Bron: CBS);
	// empty for another town.
	Iv3, Kerncijfers string
}

// Stats describe the generated municipality.
type Stats struct {
	Households       int            `json:"households"`
	Persons          int            `json:"persons"`
	Deliveries       int            `json:"deliveries"`
	Providers        int            `json:"providers"`
	Wijken           int            `json:"wijken"`
	Buurten          int            `json:"buurten"`
	YouthTop3Share   float64        `json:"youth_top3pct_share"`
	Above500k        int            `json:"households_above_500k"`
	YouthHouseholds  int            `json:"youth_households"`
	Periods          []string       `json:"periods"`
	Gemeenten        []GemeenteStat `json:"gemeenten"`
	ProfessionalHHs  []string       `json:"-"` // address keys of high-spend households, for assignments
	MemberBSN        string         `json:"-"` // a parent with deliveries and children in care
	MemberChildren   int            `json:"-"`
	ProviderAGB      string         `json:"-"`
	ProfessionalBSNs []string       `json:"-"` // an adult of each household the professional is assigned to
	ProfessionalAddr []intake.Adres `json:"-"` // their addresses
	PlanAddr         []intake.Adres `json:"-"` // the 1Gezin1Plan1Budget families (demo/plans.go)
	PlanStart        int            `json:"-"` // the day their plans began, yyyymmdd
}

// Generate writes the demo's input files into dir and returns them with
// the municipality's statistics. The same options give the same files.
func Generate(dir string, o Options) (Files, Stats, error) {
	gemeenten := RegionGemeenten
	if o.Gemeente != "" {
		gemeenten = []string{o.Gemeente}
	}
	if o.Households <= 0 {
		o.Households = 20000
		if len(gemeenten) > 1 {
			o.Households = DefaultRegionHouseholds
		}
	}
	if o.Years <= 0 {
		o.Years = 3
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.FirstYear == 0 {
		o.FirstYear = thisYear() - o.Years
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x0b5c407))
	city, err := newCity(o.Seed, gemeenten...)
	if err != nil {
		return Files{}, Stats{}, err
	}
	pop := newPopulation(r, city, o.Seed, o.Households, o.FirstYear)
	pop.countInhabitants(city)
	ps := newProviders()
	eps := generateCare(r, pop, ps, o.FirstYear, o.Years)
	planAddr, planStart := choosePlanFamilies(pop, eps, o.FirstYear, o.Years)
	xmlProv := map[*Provider]bool{ps.jeugd[0]: true, ps.jeugd[1]: true, ps.wmo[0]: true}
	care := rows(r, eps, o.FirstYear, o.Years, xmlProv)

	if err := os.MkdirAll(filepath.Join(dir, "xml"), 0o755); err != nil {
		return Files{}, Stats{}, err
	}
	f := Files{Dir: dir,
		Areas:     filepath.Join(dir, "gebieden.geojson"),
		Providers: filepath.Join(dir, "aanbieders.csv"),
		Addresses: filepath.Join(dir, "adressen.csv"),
		BRP:       filepath.Join(dir, "brp.csv"),
	}
	if err := writeFile(f.Areas, func(w *bufio.Writer) error { return city.writeGeoJSON(w) }); err != nil {
		return f, Stats{}, err
	}
	if err := writeFile(f.Providers, func(w *bufio.Writer) error {
		w.WriteString("agb,naam,eigen\n")
		for _, p := range ps.all() {
			fmt.Fprintf(w, "%s,%s,0\n", p.AGB, p.Name)
		}
		fmt.Fprintf(w, "%s,%s,1\n", ownTeamAGB, ownTeamName)
		fmt.Fprintf(w, "%s,%s,0\n", allianceAGB, allianceName)
		return nil
	}); err != nil {
		return f, Stats{}, err
	}
	if err := writeFile(f.Addresses, func(w *bufio.Writer) error { return writeAddresses(w, pop) }); err != nil {
		return f, Stats{}, err
	}
	if err := writeFile(f.BRP, func(w *bufio.Writer) error { return writeBRP(w, pop, o.FirstYear) }); err != nil {
		return f, Stats{}, err
	}
	csvPath := filepath.Join(dir, "leveringen.csv")
	if err := writeFile(csvPath, func(w *bufio.Writer) error { return writeDeliveries(w, care) }); err != nil {
		return f, Stats{}, err
	}
	f.Deliveries = append(f.Deliveries, csvPath)
	xmlFiles, err := writeXML(filepath.Join(dir, "xml"), city, care, eps, pop, xmlProv, o.FirstYear)
	if err != nil {
		return f, Stats{}, err
	}
	f.Deliveries = append(f.Deliveries, xmlFiles...)
	referrals, err := writeReferrals(filepath.Join(dir, "xml"), city, o.Seed, eps, pop, o.FirstYear)
	if err != nil {
		return f, Stats{}, err
	}
	f.Deliveries = append(f.Deliveries, referrals...)
	startStops, err := writeStartStops(filepath.Join(dir, "xml"), city, city.gemeenteByBSN(pop), o.Seed, eps, []*Provider{ps.jeugd[3], ps.jeugd[6], ps.wmo[1]}, o.FirstYear, o.Years)
	if err != nil {
		return f, Stats{}, err
	}
	f.Deliveries = append(f.Deliveries, startStops...)
	own := generateOwnTeam(o.Seed, pop, o.FirstYear, o.Years)
	f.Contracts, f.Budgets, f.Results = filepath.Join(dir, "contracten.csv"), filepath.Join(dir, "budgetten.csv"), filepath.Join(dir, "resultaten.csv")
	f.Flows, f.Survey = filepath.Join(dir, "stromen.csv"), filepath.Join(dir, "clientervaring.csv")
	f.Volume, f.Nazorg = filepath.Join(dir, "wijkbudget_uren.csv"), filepath.Join(dir, "nazorg.csv")
	spent := contractSpend(care, pop, demoContracts(city, ps), o.FirstYear, o.Years)
	poolWijk := demoContracts(city, ps)[2].wijk
	for _, step := range []struct {
		path string
		fill func(w *bufio.Writer)
	}{
		{f.Contracts, func(w *bufio.Writer) { writeContracts(w, city, ps, o.FirstYear) }},
		{f.Budgets, func(w *bufio.Writer) { writeBudgets(w, ps, spent, o.FirstYear, o.Years) }},
		{f.Results, func(w *bufio.Writer) { writeResults(w, o.FirstYear) }},
		{f.Flows, func(w *bufio.Writer) { writeFlows(w, city, own, o.FirstYear, o.Years) }},
		{f.Survey, func(w *bufio.Writer) { writeSurvey(w, o.Seed, eps, own) }},
		{f.Volume, func(w *bufio.Writer) { writeVolumeReports(w, o.Seed, pop, poolWijk, o.FirstYear, o.Years) }},
		{f.Nazorg, func(w *bufio.Writer) { writeNazorg(w, o.Seed, eps, ps, o.FirstYear, o.Years) }},
	} {
		if err := writeFile(step.path, func(w *bufio.Writer) error { step.fill(w); return nil }); err != nil {
			return f, Stats{}, err
		}
	}
	if f.Iv3, f.Kerncijfers, err = writeBenchmarkFiles(dir, city.Code); err != nil {
		return f, Stats{}, err
	}
	st := stats(pop, care, city, ps, o)
	st.PlanAddr, st.PlanStart = planAddr, planStart
	st.Providers++ // the own team
	return f, st, nil
}

func thisYear() int {
	return timeNow().Year()
}

func writeFile(path string, fill func(w *bufio.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(fh, 1<<16)
	if err := fill(w); err != nil {
		fh.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

func writeAddresses(w *bufio.Writer, p *population) error {
	w.WriteString("postcode,huisnummer,buurtcode,x,y\n")
	seen := map[string]bool{}
	for _, a := range p.sortedAddresses() {
		key := a.Postcode + strconv.Itoa(a.Huisnummer)
		if seen[key] {
			continue
		}
		seen[key] = true
		fmt.Fprintf(w, "%s,%d,%s,%.1f,%.1f\n", a.Postcode, a.Huisnummer, a.Buurt.Code, a.X, a.Y)
	}
	return nil
}

func writeBRP(w *bufio.Writer, p *population, firstYear int) error {
	w.WriteString("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n")
	start := intake.MakeDate(firstYear-1, 12, 31).String()
	line := func(q *Person, a *Address, gezag []*Person, peil string) {
		var g string
		for i, k := range gezag {
			if i > 0 {
				g += ";"
			}
			g += k.BSN
		}
		if q.Secret {
			fmt.Fprintf(w, "%s,%s,,,,,,%s,1,%s\n", q.BSN, q.Birth, quote(g), peil)
			return
		}
		fmt.Fprintf(w, "%s,%s,%s,%d,%s,,,%s,0,%s\n", q.BSN, q.Birth, a.Postcode, a.Huisnummer, a.Huisletter, quote(g), peil)
	}
	for _, h := range p.households {
		for _, a := range h.Adults {
			line(a, h.Addr, h.Kids, start)
		}
		for _, k := range h.Kids {
			line(k, h.Addr, nil, start)
		}
		if h.Moved != nil {
			peil := h.MovedAt.String()
			for _, a := range h.Adults {
				line(a, h.Moved, h.Kids, peil)
			}
			for _, k := range h.Kids {
				line(k, h.Moved, nil, peil)
			}
		}
	}
	return nil
}

func quote(s string) string {
	if s == "" {
		return ""
	}
	return `"` + s + `"`
}

func writeDeliveries(w *bufio.Writer, care []careRow) error {
	w.WriteString("agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit,toewijzing\n")
	buf := make([]byte, 0, 256)
	for _, c := range care {
		if c.xml {
			continue
		}
		d := &c.d
		buf = buf[:0]
		buf = append(buf, d.AGB...)
		buf = append(buf, ',')
		buf = append(buf, d.Referentie...)
		buf = append(buf, ',')
		buf = append(buf, d.BSN...)
		buf = append(buf, ',')
		buf = append(buf, d.Geldstroom...)
		buf = append(buf, ',')
		buf = append(buf, d.Categorie...)
		buf = append(buf, ',')
		buf = append(buf, d.Productcode...)
		buf = append(buf, ',')
		buf = append(buf, d.Begin.String()...)
		buf = append(buf, ',')
		buf = append(buf, d.Eind.String()...)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, d.Volume, 10)
		buf = append(buf, ',')
		buf = append(buf, d.Eenheid...)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(d.Bedrag), 10)
		if d.Credit {
			buf = append(buf, ",C,"...)
		} else {
			buf = append(buf, ",D,"...)
		}
		buf = append(buf, d.Toewijzing...)
		buf = append(buf, '\n')
		w.Write(buf)
	}
	return nil
}

// GemeenteStat is one gemeente of the demo with its size.
type GemeenteStat struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Households int    `json:"households"`
	Buurten    int    `json:"buurten"`
}

// stats measures what was generated, so the demo can show its skew.
func stats(p *population, care []careRow, c *City, ps *providers, o Options) Stats {
	st := Stats{Households: len(p.households), Providers: len(ps.all()), Wijken: len(c.Wijken), Buurten: len(c.buurten())}
	st.Persons = p.nextPerson
	for _, g := range c.Gemeenten {
		gs := GemeenteStat{Code: g.Code, Name: g.Name}
		for _, w := range c.Wijken {
			if w.Gemeente == g {
				gs.Buurten += len(w.Buurten)
			}
		}
		for _, h := range p.households {
			if c.gemeenteOf(h.Addr.Buurt) == g {
				gs.Households++
			}
		}
		st.Gemeenten = append(st.Gemeenten, gs)
	}
	hhOf := map[string]*Household{}
	for _, h := range p.households {
		for _, q := range h.persons() {
			hhOf[q.BSN] = h
		}
	}
	youth := map[*Household]money.Cents{}
	total := map[*Household]money.Cents{}
	for _, cr := range care {
		st.Deliveries++
		h := hhOf[cr.d.BSN]
		if h == nil {
			continue
		}
		total[h] += cr.d.Signed()
		if cr.d.Geldstroom == "jeugdwet" {
			youth[h] += cr.d.Signed()
		}
	}
	var ys []money.Cents
	var sum money.Cents
	for _, v := range youth {
		ys = append(ys, v)
		sum += v
	}
	sort.Slice(ys, func(i, j int) bool { return ys[i] > ys[j] })
	top := (len(ys)*3 + 99) / 100
	var topSum money.Cents
	for _, v := range ys[:top] {
		topSum += v
	}
	st.YouthHouseholds = len(ys)
	if sum > 0 {
		st.YouthTop3Share = float64(topSum) / float64(sum)
	}
	type hv struct {
		h *Household
		v money.Cents
	}
	var all []hv
	for h, v := range total {
		if v >= 50000000 {
			st.Above500k++
		}
		all = append(all, hv{h, v})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].v != all[j].v {
			return all[i].v > all[j].v
		}
		return all[i].h.ID < all[j].h.ID
	})
	// The professional gets the three highest-spend families with children.
	for _, x := range all {
		if len(x.h.Kids) > 0 && !x.h.Adults[0].Secret && x.h.Moved == nil && len(st.ProfessionalBSNs) < 3 {
			st.ProfessionalBSNs = append(st.ProfessionalBSNs, x.h.Adults[0].BSN)
			a := x.h.Addr
			st.ProfessionalAddr = append(st.ProfessionalAddr, intake.Adres{Postcode: a.Postcode, Huisnummer: a.Huisnummer, Huisletter: a.Huisletter})
		}
	}
	// The member: a parent of a family with youth care, not the top ones.
	for _, x := range all {
		if len(x.h.Kids) > 0 && youth[x.h] > 0 && !x.h.Adults[0].Secret && x.h.Moved == nil && x.v < 5000000 {
			st.MemberBSN = x.h.Adults[0].BSN
			st.MemberChildren = len(x.h.Kids)
			break
		}
	}
	st.ProviderAGB = ps.jeugd[2].AGB
	for y := o.FirstYear; y < o.FirstYear+o.Years; y++ {
		st.Periods = append(st.Periods, strconv.Itoa(y))
	}
	return st
}
