package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/export"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

// Business cases (mBC's) are policy documents: the municipality's own
// forecasts, no personal data. Their pages hold the case documents and a
// ReleaseReader, nothing else: the forecast is set against released,
// disclosure-controlled cells only, never against deliveries or households.

// CaseDocuments is everything the business-case pages may read and write
// besides released tables: documents of kind "businesscase".
type CaseDocuments interface {
	Documents(ctx context.Context, kind string) ([]store.Document, error)
	Document(ctx context.Context, kind, name string) (store.Document, error)
	CreateDocument(ctx context.Context, d store.Document) (bool, error)
	UpdateDocument(ctx context.Context, d store.Document) error
	DeleteDocument(ctx context.Context, kind, name string) error
}

const caseKind = "businesscase"

type businessCasePages struct {
	docs CaseDocuments
	rel  ReleaseReader
}

// businessCases builds the pages over the server's store, seen through the
// two narrow interfaces.
func (s *server) businessCases() *businessCasePages {
	return &businessCasePages{docs: s.st, rel: s.st}
}

// allow lets the Gemeente and Beheer in. Reading goes through the same
// decision as the released tables (business cases are set against them);
// a change is written to the audit log, allowed or not.
func (b *businessCasePages) allow(s *server, w http.ResponseWriter, r *http.Request, write bool, what string) bool {
	if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, "*"), "businesscase: "+what); !ok {
		return false
	}
	if write {
		if err := access.Record(r.Context(), s.st, actorOf(r), "write "+caseKind, "allow", "businesscase beheren", what); err != nil {
			s.serverError(w, r, err)
			return false
		}
	}
	return true
}

// storedCase is one document read back: its case, or why it cannot be read.
type storedCase struct {
	Slug    string
	Doc     store.Document
	Case    *businesscase.Case
	Result  *businesscase.Result
	Problem string
}

func loadStored(d store.Document) storedCase {
	sc := storedCase{Slug: d.Name, Doc: d}
	c, err := businesscase.Load(strings.NewReader(d.Body), d.Name)
	if err != nil {
		sc.Problem = errorText(err)
		return sc
	}
	sc.Case = c
	res, err := businesscase.Evaluate(c)
	if err != nil {
		sc.Problem = errorText(err)
		return sc
	}
	sc.Result = res
	return sc
}

// errorText joins the Dutch halves of FieldErrors.
func errorText(err error) string {
	var parts []string
	for _, e := range flatten(err) {
		var fe *businesscase.FieldError
		if errors.As(e, &fe) {
			if fe.Field != "" {
				parts = append(parts, fe.Field+": "+fe.NL)
			} else {
				parts = append(parts, fe.NL)
			}
			continue
		}
		parts = append(parts, e.Error())
	}
	return strings.Join(parts, "; ")
}

func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// one loads the case named in the path. A name that is not there sends
// the browser back to the list, which says so.
func (b *businessCasePages) one(s *server, w http.ResponseWriter, r *http.Request) (storedCase, bool) {
	name := r.PathValue("name")
	d, err := b.docs.Document(r.Context(), caseKind, name)
	if errors.Is(err, store.ErrNotFound) {
		if isAPI(r) {
			s.fail(w, r, http.StatusNotFound, "geen businesscase "+strconv.Quote(name)+" / no such business case")
		} else {
			http.Redirect(w, r, "/businesscases?onbekend="+url.QueryEscape(name), http.StatusSeeOther)
		}
		return storedCase{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return storedCase{}, false
	}
	return loadStored(d), true
}

// ---- list and portfolio ----------------------------------------------------

type caseListView struct {
	Cases     []caseListRow
	Portfolio *businesscase.Portfolio
	Matrix    []matrixRow
	Chart     template.HTML
	Unknown   string
	Deleted   string
	Stats     []keyFigure
	Total     *caseListRow
}

type caseListRow struct {
	Slug, Name, Description, Problem string
	PVCosts, PVBenefits, NPV         string
	Ratio, Payback, Share            string
	ShareBar                         template.HTML
	UpdatedAt, UpdatedBy             string
}

type keyFigure struct{ Label, Value, Hint string }

func (b *businessCasePages) list(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, "overzicht") {
			return
		}
		docs, err := b.docs.Documents(r.Context(), caseKind)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v := caseListView{Unknown: r.URL.Query().Get("onbekend"), Deleted: r.URL.Query().Get("verwijderd")}
		var results []*businesscase.Result
		rows := map[string]*caseListRow{}
		for _, d := range docs {
			sc := loadStored(d)
			row := caseListRow{Slug: sc.Slug, Name: d.Name, Problem: sc.Problem, UpdatedAt: d.UpdatedAt, UpdatedBy: d.UpdatedBy}
			if sc.Case != nil {
				row.Name, row.Description = sc.Case.Label(), sc.Case.Description
			}
			if res := sc.Result; res != nil {
				results = append(results, res)
				row.PVCosts, row.PVBenefits, row.NPV = centsText(res.PVCostsCents), centsText(res.PVBenefitsCents), centsText(res.NPVCents)
				row.Ratio, row.Payback = businesscase.Ratio(res.Ratio), paybackText(res)
				rows[res.Name] = &row
			}
			v.Cases = append(v.Cases, row)
		}
		p := businesscase.EvaluatePortfolio(results)
		v.Portfolio = p
		for _, pc := range p.Cases {
			if row := rows[pc.Name]; row != nil && pc.InvestmentShare != nil {
				row.Share, row.ShareBar = pct(*pc.InvestmentShare), chart.ShareBar(*pc.InvestmentShare)
			}
		}
		for i := range v.Cases {
			if row := rows[v.Cases[i].Name]; row != nil {
				v.Cases[i] = *row
			}
		}
		if len(results) > 0 {
			v.Stats = []keyFigure{
				{"Investering (contante waarde)", centsText(p.PVCostsCents), fmt.Sprintf("%d businesscases", len(results))},
				{"Opbrengst (contante waarde)", centsText(p.PVBenefitsCents), ""},
				{"Netto contante waarde", centsText(p.NPVCents), ""},
				{"Baten/kosten-ratio samen", businesscase.Ratio(p.Ratio), "netto rendement " + ratioPct(p.NetROI)},
			}
			v.Total = &caseListRow{PVCosts: centsText(p.PVCostsCents), PVBenefits: centsText(p.PVBenefitsCents), NPV: centsText(p.NPVCents), Ratio: businesscase.Ratio(p.Ratio), Share: "100%"}
			v.Matrix = matrixRows(p.Stakeholders)
			v.Chart = matrixSVG("Wie betaalt en wie wint, alle businesscases samen (contante waarde)", p.Stakeholders, "bc-portfolio")
		}
		s.render(w, r, http.StatusOK, "businesscases", page{Title: "Businesscases", Wide: true, Data: v, Current: "/businesscases"})
	}
}

func centsText(c int64) string { return money.FormatEuros(money.Cents(c).Euros()) }

func ratioPct(r *float64) string {
	if r == nil {
		return "n.v.t."
	}
	return pct(*r)
}

func paybackText(r *businesscase.Result) string {
	if r.PaybackYear == nil {
		return "niet binnen de horizon"
	}
	if r.PaybackCalendarYear != nil {
		return fmt.Sprintf("%d (jaar %d)", *r.PaybackCalendarYear, *r.PaybackYear)
	}
	return fmt.Sprintf("jaar %d", *r.PaybackYear)
}

// ---- one case: results -----------------------------------------------------

type caseView struct {
	Slug       string
	Result     *businesscase.Result
	Case       *businesscase.Case
	Problem    string
	Saved      bool
	Settings   string
	Stats      []keyFigure
	Cumulative template.HTML
	MatrixSVG  template.HTML
	Matrix     []matrixRow
	Total      matrixRow
	Years      []yearRow
	YearsTotal yearRow
	Scenarios  []scenarioRow
	Forecast   *forecastView
	Notes      []string
	UpdatedAt  string
	UpdatedBy  string
}

type matrixRow struct {
	Label, Pays, Gains, Net, Ratio string
	Negative                       bool
}

type yearRow struct {
	Label, Costs, Benefits, Net, Cumulative, Factor, PVNet, CumulativePV string
	Payback                                                              bool
}

type scenarioRow struct{ Label, PVCosts, PVBenefits, NPV, Ratio string }

func matrixRows(ss []businesscase.StakeholderResult) []matrixRow {
	var out []matrixRow
	for _, sr := range ss {
		out = append(out, matrixRow{Label: sr.Label, Pays: centsText(sr.PaysCents), Gains: centsText(sr.GainsCents),
			Net: centsText(sr.NetCents), Ratio: businesscase.Ratio(sr.Ratio), Negative: sr.NetCents < 0})
	}
	return out
}

// cumulativeSVG draws the planexploitatie of a case.
func cumulativeSVG(r *businesscase.Result) template.HTML {
	years := make([]chart.CaseYear, len(r.Years))
	for i, y := range r.Years {
		years[i] = chart.CaseYear{Label: yearLabel(r, y.Year), Net: y.PVNetCents, Cumulative: y.CumulativePVCents}
	}
	return chart.Cumulative("Cumulatief saldo (contante waarde) per jaar van "+r.Name+"; terugverdiend: "+paybackText(r), years, r.PaybackYear)
}

// matrixSVG draws who pays and who gains.
func matrixSVG(label string, ss []businesscase.StakeholderResult, id string) template.HTML {
	stakes := make([]chart.Stake, len(ss))
	for i, s := range ss {
		stakes[i] = chart.Stake{Label: s.Label, Pays: s.PaysCents, Gains: s.GainsCents, Net: s.NetCents}
	}
	return chart.Matrix(label, stakes, id)
}

func yearLabel(r *businesscase.Result, y int) string {
	if r.StartYear != 0 {
		return strconv.Itoa(r.StartYear + y)
	}
	return "jaar " + strconv.Itoa(y)
}

func (b *businessCasePages) buildCaseView(ctx context.Context, sc storedCase) (caseView, error) {
	v := caseView{Slug: sc.Slug, Case: sc.Case, Result: sc.Result, Problem: sc.Problem, UpdatedAt: sc.Doc.UpdatedAt, UpdatedBy: sc.Doc.UpdatedBy}
	if sc.Case != nil {
		v.Notes = sc.Case.Notes
	}
	res := sc.Result
	if res == nil {
		return v, nil
	}
	v.Settings = businesscase.SettingsLine(res)
	v.Stats = []keyFigure{
		{"Kosten (contante waarde)", centsText(res.PVCostsCents), "nominaal " + centsText(res.CostsCents)},
		{"Baten (contante waarde)", centsText(res.PVBenefitsCents), "nominaal " + centsText(res.BenefitsCents)},
		{"Netto contante waarde", centsText(res.NPVCents), ""},
		{"Baten/kosten-ratio", businesscase.Ratio(res.Ratio), ""},
		{"Netto rendement", ratioPct(res.NetROI), "(baten − kosten) / kosten"},
		{"Terugverdiend", paybackText(res), "cumulatief saldo (contant) ≥ 0"},
	}
	v.Cumulative = cumulativeSVG(res)
	v.MatrixSVG = matrixSVG("Wie betaalt en wie wint per belanghebbende (contante waarde)", res.Stakeholders, "bc-matrix")
	v.Matrix = matrixRows(res.Stakeholders)
	v.Total = matrixRow{Label: "Totaal", Pays: centsText(res.PVCostsCents), Gains: centsText(res.PVBenefitsCents), Net: centsText(res.NPVCents), Ratio: businesscase.Ratio(res.Ratio)}
	for _, y := range res.Years {
		v.Years = append(v.Years, yearRow{Label: yearLabel(res, y.Year), Costs: centsText(y.CostsCents), Benefits: centsText(y.BenefitsCents),
			Net: centsText(y.NetCents), Cumulative: centsText(y.CumulativeCents), Factor: decimal(y.DiscountFactor, 4),
			PVNet: centsText(y.PVNetCents), CumulativePV: centsText(y.CumulativePVCents), Payback: res.PaybackYear != nil && *res.PaybackYear == y.Year})
	}
	v.YearsTotal = yearRow{Label: "Totaal", Costs: centsText(res.CostsCents), Benefits: centsText(res.BenefitsCents), Net: centsText(res.BenefitsCents - res.CostsCents)}
	for _, sn := range res.Sensitivity {
		v.Scenarios = append(v.Scenarios, scenarioRow{Label: sn.Label, PVCosts: centsText(sn.PVCostsCents), PVBenefits: centsText(sn.PVBenefitsCents), NPV: centsText(sn.NPVCents), Ratio: businesscase.Ratio(sn.Ratio)})
	}
	f, err := b.forecast(ctx, res)
	if err != nil {
		return v, err
	}
	v.Forecast = f
	return v, nil
}

// decimalTrim writes a number with a decimal comma and no trailing zeros.
func decimalTrim(f float64) string {
	return strings.Replace(strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64), ".", ",", 1)
}

func (b *businessCasePages) view(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, r.PathValue("name")) {
			return
		}
		sc, ok := b.one(s, w, r)
		if !ok {
			return
		}
		v, err := b.buildCaseView(r.Context(), sc)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Saved = r.URL.Query().Get("opgeslagen") != ""
		title := sc.Slug
		if sc.Case != nil {
			title = sc.Case.Label()
		}
		s.render(w, r, http.StatusOK, "businesscase", page{Title: "Businesscase " + title, Wide: true, Data: v, Current: "/businesscases",
			Crumbs: []navItem{{Label: "Businesscases", Href: "/businesscases"}, {Label: title, Current: true}}})
	}
}

func (b *businessCasePages) remove(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if !b.allow(s, w, r, true, "verwijderen "+name) {
			return
		}
		if err := b.docs.DeleteDocument(r.Context(), caseKind, name); err != nil {
			s.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, "/businesscases?verwijderd="+url.QueryEscape(name), http.StatusSeeOther)
	}
}

// ---- API -------------------------------------------------------------------

func (b *businessCasePages) apiList(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, "api") {
			return
		}
		docs, err := b.docs.Documents(r.Context(), caseKind)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		type item struct {
			Name    string               `json:"name"`
			Result  *businesscase.Result `json:"result,omitempty"`
			Problem string               `json:"problem,omitempty"`
		}
		out := struct {
			Cases     []item                  `json:"cases"`
			Portfolio *businesscase.Portfolio `json:"portfolio"`
		}{Cases: []item{}}
		var results []*businesscase.Result
		for _, d := range docs {
			sc := loadStored(d)
			out.Cases = append(out.Cases, item{Name: sc.Slug, Result: sc.Result, Problem: sc.Problem})
			if sc.Result != nil {
				results = append(results, sc.Result)
			}
		}
		out.Portfolio = businesscase.EvaluatePortfolio(results)
		writeJSON(w, http.StatusOK, out)
	}
}

func (b *businessCasePages) apiOne(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, "api "+r.PathValue("name")) {
			return
		}
		sc, ok := b.one(s, w, r)
		if !ok {
			return
		}
		if sc.Result == nil {
			writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: sc.Problem})
			return
		}
		writeJSON(w, http.StatusOK, sc.Result)
	}
}

// ---- forecast against the monitor ------------------------------------------

// forecastView sets a case's expected savings next to the released spend in
// the cells it targets, one row per released year.
type forecastView struct {
	Message  string // why there is nothing to compare, when so
	Targets  string
	Areas    []string
	Baseline string
	Rows     []forecastRow
	Cells    []forecastCell
	Years    []string
	Chart    template.HTML
	Partial  bool // some cell was suppressed in some year
}

type forecastRow struct {
	Year                                 string
	Released, Change, Expected, ExpAll   string
	ExtraSinceBaseline, Forecast         string
	Suppressed, Missing, Cells           int
	AllSuppressed, InHorizon, IsBaseline bool

	calc analysis.ForecastYear
}

// forecastRowOf writes one year of the forecast for the page.
func forecastRowOf(y analysis.ForecastYear) forecastRow {
	row := forecastRow{Year: y.Year, IsBaseline: y.IsBaseline, Suppressed: y.Suppressed, Missing: y.Missing, Cells: y.Cells, InHorizon: y.InHorizon, calc: y}
	switch {
	case y.Released == nil:
		row.AllSuppressed = true
		row.Released = "onderdrukt"
	case !y.Complete:
		row.Released = "ten minste " + centsText(int64(*y.Released))
	default:
		row.Released = centsText(int64(*y.Released))
	}
	row.Expected, row.ExpAll, row.ExtraSinceBaseline = "—", "—", "—"
	if y.InHorizon {
		row.Expected, row.ExpAll = centsText(int64(y.ExpectedGemeente)), centsText(int64(y.ExpectedAll))
		row.ExtraSinceBaseline = centsText(int64(y.ExtraSinceBaseline))
	}
	row.Change, row.Forecast = "—", "—"
	if y.Forecast != nil {
		row.Forecast = centsText(int64(*y.Forecast))
	}
	if y.Change != nil {
		row.Change = signedCents(int64(*y.Change))
	}
	if y.IsBaseline {
		row.Change = "nulmeting"
	}
	return row
}

// forecastCell is one targeted area × zorgsoort across the released years.
type forecastCell struct {
	Area, AreaName, Zorgsoort string
	Values                    []forecastValue
}

type forecastValue struct {
	Text       string
	Suppressed bool
	Reason     string
}

func levelOf(code string) string {
	switch {
	case strings.HasPrefix(code, "GM"):
		return "gemeente"
	case strings.HasPrefix(code, "WK"):
		return "wijk"
	case strings.HasPrefix(code, "BU"):
		return "buurt"
	}
	return ""
}

var yearPeriod = regexp.MustCompile(`^[0-9]{4}$`)

// forecast reads released cells only, through the ReleaseReader.
func (b *businessCasePages) forecast(ctx context.Context, res *businesscase.Result) (*forecastView, error) {
	f := &forecastView{}
	t := res.Targets
	if t == nil || len(t.Zorgsoorten) == 0 || len(t.Areas) == 0 {
		f.Message = "Deze businesscase noemt geen zorgsoorten en gebieden (doelgroep in de monitor). Vul ze in bij Bewerken om de prognose naast de vrijgegeven cijfers te zien."
		return f, nil
	}
	var zs []string
	for _, z := range t.Zorgsoorten {
		zs = append(zs, zorgsoortNaam(z))
	}
	f.Targets = strings.Join(zs, ", ")
	rels, err := b.rel.Releases(ctx)
	if err != nil {
		return nil, err
	}
	latest := map[string]store.ReleaseInfo{}
	for _, rl := range rels {
		if !yearPeriod.MatchString(rl.Period) {
			continue // quarters are not set against yearly forecasts
		}
		if cur, ok := latest[rl.Period]; !ok || rl.Version > cur.Version {
			latest[rl.Period] = rl
		}
	}
	for p := range latest {
		f.Years = append(f.Years, p)
	}
	sort.Strings(f.Years)
	if len(f.Years) == 0 {
		f.Message = "Er is nog geen jaarmeting vrijgegeven om de prognose naast te leggen."
		return f, nil
	}
	f.Baseline = f.Years[0]
	names := map[string]string{}
	if as, err := b.rel.Areas(ctx); err == nil {
		for _, a := range as {
			names[a.Code] = a.Name
		}
	}
	for _, a := range t.Areas {
		n := names[a]
		if n == "" {
			n = a
		}
		f.Areas = append(f.Areas, n+" ("+a+")")
	}
	wantZ := map[string]bool{}
	for _, z := range t.Zorgsoorten {
		wantZ[z] = true
	}
	// cells[area|zorgsoort][year index]
	type key struct{ area, z string }
	found := map[key][]*store.ReleaseCell{}
	for _, a := range t.Areas {
		for _, z := range t.Zorgsoorten {
			found[key{a, z}] = make([]*store.ReleaseCell, len(f.Years))
		}
	}
	for yi, y := range f.Years {
		byLevel := map[string][]string{}
		for _, a := range t.Areas {
			byLevel[levelOf(a)] = append(byLevel[levelOf(a)], a)
		}
		for level, areas := range byLevel {
			if level == "" {
				continue
			}
			cells, err := b.rel.ReleaseCells(ctx, latest[y].ID, level, "zorgsoort")
			if err != nil {
				return nil, err
			}
			want := map[string]bool{}
			for _, a := range areas {
				want[a] = true
			}
			for i := range cells {
				c := &cells[i]
				if want[c.Area] && wantZ[c.Category] {
					found[key{c.Area, c.Category}][yi] = c
				}
			}
		}
	}
	var targets [][]*store.ReleaseCell
	for _, a := range t.Areas {
		for _, z := range t.Zorgsoorten {
			targets = append(targets, found[key{a, z}])
		}
	}
	for _, y := range analysis.Forecast(res, f.Years, targets) {
		f.Rows = append(f.Rows, forecastRowOf(y))
		if y.Suppressed > 0 {
			f.Partial = true
		}
	}
	for _, a := range t.Areas {
		for _, z := range t.Zorgsoorten {
			fc := forecastCell{Area: a, AreaName: names[a], Zorgsoort: zorgsoortNaam(z)}
			for _, c := range found[key{a, z}] {
				switch {
				case c == nil:
					fc.Values = append(fc.Values, forecastValue{Text: "—", Reason: "geen cel in de meting"})
				case c.Suppressed || c.AmountEUR == nil:
					fc.Values = append(fc.Values, forecastValue{Text: "onderdrukt", Suppressed: true, Reason: c.Reason})
				default:
					fc.Values = append(fc.Values, forecastValue{Text: money.FormatEuros(*c.AmountEUR)})
				}
			}
			f.Cells = append(f.Cells, fc)
		}
	}
	if res.StartYear == 0 {
		f.Message = "Deze businesscase heeft geen startjaar; zonder startjaar vallen de verwachte besparingen niet op een meting. Vul het startjaar in bij Bewerken."
	}
	f.Chart = chart.Forecast("Vrijgegeven uitgaven in de doelgroep per meting, met de prognose (nulmeting min de extra verwachte besparing van de gemeente)", forecastYears(f.Rows))
	return f, nil
}

func forecastYears(rows []forecastRow) []chart.ForecastYear {
	out := make([]chart.ForecastYear, len(rows))
	for i, r := range rows {
		out[i] = chart.ForecastYear{Year: r.Year, IsBaseline: r.IsBaseline, Released: (*int64)(r.calc.Released), ReleasedText: r.Released,
			Complete: r.calc.Complete, Suppressed: r.Suppressed, Forecast: (*int64)(r.calc.Forecast), ForecastText: r.Forecast}
	}
	return out
}

func signedCents(c int64) string {
	if c > 0 {
		return "+" + centsText(c)
	}
	return centsText(c)
}

// ---- the form ----------------------------------------------------------------

// caseDraft is a case as typed in the form: every value a string, so a
// refused form comes back exactly as the user left it. Field names in the
// form are the paths of the case file (costs[0].per_year_cents[2]), so the
// engine's FieldError lands next to the input it names.
type caseDraft struct {
	Name, Description, Notes      string
	PriceYear, StartYear, Horizon string
	Discount, FirstYear           string
	OptimismBias                  bool
	Grades                        []gradeDraft
	Extra, Zorgsoorten, Areas     string
	Interventions                 []interventionDraft
	Costs                         []costDraft
	Effects                       []effectDraft
	Benefits                      []benefitDraft
}

type gradeDraft struct{ Grade, Percent string }

type interventionDraft struct {
	Name, TargetGroup, Size, Partners string
	Cohorts                           []cohortDraft
}

type cohortDraft struct{ Year, Persons string }

type costDraft struct {
	Payer, Description, Intervention, PerPerson string
	PerYear                                     []string
}

type effectDraft struct {
	Name, Intervention                                                  string
	Engagement, Success, Deadweight, Attribution, Displacement, DropOff string
	Confidence, StartAfter, Duration, UnitValue                         string
	Shares                                                              []shareDraft
}

type shareDraft struct{ Name, Percent string }

type benefitDraft struct {
	Stakeholder, Description, Confidence string
	PerYear                              []string
}

func newDraft() caseDraft {
	return caseDraft{Horizon: strconv.Itoa(businesscase.DefaultHorizonYears), Discount: decimalTrim(businesscase.DefaultDiscountRatePercent),
		FirstYear: businesscase.FirstYearUndiscounted, OptimismBias: true,
		Interventions: []interventionDraft{{Cohorts: []cohortDraft{{Year: "0"}}}},
		Costs:         []costDraft{{Payer: "gemeente"}},
	}
}

// eurosInput writes cents the way a Dutch user types euros: "1.234,50", "2.500".
func eurosInput(c int64) string {
	neg := c < 0
	if neg {
		c = -c
	}
	s := money.Group(c / 100)
	if c%100 != 0 {
		s += fmt.Sprintf(",%02d", c%100)
	}
	if neg {
		s = "-" + s
	}
	return s
}

func numInput(f float64) string { return decimalTrim(f) }

func intInput[T int | int64](n T) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(int64(n), 10)
}

func draftFromCase(c *businesscase.Case) caseDraft {
	d := caseDraft{Name: c.Name, Description: c.Description, Notes: strings.Join(c.Notes, "\n"),
		PriceYear: intInput(c.PriceYear), StartYear: intInput(c.StartYear), Horizon: strconv.Itoa(c.Horizon()),
		Discount: numInput(c.DiscountRate()), FirstYear: c.FirstYearConvention(), OptimismBias: c.OptimismBiasOn(),
		Extra: strings.Join(c.ExtraStakeholders, ", ")}
	grades := make([]string, 0, len(c.ConfidenceGrades))
	for g := range c.ConfidenceGrades {
		grades = append(grades, g)
	}
	sort.Strings(grades)
	for _, g := range grades {
		d.Grades = append(d.Grades, gradeDraft{g, numInput(c.ConfidenceGrades[g])})
	}
	if c.Targets != nil {
		d.Zorgsoorten, d.Areas = strings.Join(c.Targets.Zorgsoorten, ", "), strings.Join(c.Targets.Areas, ", ")
	}
	for _, in := range c.Interventions {
		id := interventionDraft{Name: in.Name, TargetGroup: in.TargetGroup, Size: intInput(in.TargetGroupSize), Partners: intInput(in.Partners)}
		for _, co := range in.Cohorts {
			id.Cohorts = append(id.Cohorts, cohortDraft{strconv.Itoa(co.Year), strconv.FormatInt(co.Persons, 10)})
		}
		d.Interventions = append(d.Interventions, id)
	}
	years := func(cs []int64) []string {
		var out []string
		for _, x := range cs {
			out = append(out, eurosInput(x))
		}
		return out
	}
	for _, co := range c.Costs {
		pp := ""
		if co.PerPersonCents != 0 {
			pp = eurosInput(co.PerPersonCents)
		}
		d.Costs = append(d.Costs, costDraft{Payer: co.Payer, Description: co.Description, Intervention: co.Intervention, PerPerson: pp, PerYear: years(co.PerYearCents)})
	}
	optPct := func(p *float64) string {
		if p == nil {
			return ""
		}
		return numInput(*p)
	}
	zeroPct := func(p float64) string {
		if p == 0 {
			return ""
		}
		return numInput(p)
	}
	for _, e := range c.Effects {
		ed := effectDraft{Name: e.Name, Intervention: e.Intervention, Engagement: optPct(e.EngagementPercent), Success: optPct(e.SuccessPercent),
			Deadweight: zeroPct(e.DeadweightPercent), Attribution: zeroPct(e.AttributionPercent), Displacement: zeroPct(e.DisplacementPercent),
			DropOff: zeroPct(e.DropOffPercent), Confidence: e.Confidence, StartAfter: intInput(e.StartAfterYears), Duration: intInput(e.DurationYears),
			UnitValue: eurosInput(e.UnitValueCents)}
		for _, s := range e.Stakeholders {
			ed.Shares = append(ed.Shares, shareDraft{s.Name, numInput(s.Share * 100)})
		}
		d.Effects = append(d.Effects, ed)
	}
	for _, bn := range c.BenefitsPerYear {
		d.Benefits = append(d.Benefits, benefitDraft{Stakeholder: bn.Stakeholder, Description: bn.Description, Confidence: bn.Confidence, PerYear: years(bn.PerYearCents)})
	}
	return d
}

// draftFromForm reads the posted form. Rows are numbered from 0 without gaps;
// a row is there when its first input is.
func draftFromForm(f url.Values) caseDraft {
	g := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	has := func(k string) bool { _, ok := f[k]; return ok }
	d := caseDraft{Name: g("name"), Description: g("description"), Notes: g("notes"), PriceYear: g("price_year"), StartYear: g("start_year"),
		Horizon: g("horizon_years"), Discount: g("discount_rate_percent"), FirstYear: g("first_year"), OptimismBias: f.Get("optimism_bias") == "ja",
		Extra: g("extra_stakeholders"), Zorgsoorten: g("targets.zorgsoorten"), Areas: g("targets.areas")}
	years := func(p string) []string {
		var out []string
		for j := 0; has(fmt.Sprintf("%s[%d]", p, j)); j++ {
			out = append(out, g(fmt.Sprintf("%s[%d]", p, j)))
		}
		return out
	}
	for i := 0; has(fmt.Sprintf("confidence_grades[%d].grade", i)); i++ {
		p := fmt.Sprintf("confidence_grades[%d]", i)
		d.Grades = append(d.Grades, gradeDraft{g(p + ".grade"), g(p + ".percent")})
	}
	for i := 0; has(fmt.Sprintf("interventions[%d].name", i)); i++ {
		p := fmt.Sprintf("interventions[%d]", i)
		in := interventionDraft{Name: g(p + ".name"), TargetGroup: g(p + ".target_group"), Size: g(p + ".target_group_size"), Partners: g(p + ".partners")}
		for j := 0; has(fmt.Sprintf("%s.cohorts[%d].year", p, j)); j++ {
			q := fmt.Sprintf("%s.cohorts[%d]", p, j)
			in.Cohorts = append(in.Cohorts, cohortDraft{g(q + ".year"), g(q + ".persons")})
		}
		d.Interventions = append(d.Interventions, in)
	}
	for i := 0; has(fmt.Sprintf("costs[%d].payer", i)); i++ {
		p := fmt.Sprintf("costs[%d]", i)
		d.Costs = append(d.Costs, costDraft{Payer: g(p + ".payer"), Description: g(p + ".description"), Intervention: g(p + ".intervention"),
			PerPerson: g(p + ".per_person_cents"), PerYear: years(p + ".per_year_cents")})
	}
	for i := 0; has(fmt.Sprintf("effects[%d].name", i)); i++ {
		p := fmt.Sprintf("effects[%d]", i)
		e := effectDraft{Name: g(p + ".name"), Intervention: g(p + ".intervention"), Engagement: g(p + ".engagement_percent"), Success: g(p + ".success_percent"),
			Deadweight: g(p + ".deadweight_percent"), Attribution: g(p + ".attribution_percent"), Displacement: g(p + ".displacement_percent"),
			DropOff: g(p + ".drop_off_percent"), Confidence: g(p + ".confidence"), StartAfter: g(p + ".start_after_years"), Duration: g(p + ".duration_years"),
			UnitValue: g(p + ".unit_value_cents")}
		for j := 0; has(fmt.Sprintf("%s.stakeholders[%d].name", p, j)); j++ {
			q := fmt.Sprintf("%s.stakeholders[%d]", p, j)
			e.Shares = append(e.Shares, shareDraft{g(q + ".name"), g(q + ".share")})
		}
		d.Effects = append(d.Effects, e)
	}
	for i := 0; has(fmt.Sprintf("benefits_per_year[%d].stakeholder", i)); i++ {
		p := fmt.Sprintf("benefits_per_year[%d]", i)
		d.Benefits = append(d.Benefits, benefitDraft{Stakeholder: g(p + ".stakeholder"), Description: g(p + ".description"), Confidence: g(p + ".confidence"),
			PerYear: years(p + ".per_year_cents")})
	}
	return d
}

var thousands = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{3})+$`)

// parseEuros reads an amount in euros as a Dutch user types it — "1.234,50",
// "€ 2.500", "-75" — into cents.
func parseEuros(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	s = strings.ReplaceAll(s, " ", "")
	neg := strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "−")
	whole, frac, hasFrac := strings.Cut(s, ",")
	if strings.Contains(whole, ".") {
		if !thousands.MatchString(whole) {
			return 0, false
		}
		whole = strings.ReplaceAll(whole, ".", "")
	}
	if whole == "" || strings.Trim(whole, "0123456789") != "" || len(whole) > 15 {
		return 0, false
	}
	if hasFrac && (len(frac) == 0 || len(frac) > 2 || strings.Trim(frac, "0123456789") != "") {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	c, _ := strconv.ParseInt(frac, 10, 64)
	v := w*100 + c
	if neg {
		v = -v
	}
	return v, true
}

// parseNumber reads a decimal number with a comma or a point.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' || r == '\r' })
}

// toCase builds the case file from the form. What cannot be read as a
// number or amount is refused here, with the same kind of FieldError the
// engine gives, so the form shows both the same way.
func (d caseDraft) toCase() (*businesscase.Case, []*businesscase.FieldError) {
	var errs []*businesscase.FieldError
	fail := func(field, nl string) {
		errs = append(errs, &businesscase.FieldError{Case: d.Name, Field: field, NL: nl})
	}
	integer := func(field, s string) int64 {
		if s == "" {
			return 0
		}
		t := strings.TrimPrefix(s, "-")
		if thousands.MatchString(t) {
			t = strings.ReplaceAll(t, ".", "")
		}
		n, err := strconv.ParseInt(t, 10, 64)
		if strings.HasPrefix(s, "-") {
			n = -n
		}
		if err != nil {
			fail(field, strconv.Quote(s)+" is geen geheel getal")
		}
		return n
	}
	number := func(field, s string) float64 {
		if s == "" {
			return 0
		}
		f, ok := parseNumber(s)
		if !ok {
			fail(field, strconv.Quote(s)+" is geen getal; schrijf bijvoorbeeld 12,5")
		}
		return f
	}
	optNumber := func(field, s string) *float64 {
		if s == "" {
			return nil
		}
		f := number(field, s)
		return &f
	}
	amount := func(field, s string) int64 {
		if s == "" {
			return 0
		}
		c, ok := parseEuros(s)
		if !ok {
			fail(field, strconv.Quote(s)+" is geen bedrag in euro's; schrijf bijvoorbeeld 1.234,50")
		}
		return c
	}
	perYear := func(field string, vals []string) []int64 {
		n := len(vals)
		for n > 0 && vals[n-1] == "" {
			n--
		}
		var out []int64
		for j := 0; j < n; j++ {
			out = append(out, amount(fmt.Sprintf("%s[%d]", field, j), vals[j]))
		}
		return out
	}
	c := &businesscase.Case{Name: d.Name, Description: d.Description, FirstYear: d.FirstYear}
	if strings.TrimSpace(d.Name) == "" {
		fail("name", "ontbreekt: geef de businesscase een naam")
	}
	for _, l := range strings.Split(d.Notes, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			c.Notes = append(c.Notes, l)
		}
	}
	c.PriceYear = int(integer("price_year", d.PriceYear))
	c.StartYear = int(integer("start_year", d.StartYear))
	if d.Horizon == "" {
		fail("horizon_years", "ontbreekt")
	} else {
		h := int(integer("horizon_years", d.Horizon))
		c.HorizonYears = &h
	}
	if d.Discount == "" {
		fail("discount_rate_percent", "ontbreekt")
	} else {
		c.DiscountRatePercent = optNumber("discount_rate_percent", d.Discount)
	}
	ob := d.OptimismBias
	c.OptimismBias = &ob
	for i, g := range d.Grades {
		if g.Grade == "" && g.Percent == "" {
			continue
		}
		if c.ConfidenceGrades == nil {
			c.ConfidenceGrades = map[string]float64{}
		}
		if g.Grade == "" {
			fail(fmt.Sprintf("confidence_grades[%d].grade", i), "ontbreekt")
			continue
		}
		if _, dup := c.ConfidenceGrades[g.Grade]; dup {
			fail(fmt.Sprintf("confidence_grades[%d].grade", i), strconv.Quote(g.Grade)+" komt twee keer voor")
		}
		c.ConfidenceGrades[g.Grade] = number(fmt.Sprintf("confidence_grades[%d].percent", i), g.Percent)
	}
	c.ExtraStakeholders = splitList(d.Extra)
	if zs, as := splitList(d.Zorgsoorten), splitList(d.Areas); len(zs)+len(as) > 0 {
		c.Targets = &businesscase.Targets{Zorgsoorten: zs, Areas: as}
	}
	for i, in := range d.Interventions {
		p := fmt.Sprintf("interventions[%d]", i)
		x := businesscase.Intervention{Name: in.Name, TargetGroup: in.TargetGroup, TargetGroupSize: integer(p+".target_group_size", in.Size),
			Partners: int(integer(p+".partners", in.Partners))}
		for j, co := range in.Cohorts {
			q := fmt.Sprintf("%s.cohorts[%d]", p, j)
			x.Cohorts = append(x.Cohorts, businesscase.Cohort{Year: int(integer(q+".year", co.Year)), Persons: integer(q+".persons", co.Persons)})
		}
		c.Interventions = append(c.Interventions, x)
	}
	for i, co := range d.Costs {
		p := fmt.Sprintf("costs[%d]", i)
		c.Costs = append(c.Costs, businesscase.Cost{Payer: co.Payer, Description: co.Description, Intervention: co.Intervention,
			PerPersonCents: amount(p+".per_person_cents", co.PerPerson), PerYearCents: perYear(p+".per_year_cents", co.PerYear)})
	}
	for i, e := range d.Effects {
		p := fmt.Sprintf("effects[%d]", i)
		x := businesscase.Effect{Name: e.Name, Intervention: e.Intervention,
			EngagementPercent: optNumber(p+".engagement_percent", e.Engagement), SuccessPercent: optNumber(p+".success_percent", e.Success),
			DeadweightPercent: number(p+".deadweight_percent", e.Deadweight), AttributionPercent: number(p+".attribution_percent", e.Attribution),
			DisplacementPercent: number(p+".displacement_percent", e.Displacement), DropOffPercent: number(p+".drop_off_percent", e.DropOff),
			Confidence: e.Confidence, StartAfterYears: int(integer(p+".start_after_years", e.StartAfter)), DurationYears: int(integer(p+".duration_years", e.Duration)),
			UnitValueCents: amount(p+".unit_value_cents", e.UnitValue)}
		for j, s := range e.Shares {
			q := fmt.Sprintf("%s.stakeholders[%d]", p, j)
			x.Stakeholders = append(x.Stakeholders, businesscase.Share{Name: s.Name, Share: number(q+".share", s.Percent) / 100})
		}
		c.Effects = append(c.Effects, x)
	}
	for i, bn := range d.Benefits {
		p := fmt.Sprintf("benefits_per_year[%d]", i)
		c.BenefitsPerYear = append(c.BenefitsPerYear, businesscase.Benefit{Stakeholder: bn.Stakeholder, Description: bn.Description, Confidence: bn.Confidence,
			PerYearCents: perYear(p+".per_year_cents", bn.PerYear)})
	}
	return c, errs
}

// act applies an "add row" or "remove row" button to the draft.
func (d *caseDraft) act(action string) {
	verb, path, _ := strings.Cut(action, ":")
	idx := func(s string) (int, string, bool) { // "cohorts[2]" → 2
		m := rowPath.FindStringSubmatch(s)
		if m == nil {
			return 0, "", false
		}
		n, _ := strconv.Atoi(m[2])
		return n, m[1], true
	}
	first, rest, _ := strings.Cut(path, ".")
	i, list, indexed := idx(first)
	ok := func(n int) bool { return indexed && i >= 0 && i < n }
	switch verb {
	case "add":
		switch {
		case path == "confidence_grades":
			d.Grades = append(d.Grades, gradeDraft{})
		case path == "interventions":
			d.Interventions = append(d.Interventions, interventionDraft{Cohorts: []cohortDraft{{}}})
		case path == "costs":
			d.Costs = append(d.Costs, costDraft{Payer: "gemeente"})
		case path == "effects":
			d.Effects = append(d.Effects, effectDraft{Confidence: "B", Shares: []shareDraft{{Name: "gemeente", Percent: "100"}}})
		case path == "benefits_per_year":
			d.Benefits = append(d.Benefits, benefitDraft{Stakeholder: "gemeente"})
		case list == "interventions" && rest == "cohorts" && ok(len(d.Interventions)):
			d.Interventions[i].Cohorts = append(d.Interventions[i].Cohorts, cohortDraft{})
		case list == "effects" && rest == "stakeholders" && ok(len(d.Effects)):
			d.Effects[i].Shares = append(d.Effects[i].Shares, shareDraft{})
		}
	case "remove":
		j, _, sub := idx(rest)
		switch {
		case list == "confidence_grades" && ok(len(d.Grades)):
			d.Grades = append(d.Grades[:i], d.Grades[i+1:]...)
		case list == "interventions" && rest == "" && ok(len(d.Interventions)):
			d.Interventions = append(d.Interventions[:i], d.Interventions[i+1:]...)
		case list == "interventions" && sub && ok(len(d.Interventions)) && j < len(d.Interventions[i].Cohorts):
			d.Interventions[i].Cohorts = append(d.Interventions[i].Cohorts[:j], d.Interventions[i].Cohorts[j+1:]...)
		case list == "costs" && ok(len(d.Costs)):
			d.Costs = append(d.Costs[:i], d.Costs[i+1:]...)
		case list == "effects" && rest == "" && ok(len(d.Effects)):
			d.Effects = append(d.Effects[:i], d.Effects[i+1:]...)
		case list == "effects" && sub && ok(len(d.Effects)) && j < len(d.Effects[i].Shares):
			d.Effects[i].Shares = append(d.Effects[i].Shares[:j], d.Effects[i].Shares[j+1:]...)
		case list == "benefits_per_year" && ok(len(d.Benefits)):
			d.Benefits = append(d.Benefits[:i], d.Benefits[i+1:]...)
		}
	}
}

var rowPath = regexp.MustCompile(`^([a-z_]+)\[([0-9]+)\]$`)

// ---- the form as the template sees it ----------------------------------------

type bcField struct {
	Name, ID, Label, Hint, Value, Kind string // kind: text, textarea, select, checkbox
	Options                            []option
	Checked                            bool
	Errors                             []string
	Size                               string // s, m, l: the width of the input
	InputMode                          string
	context                            string
}

// Described lists the ids that describe the input: its hint and its error.
func (f *bcField) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-uitleg")
	}
	if len(f.Errors) > 0 {
		ids = append(ids, f.ID+"-fout")
	}
	return strings.Join(ids, " ")
}

type bcGroup struct {
	ID, Legend, Hint string
	Heading          bool // a top-level section: legend styled as a heading
	Errors           []string
	Fields           []*bcField
	Rows             []*bcGroup // repeated rows: cohorts, shares, grades, or whole items
	Years            *bcGroup   // a row of amounts per year
	Compact          bool       // an inline row
	Add, Remove      *bcButton
	Refresh          bool
	name             string // the case-file path of the group, for errors
}

type bcButton struct{ Value, Label string }

type summaryItem struct{ Href, Text string }

type caseFormView struct {
	Action, Cancel string
	Editing        bool
	Slug           string
	Summary        []summaryItem
	Sections       []*bcGroup
	Delete         string
}

type formBuilder struct {
	d      *caseDraft
	fields map[string]*bcField
	groups map[string]*bcGroup
}

func fieldID(name string) string {
	var b strings.Builder
	b.WriteString("f-")
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else if !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func (fb *formBuilder) field(ctx, name, label, value string) *bcField {
	f := &bcField{Name: name, ID: fieldID(name), Label: label, Value: value, Kind: "text", Size: "m", context: ctx}
	fb.fields[name] = f
	return f
}

func (fb *formBuilder) group(name, legend string) *bcGroup {
	g := &bcGroup{ID: fieldID(name), Legend: legend, name: name}
	fb.groups[name] = g
	return g
}

func (f *bcField) hint(h string) *bcField       { f.Hint = h; return f }
func (f *bcField) size(s string) *bcField       { f.Size = s; return f }
func (f *bcField) numeric(mode string) *bcField { f.InputMode = mode; return f }
func (f *bcField) sel(opts []option) *bcField {
	f.Kind, f.Options = "select", nil
	found := false
	for _, o := range opts {
		o.Selected = o.Value == f.Value
		found = found || o.Selected
		f.Options = append(f.Options, o)
	}
	if !found && f.Value != "" {
		f.Options = append(f.Options, option{Value: f.Value, Label: f.Value + " (onbekend)", Selected: true})
	}
	return f
}

func (fb *formBuilder) stakeholderOptions() []option {
	var ids []string
	for id := range businesscase.Stakeholders {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		return businesscase.StakeholderLabel(ids[i]) < businesscase.StakeholderLabel(ids[j])
	})
	var out []option
	for _, id := range ids {
		out = append(out, option{Value: id, Label: businesscase.StakeholderLabel(id)})
	}
	for _, id := range splitList(fb.d.Extra) {
		out = append(out, option{Value: id, Label: id + " (eigen)"})
	}
	return out
}

func (fb *formBuilder) interventionOptions() []option {
	out := []option{{Value: "", Label: "— (de enige interventie)"}}
	for _, in := range fb.d.Interventions {
		if in.Name != "" {
			out = append(out, option{Value: in.Name, Label: in.Name})
		}
	}
	return out
}

func (fb *formBuilder) gradeOptions(optional bool) []option {
	var out []option
	if optional {
		out = append(out, option{Value: "", Label: "geen (geen optimism bias)"})
	}
	seen := map[string]bool{}
	for _, g := range []string{"A", "B", "C"} {
		seen[g] = true
		out = append(out, option{Value: g, Label: fmt.Sprintf("%s (%s%%)", g, decimalTrim(businesscase.DefaultConfidenceGrades[g]))})
	}
	for _, g := range fb.d.Grades {
		if g.Grade != "" && !seen[g.Grade] {
			seen[g.Grade] = true
			out = append(out, option{Value: g.Grade, Label: g.Grade + " (eigen)"})
		}
	}
	return out
}

// yearLabels are the columns of the per-year amounts: calendar years when
// the start year is known.
func (d caseDraft) yearLabels() []string {
	h, err := strconv.Atoi(d.Horizon)
	if err != nil || h < 1 || h > businesscase.MaxHorizonYears {
		h = businesscase.DefaultHorizonYears
	}
	for _, c := range d.Costs {
		h = max(h, len(c.PerYear))
	}
	for _, b := range d.Benefits {
		h = max(h, len(b.PerYear))
	}
	start, _ := strconv.Atoi(d.StartYear)
	out := make([]string, h)
	for i := range out {
		if start >= 1900 && start <= 2200 {
			out[i] = strconv.Itoa(start + i)
		} else {
			out[i] = "Jaar " + strconv.Itoa(i)
		}
	}
	return out
}

func (fb *formBuilder) years(ctx, name string, vals []string, labels []string) *bcGroup {
	g := fb.group(name, "Bedragen per jaar (euro)")
	g.Hint = "In hele euro's of met een decimale komma, bijv. 1.234,50. Lege jaren tellen als 0."
	g.Compact = true
	for j, l := range labels {
		v := ""
		if j < len(vals) {
			v = vals[j]
		}
		g.Fields = append(g.Fields, fb.field(ctx, fmt.Sprintf("%s[%d]", name, j), l, v).size("s").numeric("decimal"))
	}
	return g
}

func pctField(fb *formBuilder, ctx, name, label, value, hint string) *bcField {
	return fb.field(ctx, name, label, value).size("s").numeric("decimal").hint(hint)
}

func (d *caseDraft) form(errs []*businesscase.FieldError) caseFormView {
	fb := &formBuilder{d: d, fields: map[string]*bcField{}, groups: map[string]*bcGroup{}}
	years := d.yearLabels()
	var v caseFormView

	gen := fb.group("", "Algemeen")
	gen.ID, gen.Heading = "sec-algemeen", true
	ctx := "Algemeen"
	fy := fb.field(ctx, "first_year", "Eerste jaar", d.FirstYear).sel([]option{
		{Value: businesscase.FirstYearUndiscounted, Label: "niet verdisconteren (jaar 0 is nu)"},
		{Value: businesscase.FirstYearDiscounted, Label: "ook verdisconteren (SROI)"}})
	ob := fb.field(ctx, "optimism_bias", "Optimism bias toepassen", "ja")
	ob.Kind, ob.Checked = "checkbox", d.OptimismBias
	ob.Hint = "Haalt per effect het percentage van zijn betrouwbaarheidsklasse af."
	desc := fb.field(ctx, "description", "Omschrijving", d.Description).size("l")
	desc.Kind = "textarea"
	notes := fb.field(ctx, "notes", "Bronnen en aannames", d.Notes).size("l").hint("Eén per regel: wat komt uit een bron, wat is aangenomen.")
	notes.Kind = "textarea"
	gen.Fields = []*bcField{
		fb.field(ctx, "name", "Naam", d.Name).size("l"),
		desc, notes,
		fb.field(ctx, "start_year", "Startjaar", d.StartYear).size("s").numeric("numeric").hint("Kalenderjaar van jaar 0; nodig voor de vergelijking met de monitor."),
		fb.field(ctx, "price_year", "Prijspeil (jaar)", d.PriceYear).size("s").numeric("numeric"),
		fb.field(ctx, "horizon_years", "Horizon (jaren)", d.Horizon).size("s").numeric("numeric").hint(fmt.Sprintf("1 tot en met %d; na wijzigen: ‘Jaren bijwerken’.", businesscase.MaxHorizonYears)),
		pctField(fb, ctx, "discount_rate_percent", "Discontovoet (%)", d.Discount, "Standaard 2,25 (Werkgroep discontovoet 2020)."),
		fy, ob,
	}
	gen.Refresh = true

	gr := fb.group("confidence_grades", "Betrouwbaarheidsklassen (optimism bias)")
	gr.Heading = true
	gr.Hint = "Standaard: A 0%, B 15%, C 30% eraf. Voeg een klasse toe om die te wijzigen of een eigen klasse te maken."
	for i, g := range d.Grades {
		p := fmt.Sprintf("confidence_grades[%d]", i)
		row := fb.group(p, fmt.Sprintf("Klasse %d", i+1))
		row.Compact = true
		c := row.Legend
		row.Fields = []*bcField{fb.field(c, p+".grade", "Klasse", g.Grade).size("s"), pctField(fb, c, p+".percent", "Eraf (%)", g.Percent, "")}
		row.Remove = &bcButton{"remove:" + p, "Klasse " + strconv.Itoa(i+1) + " verwijderen"}
		gr.Rows = append(gr.Rows, row)
	}
	gr.Add = &bcButton{"add:confidence_grades", "Klasse toevoegen"}

	tg := fb.group("targets", "Belanghebbenden en doelgroep in de monitor")
	tg.Heading = true
	ctx = tg.Legend
	tg.Fields = []*bcField{
		fb.field(ctx, "extra_stakeholders", "Eigen belanghebbenden", d.Extra).size("l").hint("Naast de standaardlijst; kleine letters, gescheiden door komma's, bijv. sportclub, wijkraad. Daarna ‘Jaren bijwerken’ om ze te kunnen kiezen."),
		fb.field(ctx, "targets.zorgsoorten", "Zorgsoorten", d.Zorgsoorten).size("l").hint("Codes gescheiden door komma's, bijv. 43, 45 (jeugd), 02, 15 (Wmo), bijstand."),
		fb.field(ctx, "targets.areas", "Gebieden", d.Areas).size("l").hint("CBS-codes gescheiden door komma's: GM…, WK… of BU…."),
	}

	ig := fb.group("interventions", "Interventies")
	ig.Heading = true
	for i, in := range d.Interventions {
		p := fmt.Sprintf("interventions[%d]", i)
		row := fb.group(p, fmt.Sprintf("Interventie %d", i+1))
		c := row.Legend
		row.Fields = []*bcField{
			fb.field(c, p+".name", "Naam", in.Name).size("l"),
			fb.field(c, p+".target_group", "Doelgroep", in.TargetGroup).size("l"),
			fb.field(c, p+".target_group_size", "Omvang doelgroep (personen)", in.Size).size("s").numeric("numeric"),
			fb.field(c, p+".partners", "Aantal partners", in.Partners).size("s").numeric("numeric"),
		}
		cg := fb.group(p+".cohorts", "Cohorten: personen die per jaar starten")
		for j, co := range in.Cohorts {
			q := fmt.Sprintf("%s.cohorts[%d]", p, j)
			cr := fb.group(q, fmt.Sprintf("Cohort %d", j+1))
			cr.Compact = true
			cc := c + ", " + cr.Legend
			cr.Fields = []*bcField{
				fb.field(cc, q+".year", "Jaar (0 = startjaar)", co.Year).size("s").numeric("numeric"),
				fb.field(cc, q+".persons", "Personen", co.Persons).size("s").numeric("numeric"),
			}
			cr.Remove = &bcButton{"remove:" + q, fmt.Sprintf("Cohort %d van interventie %d verwijderen", j+1, i+1)}
			cg.Rows = append(cg.Rows, cr)
		}
		cg.Add = &bcButton{"add:" + p + ".cohorts", fmt.Sprintf("Cohort toevoegen aan interventie %d", i+1)}
		row.Rows = []*bcGroup{cg}
		row.Remove = &bcButton{"remove:" + p, fmt.Sprintf("Interventie %d verwijderen", i+1)}
		ig.Rows = append(ig.Rows, row)
	}
	ig.Add = &bcButton{"add:interventions", "Interventie toevoegen"}

	cg := fb.group("costs", "Kosten per betaler")
	cg.Heading = true
	cg.Hint = "Vaste bedragen per jaar, een prijs per persoon van elk cohort, of beide."
	for i, co := range d.Costs {
		p := fmt.Sprintf("costs[%d]", i)
		row := fb.group(p, fmt.Sprintf("Kostenregel %d", i+1))
		c := row.Legend
		row.Fields = []*bcField{
			fb.field(c, p+".payer", "Betaler", co.Payer).sel(fb.stakeholderOptions()),
			fb.field(c, p+".description", "Omschrijving", co.Description).size("l"),
			fb.field(c, p+".intervention", "Interventie", co.Intervention).sel(fb.interventionOptions()),
			fb.field(c, p+".per_person_cents", "Prijs per persoon (euro)", co.PerPerson).size("s").numeric("decimal"),
		}
		row.Years = fb.years(c, p+".per_year_cents", co.PerYear, years)
		row.Remove = &bcButton{"remove:" + p, fmt.Sprintf("Kostenregel %d verwijderen", i+1)}
		cg.Rows = append(cg.Rows, row)
	}
	cg.Add = &bcButton{"add:costs", "Kostenregel toevoegen"}

	eg := fb.group("effects", "Effecten")
	eg.Heading = true
	eg.Hint = "Wat de interventie per persoon oplevert. Percentages als getal van 0 tot 100."
	for i, e := range d.Effects {
		p := fmt.Sprintf("effects[%d]", i)
		row := fb.group(p, fmt.Sprintf("Effect %d", i+1))
		c := row.Legend
		row.Fields = []*bcField{
			fb.field(c, p+".name", "Naam", e.Name).size("l"),
			fb.field(c, p+".intervention", "Interventie", e.Intervention).sel(fb.interventionOptions()),
			pctField(fb, c, p+".engagement_percent", "Bereik (%)", e.Engagement, "Leeg = 100"),
			pctField(fb, c, p+".success_percent", "Succes (%)", e.Success, "Leeg = 100"),
			pctField(fb, c, p+".deadweight_percent", "Deadweight (%)", e.Deadweight, "Was toch gebeurd"),
			pctField(fb, c, p+".attribution_percent", "Attributie (%)", e.Attribution, "Door anderen"),
			pctField(fb, c, p+".displacement_percent", "Verplaatsing (%)", e.Displacement, ""),
			pctField(fb, c, p+".drop_off_percent", "Uitval per jaar (%)", e.DropOff, ""),
			fb.field(c, p+".confidence", "Betrouwbaarheid", e.Confidence).sel(fb.gradeOptions(false)),
			fb.field(c, p+".start_after_years", "Begint na (jaren)", e.StartAfter).size("s").numeric("numeric"),
			fb.field(c, p+".duration_years", "Duur (jaren)", e.Duration).size("s").numeric("numeric"),
			fb.field(c, p+".unit_value_cents", "Waarde per persoon per jaar (euro)", e.UnitValue).size("s").numeric("decimal"),
		}
		sg := fb.group(p+".stakeholders", "Bij wie landt de besparing (samen 100%)")
		for j, s := range e.Shares {
			q := fmt.Sprintf("%s.stakeholders[%d]", p, j)
			sr := fb.group(q, fmt.Sprintf("Belanghebbende %d", j+1))
			sr.Compact = true
			sc := c + ", " + sr.Legend
			sr.Fields = []*bcField{
				fb.field(sc, q+".name", "Belanghebbende", s.Name).sel(fb.stakeholderOptions()),
				pctField(fb, sc, q+".share", "Aandeel (%)", s.Percent, ""),
			}
			sr.Remove = &bcButton{"remove:" + q, fmt.Sprintf("Belanghebbende %d van effect %d verwijderen", j+1, i+1)}
			sg.Rows = append(sg.Rows, sr)
		}
		sg.Add = &bcButton{"add:" + p + ".stakeholders", fmt.Sprintf("Belanghebbende toevoegen aan effect %d", i+1)}
		row.Rows = []*bcGroup{sg}
		row.Remove = &bcButton{"remove:" + p, fmt.Sprintf("Effect %d verwijderen", i+1)}
		eg.Rows = append(eg.Rows, row)
	}
	eg.Add = &bcButton{"add:effects", "Effect toevoegen"}

	bg := fb.group("benefits_per_year", "Baten per jaar per belanghebbende")
	bg.Heading = true
	bg.Hint = "Voor gepubliceerde cijfers zonder effectdetail. Een negatief bedrag is een nadeel."
	for i, bn := range d.Benefits {
		p := fmt.Sprintf("benefits_per_year[%d]", i)
		row := fb.group(p, fmt.Sprintf("Batenregel %d", i+1))
		c := row.Legend
		row.Fields = []*bcField{
			fb.field(c, p+".stakeholder", "Belanghebbende", bn.Stakeholder).sel(fb.stakeholderOptions()),
			fb.field(c, p+".description", "Omschrijving", bn.Description).size("l"),
			fb.field(c, p+".confidence", "Betrouwbaarheid", bn.Confidence).sel(fb.gradeOptions(true)),
		}
		row.Years = fb.years(c, p+".per_year_cents", bn.PerYear, years)
		row.Remove = &bcButton{"remove:" + p, fmt.Sprintf("Batenregel %d verwijderen", i+1)}
		bg.Rows = append(bg.Rows, row)
	}
	bg.Add = &bcButton{"add:benefits_per_year", "Batenregel toevoegen"}

	v.Sections = []*bcGroup{gen, gr, tg, ig, cg, eg, bg}
	for _, e := range errs {
		msg := fileWords.Replace(e.NL)
		if f, g := fb.resolve(e.Field); f != nil {
			f.Errors = append(f.Errors, msg)
			v.Summary = append(v.Summary, summaryItem{"#" + f.ID, f.context + " – " + f.Label + ": " + msg})
		} else if g != nil {
			g.Errors = append(g.Errors, msg)
			v.Summary = append(v.Summary, summaryItem{"#" + g.ID, g.Legend + ": " + msg})
		} else {
			v.Summary = append(v.Summary, summaryItem{"#bc-form", msg})
		}
	}
	return v
}

// fileWords turns the case file's field names in the engine's messages
// into the words of the form.
var fileWords = strings.NewReplacer("geef per_year_cents of per_person_cents", "vul bedragen per jaar of een prijs per persoon in",
	"extra_stakeholders", "eigen belanghebbenden")

var gradeKey = regexp.MustCompile(`^confidence_grades\["(.*)"\]$`)

// resolve finds the input (or else the group) an error's field path names,
// walking up the path until something on the form matches.
func (fb *formBuilder) resolve(path string) (*bcField, *bcGroup) {
	if m := gradeKey.FindStringSubmatch(path); m != nil {
		for i, g := range fb.d.Grades {
			if g.Grade == m[1] {
				path = fmt.Sprintf("confidence_grades[%d].percent", i)
			}
		}
	}
	for p := path; p != ""; {
		if f := fb.fields[p]; f != nil {
			return f, nil
		}
		if g := fb.groups[p]; g != nil {
			return nil, g
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			break
		}
		p = p[:i]
	}
	return nil, nil
}

// ---- form handlers -----------------------------------------------------------

func (b *businessCasePages) renderForm(s *server, w http.ResponseWriter, r *http.Request, d caseDraft, errs []*businesscase.FieldError, slug string) {
	v := d.form(errs)
	title := "Nieuwe businesscase"
	v.Action, v.Cancel = "/businesscases/nieuw", "/businesscases"
	crumbs := []navItem{{Label: "Businesscases", Href: "/businesscases"}, {Label: "Nieuw", Current: true}}
	if slug != "" {
		v.Editing, v.Slug = true, slug
		v.Action, v.Cancel, v.Delete = "/businesscases/"+url.PathEscape(slug)+"/bewerken", "/businesscases/"+url.PathEscape(slug), "/businesscases/"+url.PathEscape(slug)+"/verwijderen"
		title = "Businesscase bewerken"
		crumbs = []navItem{{Label: "Businesscases", Href: "/businesscases"}, {Label: d.Name, Href: v.Cancel}, {Label: "Bewerken", Current: true}}
	}
	if len(errs) > 0 {
		title = "Fout: " + title
	}
	// A refused form is answered with 200, like the first showing: the page
	// is the form again, with the errors on it.
	s.render(w, r, http.StatusOK, "businesscase_form", page{Title: title, Wide: true, Data: v, Crumbs: crumbs, Current: "/businesscases"})
}

func (b *businessCasePages) newForm(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, "nieuw formulier") {
			return
		}
		b.renderForm(s, w, r, newDraft(), nil, "")
	}
}

func (b *businessCasePages) editForm(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, "bewerken "+r.PathValue("name")) {
			return
		}
		sc, ok := b.one(s, w, r)
		if !ok {
			return
		}
		c := sc.Case
		if c == nil { // a stored file the engine refuses: show what can be read
			c = &businesscase.Case{}
			json.Unmarshal([]byte(sc.Doc.Body), c)
		}
		b.renderForm(s, w, r, draftFromCase(c), nil, sc.Slug)
	}
}

// submitted reads the form and either applies a row button (and shows the
// form again) or builds and checks the case; body is the case file to store.
func (b *businessCasePages) submitted(r *http.Request) (d caseDraft, body string, errs []*businesscase.FieldError, done bool) {
	d = draftFromForm(r.PostForm)
	action := r.PostForm.Get("actie")
	if action != "" && action != "opslaan" {
		d.act(action)
		return d, "", nil, false
	}
	c, errs := d.toCase()
	bad := map[string]bool{}
	for _, e := range errs {
		bad[e.Field] = true
	}
	add := func(err error) {
		for _, e := range flatten(err) {
			var fe *businesscase.FieldError
			if !errors.As(e, &fe) {
				fe = &businesscase.FieldError{NL: e.Error()}
			}
			if !bad[fe.Field] {
				errs = append(errs, fe)
			}
		}
	}
	add(c.Validate())
	if len(errs) == 0 {
		if _, err := businesscase.Evaluate(c); err != nil {
			add(err)
		}
	}
	if len(errs) > 0 {
		return d, "", errs, false
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(c)
	return d, buf.String(), nil, true
}

func (b *businessCasePages) create(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, true, "nieuw") {
			return
		}
		d, body, errs, done := b.submitted(r)
		if !done {
			b.renderForm(s, w, r, d, errs, "")
			return
		}
		slug := store.DocumentName(d.Name)
		created, err := b.docs.CreateDocument(r.Context(), store.Document{Kind: caseKind, Name: slug, Body: body, UpdatedBy: actorOf(r).Username})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if !created {
			b.renderForm(s, w, r, d, []*businesscase.FieldError{{Field: "name", NL: "er is al een businesscase met deze naam (" + slug + "); kies een andere naam"}}, "")
			return
		}
		http.Redirect(w, r, "/businesscases/"+url.PathEscape(slug)+"?opgeslagen=1", http.StatusSeeOther)
	}
}

func (b *businessCasePages) update(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if !b.allow(s, w, r, true, "bewerken "+name) {
			return
		}
		if _, ok := b.one(s, w, r); !ok {
			return
		}
		d, body, errs, done := b.submitted(r)
		if !done {
			b.renderForm(s, w, r, d, errs, name)
			return
		}
		err := b.docs.UpdateDocument(r.Context(), store.Document{Kind: caseKind, Name: name, Body: body, UpdatedBy: actorOf(r).Username})
		if errors.Is(err, store.ErrNotFound) {
			http.Redirect(w, r, "/businesscases?onbekend="+url.QueryEscape(name), http.StatusSeeOther)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, "/businesscases/"+url.PathEscape(name)+"?opgeslagen=1", http.StatusSeeOther)
	}
}

// ---- downloads ---------------------------------------------------------------

// eurosNum writes cents as a decimal number of euros for a spreadsheet.
func (b *businessCasePages) download(s *server, w http.ResponseWriter, r *http.Request) (caseView, bool) {
	if !b.allow(s, w, r, false, "download "+r.PathValue("name")) {
		return caseView{}, false
	}
	sc, ok := b.one(s, w, r)
	if !ok {
		return caseView{}, false
	}
	if sc.Result == nil {
		s.fail(w, r, http.StatusUnprocessableEntity, "Deze businesscase kan niet worden doorgerekend: "+sc.Problem)
		return caseView{}, false
	}
	v, err := b.buildCaseView(r.Context(), sc)
	if err != nil {
		s.serverError(w, r, err)
		return v, false
	}
	return v, true
}

func (b *businessCasePages) xlsx(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := b.download(s, w, r)
		if !ok {
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="businesscase-`+v.Slug+`.xlsx"`)
		if err := export.WriteXLSX(w, export.CaseSheets(v.Result, v.forecastExport())...); err != nil {
			s.log.Error("xlsx", "err", err)
		}
	}
}

func (b *businessCasePages) pdf(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := b.download(s, w, r)
		if !ok {
			return
		}
		var buf bytes.Buffer
		if err := export.WriteCasePDF(&buf, v.report()); err != nil {
			s.serverError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="businesscase-`+v.Slug+`.pdf"`)
		w.Write(buf.Bytes())
	}
}

// forecastExport is the forecast for the workbook.
func (v caseView) forecastExport() *export.CaseForecast {
	f := v.Forecast
	if f == nil || len(f.Rows) == 0 {
		return nil
	}
	out := &export.CaseForecast{Targets: f.Targets + " in " + strings.Join(f.Areas, ", ")}
	for _, row := range f.Rows {
		out.Years = append(out.Years, row.calc)
	}
	return out
}

// report is the case page as text, for the PDF.
func (v caseView) report() export.CaseReport {
	r := v.Result
	rep := export.CaseReport{Name: r.Name, Description: r.Description, Settings: businesscase.SettingsLine(r), Notes: v.Notes}
	for _, k := range v.Stats {
		rep.KeyFigures = append(rep.KeyFigures, []string{k.Label, k.Value})
	}
	for _, m := range append(append([]matrixRow(nil), v.Matrix...), v.Total) {
		rep.Matrix = append(rep.Matrix, []string{m.Label, m.Pays, m.Gains, m.Net, m.Ratio})
	}
	for _, y := range v.Years {
		label := y.Label
		if y.Payback {
			label += " (terugverdiend)"
		}
		rep.Years = append(rep.Years, []string{label, y.Costs, y.Benefits, y.Net, y.Cumulative, y.CumulativePV})
	}
	rep.Years = append(rep.Years, []string{"Totaal", v.YearsTotal.Costs, v.YearsTotal.Benefits, v.YearsTotal.Net, "", ""})
	for _, s := range v.Scenarios {
		rep.Scenarios = append(rep.Scenarios, []string{s.Label, s.PVCosts, s.PVBenefits, s.NPV, s.Ratio})
	}
	if f := v.Forecast; f != nil && len(f.Rows) > 0 && f.Message == "" {
		fr := &export.CaseForecastReport{Targets: f.Targets + " in " + strings.Join(f.Areas, ", ")}
		for _, row := range f.Rows {
			fr.Rows = append(fr.Rows, []string{row.Year, row.Released, row.Change, row.Expected, row.Forecast})
		}
		rep.Forecast = fr
	}
	return rep
}
