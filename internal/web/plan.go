package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// plan is a household's plan (1Gezin1Plan1Budget): what the family wants
// to reach, the support agreed for it and one budget for the period. It is
// stored as JSON in household_plans (by the household).
type plan struct {
	Goals      []planGoal    `json:"goals"`
	Support    []planSupport `json:"support"`
	BudgetCent money.Cents   `json:"budget_cent"`
	From       int64         `json:"from"` // YYYYMMDD
	To         int64         `json:"to"`   // YYYYMMDD, inclusive
	AgreedBy   string        `json:"agreed_by"`
}

type planGoal struct {
	Text   string `json:"text"`
	Status string `json:"status"` // open, bezig or bereikt
}

type planSupport struct {
	Description string `json:"description"`
	Geldstroom  string `json:"geldstroom"`
	Categorie   string `json:"categorie,omitempty"` // zorgsoort code
	AGB         string `json:"agb,omitempty"`
}

var goalStatuses = []struct{ Value, Label string }{{"open", "Open"}, {"bezig", "Bezig"}, {"bereikt", "Bereikt"}}

func goalStatusLabel(s string) string {
	for _, g := range goalStatuses {
		if g.Value == s {
			return g.Label
		}
	}
	return s
}

// storedPlan is a plan as read from the vault, with who saved it last.
type storedPlan struct {
	Plan      plan
	Found     bool
	UpdatedAt string
	UpdatedBy string
}

func decodePlan(d model.Document) (storedPlan, error) {
	sp := storedPlan{Found: true, UpdatedAt: d.UpdatedAt, UpdatedBy: d.UpdatedBy}
	if err := json.Unmarshal([]byte(d.Body), &sp.Plan); err != nil {
		return storedPlan{}, fmt.Errorf("plan van huishouden %s is onleesbaar: %w", shortID(d.Name), err)
	}
	return sp, nil
}

// householdWithPlan reads a household's data and its plan, in
// the same decision and transaction, so the spend shown against the budget
// is of the deliveries read with it.
func (v *vault) householdWithPlan(ctx context.Context, actor access.Actor, id, purpose string) (householdData, storedPlan, error) {
	h := householdData{ID: id}
	var sp storedPlan
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindHousehold, id), purpose, func(r *access.PersonalReader) error {
		var err error
		if h.Persons, err = r.HouseholdMembers(ctx, id, access.Today()); err != nil {
			return err
		}
		ids := personIDs(h.Persons)
		if h.Delivered, err = r.DeliveriesOf(ctx, ids); err != nil {
			return err
		}
		if h.Assigned, err = r.AssignedProductsOf(ctx, ids); err != nil {
			return err
		}
		if h.Feedback, err = r.FeedbackAbout(ctx, ids); err != nil {
			return err
		}
		if h.Corrections, err = r.CorrectionsOfHousehold(ctx, id); err != nil {
			return err
		}
		own, err := r.Assignments(ctx, actor.UserID)
		if err != nil {
			return err
		}
		h.Zaaknummer = zaaknummerIn(own, id)
		doc, err := r.Plan(ctx, id)
		if errors.Is(err, model.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		sp, err = decodePlan(doc)
		return err
	})
	if err := allowed(d, err); err != nil {
		return householdData{}, storedPlan{}, err
	}
	h.Decision = d
	return h, sp, nil
}

// plan returns a household's plan alone (for the edit form).
func (v *vault) plan(ctx context.Context, actor access.Actor, id, purpose string) (storedPlan, error) {
	var sp storedPlan
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindHousehold, id), purpose, func(r *access.PersonalReader) error {
		doc, err := r.Plan(ctx, id)
		if errors.Is(err, model.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		sp, err = decodePlan(doc)
		return err
	})
	if err := allowed(d, err); err != nil {
		return storedPlan{}, err
	}
	return sp, nil
}

// savePlan stores a household's plan: only the assigned professional may
// (a write decision on the household), in the transaction of the decision.
func (v *vault) savePlan(ctx context.Context, actor access.Actor, id string, p plan, purpose string) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	d, err := v.gate.DecideAndWrite(ctx, actor, access.Write, access.Resource(access.KindHousehold, id), purpose, func(w *access.PersonalWriter) error {
		return w.SavePlan(ctx, id, string(body), actor.Username)
	})
	return allowed(d, err)
}

// planSpend is the spend against a plan: every delivery to the household
// (signed, so corrections count) whose period begins within the plan's.
type planSpend struct {
	Total     int64
	Count     int
	PerStream []totalRow
	Remaining int64 // budget − total; negative when over budget
	Over      bool
	OverBy    int64   // −Remaining when over budget
	Percent   float64 // of the budget, 0 when there is no budget
}

// spendAgainst fills the plan's spend (analysis.SpendAgainst) for the
// page: names and colours per geldstroom.
func spendAgainst(p plan, ds []model.DeliveryRow) planSpend {
	a := analysis.SpendAgainst(money.Cents(p.BudgetCent), p.From, p.To, ds)
	s := planSpend{Total: int64(a.Total), Count: a.Count, Remaining: int64(a.Remaining), Over: a.Over, OverBy: int64(a.OverBy), Percent: a.Percent}
	for i, t := range a.PerStream {
		s.PerStream = append(s.PerStream, totalRow{Key: t.Geldstroom, Label: geldstroomNaam(t.Geldstroom), Amount: t.Amount, Count: t.Count,
			Index: i % len(categorical), Colour: categorical[i%len(categorical)]})
	}
	return s
}

// budgetMeter draws the spend per geldstroom against the budget.
func budgetMeter(label string, budget int64, s planSpend) template.HTML {
	streams := make([]chart.Bar, len(s.PerStream))
	for i, t := range s.PerStream {
		streams[i] = chart.Bar{Label: t.Label, Value: int64(t.Amount), Colour: t.Colour}
	}
	return chart.BudgetMeter(label, budget, s.Total, streams)
}

// planView is the plan section of the household page.
type planView struct {
	Household  string
	Stored     bool
	Plan       plan
	Goals      []goalView
	Support    []supportView
	UpdatedAt  string
	UpdatedBy  string
	Spend      planSpend
	Meter      template.HTML
	Percentage string
}

type goalView struct {
	planGoal
	StatusLabel string
}

type supportView struct {
	planSupport
	GeldstroomNaam string
	ZorgsoortNaam  string
}

func buildPlanView(household string, sp storedPlan, ds []model.DeliveryRow) planView {
	v := planView{Household: household, Stored: sp.Found, Plan: sp.Plan, UpdatedAt: sp.UpdatedAt, UpdatedBy: sp.UpdatedBy}
	if !sp.Found {
		return v
	}
	for _, g := range sp.Plan.Goals {
		v.Goals = append(v.Goals, goalView{planGoal: g, StatusLabel: goalStatusLabel(g.Status)})
	}
	for _, s := range sp.Plan.Support {
		sv := supportView{planSupport: s, GeldstroomNaam: geldstroomNaam(s.Geldstroom)}
		if s.Categorie != "" {
			sv.ZorgsoortNaam = zorgsoortNaam(s.Categorie)
		}
		v.Support = append(v.Support, sv)
	}
	v.Spend = spendAgainst(sp.Plan, ds)
	v.Percentage = pct(v.Spend.Percent)
	v.Meter = budgetMeter(fmt.Sprintf("Besteed %s van het budget van %s, %s t/m %s", eur(money.Format(money.Cents(v.Spend.Total))),
		eur(money.Format(money.Cents(sp.Plan.BudgetCent))), datum(sp.Plan.From), datum(sp.Plan.To)), int64(sp.Plan.BudgetCent), v.Spend)
	return v
}

// planDraft is the plan form as typed, kept as text so a refused form
// comes back as it was sent, with each error next to its field.
type planDraft struct {
	Goals     []goalDraft
	Support   []supportDraft
	Budget    string
	From, To  string
	AgreedBy  string
	ErrBudget string
	ErrFrom   string
	ErrTo     string
	ErrAgreed string
	Invalid   bool
}

type goalDraft struct {
	Text, Status string
	ErrText      string
}

type supportDraft struct {
	Description, Geldstroom, Categorie, AGB     string
	ErrDescription, ErrGeldstroom, ErrCategorie string
	ErrAGB                                      string
}

const maxPlanRows = 50

func draftFromPlan(sp storedPlan) planDraft {
	if !sp.Found {
		return planDraft{Goals: []goalDraft{{Status: "open"}}, Support: []supportDraft{{}}}
	}
	p := sp.Plan
	d := planDraft{Budget: eurosInput(int64(p.BudgetCent)), From: isoDate(p.From), To: isoDate(p.To), AgreedBy: p.AgreedBy}
	for _, g := range p.Goals {
		d.Goals = append(d.Goals, goalDraft{Text: g.Text, Status: g.Status})
	}
	for _, s := range p.Support {
		d.Support = append(d.Support, supportDraft{Description: s.Description, Geldstroom: s.Geldstroom, Categorie: s.Categorie, AGB: s.AGB})
	}
	if len(d.Goals) == 0 {
		d.Goals = []goalDraft{{Status: "open"}}
	}
	if len(d.Support) == 0 {
		d.Support = []supportDraft{{}}
	}
	return d
}

func planDraftFromForm(f url.Values) planDraft {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	d := planDraft{Budget: get("budget"), From: get("van"), To: get("tot"), AgreedBy: get("afgesproken")}
	for i := 0; i < maxPlanRows; i++ {
		k := "doel-" + strconv.Itoa(i) + "-"
		if _, ok := f[k+"tekst"]; !ok {
			break
		}
		d.Goals = append(d.Goals, goalDraft{Text: get(k + "tekst"), Status: get(k + "status")})
	}
	for i := 0; i < maxPlanRows; i++ {
		k := "steun-" + strconv.Itoa(i) + "-"
		if _, ok := f[k+"omschrijving"]; !ok {
			break
		}
		d.Support = append(d.Support, supportDraft{Description: get(k + "omschrijving"), Geldstroom: get(k + "geldstroom"),
			Categorie: get(k + "categorie"), AGB: get(k + "agb")})
	}
	return d
}

// act applies a row button: one more goal or support line.
func (d *planDraft) act(action string) {
	switch {
	case action == "doel-erbij" && len(d.Goals) < maxPlanRows:
		d.Goals = append(d.Goals, goalDraft{Status: "open"})
	case action == "steun-erbij" && len(d.Support) < maxPlanRows:
		d.Support = append(d.Support, supportDraft{})
	}
}

func digits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// toPlan checks the draft; on a refusal it marks the fields and returns false.
// Rows left empty are dropped: that is how a line is removed.
func (d *planDraft) toPlan() (plan, bool) {
	var p plan
	bad := func(field *string, msg string) { *field, d.Invalid = msg, true }
	if c, ok := parseEuros(d.Budget); !ok || c < 0 {
		bad(&d.ErrBudget, "Vul het budget in euro's in, bijvoorbeeld 12.500 of 12.500,00.")
	} else {
		p.BudgetCent = money.Cents(c)
	}
	if dt, ok := intake.ParseDate(d.From); !ok {
		bad(&d.ErrFrom, "Vul een datum in als 2025-01-01 of 01-01-2025.")
	} else {
		p.From = int64(dt)
	}
	if dt, ok := intake.ParseDate(d.To); !ok {
		bad(&d.ErrTo, "Vul een datum in als 2025-12-31 of 31-12-2025.")
	} else {
		p.To = int64(dt)
		if p.From != 0 && p.To < p.From {
			bad(&d.ErrTo, "De einddatum ligt vóór de begindatum.")
		}
	}
	switch {
	case d.AgreedBy == "":
		bad(&d.ErrAgreed, "Vul in met wie het plan is afgesproken.")
	case len(d.AgreedBy) > 200:
		bad(&d.ErrAgreed, "Hoogstens 200 tekens.")
	}
	p.AgreedBy = d.AgreedBy
	for i := range d.Goals {
		g := &d.Goals[i]
		if g.Text == "" {
			continue
		}
		if len(g.Text) > 500 {
			bad(&g.ErrText, "Hoogstens 500 tekens.")
		}
		if goalStatusLabel(g.Status) == g.Status {
			g.Status = "open"
		}
		p.Goals = append(p.Goals, planGoal{Text: g.Text, Status: g.Status})
	}
	for i := range d.Support {
		s := &d.Support[i]
		s.Geldstroom = strings.ToLower(s.Geldstroom)
		if s.Description == "" && s.Geldstroom == "" && s.Categorie == "" && s.AGB == "" {
			continue
		}
		switch {
		case s.Description == "":
			bad(&s.ErrDescription, "Beschrijf de afgesproken ondersteuning.")
		case len(s.Description) > 500:
			bad(&s.ErrDescription, "Hoogstens 500 tekens.")
		}
		known := false
		for _, g := range intake.Geldstromen {
			known = known || g == s.Geldstroom
		}
		if !known {
			bad(&s.ErrGeldstroom, "Kies de geldstroom.")
		}
		if s.Categorie != "" && (!digits(s.Categorie) || len(s.Categorie) != 2) {
			bad(&s.ErrCategorie, "Een zorgsoortcode is 2 cijfers, bijvoorbeeld 45 of 02.")
		}
		if s.AGB != "" && (!digits(s.AGB) || len(s.AGB) != 8) {
			bad(&s.ErrAGB, "Een AGB-code is 8 cijfers.")
		}
		p.Support = append(p.Support, planSupport{Description: s.Description, Geldstroom: s.Geldstroom, Categorie: s.Categorie, AGB: s.AGB})
	}
	return p, !d.Invalid
}

// planFormView is what the plan form shows.
type planFormView struct {
	Household   string
	Invalid     bool
	From, To    formField
	Budget      formField
	AgreedBy    formField
	Goals       []goalRow
	Support     []supportRow
	Statuses    []struct{ Value, Label string }
	Geldstromen []struct{ Value, Label string }
}

// formField is one text input with its label, hint and error.
type formField struct {
	Name, Label, Value, Err, Hint string
}

type goalRow struct {
	goalDraft
	Index, Num int
}

type supportRow struct {
	supportDraft
	Index, Num     int
	Categorie, AGB formField
}

func (d planDraft) form(id string) planFormView {
	v := planFormView{Household: id, Invalid: d.Invalid, Statuses: goalStatuses,
		From:     formField{"van", "Van", d.From, d.ErrFrom, "bijvoorbeeld 2025-01-01"},
		To:       formField{"tot", "Tot en met", d.To, d.ErrTo, "bijvoorbeeld 2025-12-31"},
		Budget:   formField{"budget", "Budget (€)", d.Budget, d.ErrBudget, "voor de hele periode, bijvoorbeeld 12.500,00"},
		AgreedBy: formField{"afgesproken", "Afgesproken met", d.AgreedBy, d.ErrAgreed, "met wie en wanneer het plan is afgesproken (geen BSN)"},
	}
	for _, g := range intake.Geldstromen {
		v.Geldstromen = append(v.Geldstromen, struct{ Value, Label string }{g, geldstroomNaam(g)})
	}
	for i, g := range d.Goals {
		v.Goals = append(v.Goals, goalRow{goalDraft: g, Index: i, Num: i + 1})
	}
	for i, s := range d.Support {
		k := "steun-" + strconv.Itoa(i) + "-"
		v.Support = append(v.Support, supportRow{supportDraft: s, Index: i, Num: i + 1,
			Categorie: formField{k + "categorie", "Zorgsoortcode", s.Categorie, s.ErrCategorie, "2 cijfers, bijv. 45 (mag leeg)"},
			AGB:       formField{k + "agb", "AGB-code aanbieder", s.AGB, s.ErrAGB, "8 cijfers (mag leeg)"},
		})
	}
	return v
}

func (s *server) renderPlanForm(w http.ResponseWriter, r *http.Request, id string, d planDraft) {
	title := "Plan van huishouden " + shortID(id)
	if d.Invalid {
		title = "Fout: " + title
	}
	// A refused form is answered with 200, like the first showing.
	s.render(w, r, http.StatusOK, "plan_form", page{Title: title, Wide: true, Data: d.form(id), Current: "/huishoudens",
		Crumbs: []navItem{{Label: "Mijn huishoudens", Href: "/huishoudens"}, {Label: "Huishouden " + shortID(id), Href: "/huishoudens/" + url.PathEscape(id)}, {Label: "Plan", Current: true}}})
}

func (s *server) planForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	sp, err := s.vault.plan(r.Context(), actorOf(r), id, "hulpverlening: plan bekijken om te bewerken")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	s.renderPlanForm(w, r, id, draftFromPlan(sp))
}

func (s *server) savePlan(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	d := planDraftFromForm(r.PostForm)
	action := r.PostForm.Get("actie")
	rowButton := action != "" && action != "opslaan"
	var p plan
	ok := false
	if rowButton {
		d.act(action)
	} else {
		p, ok = d.toPlan()
	}
	if !ok {
		// Nothing is stored, but the form is the household's: the same
		// decision as opening it, so a stranger gets a 403 and a record.
		if _, err := s.vault.decide(r.Context(), actorOf(r), access.Read, access.Resource(access.KindHousehold, id), "hulpverlening: plan bewerken"); err != nil {
			s.handleErr(w, r, err)
			return
		}
		s.renderPlanForm(w, r, id, d)
		return
	}
	if err := s.vault.savePlan(r.Context(), actorOf(r), id, p, "hulpverlening: plan vastleggen"); err != nil {
		s.handleErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/huishoudens/"+url.PathEscape(id)+"?plan=opgeslagen#plan", http.StatusSeeOther)
}

// memberPlan returns the plan of the member's household with the spend
// against it, nil when there is none or the member may not see household
// totals (SPEC §4: only where every adult of the household is an entitled
// member; the household decision checks that).
func (v *vault) memberPlan(ctx context.Context, actor access.Actor, purpose string) (*planView, error) {
	hh := ""
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindPerson, actor.Person), purpose, func(r *access.PersonalReader) error {
		var err error
		hh, err = r.HouseholdOf(ctx, actor.Person, access.Today())
		return err
	})
	if err := allowed(d, err); err != nil || hh == "" {
		return nil, err
	}
	var sp storedPlan
	var ds []model.DeliveryRow
	d, err = v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindHousehold, hh), purpose+": plan van het huishouden", func(r *access.PersonalReader) error {
		doc, err := r.Plan(ctx, hh)
		if errors.Is(err, model.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if sp, err = decodePlan(doc); err != nil {
			return err
		}
		members, err := r.HouseholdMembers(ctx, hh, access.Today())
		if err != nil {
			return err
		}
		ds, err = r.DeliveriesOf(ctx, personIDs(members))
		return err
	})
	if err := allowed(d, err); err != nil {
		var den errDenied
		if errors.As(err, &den) {
			return nil, nil
		}
		return nil, err
	}
	if !sp.Found {
		return nil, nil
	}
	pv := buildPlanView(hh, sp, ds)
	return &pv, nil
}
