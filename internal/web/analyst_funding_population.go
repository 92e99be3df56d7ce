package web

// The page "Populatiegebonden budget": what a budget per inhabitant (a
// norm per age band, the Boston model) would give each area, against the
// spend the release published there — a map of over and under in
// diverging classes, and the table with the inhabitants per band.

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// ageBands are the CBS age bands of the norms, in order, with their labels.
var ageBands = []struct{ Key, Label string }{
	{"0_15", "0–15 jaar"}, {"15_25", "15–25 jaar"}, {"25_45", "25–45 jaar"}, {"45_65", "45–65 jaar"}, {"65plus", "65 jaar en ouder"},
}

type populationRow struct {
	Code, Name, Inhabitants            string
	Bands                              []string // per ageBands
	Budget, Spent, Difference, Percent string
	Over, Under, Withheld              bool
	Note, SeeLabel, SeeHref            string
}

type normRow struct{ Band, Norm string }

type populationView struct {
	Release       model.ReleaseInfo
	Periods       []option
	Tabs          []navItem
	Year          int
	F             *model.Funding
	P             *model.PopulationBudget
	Level         string
	Bands         []string
	Norms         []normRow
	Rows          []populationRow
	SVG           template.HTML
	Legend        []chart.LegendClass
	HasHatch      bool
	HasNoData     bool
	AreaNoun      string
	AreaNoun1     string
	Total         populationRow
	Calibrated    string
	Versions      string
	Caption       string
	FundingMissed bool // the release has no funding overview at all
}

// populationClasses are the diverging classes of the map: the difference
// between the released spend and the population budget, as a share of
// that budget.
var populationBreaks = [4]float64{-0.10, -0.02, 0.02, 0.10}
var populationLabels = [5]string{"meer dan 10% onder het budget", "2% tot 10% onder", "minder dan 2% verschil", "2% tot 10% boven", "10% of meer boven het budget"}

func (a *analystPages) populationLatest(s *server) http.HandlerFunc {
	return a.toLatest(s, "/populatiebudget")
}

func (a *analystPages) population(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, f, ok := a.loadFunding(s, w, r, "beleidsanalyse: populatiegebonden budget")
		if !ok {
			return
		}
		v, err := a.buildPopulation(r, rel, f)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "population", page{Title: "Populatiegebonden budget, meting " + rel.Period, Wide: true, Data: v, Current: "/gemeente/financiering"})
	}
}

func (a *analystPages) buildPopulation(r *http.Request, rel model.ReleaseInfo, f *model.Funding) (populationView, error) {
	v := populationView{Release: rel, F: f, Tabs: fundingTabs(rel, "populatie"), Periods: a.periodOptions(r, rel.Period), FundingMissed: f == nil}
	if r.URL.Query().Get("versie") != "" {
		v.Versions = "?versie=" + strconv.Itoa(rel.Version)
	}
	for _, b := range ageBands {
		v.Bands = append(v.Bands, b.Label)
	}
	if f == nil || f.Population == nil {
		return v, nil
	}
	p := f.Population
	v.Year, v.P, v.Level, v.Calibrated = f.Year, p, p.Level, p.Calibrated
	for _, b := range ageBands {
		if n, ok := p.Norms[b.Key]; ok {
			v.Norms = append(v.Norms, normRow{b.Label, eur(money.Format(n))})
		}
	}
	g, err := a.index(r.Context())
	if err != nil {
		return v, err
	}
	name := func(code string) string {
		if ar := g.byCode[code]; ar != nil {
			return ar.Name
		}
		return code
	}
	mc := map[string]chart.MapCell{}
	var values []float64
	var inh int64
	bandTotal := make([]int64, len(ageBands))
	var budget, spent money.Cents
	for _, pa := range p.Areas {
		row := populationRow{Code: pa.Area, Name: name(pa.Area), Inhabitants: money.Group(pa.Inhabitants), Budget: wholeEurosP(pa.Budget),
			Spent: wholeEurosP(pa.Spent), Difference: signedEuros(pa.Difference), Percent: "n.v.t.", Withheld: pa.Spent == nil, Note: pa.Note}
		inh += pa.Inhabitants
		for i, b := range ageBands {
			row.Bands = append(row.Bands, money.Group(pa.Bands[b.Key]))
			bandTotal[i] += pa.Bands[b.Key]
		}
		if pa.Budget != nil {
			budget += *pa.Budget
		}
		cell := chart.MapCell{Text: "geen gegevens"}
		switch {
		case pa.Spent == nil:
			cell.Suppressed, cell.Reason = true, "uitgaven onderdrukt in de meting"
			if pa.Note != "" {
				cell.Reason = pa.Note
			}
			row.SeeLabel, row.SeeHref = "zie het totaal van de gemeente op de kaart", "/gemeente/"+url.PathEscape(rel.Period)+"?niveau=gemeente"
			cell.Reason += "; " + row.SeeLabel
			v.HasHatch = true
		case pa.Difference != nil && pa.Budget != nil && *pa.Budget > 0:
			spent += *pa.Spent
			share := float64(*pa.Difference) / float64(*pa.Budget)
			row.Percent = pctSigned(share)
			row.Over, row.Under = *pa.Difference > 0, *pa.Difference < 0
			cell.Value = &share
			cell.Text = fmt.Sprintf("%s %s het budget (%s)", signedEuros(pa.Difference), map[bool]string{true: "boven", false: "onder"}[share > 0], pctSigned(share))
			values = append(values, share)
		default:
			spent += *pa.Spent
			v.HasNoData = true
		}
		mc[pa.Area] = cell
		v.Rows = append(v.Rows, row)
	}
	sort.SliceStable(v.Rows, func(i, j int) bool { return v.Rows[i].Name < v.Rows[j].Name })
	v.Total = populationRow{Name: "Totaal", Inhabitants: money.Group(inh), Budget: wholeEuros(budget), Spent: wholeEuros(spent)}
	for _, n := range bandTotal {
		v.Total.Bands = append(v.Total.Bands, money.Group(n))
	}
	v.Legend = chart.Diverging(values, populationBreaks, populationLabels)
	v.AreaNoun = map[string]string{"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}[p.Level]
	v.AreaNoun1 = p.Level
	list := g.children(p.Level, "")
	for _, ar := range list {
		if _, ok := mc[ar.Code]; !ok {
			mc[ar.Code] = chart.MapCell{Text: "geen populatiebudget"}
			v.HasNoData = true
		}
	}
	title := fmt.Sprintf("Uitgaven tegen het populatiegebonden budget per %s, %d", p.Level, f.Year)
	v.Caption = fmt.Sprintf("Populatiegebonden budget per %s, %d, meting %s (versie %d)", p.Level, f.Year, rel.Period, rel.Version)
	drawn := a.drawnFor(g, "populatie|"+p.Level, list)
	v.SVG = chart.ChoroplethWith(title, drawn.areas, drawn.height, mc, v.Legend, chart.MapOptions{Labels: true})
	return v, nil
}
