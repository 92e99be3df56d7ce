package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// handleErr answers a failed vault call: 403 for a deny (already in the
// audit log), 400 for bad input, 404 for a missing record, else 500.
func (s *server) handleErr(w http.ResponseWriter, r *http.Request, err error) {
	var den errDenied
	var in errInput
	switch {
	case errors.As(err, &den):
		s.fail(w, r, http.StatusForbidden, "U heeft geen toegang tot deze gegevens ("+den.d.Reason+"). Deze poging is vastgelegd in het auditlog.")
	case errors.As(err, &in):
		s.fail(w, r, http.StatusBadRequest, string(in))
	case errors.Is(err, model.ErrNotFound):
		s.fail(w, r, http.StatusNotFound, "Niet gevonden.")
	default:
		s.serverError(w, r, err)
	}
}

func (s *server) households(w http.ResponseWriter, r *http.Request) {
	rows, err := s.vault.caseload(r.Context(), actorOf(r), "caseload bekijken")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("zoek"))
	if len(q) > 64 {
		q = q[:64]
	}
	all := len(rows)
	rows = searchCaseload(rows, q)
	var total money.Cents
	var first, last int64
	for _, c := range rows {
		total += c.AmountCent
		if c.First > 0 && (first == 0 || c.First < first) {
			first = c.First
		}
		last = max(last, c.Last)
	}
	s.render(w, r, http.StatusOK, "households", page{Title: "Mijn huishoudens", Wide: true, Data: struct {
		Rows   []caseRow
		Total  money.Cents
		Period string
		Query  string
		All    int
	}{rows, total, periode(first, last), q, all}})
}

// searchCaseload keeps the households whose zaaknummer or short code
// contains q (case-insensitive); all of them for an empty q.
func searchCaseload(rows []caseRow, q string) []caseRow {
	if q == "" {
		return rows
	}
	q = strings.ToLower(q)
	var out []caseRow
	for _, c := range rows {
		if strings.Contains(strings.ToLower(c.Zaaknummer), q) || strings.Contains(strings.ToLower(shortID(c.Household)), q) {
			out = append(out, c)
		}
	}
	return out
}

// householdView is the household page's view value.
type householdView struct {
	householdData
	People      []personView
	Timeline    template.HTML
	Rows        []deliveryView
	Runs        []runView // Rows with monthly repeats taken together
	PerStream   []totalRow
	PerProvider []totalRow
	StreamBars  template.HTML
	Total       money.Cents
	Assigned    []model.AssignedProduct
	Legend      []legendItem
	Feedback    []feedbackView
	Plan        planView
	PlanSaved   bool
	// Period is the span of the deliveries every total on the page adds up.
	Period      string
	Corrections []correctionView
	Handled     bool // a correction request was just marked handled
}

type personView struct {
	Label string
	Short string
	Minor bool
	Total money.Cents
}

type deliveryView struct {
	model.DeliveryRow
	PersonLabel string
}

// runView is a run of monthly deliveries of one product to one person (or
// a single delivery), as the summary table shows it.
type runView struct {
	deliveryView
	Last   int64 // begin date of the last month
	Months int
	Total  money.Cents
}

type totalRow struct {
	Index  int
	Key    string
	Label  string
	Amount money.Cents
	Count  int
	Colour string
}

type legendItem struct {
	Label, Colour string
	Index         int
}

type feedbackView struct {
	model.Feedback
	PersonLabel string
}

func streamColour(code string, order map[string]int) (string, int) {
	if _, ok := order[code]; !ok {
		order[code] = len(order)
	}
	i := order[code] % len(categorical)
	return categorical[i], i
}

func buildHousehold(h householdData, today int64) householdView {
	v := householdView{householdData: h, Assigned: h.Assigned, Period: periode(spanOf(h.Delivered))}
	labels := map[string]string{}
	idx := map[string]int{}
	for i, p := range h.Persons {
		l := personLabel(p.Geboortedatum, today, i)
		labels[p.Person] = l
		idx[p.Person] = i
		v.People = append(v.People, personView{Label: l, Short: shortID(p.Person), Minor: p.Minor(today)})
	}
	colours := map[string]int{}
	streams := map[string]*totalRow{}
	providers := map[string]*totalRow{}
	var bars []chart.TimelineBar
	for _, g := range groupMonthly(h.Delivered) {
		r := runView{deliveryView: deliveryView{DeliveryRow: g[0], PersonLabel: labels[g[0].Person]}, Last: g[len(g)-1].Begin, Months: len(g)}
		for _, d := range g {
			r.Total += d.AmountCent
		}
		r.Eind = g[len(g)-1].Eind
		v.Runs = append(v.Runs, r)
	}
	for _, d := range h.Delivered {
		v.Total += d.AmountCent
		v.Rows = append(v.Rows, deliveryView{DeliveryRow: d, PersonLabel: labels[d.Person]})
		if i, ok := idx[d.Person]; ok {
			v.People[i].Total += d.AmountCent
		}
		col, ci := streamColour(d.Geldstroom, colours)
		if streams[d.Geldstroom] == nil {
			streams[d.Geldstroom] = &totalRow{Key: d.Geldstroom, Label: geldstroomNaam(d.Geldstroom), Colour: col, Index: ci}
		}
		streams[d.Geldstroom].Amount += d.AmountCent
		streams[d.Geldstroom].Count++
		if providers[d.AGB] == nil {
			providers[d.AGB] = &totalRow{Key: d.AGB, Label: "AGB " + d.AGB}
		}
		providers[d.AGB].Amount += d.AmountCent
		providers[d.AGB].Count++
		what := "levering"
		if d.Credit {
			what = "correctie (credit)"
		}
		bars = append(bars, chart.TimelineBar{
			Lane:  fmt.Sprintf("%s · %s", labels[d.Person], geldstroomNaam(d.Geldstroom)),
			Begin: d.Begin, End: d.Eind, Colour: col, Credit: d.Credit,
			Title: fmt.Sprintf("%s: %s, %s van AGB %s, %s t/m %s, %s, %s", labels[d.Person], what, zorgsoortNaam(d.Categorie), d.AGB,
				datumKort(d.Begin), datumKort(d.Eind), volumeTekst(d.Volume, d.Eenheid), eur(money.Format(money.Cents(d.AmountCent)))),
		})
	}
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].Lane < bars[j].Lane })
	v.Timeline = chart.Timeline("Tijdlijn van alle leveringen aan dit huishouden, per persoon en geldstroom", bars)
	for _, t := range streams {
		v.PerStream = append(v.PerStream, *t)
		v.Legend = append(v.Legend, legendItem{Label: t.Label, Colour: t.Colour, Index: t.Index})
	}
	for _, t := range providers {
		v.PerProvider = append(v.PerProvider, *t)
	}
	sort.Slice(v.PerStream, func(i, j int) bool { return v.PerStream[i].Amount > v.PerStream[j].Amount })
	sort.Slice(v.PerProvider, func(i, j int) bool { return v.PerProvider[i].Amount > v.PerProvider[j].Amount })
	sort.Slice(v.Legend, func(i, j int) bool { return v.Legend[i].Label < v.Legend[j].Label })
	var sb []chart.Bar
	for _, t := range v.PerStream {
		sb = append(sb, chart.Bar{Label: t.Label, Value: int64(t.Amount), Colour: t.Colour})
	}
	v.StreamBars = chart.Bars("Totaal per geldstroom", sb)
	for _, f := range h.Feedback {
		v.Feedback = append(v.Feedback, feedbackView{Feedback: f, PersonLabel: labels[f.Subject]})
	}
	for _, c := range h.Corrections {
		v.Corrections = append(v.Corrections, correctionView{CorrectionRequest: c, PersonLabel: labels[c.Subject]})
	}
	return v
}

func (s *server) household(w http.ResponseWriter, r *http.Request) {
	h, sp, err := s.vault.householdWithPlan(r.Context(), actorOf(r), r.PathValue("id"), "hulpverlening: huishouden bekijken")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	v := buildHousehold(h, access.Today())
	v.Plan = buildPlanView(h.ID, sp, h.Delivered)
	v.PlanSaved = r.URL.Query().Get("plan") == "opgeslagen"
	v.Handled = r.URL.Query().Get("correctie") == "afgehandeld"
	title := "Huishouden " + shortID(h.ID)
	if h.Zaaknummer != "" {
		title = "Zaak " + h.Zaaknummer + " (huishouden " + shortID(h.ID) + ")"
	}
	s.render(w, r, http.StatusOK, "household", page{Title: title, Wide: true, Data: v,
		Crumbs: []navItem{{Label: "Mijn huishoudens", Href: "/huishoudens"}}})
}

// zaaknummerIn returns the professional's own case number for household:
// that of their assignment valid today among as ("" when it has none).
func zaaknummerIn(as []model.Assignment, household string) string {
	today := access.Today()
	for _, a := range as {
		if a.Household == household && a.ApprovedBy != "" && a.ValidFrom <= today && a.ValidTo >= today {
			return a.Zaaknummer
		}
	}
	return ""
}

// periode names the period a total covers: "1 jan 2024 – 31 dec 2024", or
// "" when there is nothing to cover.
func periode(first, last int64) string {
	if first <= 0 || last <= 0 {
		return ""
	}
	return datumKort(first) + " – " + datumKort(last)
}

// spanOf returns the first begin and last end date of deliveries.
func spanOf(ds []model.DeliveryRow) (first, last int64) {
	for _, d := range ds {
		if first == 0 || d.Begin < first {
			first = d.Begin
		}
		if d.Eind > last {
			last = d.Eind
		}
	}
	return first, last
}
