package web

// The page "Financiering" (issue 13): every contract of a release's year
// with its budget, spend and forecast, from the release extra of kind
// funding (model/funding.go) that the budget module publishes with every
// release. The contract page is analyst_funding_contract.go, the
// population budget analyst_funding_population.go, the money per area
// with lump sums spread analyst_funding_spread.go, the downloads and the
// API analyst_funding_export.go. Everything here is a released figure:
// what the release withheld stays withheld, with its reason.

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// decodeFunding reads a release's funding overview; nil when the release
// has none (made before funding was published, or no contracts loaded).
func decodeFunding(xs []model.ReleaseExtra) (*model.Funding, error) {
	for _, x := range xs {
		if x.Kind != "" && x.Kind != model.FundingExtra {
			continue
		}
		var f model.Funding
		if err := json.Unmarshal([]byte(x.Body), &f); err != nil {
			return nil, fmt.Errorf("financiering lezen / read funding: %w", err)
		}
		if f.Contracts == nil {
			f.Contracts = []model.FundingContract{}
		}
		return &f, nil
	}
	return nil, nil
}

// loadFunding decides, reads the release (?versie=N, default the newest)
// and its funding overview; ok is false when a response was written.
func (a *analystPages) loadFunding(s *server, w http.ResponseWriter, r *http.Request, purpose string) (model.ReleaseInfo, *model.Funding, bool) {
	rel, ok := a.loadRelease(s, w, r, purpose)
	if !ok {
		return rel, nil, false
	}
	xs, err := a.rel.ReleaseExtras(r.Context(), rel.ID, model.FundingExtra)
	if err != nil {
		s.serverError(w, r, err)
		return rel, nil, false
	}
	f, err := decodeFunding(ofGemeente(r, xs))
	if err != nil {
		s.serverError(w, r, err)
		return rel, nil, false
	}
	return rel, f, true
}

// variantNames are the three iStandaarden uitvoeringsvarianten.
var variantNames = map[string]string{
	"inspanning": "inspanningsgericht",
	"output":     "outputgericht",
	"taak":       "taakgericht (lumpsum)",
}

func variantName(v string) string {
	if n, ok := variantNames[v]; ok {
		return n
	}
	return v
}

// partnerName names who pays in: a kind of partner, or a provider by AGB.
func (s *server) partnerName(p string) string {
	switch p {
	case "gemeente":
		return "Gemeente"
	case "zorgverzekeraar":
		return "Zorgverzekeraar"
	case "woningcorporatie":
		return "Woningcorporatie"
	}
	if len(p) == 8 && strings.Trim(p, "0123456789") == "" {
		return s.providers.label(p)
	}
	return strings.ToUpper(p[:min(1, len(p))]) + p[min(1, len(p)):]
}

// monthName is the Dutch name of month m (1–12), the month through which
// a funding overview counts.
func monthName(m int) string {
	if m < 1 || m > 12 {
		return "de laatst gemelde maand"
	}
	return maanden[m-1]
}

// wholeEuros writes an amount in cents as whole euros: budgets and spend
// are policy figures in the tens of thousands, cents only distract.
func wholeEuros(c money.Cents) string {
	return eur(money.FormatEuros(int64(math.Round(float64(c) / 100))))
}

func wholeEurosP(c *money.Cents) string {
	if c == nil {
		return "n.v.t."
	}
	return wholeEuros(*c)
}

func signedEuros(c *money.Cents) string {
	if c == nil {
		return "n.v.t."
	}
	s := wholeEuros(*c)
	if *c > 0 {
		s = "+" + s
	}
	return s
}

// fundingRow is one contract as the list shows it.
type fundingRow struct {
	Code, Name, Variant, Opdrachtnemer, Area string
	Href                                     string
	Budget, Spent, Forecast, Difference      string
	Spread, Households, PerHousehold         string
	Over, Under                              bool
	HasSpread                                bool
	Suppressed                               bool
	Reason, SeeLabel, SeeHref                string
}

type fundingView struct {
	Release  model.ReleaseInfo
	Periods  []option
	F        *model.Funding
	Through  string // "juni"
	Rows     []fundingRow
	Chart    template.HTML
	Total    fundingTotal
	Base     string // /gemeente/{period}/financiering
	Versions string // ?versie=N when not the newest
	Tabs     []navItem
	// Gemeenten is the chooser of a region's release (the region's
	// analyst only); Gemeente the chosen one's name.
	Gemeenten []option
	Gemeente  string
}

// fundingTotal sums what is shown: budgets always, spend and forecast
// without the withheld contracts (which it counts).
type fundingTotal struct {
	Budget, Spent, Forecast string
	Withheld                int
}

// areaName names an area code from the area table, or leaves the code.
func (a *analystPages) areaName(r *http.Request, code string) string {
	if code == "" {
		return "hele gemeente"
	}
	if g, err := a.index(r.Context()); err == nil {
		if ar := g.byCode[code]; ar != nil {
			return ar.Name
		}
	}
	return code
}

func (a *analystPages) newFundingRow(s *server, r *http.Request, rel model.ReleaseInfo, c model.FundingContract) fundingRow {
	row := fundingRow{Code: c.Contract, Name: c.Naam, Variant: variantName(c.Variant), Opdrachtnemer: c.Opdrachtnemer,
		Area: a.areaName(r, c.Area), Href: contractHref(rel, c.Contract),
		Budget: wholeEuros(c.Budget), Spent: wholeEurosP(c.Spent), Forecast: wholeEurosP(c.Forecast), Difference: signedEuros(c.Difference),
		Spread: wholeEurosP(c.Spread), HasSpread: c.Spread != nil, Households: "n.v.t.", PerHousehold: "n.v.t.",
		Suppressed: c.Suppressed, Reason: c.Reason}
	if row.Name == "" {
		row.Name = c.Contract
	}
	if c.Households != nil {
		row.Households = money.Group(*c.Households)
		if c.Spent != nil && *c.Households > 0 {
			row.PerHousehold = wholeEuros(*c.Spent / money.Cents(*c.Households))
		}
	}
	if c.Difference != nil {
		row.Over, row.Under = *c.Difference > 0, *c.Difference < 0
	}
	if c.Suppressed || c.Spent == nil {
		// The spend is in the municipality's total of the release (map, level
		// gemeente), which rests on enough households.
		row.SeeLabel, row.SeeHref = "zie het totaal van de gemeente op de kaart", "/gemeente/"+url.PathEscape(rel.Period)+"?niveau=gemeente"
	}
	return row
}

func contractHref(rel model.ReleaseInfo, code string) string {
	return "/gemeente/" + url.PathEscape(rel.Period) + "/financiering/" + url.PathEscape(code)
}

// fundingTabs are the two views of a release's funding.
func fundingTabs(rel model.ReleaseInfo, current string) []navItem {
	base := "/gemeente/" + url.PathEscape(rel.Period)
	return []navItem{{Label: "Contracten", Href: base + "/financiering", Current: current == "contracten"},
		{Label: "Populatiegebonden budget", Href: base + "/populatiebudget", Current: current == "populatie"}}
}

// periodOptions are the periods that have a release, newest first.
// loadRelease decides the read of a release and reads it (?versie=N,
// default the newest); ok is false when a response was written.
func (a *analystPages) loadRelease(s *server, w http.ResponseWriter, r *http.Request, purpose string) (model.ReleaseInfo, bool) {
	period := r.PathValue("period")
	if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, period), purpose); !ok {
		return model.ReleaseInfo{}, false
	}
	version, _ := strconv.Atoi(r.URL.Query().Get("versie"))
	rel, err := a.rel.Release(r.Context(), period, version)
	if errors.Is(err, model.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "Er is geen meting voor periode "+period+".")
		return rel, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return rel, false
	}
	return rel, true
}

func (a *analystPages) periodOptions(r *http.Request, current string) []option {
	rels, _ := a.rel.Releases(r.Context())
	seen := map[string]bool{}
	var out []option
	for _, rl := range rels {
		if !seen[rl.Period] {
			seen[rl.Period] = true
			out = append(out, option{rl.Period, rl.Period, rl.Period == current})
		}
	}
	return out
}

func (a *analystPages) fundingLatest(s *server) http.HandlerFunc {
	return a.toLatest(s, "/financiering")
}

func (a *analystPages) buildFunding(s *server, r *http.Request, rel model.ReleaseInfo, f *model.Funding) fundingView {
	v := fundingView{Release: rel, F: f, Base: "/gemeente/" + url.PathEscape(rel.Period) + "/financiering", Tabs: fundingTabs(rel, "contracten")}
	if r.URL.Query().Get("versie") != "" {
		v.Versions = "?versie=" + strconv.Itoa(rel.Version)
	}
	v.Periods = a.periodOptions(r, rel.Period)
	if xs, err := a.rel.ReleaseExtras(r.Context(), rel.ID, model.FundingExtra); err == nil {
		v.Gemeenten = gemeenteChoice(r, xs, func(code string) string { return a.areaName(r, code) })
	}
	if gm := r.URL.Query().Get(gemeenteParam); gm != "" {
		v.Gemeente = a.areaName(r, gm)
	}
	if f == nil {
		return v
	}
	v.Through = monthName(f.Through)
	var bars []chart.FundingBar
	var budget, spent, forecast money.Cents
	for _, c := range f.Contracts {
		row := a.newFundingRow(s, r, rel, c)
		v.Rows = append(v.Rows, row)
		budget += c.Budget
		if c.Spent == nil || c.Forecast == nil {
			v.Total.Withheld++
		} else {
			spent += *c.Spent
			forecast += *c.Forecast
		}
		b := chart.FundingBar{Label: row.Name, Budget: int64(c.Budget), Note: "besteding onderdrukt: " + c.Reason}
		if c.Spent != nil {
			x := int64(*c.Spent)
			b.Spent = &x
		}
		if c.Forecast != nil {
			x := int64(*c.Forecast)
			b.Forecast = &x
		}
		bars = append(bars, b)
	}
	v.Total.Budget, v.Total.Spent, v.Total.Forecast = wholeEuros(budget), wholeEuros(spent), wholeEuros(forecast)
	v.Chart = chart.FundingBars(fmt.Sprintf("Besteding en prognose per contract tegen het eigen budget, %d t/m %s", f.Year, v.Through), bars)
	return v
}

func (a *analystPages) funding(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, f, ok := a.loadFunding(s, w, r, "beleidsanalyse: financiering")
		if !ok {
			return
		}
		v := a.buildFunding(s, r, rel, f)
		s.render(w, r, http.StatusOK, "funding", page{Title: "Financiering, meting " + rel.Period, Wide: true, Data: v, Current: "/gemeente/financiering"})
	}
}
