package web

// The contract page: one contract's year from the release's funding
// overview — partners' contributions, spend per month against the budget,
// the forecast, what the results mean for the payment, the aftercare
// conversations and, for a contract with a wijk or buurt, that area
// against the rest of the municipality (difference-in-differences over
// released cells, analysis.DiffInDiff).

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

type partnerRow struct {
	Name, Amount, Share string
}

type monthRow struct {
	Month, Spent, Cumulative, ProRata string
	Withheld                          bool
}

type paymentRow struct {
	Indicator, Source            string
	Target, Measured, Attainment string
	AtStake, Paid                string
	Pending, Withheld            bool
}

type paymentView struct {
	Budget, Fixed, Results, Total, Pending, Short string
	Rows                                          []paymentRow
	Summary                                       string
}

type aftercareView struct {
	Conversations, Score, Helped string
	Suppressed                   bool
	Reason                       string
}

// areaDiD is the contract's area against the rest of its municipality.
type areaDiD struct {
	Title, Message             string
	Rows                       []didRowView
	DiD, DiDPct                string
	Expected, Actual, Diff     string
	Noise                      string
	WithinNoise                bool
	Chart                      template.HTML
	Link                       string
	Baseline, Compare, AreaTxt string
}

type contractView struct {
	Release       model.ReleaseInfo
	Year          int
	Through       string
	C             model.FundingContract
	Row           fundingRow
	Members       []string
	Period        string // looptijd
	Partners      []partnerRow
	PartnersChart template.HTML
	Months        []monthRow
	MonthsChart   template.HTML
	Payment       *paymentView
	Aftercare     *aftercareView
	DiD           *areaDiD
	Base          string // /gemeente/{period}/financiering/{contract}
	Versions      string
	Back          string
}

// findContract is the contract of code in f.
func findContract(f *model.Funding, code string) (model.FundingContract, bool) {
	if f == nil {
		return model.FundingContract{}, false
	}
	for _, c := range f.Contracts {
		if c.Contract == code {
			return c, true
		}
	}
	return model.FundingContract{}, false
}

// loadContract is loadFunding and the contract of the path; ok is false
// when a response was written.
func (a *analystPages) loadContract(s *server, w http.ResponseWriter, r *http.Request, purpose string) (model.ReleaseInfo, *model.Funding, model.FundingContract, bool) {
	rel, f, ok := a.loadFunding(s, w, r, purpose)
	if !ok {
		return rel, f, model.FundingContract{}, false
	}
	code := r.PathValue("contract")
	c, found := findContract(f, code)
	if !found {
		s.fail(w, r, http.StatusNotFound, "Meting "+rel.Period+" heeft geen contract "+code+".")
		return rel, f, c, false
	}
	return rel, f, c, true
}

// indicatorNames are the result indicators Ontschot measures (issue 13
// item 5), in words; an imported indicator keeps its own name.
var indicatorNames = map[string]string{
	"tevredenheid": "Tevredenheid (gemiddeld cijfer 1–5, bij minstens 10 antwoorden)",
	"uitstroom":    "Uitstroom (aandeel cliënten van wie de ondersteuning in het jaar eindigde)",
	"herinstroom":  "Herinstroom (aandeel binnen 12 maanden terug)",
	"bereik":       "Bereik (huishoudens bereikt)",
}

// indicatorValue writes an indicator's target or measured value in its
// own unit: a score with one decimal, a share as percent (0,4 or 40 both
// read 40%), a count grouped.
func indicatorValue(ind string, v float64) string {
	switch ind {
	case "tevredenheid":
		return decimal(v, 1)
	case "uitstroom", "herinstroom":
		return shareText(v)
	case "bereik":
		return money.Group(int64(math.Round(v)))
	}
	return decimal(v, 2)
}

// shareText writes a share as whole percent; a value above 1 is taken to
// be a percentage already.
func shareText(v float64) string {
	if v > 1 {
		v /= 100
	}
	return wholePct(v)
}

func (a *analystPages) contract(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, f, c, ok := a.loadContract(s, w, r, "beleidsanalyse: financiering contract")
		if !ok {
			return
		}
		v := a.buildContract(s, r, rel, f, c)
		s.render(w, r, http.StatusOK, "funding_contract", page{Title: v.Row.Name + ", financiering " + rel.Period, Wide: true, Data: v, Current: "/gemeente/financiering",
			Crumbs: []navItem{{Label: "Financiering " + rel.Period, Href: v.Back}, {Label: v.Row.Name, Current: true}}})
	}
}

func (a *analystPages) buildContract(s *server, r *http.Request, rel model.ReleaseInfo, f *model.Funding, c model.FundingContract) contractView {
	v := contractView{Release: rel, Year: f.Year, Through: monthName(f.Through), C: c, Row: a.newFundingRow(s, r, rel, c),
		Base: contractHref(rel, c.Contract), Back: "/gemeente/" + url.PathEscape(rel.Period) + "/financiering"}
	if r.URL.Query().Get("versie") != "" {
		v.Versions = fmt.Sprintf("?versie=%d", rel.Version)
	}
	for _, m := range c.Members {
		v.Members = append(v.Members, s.providers.label(m))
	}
	v.Period = strings.TrimSpace(isoDutch(c.Begin) + " tot en met " + isoDutch(c.End))
	// Partners.
	var bars []chart.Bar
	for i, p := range c.Partners {
		row := partnerRow{Name: s.partnerName(p.Partner), Amount: wholeEuros(p.Amount), Share: "n.v.t."}
		if c.Budget > 0 {
			row.Share = wholePct(float64(p.Amount) / float64(c.Budget))
		}
		v.Partners = append(v.Partners, row)
		bars = append(bars, chart.Bar{Label: row.Name, Value: int64(p.Amount), Colour: chart.Categorical[i%len(chart.Categorical)]})
	}
	v.PartnersChart = chart.Bars("Bijdragen van de partners aan het budget van "+v.Row.Name+" in "+fmt.Sprint(f.Year), bars)
	// Months against the budget spread evenly over the year.
	var months []*int64
	var cum money.Cents
	broken := false
	for i := 0; i < len(c.Months) && i < 12; i++ {
		m := c.Months[i]
		row := monthRow{Month: maanden[i], Spent: wholeEurosP(m), Cumulative: "n.v.t.",
			ProRata: wholeEuros(money.Cents(math.Round(float64(c.Budget) * float64(i+1) / 12)))}
		if m == nil {
			broken, row.Withheld = true, true
			months = append(months, nil)
		} else {
			x := int64(*m)
			months = append(months, &x)
			cum += *m
			if !broken {
				row.Cumulative = wholeEuros(cum)
			}
		}
		v.Months = append(v.Months, row)
	}
	if len(months) > 0 && months[0] != nil {
		var fc *int64
		if c.Forecast != nil {
			x := int64(*c.Forecast)
			fc = &x
		}
		v.MonthsChart = chart.CumulativeSpend(fmt.Sprintf("Besteding van %s opgeteld per maand tegen het budget naar rato, %d", v.Row.Name, f.Year), months, int64(c.Budget), fc)
	}
	if p := c.Payment; p != nil {
		v.Payment = paymentOf(p)
	}
	if ac := c.Aftercare; ac != nil {
		av := &aftercareView{Conversations: "n.v.t.", Score: "n.v.t.", Helped: "n.v.t.", Suppressed: ac.Suppressed, Reason: ac.Reason}
		if ac.Conversations != nil {
			av.Conversations = money.Group(*ac.Conversations)
		}
		if ac.ScoreMean != nil {
			av.Score = decimal(*ac.ScoreMean, 1)
		}
		if ac.HelpedPct != nil {
			av.Helped = shareText(*ac.HelpedPct)
		}
		v.Aftercare = av
	}
	if c.Area != "" {
		d := a.contractDiD(r.Context(), rel, c)
		v.DiD = &d
	}
	return v
}

// paymentOf says what a contract year's results mean for the payment.
func paymentOf(p *model.Payment) *paymentView {
	pv := &paymentView{Budget: wholeEuros(p.Budget), Fixed: wholeEuros(p.Fixed), Total: wholeEuros(p.Total), Pending: wholeEuros(p.Pending)}
	var results money.Cents
	for _, l := range p.Lines {
		name := indicatorNames[l.Indicator]
		if name == "" {
			name = l.Indicator
		}
		row := paymentRow{Indicator: name, Source: l.Source, Target: indicatorValue(l.Indicator, l.Target), Measured: "n.v.t.", Attainment: "n.v.t.",
			AtStake: wholeEuros(l.AtStake), Paid: wholeEuros(l.Paid)}
		if l.Source == "aangeleverd" {
			row.Source = "aangeleverd door de gemeente"
		} else if l.Source == "gemeten" {
			row.Source = "gemeten door Ontschot"
		}
		if l.Measured != nil {
			row.Measured = indicatorValue(l.Indicator, *l.Measured)
		} else {
			row.Pending, row.Withheld = true, true
		}
		if l.Attainment != nil {
			row.Attainment = wholePct(*l.Attainment)
		}
		results += l.Paid
		pv.Rows = append(pv.Rows, row)
	}
	pv.Results = wholeEuros(results)
	short := p.Budget - p.Total - p.Pending
	pv.Short = wholeEuros(max(short, 0))
	pv.Summary = fmt.Sprintf("Van het budget van %s hangt %s van geen resultaat af. Op de gemeten resultaten wordt %s uitbetaald, samen %s.",
		pv.Budget, pv.Fixed, pv.Results, pv.Total)
	if p.Pending > 0 {
		pv.Summary += fmt.Sprintf(" Nog %s hangt af van resultaten die nog niet te meten zijn (of onderdrukt): die betaling volgt als ze gemeten zijn.", pv.Pending)
	}
	if short > 0 {
		pv.Summary += fmt.Sprintf(" Doordat doelen niet (helemaal) gehaald zijn, wordt %s niet uitbetaald.", pv.Short)
	}
	return pv
}

// isoDutch writes YYYY-MM-DD as "1 januari 2025".
func isoDutch(s string) string {
	var y, m, d int
	if _, err := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); err != nil || m < 1 || m > 12 {
		return s
	}
	return fmt.Sprintf("%d %s %d", d, maanden[m-1], y)
}

// contractDiD sets the contract's wijk or buurt against the other areas of
// its level in the municipality, from the newest release before the
// contract began (or the first release) to this one. Only released total
// cells are used; a withheld cell leaves the sum empty, as on the page
// Verschil-in-verschil.
func (a *analystPages) contractDiD(ctx context.Context, rel model.ReleaseInfo, c model.FundingContract) areaDiD {
	d := areaDiD{}
	level := map[string]string{"WK": "wijk", "BU": "buurt"}[c.Area[:min(2, len(c.Area))]]
	g, err := a.index(ctx)
	if err != nil {
		d.Message = "De gebieden konden niet gelezen worden."
		return d
	}
	name := c.Area
	gemeente := ""
	if ar := g.byCode[c.Area]; ar != nil {
		name, gemeente = ar.Name, ar.Gemeente
	}
	gemName := "de gemeente"
	if gm := g.byCode[gemeente]; gm != nil {
		gemName = gm.Name
	}
	d.AreaTxt = name
	d.Title = name + " tegen de rest van " + gemName
	if level == "" {
		d.Title = "Gebied tegen de rest"
		d.Message = "Dit contract geldt voor de hele gemeente: er is geen rest om het gebied mee te vergelijken."
		return d
	}
	rels, err := a.rel.Releases(ctx)
	if err != nil {
		d.Message = "De metingen konden niet gelezen worden."
		return d
	}
	latest, periods := analysis.LatestPerPeriod(rels, func(p string) bool { return p <= rel.Period })
	begin := ""
	if len(c.Begin) >= 4 {
		begin = c.Begin[:4]
	}
	// The newest release before the contract began is the baseline; without
	// one, the first release.
	base := ""
	for _, p := range periods { // oldest first
		if p >= rel.Period {
			continue
		}
		if base == "" || begin != "" && p[:min(4, len(p))] < begin {
			base = p
		}
	}
	if base == "" {
		d.Message = fmt.Sprintf("Te weinig metingen: verschil-in-verschil vergelijkt twee metingen, en er is nog geen meting vóór %s. Zodra er een tweede meting is, staat hier hoe %s veranderde tegen de rest van %s.", rel.Period, name, gemName)
		return d
	}
	d.Baseline, d.Compare = base, rel.Period
	baseCells, err := a.rel.ReleaseCells(ctx, latest[base].ID, level, "total")
	if err != nil {
		d.Message = "De cellen van meting " + base + " konden niet gelezen worden."
		return d
	}
	compCells, err := a.rel.ReleaseCells(ctx, rel.ID, level, "total")
	if err != nil {
		d.Message = "De cellen van meting " + rel.Period + " konden niet gelezen worden."
		return d
	}
	byCode := map[string]*didArea{}
	add := func(cells []model.Cell, comp bool) {
		for i := range cells {
			cl := &cells[i]
			ga := g.byCode[cl.Area]
			if gemeente != "" && (ga == nil || ga.Gemeente != gemeente) {
				continue
			}
			ar := byCode[cl.Area]
			if ar == nil {
				ar = &didArea{Code: cl.Area, Name: cl.Area, Inhabitants: -1}
				if ga != nil {
					ar.Name, ar.Inhabitants = ga.Name, ga.Inhabitants
				}
				byCode[cl.Area] = ar
			}
			if comp {
				ar.Comp = cl
			} else {
				ar.Base = cl
			}
		}
	}
	add(baseCells, false)
	add(compCells, true)
	var in, rest []didArea
	var restNames []string
	codes := make([]string, 0, len(byCode))
	for code := range byCode {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		if code == c.Area {
			in = append(in, *byCode[code])
		} else {
			rest = append(rest, *byCode[code])
			restNames = append(restNames, byCode[code].Name)
		}
	}
	q := url.Values{"niveau": {level}, "gebied": {c.Area}, "basis": {base}, "vergelijk": {rel.Period}, "maat": {"bedrag"}, "naar": {"total"}}
	d.Link = "/gemeente/verschil?" + q.Encode()
	if len(in) == 0 || len(rest) == 0 {
		d.Message = fmt.Sprintf("De metingen %s en %s hebben geen cellen per %s voor %s en de rest van %s.", base, rel.Period, level, name, gemName)
		return d
	}
	o := analysis.DiffInDiff(in, rest, false)
	format := didEuros
	d.Rows = []didRowView{didRow(name, []string{name}, o.In, false), didRow("Rest van "+gemName, restNames, o.Rest, false)}
	d.DiD = format(o.DiD, true)
	d.DiDPct = "n.v.t."
	if o.DiDPct != nil {
		d.DiDPct = strings.TrimSuffix(pctSigned(*o.DiDPct), "%") + " procentpunt"
	}
	d.Expected, d.Actual, d.Diff = format(o.Expected, false), format(o.In.Comp.Value, false), format(o.Difference, true)
	noise := int64(1000 * (len(in) + len(rest)))
	d.Noise = eur(money.FormatEuros(noise))
	d.WithinNoise = o.DiD != nil && math.Abs(*o.DiD) < float64(noise)
	if o.DiD == nil {
		d.Message = "Een of meer cellen zijn onderdrukt of ontbreken in een van beide metingen, dus er is geen verschil-in-verschil: een som zonder die cellen zou een verandering suggereren die er misschien niet is."
	}
	if o.In.Base.Value != nil && o.In.Comp.Value != nil && o.Rest.Base.Value != nil && o.Rest.Comp.Value != nil {
		d.Chart = chart.DiD("Verschil-in-verschil: uitgaven van "+name+" en de rest van "+gemName+", meting "+base+" en "+rel.Period,
			base, rel.Period, chart.DiDLines{InBase: *o.In.Base.Value, InComp: *o.In.Comp.Value, RestBase: *o.Rest.Base.Value, RestComp: *o.Rest.Comp.Value, Expected: o.Expected})
	}
	return d
}
