package web

// The difference-in-differences page (SPEC §5.4): did the spending in the
// intervention areas change differently from the spending in the other
// areas of the same level? It reads released cells only. A group with a
// suppressed or missing cell gets no figure: a sum without those cells
// would look like a real change (the same rule as the forecast beside a
// business case).

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// didQuery is what the form asks for.
type didQuery struct {
	Level             string   // wijk, buurt
	Areas             []string // the intervention areas
	Baseline, Compare string   // periods
	Measure           string   // bedrag, per1000
	By                string   // total, geldstroom, zorgsoort
	Category          string
}

func parseDiDQuery(r *http.Request) didQuery {
	q := r.URL.Query()
	d := didQuery{Level: q.Get("niveau"), Baseline: q.Get("basis"), Compare: q.Get("vergelijk"),
		Measure: q.Get("maat"), By: q.Get("naar"), Category: q.Get("categorie")}
	if d.Level != "buurt" {
		d.Level = "wijk"
	}
	if d.Measure != "per1000" {
		d.Measure = "bedrag"
	}
	if d.By != "geldstroom" && d.By != "zorgsoort" {
		d.By, d.Category = "total", ""
	}
	seen := map[string]bool{}
	for _, a := range q["gebied"] {
		if len(a) <= 20 && !seen[a] && len(d.Areas) < 1000 {
			seen[a] = true
			d.Areas = append(d.Areas, a)
		}
	}
	return d
}

func (q didQuery) values() url.Values {
	v := url.Values{}
	v.Set("niveau", q.Level)
	for _, a := range q.Areas {
		v.Add("gebied", a)
	}
	v.Set("basis", q.Baseline)
	v.Set("vergelijk", q.Compare)
	v.Set("maat", q.Measure)
	v.Set("naar", q.By)
	if q.By != "total" && q.Category != "" {
		v.Set("categorie", q.Category)
	}
	return v
}

// The sums and the comparison are analysis.DiffInDiff's; this file reads
// the two releases and fills the page.
type (
	didArea = analysis.DiDArea
	didSum  = analysis.DiDSum
	didSide = analysis.DiDSide
)

// ---- the page ----------------------------------------------------------------

type didCheck struct {
	ID, Code, Name string
	Checked        bool
}

type didRowView struct {
	Group, Areas                   string
	Base, Comp, Change, ChangePct  string
	BaseNote, CompNote             string
	BaseIncomplete, CompIncomplete bool
	base, comp, change, changePct  *float64
}

type didDetailRow struct {
	Code, Name, Group string
	Base, Comp        string
}

type didView struct {
	Q            didQuery
	Levels       []navItem
	Checks       []didCheck
	BaseOpts     []option
	CompOpts     []option
	Measures     []option
	Breakdowns   []option
	CatOptions   []option
	Message      string
	Rows         []didRowView
	DiD, DiDPct  string
	Expected     string
	Actual       string
	Difference   string
	Noise        string
	WithinNoise  bool
	Incomplete   bool
	Chart        template.HTML
	Detail       []didDetailRow
	MeasureLabel string
	Caption      string
	CSV          string
}

func (a *analystPages) diffInDiff(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, "*"), "beleidsanalyse: verschil-in-verschil"); !ok {
			return
		}
		v, err := a.buildDiD(r.Context(), parseDiDQuery(r))
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if r.URL.Query().Get("formaat") == "csv" {
			s.sendFile(w, r, typeCSV, "ontschot-verschil-in-verschil-"+v.Q.Baseline+"-"+v.Q.Compare+".csv", csvWriter(r, v.records()))
			return
		}
		s.render(w, r, http.StatusOK, "did", page{Title: "Verschil-in-verschil", Wide: true, Data: v, Current: "/gemeente/verschil"})
	}
}

func (a *analystPages) buildDiD(ctx context.Context, q didQuery) (didView, error) {
	v := didView{Q: q}
	for _, l := range []string{"wijk", "buurt"} {
		v.Levels = append(v.Levels, navItem{Label: "Per " + l, Href: "/gemeente/verschil?niveau=" + l, Current: l == q.Level})
	}
	v.Measures = []option{{"bedrag", "Bedrag (€)", q.Measure == "bedrag"}, {"per1000", "Bedrag per 1.000 inwoners", q.Measure == "per1000"}}
	for _, b := range breakdowns {
		v.Breakdowns = append(v.Breakdowns, option{b.Key, b.Label, b.Key == q.By})
	}
	rels, err := a.rel.Releases(ctx)
	if err != nil {
		return v, err
	}
	latest, periods := analysis.LatestPerPeriod(rels, nil)
	if len(periods) == 0 {
		v.Message = "Er is nog geen vrijgegeven meting."
		return v, nil
	}
	if _, ok := latest[q.Baseline]; !ok {
		q.Baseline = periods[0]
	}
	if _, ok := latest[q.Compare]; !ok {
		q.Compare = periods[len(periods)-1]
	}
	for i, p := range periods {
		label := p
		if i == 0 {
			label += " (nulmeting)"
		}
		v.BaseOpts = append(v.BaseOpts, option{p, label, p == q.Baseline})
		v.CompOpts = append(v.CompOpts, option{p, label, p == q.Compare})
	}
	g, err := a.index(ctx)
	if err != nil {
		return v, err
	}
	baseCells, err := a.rel.ReleaseCells(ctx, latest[q.Baseline].ID, q.Level, q.By)
	if err != nil {
		return v, err
	}
	compCells, err := a.rel.ReleaseCells(ctx, latest[q.Compare].ID, q.Level, q.By)
	if err != nil {
		return v, err
	}
	if q.By != "total" {
		seen := map[string]bool{}
		var cats []string
		for _, c := range append(append([]model.Cell(nil), baseCells...), compCells...) {
			if !seen[c.Category] {
				seen[c.Category] = true
				cats = append(cats, c.Category)
			}
		}
		sort.Strings(cats)
		if !seen[q.Category] {
			q.Category = ""
			if len(cats) > 0 {
				q.Category = cats[0]
			}
		}
		for _, c := range cats {
			v.CatOptions = append(v.CatOptions, option{c, categoryName(q.By, c), c == q.Category})
		}
	}
	// The areas of this level that are in either release.
	byCode := map[string]*didArea{}
	add := func(cells []model.Cell, comp bool) {
		for i := range cells {
			c := &cells[i]
			if q.By != "total" && c.Category != q.Category {
				continue
			}
			ar := byCode[c.Area]
			if ar == nil {
				ar = &didArea{Code: c.Area, Name: c.Area, Inhabitants: -1}
				if ga := g.byCode[c.Area]; ga != nil {
					ar.Name, ar.Inhabitants = ga.Name, ga.Inhabitants
				}
				byCode[c.Area] = ar
			}
			if comp {
				ar.Comp = c
			} else {
				ar.Base = c
			}
		}
	}
	add(baseCells, false)
	add(compCells, true)
	all := make([]*didArea, 0, len(byCode))
	for _, ar := range byCode {
		all = append(all, ar)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Name != all[j].Name {
			return all[i].Name < all[j].Name
		}
		return all[i].Code < all[j].Code
	})
	chosen := map[string]bool{}
	for _, c := range q.Areas {
		if byCode[c] != nil {
			chosen[c] = true
		}
	}
	q.Areas = q.Areas[:0:0]
	var in, rest []didArea
	var inNames, restNames []string
	for _, ar := range all {
		v.Checks = append(v.Checks, didCheck{ID: "gebied-" + ar.Code, Code: ar.Code, Name: ar.Name, Checked: chosen[ar.Code]})
		if chosen[ar.Code] {
			q.Areas = append(q.Areas, ar.Code)
			in, inNames = append(in, *ar), append(inNames, ar.Name)
		} else {
			rest, restNames = append(rest, *ar), append(restNames, ar.Name)
		}
	}
	v.Q = q
	v.CSV = "/gemeente/verschil?" + q.values().Encode() + "&formaat=csv"
	switch {
	case len(all) == 0:
		v.Message = "Deze metingen hebben geen cellen per " + q.Level + " voor deze keuze."
		return v, nil
	case len(in) == 0:
		v.Message = "Kies een of meer interventiegebieden en klik op Bereken."
		return v, nil
	case len(rest) == 0:
		v.Message = "Alle gebieden zijn interventiegebied: laat er minstens één over als vergelijkingsgroep."
		return v, nil
	case q.Baseline == q.Compare:
		v.Message = "De basismeting en de vergelijkingsmeting zijn dezelfde: kies twee verschillende metingen."
		return v, nil
	}
	per1000 := q.Measure == "per1000"
	o := analysis.DiffInDiff(in, rest, per1000)
	format := didEuros
	v.Rows = []didRowView{didRow("Interventiegebieden", inNames, o.In, per1000), didRow("Overige gebieden", restNames, o.Rest, per1000)}
	v.Incomplete = v.Rows[0].BaseIncomplete || v.Rows[0].CompIncomplete || v.Rows[1].BaseIncomplete || v.Rows[1].CompIncomplete
	v.DiD = format(o.DiD, true)
	v.DiDPct = "n.v.t."
	if o.DiDPct != nil {
		v.DiDPct = strings.TrimSuffix(pctSigned(*o.DiDPct), "%") + " procentpunt"
	}
	v.Expected, v.Actual, v.Difference = format(o.Expected, false), format(o.In.Comp.Value, false), format(o.Difference, true)
	// Each released amount is rounded to € 1.000, so each of the four sums
	// is off by at most € 500 per cell: the DiD by at most € 1.000 per area.
	if !per1000 {
		noise := int64(1000 * (len(in) + len(rest)))
		v.Noise = eur(money.FormatEuros(noise))
		v.WithinNoise = o.DiD != nil && math.Abs(*o.DiD) < float64(noise)
	}
	v.MeasureLabel = "bedrag"
	if per1000 {
		v.MeasureLabel = "bedrag per 1.000 inwoners"
	}
	what := "alle uitgaven"
	if q.By != "total" {
		what = categoryName(q.By, q.Category)
	}
	v.Caption = fmt.Sprintf("Verschil-in-verschil per %s, %s, %s, meting %s tegen %s", q.Level, v.MeasureLabel, what, q.Baseline, q.Compare)
	for _, ar := range all {
		group := "overig"
		if chosen[ar.Code] {
			group = "interventie"
		}
		v.Detail = append(v.Detail, didDetailRow{Code: ar.Code, Name: ar.Name, Group: group, Base: cellText(ar.Base), Comp: cellText(ar.Comp)})
	}
	if o.In.Base.Value != nil && o.In.Comp.Value != nil && o.Rest.Base.Value != nil && o.Rest.Comp.Value != nil {
		v.Chart = chart.DiD("Verschil-in-verschil: "+v.MeasureLabel+" van de interventiegebieden en de overige gebieden, meting "+q.Baseline+" en "+q.Compare,
			q.Baseline, q.Compare, chart.DiDLines{InBase: *o.In.Base.Value, InComp: *o.In.Comp.Value, RestBase: *o.Rest.Base.Value, RestComp: *o.Rest.Comp.Value, Expected: o.Expected})
	}
	return v, nil
}

// incompleteNote says why a sum has no figure, in the words of the forecast
// beside a business case.
func incompleteNote(s didSum, per1000 bool) string {
	var parts []string
	if s.Suppressed > 0 {
		parts = append(parts, fmt.Sprintf("%d cel(len) onderdrukt", s.Suppressed))
	}
	if s.Missing > 0 {
		parts = append(parts, fmt.Sprintf("%d cel(len) ontbreken", s.Missing))
	}
	if len(parts) > 0 {
		return "onvolledig: " + strings.Join(parts, ", ")
	}
	if per1000 && s.NoInhabits > 0 {
		return fmt.Sprintf("inwonertal onbekend voor %d gebied(en)", s.NoInhabits)
	}
	return ""
}

func cellText(c *model.Cell) string {
	switch {
	case c == nil:
		return "geen cel"
	case c.Suppressed || c.AmountEUR == nil:
		if c.Reason != "" {
			return "onderdrukt (" + c.Reason + ")"
		}
		return "onderdrukt"
	}
	return eur(money.FormatEuros(*c.AmountEUR))
}

func (v didView) records() [][]string {
	out := [][]string{{"groep", "gebieden", "niveau", "maat", "indeling", "categorie", "basismeting", "vergelijkingsmeting", "basis_eur", "vergelijking_eur", "verandering_eur", "verandering_pct", "toelichting"}}
	num := func(f *float64) string {
		if f == nil {
			return ""
		}
		return fmt.Sprintf("%.0f", *f)
	}
	pctNum := func(f *float64) string {
		if f == nil {
			return ""
		}
		return fmt.Sprintf("%.4f", *f*100)
	}
	for _, r := range v.Rows {
		note := strings.TrimSpace(strings.Join([]string{r.BaseNote, r.CompNote}, " "))
		out = append(out, []string{r.Group, r.Areas, v.Q.Level, v.Q.Measure, v.Q.By, v.Q.Category, v.Q.Baseline, v.Q.Compare, num(r.base), num(r.comp), num(r.change), pctNum(r.changePct), note})
	}
	if len(v.Rows) == 2 {
		var did, pp *float64
		if v.Rows[0].change != nil && v.Rows[1].change != nil {
			d := *v.Rows[0].change - *v.Rows[1].change
			did = &d
		}
		if v.Rows[0].changePct != nil && v.Rows[1].changePct != nil {
			p := *v.Rows[0].changePct - *v.Rows[1].changePct
			pp = &p
		}
		out = append(out, []string{"verschil-in-verschil", "", v.Q.Level, v.Q.Measure, v.Q.By, v.Q.Category, v.Q.Baseline, v.Q.Compare, "", "", num(did), pctNum(pp), "verandering interventie min verandering overig; pct in procentpunten"})
	}
	return out
}

// didEuros formats an amount of a difference-in-differences table, with a
// + before a rise when signed; "n.v.t." when it is not known.
func didEuros(f *float64, signed bool) string {
	if f == nil {
		return "n.v.t."
	}
	s := eur(money.FormatEuros(int64(math.Round(*f))))
	if signed && math.Round(*f) > 0 {
		s = "+" + s
	}
	return s
}

// didRow is one group's line of a difference-in-differences table.
func didRow(group string, names []string, sd didSide, per1000 bool) didRowView {
	pct := "n.v.t."
	if sd.ChangePct != nil {
		pct = pctSigned(*sd.ChangePct)
	}
	return didRowView{Group: group, Areas: strings.Join(names, ", "),
		Base: didEuros(sd.Base.Value, false), Comp: didEuros(sd.Comp.Value, false),
		Change: didEuros(sd.Change, true), ChangePct: pct,
		BaseNote: incompleteNote(sd.Base, per1000), CompNote: incompleteNote(sd.Comp, per1000),
		BaseIncomplete: sd.Base.Value == nil, CompIncomplete: sd.Comp.Value == nil,
		base: sd.Base.Value, comp: sd.Comp.Value, change: sd.Change, changePct: sd.ChangePct}
}
