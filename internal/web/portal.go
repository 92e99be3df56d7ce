package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

type portalView struct {
	People          []portalPersonView
	HouseholdTotal  *int64
	HouseholdPeriod string
	HouseholdDenied string
	Feedback        []feedbackView
	Sent            bool
	// Hulpverleners are who the family's hulpverlener is and how to reach them.
	Hulpverleners  []model.Contact
	Corrections    []correctionView
	CorrectionSent bool
	// Plan is the household's plan, read-only, only where the member may
	// see household totals.
	Plan *planView
}

// Stats are the people whose total is worth a card: a card of "€ 0"
// tells a family nothing.
func (v portalView) Stats() []portalPersonView {
	var out []portalPersonView
	for _, p := range v.People {
		if p.Total != 0 {
			out = append(out, p)
		}
	}
	return out
}

type portalPersonView struct {
	ID        string
	Label     string
	Heading   string
	Self      bool
	Lines     []explained
	Providers []string
	Total     money.Cents
	Period    string // the span of the deliveries Total adds up
	Assigned  []model.AssignedProduct
}

// explained is one delivery in plain Dutch.
type explained struct {
	ID       int64
	Sentence string
	// Short names the delivery in a choice list: what, when, from whom —
	// no number or code.
	Short  string
	Amount money.Cents
	AGB    string
	Credit bool
}

// familyName is the provider's name as a family reads it: the register's
// name, never the AGB code ("een zorgaanbieder" when the name is unknown).
func (p *providerNames) familyName(agb string) string {
	if n := p.name(agb); n != "" {
		return n
	}
	return "een zorgaanbieder"
}

// explain says what a delivery was, in words a family reads without a code list.
func explain(d model.DeliveryRow, self bool, provider func(string) string) string {
	who := "U kreeg"
	if !self {
		who = "Uw kind kreeg"
	}
	period := fmt.Sprintf("van %s tot en met %s", datum(d.Begin), datum(d.Eind))
	if d.Begin/100 == d.Eind/100 && d.Begin%100 == 1 {
		period = "in " + maanden[d.Begin/100%100-1] + fmt.Sprintf(" %d", d.Begin/10000)
	}
	if d.Credit {
		return fmt.Sprintf("Correctie: %s heeft een eerdere rekening voor %s (%s) %s teruggedraaid. Dat scheelt %s.",
			provider(d.AGB), strings.ToLower(zorgsoortPlain(d.Categorie)), geldstroomNaam(d.Geldstroom), period, eur(money.Format(money.Cents(-d.AmountCent))))
	}
	amount := volumeTekst(d.Volume, d.Eenheid)
	if d.Eenheid == "83" {
		return fmt.Sprintf("%s %s %s via de %s (%s). De gemeente betaalde daarvoor %s.",
			who, strings.ToLower(zorgsoortPlain(d.Categorie)), period, geldstroomNaam(d.Geldstroom), provider(d.AGB), eur(money.Format(money.Cents(d.AmountCent))))
	}
	return fmt.Sprintf("%s %s %s %s via de %s, van %s. De gemeente betaalde daarvoor %s.",
		who, amount, strings.ToLower(zorgsoortPlain(d.Categorie)), period, geldstroomNaam(d.Geldstroom), provider(d.AGB), eur(money.Format(money.Cents(d.AmountCent))))
}

// groupMonthly puts deliveries that repeat month after month — the same
// person, provider, product, volume and amount — into one run, so a family reads
// "every month from January 2023 to December 2025" instead of 36 lines.
// Corrections stay on their own. The input is ordered by begin date.
func groupMonthly(ds []model.DeliveryRow) [][]model.DeliveryRow {
	var out [][]model.DeliveryRow
	open := map[string]int{} // product key → index in out of its current run
	for _, d := range ds {
		wholeMonth := d.Begin%100 == 1 && d.Begin/100 == d.Eind/100
		if d.Credit || !wholeMonth {
			out = append(out, []model.DeliveryRow{d})
			continue
		}
		key := fmt.Sprintf("%s|%s|%s|%s|%s|%d|%s|%d", d.Person, d.AGB, d.Geldstroom, d.Categorie, d.Productcode, d.Volume, d.Eenheid, d.AmountCent)
		if i, ok := open[key]; ok {
			last := out[i][len(out[i])-1]
			if nextMonth(last.Begin) == d.Begin {
				out[i] = append(out[i], d)
				continue
			}
		}
		open[key] = len(out)
		out = append(out, []model.DeliveryRow{d})
	}
	return out
}

// nextMonth returns the first day of the month after date (YYYYMMDD).
func nextMonth(date int64) int64 {
	y, m := date/10000, date/100%100
	if m == 12 {
		return (y+1)*10000 + 101
	}
	return y*10000 + (m+1)*100 + 1
}

// explainRun says in one sentence what a run of monthly deliveries was.
func explainRun(g []model.DeliveryRow, self bool, provider func(string) string) (string, money.Cents) {
	first, last := g[0], g[len(g)-1]
	var total money.Cents
	for _, d := range g {
		total += d.AmountCent
	}
	who := "U kreeg"
	if !self {
		who = "Uw kind kreeg"
	}
	period := fmt.Sprintf("van %s %d tot en met %s %d (%d maanden)", maanden[first.Begin/100%100-1], first.Begin/10000,
		maanden[last.Begin/100%100-1], last.Begin/10000, len(g))
	what := strings.ToLower(zorgsoortPlain(first.Categorie))
	if first.Eenheid != "83" {
		what = volumeTekst(first.Volume, first.Eenheid) + " " + what
	}
	return fmt.Sprintf("%s elke maand %s, %s, via de %s van %s. De gemeente betaalde daarvoor %s per maand, samen %s.",
		who, what, period, geldstroomNaam(first.Geldstroom), provider(first.AGB), eur(money.Format(money.Cents(first.AmountCent))), eur(money.Format(money.Cents(total)))), total
}

func (s *server) portal(w http.ResponseWriter, r *http.Request) {
	pd, err := s.vault.portal(r.Context(), actorOf(r), "gezinsportaal: eigen gegevens")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	v := buildPortal(pd, r.URL.Query().Get("verstuurd") == "1", s.providers.familyName)
	v.CorrectionSent = r.URL.Query().Get("correctie") == "1"
	if pd.HouseholdTotal != nil {
		if v.Plan, err = s.vault.memberPlan(r.Context(), actorOf(r), "gezinsportaal: eigen gegevens"); err != nil {
			s.handleErr(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "portal", page{Title: "Mijn zorg en ondersteuning", Data: v})
}

func buildPortal(pd portalData, sent bool, provider func(string) string) portalView {
	today := access.Today()
	v := portalView{HouseholdTotal: pd.HouseholdTotal, HouseholdDenied: pd.HouseholdDenied, Sent: sent, Hulpverleners: pd.Hulpverleners,
		HouseholdPeriod: periode(pd.HouseholdFirst, pd.HouseholdLast)}
	labels := map[string]string{}
	for i, p := range pd.People {
		pv := portalPersonView{ID: p.Person.Person, Self: p.Self, Assigned: p.Assigned, Period: periode(spanOf(p.Delivered))}
		if p.Self {
			pv.Label, pv.Heading = "Uzelf", "Wat u kreeg"
		} else {
			age := ageOn(p.Person.Geboortedatum, today)
			pv.Label = fmt.Sprintf("Kind %d (%d jaar)", i, age)
			pv.Heading = fmt.Sprintf("Wat uw kind van %d jaar kreeg", age)
		}
		labels[p.Person.Person] = pv.Label
		seen := map[string]bool{}
		for _, g := range groupMonthly(p.Delivered) {
			d := g[0]
			line := explained{ID: d.ID, Sentence: explain(d, p.Self, provider), Amount: d.AmountCent, AGB: d.AGB, Credit: d.Credit,
				Short: fmt.Sprintf("%s, %s (%s)", zorgsoortPlain(d.Categorie), periode(d.Begin, g[len(g)-1].Eind), provider(d.AGB))}
			if len(g) > 1 {
				line.Sentence, line.Amount = explainRun(g, p.Self, provider)
			}
			pv.Lines = append(pv.Lines, line)
			pv.Total += line.Amount
			if !seen[d.AGB] {
				seen[d.AGB] = true
				pv.Providers = append(pv.Providers, d.AGB)
			}
		}
		v.People = append(v.People, pv)
	}
	for _, f := range pd.Feedback {
		v.Feedback = append(v.Feedback, feedbackView{Feedback: f, PersonLabel: labels[f.Subject]})
	}
	for _, c := range pd.Corrections {
		v.Corrections = append(v.Corrections, correctionView{CorrectionRequest: c, PersonLabel: labels[c.Subject]})
	}
	return v
}

func (s *server) giveFeedback(w http.ResponseWriter, r *http.Request) {
	in, err := feedbackForm(r.PostFormValue)
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	if _, err := s.vault.giveFeedback(r.Context(), actorOf(r), in, "gezinsportaal: feedback geven"); err != nil {
		s.handleErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/mijn?verstuurd=1#feedback", http.StatusSeeOther)
}

// feedbackForm reads feedback from a form: "doel" is "<person>|agb:<AGB>"
// or "<person>|levering:<id>", plus the score and text.
func feedbackForm(get func(string) string) (feedbackInput, error) {
	person, target, _ := strings.Cut(get("doel"), "|")
	in := feedbackInput{Person: person, Body: get("toelichting")}
	score, err := strconv.Atoi(get("score"))
	if err != nil {
		return in, errInput("Kies een score van 1 tot en met 5.")
	}
	in.Score = score
	kind, val, _ := strings.Cut(target, ":")
	switch kind {
	case "agb":
		in.AGB = val
	case "levering":
		id, err := strconv.ParseInt(val, 10, 64)
		if err != nil || id <= 0 {
			return in, errInput("Kies de levering of aanbieder waarover u iets wilt zeggen.")
		}
		in.DeliveryID = id
	default:
		return in, errInput("Kies de levering of aanbieder waarover u iets wilt zeggen.")
	}
	return in, nil
}

type accessLogRow struct {
	model.AuditRecord
	Who, What, Why string
}

func (s *server) accessLog(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	recs, err := s.vault.accessLog(r.Context(), a, "gezinsportaal: inzage in wie keek")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	var rows []accessLogRow
	for _, rec := range recs {
		if rec.Username == a.Username {
			continue // the family's own page views are not what this page is for
		}
		row := accessLogRow{AuditRecord: rec, Why: rec.Purpose}
		row.Who = access.RoleName(rec.Role) + " (" + rec.Username + ")"
		row.What = map[string]string{"read household": "bekeek uw huishouden", "read person": "bekeek persoonsgegevens",
			"write assignment": "werd toegewezen aan uw huishouden", "feedback person": "gaf feedback", "feedback delivery": "gaf feedback op een levering",
			"read accesslog": "bekeek dit overzicht", "write household": "legde het plan van uw huishouden vast",
			"approve assignment": "keurde de toewijzing aan uw huishouden goed", "end assignment": "beëindigde de toewijzing aan uw huishouden",
			"correct person": "vroeg om een correctie", "write corrections": "handelde een vraag om correctie af"}[rec.Event]
		if row.What == "" {
			row.What = rec.Event
		}
		switch rec.Event {
		case "write assignment":
			row.Who = "Beheer (" + rec.Username + ") wees hulpverlener " + rec.OnBehalf + " toe"
		case "end assignment":
			row.Who = "Beheer (" + rec.Username + ") beëindigde dat hulpverlener " + rec.OnBehalf + " aan uw huishouden was toegewezen"
		case "approve assignment":
			row.Who = access.RoleName(rec.Role) + " (" + rec.Username + ") keurde goed dat hulpverlener " + rec.OnBehalf + " werd toegewezen"
		}
		rows = append(rows, row)
	}
	s.render(w, r, http.StatusOK, "accesslog", page{Title: "Wie bekeek mijn gegevens", Data: rows})
}
