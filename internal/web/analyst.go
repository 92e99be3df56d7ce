package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/export"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

// analystPages are the Gemeente's pages. They hold a ReleaseReader and
// nothing else: there is no road from here to a household.
type analystPages struct {
	rel ReleaseReader

	mu       sync.Mutex
	geo      *geoIndex
	loadedAt time.Time
	drawn    map[string]drawnMap // by level + "|" + parent
}

func newAnalystPages(rel ReleaseReader) *analystPages {
	return &analystPages{rel: rel}
}

// geoArea is an area with its outline decoded.
type geoArea struct {
	store.Area
	Geom orb.MultiPolygon
}

type geoIndex struct {
	byCode  map[string]*geoArea
	byLevel map[string][]*geoArea
}

const geoTTL = 5 * time.Minute

// index returns the areas, decoded once and kept for a few minutes.
func (a *analystPages) index(ctx context.Context) (*geoIndex, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.geo != nil && time.Since(a.loadedAt) < geoTTL {
		return a.geo, nil
	}
	as, err := a.rel.Areas(ctx)
	if err != nil {
		return nil, err
	}
	g := &geoIndex{byCode: map[string]*geoArea{}, byLevel: map[string][]*geoArea{}}
	for _, ar := range as {
		mp, err := areas.DecodeGeometry(ar.Geometry)
		if err != nil {
			mp = nil // an undrawable area still has its table row
		}
		ga := &geoArea{Area: ar, Geom: mp}
		ga.Geometry = nil
		g.byCode[ar.Code] = ga
		g.byLevel[ar.Level] = append(g.byLevel[ar.Level], ga)
	}
	a.geo, a.loadedAt, a.drawn = g, time.Now(), map[string]drawnMap{}
	return g, nil
}

// children returns the areas of level inside parent ("" for all).
func (g *geoIndex) children(level, parent string) []*geoArea {
	var out []*geoArea
	for _, ar := range g.byLevel[level] {
		switch {
		case parent == "":
		case strings.HasPrefix(parent, "GM") && ar.Gemeente != parent:
			continue
		case strings.HasPrefix(parent, "WK") && ar.Wijk != parent:
			continue
		case strings.HasPrefix(parent, "BU"):
			continue
		}
		out = append(out, ar)
	}
	return out
}

type drawnMap struct {
	areas  []chart.Area
	height float64
}

func (a *analystPages) drawnFor(g *geoIndex, key string, list []*geoArea) drawnMap {
	a.mu.Lock()
	d, ok := a.drawn[key]
	a.mu.Unlock()
	if ok {
		return d
	}
	in := make([]chart.Outline, len(list))
	for i, x := range list {
		in[i] = chart.Outline{Code: x.Code, Name: x.Name, Geom: x.Geom}
	}
	d.areas, d.height = chart.Project(in)
	a.mu.Lock()
	a.drawn[key] = d
	a.mu.Unlock()
	return d
}

// blokParent returns the buurt of a blok code: BL + buurt digits + 2-digit sequence.
func blokParent(code string) string {
	if !strings.HasPrefix(code, "BL") || len(code) < 6 {
		return ""
	}
	return "BU" + code[2:len(code)-2]
}

// mapQuery is what the map page shows.
type mapQuery struct {
	Period   string
	Version  int
	Level    string // gemeente, wijk, buurt, blok
	In       string // parent area code, "" for the whole municipality
	Measure  string // bedrag, huishoudens, per1000
	By       string // total, geldstroom, zorgsoort
	Category string
}

var measures = []struct{ Key, Label string }{
	{"bedrag", "Bedrag (€)"}, {"huishoudens", "Huishoudens"}, {"per1000", "Bedrag per 1.000 inwoners"},
}

var breakdowns = []struct{ Key, Label string }{
	{"total", "Totaal"}, {"geldstroom", "Per geldstroom"}, {"zorgsoort", "Per zorgsoort"},
}

func parseMapQuery(r *http.Request) mapQuery {
	q := r.URL.Query()
	m := mapQuery{Period: r.PathValue("period"), Level: q.Get("niveau"), In: q.Get("in"), Measure: q.Get("maat"), By: q.Get("naar"), Category: q.Get("categorie")}
	if _, err := areas.ParseLevel(m.Level); err != nil {
		m.Level = "wijk"
	}
	if m.Measure != "huishoudens" && m.Measure != "per1000" {
		m.Measure = "bedrag"
	}
	if m.By != "geldstroom" && m.By != "zorgsoort" {
		m.By = "total"
	}
	if len(m.In) > 20 {
		m.In = ""
	}
	if m.Level == "blok" && !strings.HasPrefix(m.In, "BU") {
		m.Level = "buurt"
	}
	return m
}

func (m mapQuery) url(change func(*mapQuery)) string {
	c := m
	if change != nil {
		change(&c)
	}
	v := url.Values{}
	v.Set("niveau", c.Level)
	if c.In != "" {
		v.Set("in", c.In)
	}
	v.Set("maat", c.Measure)
	v.Set("naar", c.By)
	if c.Category != "" && c.By != "total" {
		v.Set("categorie", c.Category)
	}
	return "/gemeente/" + url.PathEscape(c.Period) + "?" + v.Encode()
}

// tableRow is one row of the table under the map (and of the downloads).
type tableRow struct {
	Area, Name, Category string
	Households, Persons  *int64
	AmountEUR            *int64
	Per1000              *float64
	Inhabitants          int64
	Suppressed           bool
	Reason               string
	CategoryName         string
}

type mapView struct {
	Q          mapQuery
	Release    store.ReleaseInfo
	Releases   []store.ReleaseInfo
	SVG        template.HTML
	Legend     []chart.LegendClass
	HasHatch   bool
	HasNoData  bool
	Rows       []tableRow
	Categories []string
	Crumbs     []navItem
	Levels     []navItem
	Measures   []option
	Breakdowns []option
	CatOptions []option
	PeriodOpts []option
	Title      string
	Caption    string
	BlokNote   bool
	CSV, XLSX  string
	Parent     *tableRow
	Elapsed    string
}

type option struct {
	Value, Label string
	Selected     bool
}

// releaseData loads the release and cells for q.
func (a *analystPages) build(ctx context.Context, q mapQuery) (mapView, error) {
	v := mapView{Q: q}
	rel, err := a.rel.Release(ctx, q.Period, q.Version)
	if err != nil {
		return v, err
	}
	v.Release = rel
	g, err := a.index(ctx)
	if err != nil {
		return v, err
	}
	cells, err := a.rel.ReleaseCells(ctx, rel.ID, q.Level, q.By)
	if err != nil {
		return v, err
	}
	// Which areas are on this map.
	var list []*geoArea
	var codes []string
	inSet := map[string]bool{}
	if q.Level == "blok" {
		if b := g.byCode[q.In]; b != nil {
			list = []*geoArea{b}
		}
		for _, c := range cells {
			if blokParent(c.Area) == q.In && !inSet[c.Area] {
				inSet[c.Area] = true
				codes = append(codes, c.Area)
			}
		}
		v.BlokNote = true
	} else {
		list = g.children(q.Level, q.In)
		for _, ar := range list {
			inSet[ar.Code] = true
			codes = append(codes, ar.Code)
		}
		// Areas in the release but not in the area table still get a row.
		for _, c := range cells {
			if !inSet[c.Area] && g.byCode[c.Area] == nil && q.In == "" {
				inSet[c.Area] = true
				codes = append(codes, c.Area)
			}
		}
	}
	sort.Strings(codes)
	catSeen := map[string]bool{}
	for _, c := range cells {
		if inSet[c.Area] && !catSeen[c.Category] {
			catSeen[c.Category] = true
			v.Categories = append(v.Categories, c.Category)
		}
	}
	sort.Strings(v.Categories)
	if q.Category == "" || !catSeen[q.Category] {
		q.Category = ""
		if len(v.Categories) > 0 {
			q.Category = v.Categories[0]
		}
		v.Q.Category = q.Category
	}
	name := func(code string) string {
		if ar := g.byCode[code]; ar != nil {
			return ar.Name
		}
		if strings.HasPrefix(code, "BL") {
			return "Blok " + code[len(code)-2:]
		}
		return code
	}
	inhabitants := func(code string) int64 {
		if ar := g.byCode[code]; ar != nil {
			return ar.Inhabitants
		}
		return -1
	}
	byArea := map[string]store.ReleaseCell{}
	for _, c := range cells {
		if !inSet[c.Area] {
			continue
		}
		row := tableRow{Area: c.Area, Name: name(c.Area), Category: c.Category, CategoryName: categoryName(q.By, c.Category),
			Households: c.Households, Persons: c.Persons, AmountEUR: c.AmountEUR, Suppressed: c.Suppressed, Reason: c.Reason, Inhabitants: inhabitants(c.Area)}
		if row.AmountEUR != nil && row.Inhabitants > 0 {
			p := float64(*row.AmountEUR) * 1000 / float64(row.Inhabitants)
			row.Per1000 = &p
		}
		v.Rows = append(v.Rows, row)
		if c.Category == q.Category {
			byArea[c.Area] = c
		}
	}
	sort.SliceStable(v.Rows, func(i, j int) bool {
		if v.Rows[i].Name != v.Rows[j].Name {
			return v.Rows[i].Name < v.Rows[j].Name
		}
		return v.Rows[i].Category < v.Rows[j].Category
	})
	// Values for the map.
	child := map[string]string{"gemeente": "wijk", "wijk": "buurt", "buurt": "blok"}[q.Level]
	childName := map[string]string{"wijk": "de wijken", "buurt": "de buurten", "blok": "de blokken"}[child]
	mc := map[string]chart.MapCell{}
	var values []float64
	formatV := func(f float64) string {
		switch q.Measure {
		case "huishoudens":
			return money.Group(int64(math.Round(f)))
		}
		return money.FormatEuros(int64(math.Round(f)))
	}
	for _, code := range codes {
		c, ok := byArea[code]
		cell := chart.MapCell{Text: "geen gegevens"}
		if ok {
			cell.Suppressed, cell.Reason = c.Suppressed, c.Reason
			var val *float64
			switch q.Measure {
			case "bedrag":
				if c.AmountEUR != nil {
					f := float64(*c.AmountEUR)
					val = &f
				}
			case "huishoudens":
				if c.Households != nil {
					f := float64(*c.Households)
					val = &f
				}
			case "per1000":
				if c.AmountEUR != nil && inhabitants(code) > 0 {
					f := float64(*c.AmountEUR) * 1000 / float64(inhabitants(code))
					val = &f
				} else if !c.Suppressed {
					cell.Text = "inwonertal onbekend"
				}
			}
			if val != nil {
				cell.Value = val
				cell.Text = formatV(*val)
				values = append(values, *val)
			}
		}
		if cell.Suppressed {
			v.HasHatch = true
		} else if cell.Value == nil {
			v.HasNoData = true
		}
		if child != "" {
			cell.Href = q.url(func(m *mapQuery) { m.Level, m.In = child, code })
			cell.Next = childName
		}
		mc[code] = cell
	}
	v.Legend = chart.Classify(values, formatV)
	measureLabel := map[string]string{"bedrag": "bedrag", "huishoudens": "aantal huishoudens", "per1000": "bedrag per 1.000 inwoners"}[q.Measure]
	levelPlural := map[string]string{"gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt", "blok": "blok"}[q.Level]
	where := "de hele gemeente"
	if q.In != "" {
		where = name(q.In)
	}
	v.Title = fmt.Sprintf("%s per %s in %s, meting %s", strings.ToUpper(measureLabel[:1])+measureLabel[1:], levelPlural, where, rel.Period)
	if q.By != "total" {
		v.Title += " — " + categoryName(q.By, q.Category)
	}
	v.Caption = fmt.Sprintf("Per %s in %s, meting %s (versie %d)", levelPlural, where, rel.Period, rel.Version)
	key := q.Level + "|" + q.In
	if q.Level == "blok" {
		key = "buurt-outline|" + q.In
	}
	drawn := a.drawnFor(g, key, list)
	if q.Level == "blok" {
		// A blok is a cluster of postcodes without an outline of its own:
		// draw the buurt, hatched or coloured as nothing, and let the table speak.
		mcb := map[string]chart.MapCell{}
		if len(drawn.areas) > 0 {
			mcb[drawn.areas[0].Code] = chart.MapCell{Text: fmt.Sprintf("%d blokken, zie de tabel", len(codes))}
		}
		v.SVG = chart.Choropleth(v.Title, drawn.areas, drawn.height, mcb, nil, true)
	} else {
		v.SVG = chart.Choropleth(v.Title, drawn.areas, drawn.height, mc, v.Legend, len(drawn.areas) <= 14)
	}
	// Breadcrumbs: gemeente → wijk → buurt.
	v.Crumbs = append(v.Crumbs, navItem{Label: "Gemeente", Href: q.url(func(m *mapQuery) { m.Level, m.In = "wijk", "" })})
	if ar := g.byCode[q.In]; ar != nil {
		if ar.Level == "buurt" && ar.Wijk != "" {
			w := ar.Wijk
			v.Crumbs = append(v.Crumbs, navItem{Label: name(w), Href: q.url(func(m *mapQuery) { m.Level, m.In = "buurt", w })})
		}
		v.Crumbs = append(v.Crumbs, navItem{Label: ar.Name, Current: true})
	}
	for _, l := range []string{"gemeente", "wijk", "buurt"} {
		l := l
		v.Levels = append(v.Levels, navItem{Label: strings.ToUpper(l[:1]) + l[1:], Href: q.url(func(m *mapQuery) { m.Level, m.In = l, "" }), Current: q.Level == l && q.In == ""})
	}
	for _, m := range measures {
		v.Measures = append(v.Measures, option{m.Key, m.Label, m.Key == q.Measure})
	}
	for _, b := range breakdowns {
		v.Breakdowns = append(v.Breakdowns, option{b.Key, b.Label, b.Key == q.By})
	}
	for _, c := range v.Categories {
		v.CatOptions = append(v.CatOptions, option{c, categoryName(q.By, c), c == v.Q.Category})
	}
	v.CSV = strings.Replace(q.url(nil), "?", "/tabel.csv?", 1)
	v.XLSX = strings.Replace(q.url(nil), "?", "/tabel.xlsx?", 1)
	return v, nil
}

func (a *analystPages) releases(s *server) http.HandlerFunc {
	return a.toLatest(s, "")
}

// toLatest sends the analyst to a page of the newest period (Releases is
// sorted newest first), or shows that there is no release yet.
func (a *analystPages) toLatest(s *server, suffix string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, "*"), "beleidsanalyse"); !ok {
			return
		}
		rels, err := a.rel.Releases(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if len(rels) == 0 {
			s.render(w, r, http.StatusOK, "releases", page{Title: "Metingen"})
			return
		}
		http.Redirect(w, r, "/gemeente/"+url.PathEscape(rels[0].Period)+suffix, http.StatusSeeOther)
	}
}

func (a *analystPages) mapPage(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		q := parseMapQuery(r)
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, q.Period), "beleidsanalyse"); !ok {
			return
		}
		v, err := a.build(r.Context(), q)
		if errors.Is(err, store.ErrNotFound) {
			s.fail(w, r, http.StatusNotFound, "Er is geen meting voor periode "+q.Period+".")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		rels, err := a.rel.Releases(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		seen := map[string]bool{}
		for _, rl := range rels {
			if !seen[rl.Period] {
				seen[rl.Period] = true
				v.PeriodOpts = append(v.PeriodOpts, option{rl.Period, rl.Period, rl.Period == q.Period})
			}
		}
		v.Elapsed = time.Since(start).Round(time.Millisecond / 10).String()
		s.render(w, r, http.StatusOK, "map", page{Title: v.Title, Wide: true, Data: v})
	}
}

var csvHeader = []string{"gebied", "naam", "niveau", "indeling", "categorie", "huishoudens", "personen", "bedrag_eur", "per_1000_inwoners", "onderdrukt", "reden"}

func (v mapView) records() [][]string {
	out := [][]string{csvHeader}
	num := func(p *int64) string {
		if p == nil {
			return ""
		}
		return fmt.Sprint(*p)
	}
	for _, r := range v.Rows {
		per := ""
		if r.Per1000 != nil {
			per = fmt.Sprintf("%.0f", *r.Per1000)
		}
		sup := "0"
		if r.Suppressed {
			sup = "1"
		}
		out = append(out, []string{r.Area, r.Name, v.Q.Level, v.Q.By, r.Category, num(r.Households), num(r.Persons), num(r.AmountEUR), per, sup, r.Reason})
	}
	return out
}

// sheet is the table for the Excel download: the CSV's columns, counts and
// amounts as numbers, suppressed cells empty (never 0), and the amounts
// summed under the table.
func (v mapView) sheet() export.Sheet {
	sh := export.Sheet{Name: "Meting " + v.Release.Period, Total: "totaal (zonder onderdrukte cellen)",
		Notes: []string{"Aantallen en bedragen zijn afgerond en onderdrukt volgens de regels van de meting; een lege cel is onderdrukt of onbekend."}}
	for _, h := range csvHeader {
		sh.Columns = append(sh.Columns, export.Column{Title: h, Sum: h == "bedrag_eur"})
	}
	for _, r := range v.Rows {
		var amount, per any
		if r.AmountEUR != nil {
			amount = export.Euros(*r.AmountEUR)
		}
		if r.Per1000 != nil {
			per = export.Euros(math.Round(*r.Per1000))
		}
		sup := 0
		if r.Suppressed {
			sup = 1
		}
		sh.Rows = append(sh.Rows, []any{r.Area, r.Name, v.Q.Level, v.Q.By, r.Category, r.Households, r.Persons, amount, per, sup, r.Reason})
	}
	return sh
}

func (a *analystPages) table(s *server, w http.ResponseWriter, r *http.Request) (mapView, bool) {
	q := parseMapQuery(r)
	if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, q.Period), "beleidsanalyse: download"); !ok {
		return mapView{}, false
	}
	v, err := a.build(r.Context(), q)
	if errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "Er is geen meting voor periode "+q.Period+".")
		return v, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return v, false
	}
	return v, true
}

func (v mapView) fileName(ext string) string {
	n := fmt.Sprintf("ontschot-%s-v%d-%s", v.Release.Period, v.Release.Version, v.Q.Level)
	if v.Q.In != "" {
		n += "-" + v.Q.In
	}
	return n + "-" + v.Q.By + "." + ext
}

func (a *analystPages) tableCSV(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := a.table(s, w, r)
		if !ok {
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+v.fileName("csv")+`"`)
		export.WriteCSV(w, v.records())
	}
}

func (a *analystPages) tableXLSX(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := a.table(s, w, r)
		if !ok {
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+v.fileName("xlsx")+`"`)
		if err := export.WriteXLSX(w, v.sheet()); err != nil {
			s.log.Error("xlsx", "err", err)
		}
	}
}

// concentration is the published concentration of one area.
type concentration = analysis.Concentration

type lorenzPoint = analysis.LorenzPoint

func lorenzPoints(ps []lorenzPoint) []chart.LorenzPoint {
	out := make([]chart.LorenzPoint, len(ps))
	for i, p := range ps {
		out[i] = chart.LorenzPoint(p)
	}
	return out
}

func (a *analystPages) concentrations(ctx context.Context, releaseID int64) ([]concentration, error) {
	xs, err := a.rel.ReleaseExtras(ctx, releaseID, "concentration")
	if err != nil {
		return nil, err
	}
	return analysis.Concentrations(xs)
}

type concentrationView struct {
	Release   store.ReleaseInfo
	Periods   []option
	Areas     []option
	Selected  *concentration
	Name      string
	Lorenz    template.HTML
	Rows      []concRow
	LevelOpts []option
}

type concRow struct {
	concentration
	Name string
	Href string
}

func (a *analystPages) concentrationLatest(s *server) http.HandlerFunc {
	return a.toLatest(s, "/concentratie")
}

func (a *analystPages) concentration(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		period := r.PathValue("period")
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, period), "beleidsanalyse: concentratie"); !ok {
			return
		}
		rel, err := a.rel.Release(r.Context(), period, 0)
		if errors.Is(err, store.ErrNotFound) {
			s.fail(w, r, http.StatusNotFound, "Er is geen meting voor periode "+period+".")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		cs, err := a.concentrations(r.Context(), rel.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		g, err := a.index(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		level := r.URL.Query().Get("niveau")
		if level == "" {
			level = "wijk"
		}
		v := concentrationView{Release: rel}
		want := r.URL.Query().Get("gebied")
		rank := map[string]int{"gemeente": 0, "wijk": 1, "buurt": 2, "blok": 3}
		sort.SliceStable(cs, func(i, j int) bool {
			if rank[cs[i].Level] != rank[cs[j].Level] {
				return rank[cs[i].Level] < rank[cs[j].Level]
			}
			return cs[i].Area < cs[j].Area
		})
		nameOf := func(code string) string {
			if ar := g.byCode[code]; ar != nil {
				return ar.Name
			}
			return code
		}
		for i := range cs {
			c := &cs[i]
			if want == "" && c.Level == "gemeente" {
				want = c.Area
			}
			if c.Area == want {
				v.Selected, v.Name = c, nameOf(c.Area)
			}
			v.Areas = append(v.Areas, option{c.Area, nameOf(c.Area) + " (" + c.Level + ")", c.Area == want})
			if c.Level == level || c.Level == "gemeente" {
				v.Rows = append(v.Rows, concRow{concentration: *c, Name: nameOf(c.Area), Href: "/gemeente/" + url.PathEscape(period) + "/concentratie?gebied=" + url.QueryEscape(c.Area) + "&niveau=" + url.QueryEscape(level)})
			}
		}
		for _, l := range []string{"wijk", "buurt"} {
			v.LevelOpts = append(v.LevelOpts, option{l, l, l == level})
		}
		if v.Selected != nil && !v.Selected.Suppressed && len(v.Selected.Lorenz) > 1 {
			v.Lorenz = chart.Lorenz("Lorenzcurve van de uitgaven per huishouden in "+v.Name+", meting "+rel.Period, lorenzPoints(v.Selected.Lorenz))
		}
		rels, _ := a.rel.Releases(r.Context())
		seen := map[string]bool{}
		for _, rl := range rels {
			if !seen[rl.Period] {
				seen[rl.Period] = true
				v.Periods = append(v.Periods, option{rl.Period, rl.Period, rl.Period == period})
			}
		}
		s.render(w, r, http.StatusOK, "concentration", page{Title: "Concentratie van de uitgaven, meting " + rel.Period, Wide: true, Data: v})
	}
}

type trendView struct {
	Periods  []string
	Rows     []trendRow
	Chart    template.HTML
	Measure  string
	Level    string
	Levels   []option
	Measures []option
	Baseline string
	Latest   string
	Note     string
}

type trendRow struct {
	Area, Name string
	Values     []*int64
	Reasons    []string
	Change     *int64
	ChangePct  *float64
}

func (a *analystPages) trend(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, "*"), "beleidsanalyse: trend"); !ok {
			return
		}
		q := r.URL.Query()
		level := q.Get("niveau")
		if level != "gemeente" && level != "buurt" {
			level = "wijk"
		}
		measure := q.Get("maat")
		if measure != "huishoudens" {
			measure = "bedrag"
		}
		v, err := a.buildTrend(r.Context(), level, measure)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "trend", page{Title: "Trend en vergelijking met de nulmeting", Wide: true, Data: v})
	}
}

func (a *analystPages) buildTrend(ctx context.Context, level, measure string) (trendView, error) {
	v := trendView{Level: level, Measure: measure}
	for _, l := range []string{"gemeente", "wijk", "buurt"} {
		v.Levels = append(v.Levels, option{l, strings.ToUpper(l[:1]) + l[1:], l == level})
	}
	v.Measures = []option{{"bedrag", "Bedrag (€)", measure == "bedrag"}, {"huishoudens", "Huishoudens", measure == "huishoudens"}}
	rels, err := a.rel.Releases(ctx)
	if err != nil {
		return v, err
	}
	// Latest version per period, oldest period first.
	latest := map[string]store.ReleaseInfo{}
	for _, rl := range rels {
		if cur, ok := latest[rl.Period]; !ok || rl.Version > cur.Version {
			latest[rl.Period] = rl
		}
	}
	for p := range latest {
		v.Periods = append(v.Periods, p)
	}
	sort.Strings(v.Periods)
	if len(v.Periods) == 0 {
		return v, nil
	}
	v.Baseline, v.Latest = v.Periods[0], v.Periods[len(v.Periods)-1]
	g, err := a.index(ctx)
	if err != nil {
		return v, err
	}
	rows := map[string]*trendRow{}
	var order []string
	for i, p := range v.Periods {
		cells, err := a.rel.ReleaseCells(ctx, latest[p].ID, level, "total")
		if err != nil {
			return v, err
		}
		for _, c := range cells {
			row := rows[c.Area]
			if row == nil {
				name := c.Area
				if ar := g.byCode[c.Area]; ar != nil {
					name = ar.Name
				}
				row = &trendRow{Area: c.Area, Name: name, Values: make([]*int64, len(v.Periods)), Reasons: make([]string, len(v.Periods))}
				rows[c.Area] = row
				order = append(order, c.Area)
			}
			val := c.AmountEUR
			if measure == "huishoudens" {
				val = c.Households
			}
			row.Values[i] = val
			if c.Suppressed {
				row.Reasons[i] = c.Reason
			}
		}
	}
	sort.Slice(order, func(i, j int) bool { return rows[order[i]].Name < rows[order[j]].Name })
	var series []chart.Series
	for _, code := range order {
		row := rows[code]
		first, last := row.Values[0], row.Values[len(row.Values)-1]
		if first != nil && last != nil && len(v.Periods) > 1 {
			d := *last - *first
			row.Change = &d
			if *first != 0 {
				p := float64(d) / float64(*first)
				row.ChangePct = &p
			}
		}
		v.Rows = append(v.Rows, *row)
	}
	// The chart shows at most seven lines: the largest areas by the latest value.
	chartRows := append([]trendRow(nil), v.Rows...)
	sort.SliceStable(chartRows, func(i, j int) bool {
		return deref64(chartRows[i].Values[len(v.Periods)-1]) > deref64(chartRows[j].Values[len(v.Periods)-1])
	})
	if len(chartRows) > len(categorical) {
		v.Note = fmt.Sprintf("De grafiek toont de %d grootste van %d gebieden; de tabel toont ze allemaal.", len(categorical), len(chartRows))
		chartRows = chartRows[:len(categorical)]
	}
	for _, row := range chartRows {
		series = append(series, chart.Series{Name: row.Name, Values: row.Values})
	}
	label := "Bedrag per " + level + " per meting"
	if measure == "huishoudens" {
		label = "Huishoudens per " + level + " per meting"
	}
	v.Chart = chart.Trend(label, v.Periods, series, measure == "bedrag")
	return v, nil
}

func deref64(p *int64) int64 {
	if p == nil {
		return math.MinInt64
	}
	return *p
}

func (a *analystPages) reportPDF(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		period := r.PathValue("period")
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, period), "beleidsanalyse: rapport"); !ok {
			return
		}
		version, _ := strconv.Atoi(r.URL.Query().Get("versie")) // absent or wrong: the newest
		var buf bytes.Buffer
		err := export.ReleasePDF(r.Context(), a.rel, period, version, &buf)
		if errors.Is(err, store.ErrNotFound) {
			s.fail(w, r, http.StatusNotFound, "Er is geen meting voor periode "+period+".")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ontschot-rapport-%s.pdf"`, strings.NewReplacer(`"`, "", "/", "-", `\`, "").Replace(period)))
		w.Write(buf.Bytes())
	}
}
