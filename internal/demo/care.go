package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/money"
)

// Provider is a synthetic care provider (or a municipal service).
type Provider struct {
	AGB        string
	Name       string
	Geldstroom string
	seq        int
	toewijzing int // last ToewijzingNummer handed out
}

func (p *Provider) ref() string {
	p.seq++
	return fmt.Sprintf("%s-%07d", p.AGB[4:], p.seq)
}

// nextToewijzing hands out the provider's next ToewijzingNummer: an
// LDT_Nummer (a whole number below 10⁹, as the XSD demands), unique per
// municipality (TR332) because the first three digits are the provider's.
// Eight digits, so it can never look like a BSN (which free-text masking
// would then mask).
func (p *Provider) nextToewijzing() string {
	p.toewijzing++
	return fmt.Sprintf("%s%05d", p.AGB[5:], p.toewijzing)
}

// monthVolume returns the volume and amount of one month of an episode.
// Every amount is volume × tariff (TR346): a day rate (unit 14, etmaal)
// bills the days of the month at perMonth/30 a day; other units bill
// their monthly volume at perMonth/volume.
func (e *episode) monthVolume(y, m int) (int64, money.Cents) {
	if e.eenheid == "14" {
		days := int64(intake.DaysInMonth(y, m))
		return days, money.Cents(days * int64(e.perMonth/30))
	}
	return e.volume, e.perMonth
}

// Fictional provider names: no real organisation's name is put on
// made-up deliveries. The same providers serve every gemeente of the
// region; the last two Wmo providers offer protected living.
var jeugdNamen = []string{"Kindkompas", "Opgroeikracht", "Gezinsanker", "Jeugdpad Zuid", "Groeistroom", "Zeilboot Jeugdhulp", "Kinderlicht",
	"Jeugdbrug Oeverland", "Thuisbasis Jeugd", "Vlinderhuis", "Stapsteen Jeugd-GGZ", "Kompasroos", "Oeverkind", "Jeugdstroom Zuid", "Sterk Thuis Jeugd",
	"Ankerplaats Jeugd", "Gezinshuis De Wilgen", "Polderkind"}
var wmoNamen = []string{"Thuishulp Oeverland", "Zorgrijk Thuis", "Ambachtzorg Thuis", "Dijkzorg", "Het Rustpunt", "Woonkracht", "Steunpunt Lindeboom",
	"Dagbesteding De Schakel", "Zorgzaam Zuid", "Wijkverpleging Oeverzorg", "Schoonmaakhulp Helder", "Hulpmiddelenpunt Zuid", "Thuiszorg De Notenboom", "Huishoudhulp Kwiek", "Samen Thuis Zuid", "Dagbesteding De Kaai", "Ouderenzorg Het Baken", "Welzijn Oeverland", "Nieuw Perspectief Wonen", "Beschermd Wonen De Haven"}

type providers struct {
	jeugd, wmo []*Provider
	sociaal    *Provider // municipal social services (Participatiewet)
	wijkteam   *Provider // lumpsum-financed neighbourhood team
}

func newProviders() *providers {
	ps := &providers{}
	for i, n := range jeugdNamen {
		ps.jeugd = append(ps.jeugd, &Provider{AGB: fmt.Sprintf("7599%04d", 101+i*7), Name: n, Geldstroom: "jeugdwet"})
	}
	for i, n := range wmoNamen {
		ps.wmo = append(ps.wmo, &Provider{AGB: fmt.Sprintf("7399%04d", 201+i*11), Name: n, Geldstroom: "wmo"})
	}
	ps.sociaal = &Provider{AGB: "99199901", Name: "Sociale Dienst (gemeente)", Geldstroom: "participatiewet"}
	ps.wijkteam = &Provider{AGB: "99199902", Name: "Wijkteam (lumpsum)", Geldstroom: "lumpsum"}
	return ps
}

func (ps *providers) all() []*Provider {
	out := append(append([]*Provider{}, ps.jeugd...), ps.wmo...)
	return append(out, ps.sociaal, ps.wijkteam)
}

// episode is one stretch of care: a product for a person, monthly.
type episode struct {
	person     *Person
	prov       *Provider
	categorie  string
	product    string
	eenheid    string
	perMonth   money.Cents // amount per month
	volume     int64       // volume per month
	start, end int         // month indexes from the first month, inclusive
	toewijzing string
}

type careRow struct {
	d    intake.Delivery
	xml  bool // goes into a JW323/WMO323 file rather than the CSV
	prov *Provider
}

// generateCare draws the care episodes: youth care heavily skewed (about
// half of its money to about 3% of the families that use it), Wmo for the
// elderly and for protected living, Participatiewet benefits, and the
// lumpsum-financed wijkteam.
func generateCare(r *rand.Rand, p *population, ps *providers, firstYear, years int) []*episode {
	months := years * 12
	var eps []*episode
	// An episode of l months overlaps the data when it starts in (−l,
	// months): care that began before the first month counts from it. So
	// every year holds about as much care as the next (a few percent up or
	// down), not a first year with only the episodes that start in it.
	span := func(minLen, maxLen int) (int, int) {
		maxLen = min(maxLen, months)
		minLen = min(minLen, maxLen)
		l := minLen + r.IntN(maxLen-minLen+1)
		s := r.IntN(months+l-1) - (l - 1)
		return max(0, s), min(months-1, s+l-1)
	}
	ageAt := func(q *Person, year int) int { return year - q.Birth.Year() }
	// Intensive youth care by quota rather than by chance, so every seed
	// shows the same skew: one in 58 families in youth care (1.7%), and one
	// in four of those with two children in residential care.
	youthFamilies, intensiveFamilies := 0, 0
	for _, h := range p.households {
		// Youth care (Jeugdwet) for families with children.
		if len(h.Kids) > 0 && r.Float64() < 0.18*h.Need {
			youthFamilies++
			intensive := youthFamilies%58 == 29
			double := false
			if intensive {
				intensiveFamilies++
				double = len(h.Kids) > 1 && intensiveFamilies%4 == 1
			}
			for ki, kid := range h.Kids {
				if ki > 0 && !(double && ki == 1) && r.Float64() > 0.25 {
					continue
				}
				prov := ps.jeugd[r.IntN(len(ps.jeugd))]
				if intensive && (ki == 0 || double) {
					// Residential care incl. treatment: €8k–€13k a month, for years.
					s, e := span(18, months)
					if double {
						s, e = 0, months-1
					}
					eps = append(eps, &episode{person: kid, prov: prov, categorie: "43", product: "43A31", eenheid: "14",
						perMonth: money.Cents(800000 + r.IntN(500000)), volume: 30, start: s, end: e})
					continue
				}
				// Ambulant: lognormal yearly budget around €5,000.
				yearly := math.Exp(8.4 + 0.85*r.NormFloat64())
				hours := max(1, int64(yearly/12/98))
				s, e := span(4, 20)
				cat, prod := "45", "45A48"
				if r.Float64() < 0.25 {
					cat, prod = "54", "54001"
				}
				eps = append(eps, &episode{person: kid, prov: prov, categorie: cat, product: prod, eenheid: "04",
					perMonth: money.Cents(hours * 9800), volume: hours, start: s, end: e})
			}
		}
		// Wmo: support at home for the elderly; protected living for a few.
		for _, a := range h.Adults {
			age := ageAt(a, firstYear)
			switch {
			case age >= 70 && r.Float64() < 0.30:
				prov := ps.wmo[r.IntN(len(ps.wmo)-2)]
				hours := int64(8 + r.IntN(12))
				s, e := span(12, months)
				eps = append(eps, &episode{person: a, prov: prov, categorie: "01", product: "01A01", eenheid: "04",
					perMonth: money.Cents(hours * 3150), volume: hours, start: s, end: e})
				if r.Float64() < 0.35 {
					h2 := int64(4 + r.IntN(16))
					s, e := span(6, months)
					eps = append(eps, &episode{person: a, prov: ps.wmo[r.IntN(len(ps.wmo)-2)], categorie: "02", product: "02A05", eenheid: "04",
						perMonth: money.Cents(h2 * 6400), volume: h2, start: s, end: e})
				}
			case age >= 20 && age < 65 && r.Float64() < 0.02*h.Need:
				prov := ps.wmo[r.IntN(len(ps.wmo))]
				if r.Float64() < 0.25 {
					s, e := span(12, months)
					eps = append(eps, &episode{person: a, prov: ps.wmo[len(ps.wmo)-2+r.IntN(2)], categorie: "15", product: "15A02", eenheid: "14",
						perMonth: money.Cents(480000 + r.IntN(220000)), volume: 30, start: s, end: e})
				} else {
					h2 := int64(4 + r.IntN(10))
					s, e := span(6, 24)
					eps = append(eps, &episode{person: a, prov: prov, categorie: "02", product: "02A05", eenheid: "04",
						perMonth: money.Cents(h2 * 6400), volume: h2, start: s, end: e})
				}
			}
		}
		// Participatiewet: a benefit for the household's first adult.
		if a := h.Adults[0]; ageAt(a, firstYear) < 66 && r.Float64() < 0.055*h.Need {
			amount := money.Cents(105000 + r.IntN(45000))
			if len(h.Adults) > 1 {
				amount = money.Cents(150000 + r.IntN(30000))
			}
			s, e := span(6, months)
			eps = append(eps, &episode{person: a, prov: ps.sociaal, categorie: "bijstand", product: "PW-LO", eenheid: "83",
				perMonth: amount, volume: int64(amount / 100), start: s, end: e})
		}
		// Wijkteam (lumpsum): a few months of coaching hours.
		if r.Float64() < 0.07*h.Need {
			q := h.Adults[0]
			hours := int64(2 + r.IntN(8))
			s, e := span(2, 9)
			eps = append(eps, &episode{person: q, prov: ps.wijkteam, categorie: "wijkteam", product: "WT-BEGL", eenheid: "04",
				perMonth: money.Cents(hours * 7500), volume: hours, start: s, end: e})
		}
	}
	// Children placed here from elsewhere: care, but no BRP registration.
	for k := 0; k < len(p.households)/400; k++ {
		kid := p.newPerson(r, birthDate(r, 4+r.IntN(13), firstYear))
		kid.NotInBRP = true
		p.outsiders = append(p.outsiders, kid)
		s, e := span(6, 24)
		eps = append(eps, &episode{person: kid, prov: ps.jeugd[r.IntN(len(ps.jeugd))], categorie: "44", product: "44A12", eenheid: "14",
			perMonth: money.Cents(500000 + r.IntN(300000)), volume: 30, start: s, end: e})
	}
	return eps
}

// rows turns episodes into monthly delivery rows, with a few corrections
// (a credit of the original and a new debit with a new reference), and
// marks the last quarter of a few providers as sent in iJw/iWmo XML.
func rows(r *rand.Rand, eps []*episode, firstYear, years int, xmlProviders map[*Provider]bool) []careRow {
	var out []careRow
	months := years * 12
	for _, e := range eps {
		if e.prov.Geldstroom == "jeugdwet" || e.prov.Geldstroom == "wmo" {
			e.toewijzing = e.prov.nextToewijzing()
		}
		for m := e.start; m <= e.end && m < months; m++ {
			y, mo := firstYear+m/12, m%12+1
			vol, bedrag := e.monthVolume(y, mo)
			d := intake.Delivery{
				AGB: e.prov.AGB, Referentie: e.prov.ref(), BSN: e.person.BSN, Geldstroom: e.prov.Geldstroom,
				Categorie: e.categorie, Productcode: e.product, Begin: intake.MakeDate(y, mo, 1),
				Eind: intake.MakeDate(y, mo, intake.DaysInMonth(y, mo)), Volume: vol, Eenheid: e.eenheid,
				Bedrag: bedrag, Toewijzing: e.toewijzing,
			}
			inXML := xmlProviders[e.prov] && m >= months-3
			out = append(out, careRow{d: d, xml: inXML, prov: e.prov})
			if !inXML && r.Float64() < 0.006 {
				// A correction: credit the original, declare the right amount anew.
				c := d
				c.Credit = true
				out = append(out, careRow{d: c, prov: e.prov})
				// The new debit bills less (or more) volume at the same
				// tariff, so it too is volume × tariff (TR346).
				n := d
				n.Referentie = e.prov.ref()
				pct := int64(80 + r.IntN(30))
				if d.Eenheid == "83" {
					n.Bedrag = d.Bedrag * money.Cents(pct) / 100
				} else {
					n.Volume = max(1, d.Volume*pct/100)
					n.Bedrag = d.Tarief() * money.Cents(n.Volume)
				}
				out = append(out, careRow{d: n, prov: e.prov})
			}
		}
	}
	return out
}
