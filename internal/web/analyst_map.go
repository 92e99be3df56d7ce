package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// mapQuery is what the map page shows.
type mapQuery struct {
	Period   string
	Version  int
	Level    string // gemeente, wijk, buurt, blok
	In       string // parent area code, "" for the whole municipality
	Measure  string // bedrag, huishoudens, per1000
	By       string // total, geldstroom, zorgsoort
	Category string
	Sort     string // the table's order: gebied (default), huishoudens, bedrag, per1000; "-" before it for descending
}

var measures = []struct{ Key, Label string }{
	{"bedrag", "Bedrag (€)"}, {"huishoudens", "Huishoudens"}, {"per1000", "Bedrag per 1.000 inwoners"},
	{"perhuishouden", "Bedrag per huishouden"},
}

// breakdowns are the published breakdowns with their Dutch labels.
var breakdowns = func() []struct{ Key, Label string } {
	var out []struct{ Key, Label string }
	for _, b := range model.Breakdowns {
		out = append(out, struct{ Key, Label string }{b, model.BreakdownLabel[b]})
	}
	return out
}()

func parseMapQuery(r *http.Request) mapQuery {
	q := r.URL.Query()
	m := mapQuery{Period: r.PathValue("period"), Level: q.Get("niveau"), In: q.Get("in"), Measure: q.Get("maat"), By: q.Get("naar"), Category: q.Get("categorie")}
	if _, err := areas.ParseLevel(m.Level); err != nil {
		m.Level = "wijk"
	}
	if m.Measure != "huishoudens" && m.Measure != "per1000" && m.Measure != "perhuishouden" {
		m.Measure = "bedrag"
	}
	if m.By != "geldstroom" && m.By != "zorgsoort" {
		m.By = "total"
	}
	if len(m.In) > 20 {
		m.In = ""
	}
	switch strings.TrimPrefix(q.Get("sorteer"), "-") {
	case "huishoudens", "bedrag", "per1000":
		m.Sort = q.Get("sorteer")
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
	if c.Sort != "" {
		v.Set("sorteer", c.Sort)
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
	// Where a withheld figure can be seen: the level above or the total
	// without a breakdown.
	SeeLabel, SeeHref string
}

type mapView struct {
	Q          mapQuery
	Release    model.ReleaseInfo
	Releases   []model.ReleaseInfo
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
	BlokDrawn  bool // the bloks have frozen outlines and are drawn
	CSV, XLSX  string
	Parent     *tableRow
	AreaNoun   string // "wijken", "buurten", "blokken": what the legend counts
	AreaNoun1  string // "wijk", "buurt", "blok"
	SortLinks  map[string]sortLink
	Total      tableTotal
	ClassNote  string      // where the classes come from, when not from this map alone
	Spread     *spreadView // declared and lump-sum money per area, when the release spreads a lump sum (analyst_funding_spread.go)
	// Gemeenten is the gemeente chooser of a region's analyst (the whole
	// region first); empty when the analyst sees one gemeente.
	Gemeenten []navItem
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
	var blokList []*geoArea
	if q.Level == "blok" {
		// The table names the postcodes of each blok; the map draws the
		// bloks' frozen outlines when there are any.
		list, pcs, err := a.bloksOf(ctx, rel.Period, q.In, codes, name)
		if err != nil {
			return v, err
		}
		blokList, v.BlokDrawn = list, len(list) > 0
		plain := name
		name = func(code string) string {
			if span := postcodeSpan(pcs[code]); span != "" {
				return plain(code) + ": " + span
			}
			return plain(code)
		}
	}
	inhabitants := func(code string) int64 {
		if ar := g.byCode[code]; ar != nil {
			return ar.Inhabitants
		}
		return -1
	}
	// In a region's table, wijken and buurten of the same name ("Wijk 01
	// Centrum") are told apart by their gemeente.
	gemeenteSuffix := func(code string) string {
		ar := g.byCode[code]
		if len(g.byLevel["gemeente"]) < 2 || q.In != "" || ar == nil || ar.Gemeente == "" || ar.Level == "gemeente" {
			return ""
		}
		return " (" + name(ar.Gemeente) + ")"
	}
	byArea := map[string]model.Cell{}
	for _, c := range cells {
		if !inSet[c.Area] {
			continue
		}
		row := tableRow{Area: c.Area, Name: name(c.Area) + gemeenteSuffix(c.Area), Category: c.Category, CategoryName: categoryName(q.By, c.Category),
			Households: c.Households, Persons: c.Persons, AmountEUR: c.AmountEUR, Suppressed: c.Suppressed, Reason: c.Reason, Inhabitants: inhabitants(c.Area)}
		if row.AmountEUR != nil && row.Inhabitants > 0 {
			p := per1000(*row.AmountEUR, row.Inhabitants)
			row.Per1000 = &p
		}
		if row.Suppressed {
			row.SeeLabel, row.SeeHref = a.seeAlso(g, q, c.Area, name)
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
	sortRows(v.Rows, q.Sort)
	v.SortLinks = sortLinks(q)
	v.Total = totalOf(v.Rows)
	// Values for the map.
	child := map[string]string{"gemeente": "wijk", "wijk": "buurt", "buurt": "blok"}[q.Level]
	childName := map[string]string{"wijk": "de wijken", "buurt": "de buurten", "blok": "de blokken"}[child]
	mc := map[string]chart.MapCell{}
	var values []float64
	// rate is the measure's value for a cell when the measure is a rate,
	// which compares across the municipality; nil for counts and amounts.
	var rate func(c model.Cell) *float64
	switch q.Measure {
	case "per1000":
		rate = func(c model.Cell) *float64 {
			if c.AmountEUR == nil || inhabitants(c.Area) <= 0 {
				return nil
			}
			f := per1000(*c.AmountEUR, inhabitants(c.Area))
			return &f
		}
	case "perhuishouden":
		rate = func(c model.Cell) *float64 {
			if c.AmountEUR == nil || c.Households == nil || *c.Households <= 0 {
				return nil
			}
			f := perHousehold(*c.AmountEUR, *c.Households)
			return &f
		}
	}
	formatV := func(f float64) string {
		switch q.Measure {
		case "huishoudens":
			return money.Group(int64(math.Round(f)))
		}
		return eur(money.FormatEuros(int64(math.Round(f))))
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
			case "per1000", "perhuishouden":
				if val = rate(c); val == nil && !c.Suppressed && q.Measure == "per1000" {
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
			if label, _ := a.seeAlso(g, q, code, name); label != "" {
				cell.Reason += "; " + label
			}
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
	if rate != nil && q.In != "" {
		// A rate compares across the municipality: the part is coloured by
		// the classes of every area of its level, so a drill-down keeps them.
		var all []float64
		for _, c := range cells {
			if c.Category != q.Category {
				continue
			}
			if r := rate(c); r != nil {
				all = append(all, *r)
			}
		}
		if len(all) > len(values) {
			v.Legend = chart.Counted(chart.Classify(all, formatV), values)
			v.ClassNote = "De klassen zijn die van alle " + map[string]string{"wijk": "wijken", "buurt": "buurten", "blok": "blokken"}[q.Level] + " van de gemeente, zodat de kleuren vergelijkbaar blijven; het getal tussen haakjes telt de gebieden op deze kaart."
		}
	}
	v.AreaNoun = map[string]string{"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten", "blok": "blokken"}[q.Level]
	v.AreaNoun1 = q.Level
	measureLabel := map[string]string{"bedrag": "bedrag", "huishoudens": "aantal huishoudens", "per1000": "bedrag per 1.000 inwoners", "perhuishouden": "bedrag per huishouden"}[q.Measure]
	levelPlural := map[string]string{"gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt", "blok": "blok"}[q.Level]
	gemeenten := g.byLevel["gemeente"]
	where := "de hele gemeente"
	switch {
	case q.In != "":
		where = name(q.In)
	case len(gemeenten) > 1:
		where = "de regio"
	case len(gemeenten) == 1:
		where = gemeenten[0].Name
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
	opts := chart.MapOptions{Labels: true}
	var drawn drawnMap
	switch {
	case q.Level == "wijk" && q.In == "" && len(gemeenten) > 1:
		// A region: the gemeenten's borders over their wijken.
		drawn = a.drawnFor(g, key, list, gemeenten...)
		opts.Borders = drawn.extra
	case q.Level == "buurt" && q.In == "":
		// The wijken's borders over their buurten, with the wijken's names.
		drawn = a.drawnFor(g, key, list, g.byLevel["wijk"]...)
		opts.Borders = drawn.extra
	case q.In != "" && g.byCode[q.In] != nil && q.Level != "blok":
		drawn = a.drawnFor(g, key, list, g.byCode[q.In])
		opts.Focus = drawn.extra
	default:
		drawn = a.drawnFor(g, key, list)
	}
	if q.Level == "blok" && len(blokList) > 0 {
		drawn = a.drawnFor(g, "blok|"+rel.Period+"|"+q.In, blokList, list...)
		opts.Focus = drawn.extra
		v.SVG = chart.ChoroplethWith(v.Title, drawn.areas, drawn.height, mc, v.Legend, opts)
	} else if q.Level == "blok" {
		// A blok is a cluster of postcodes without an outline of its own:
		// draw the buurt, hatched or coloured as nothing, and let the table speak.
		mcb := map[string]chart.MapCell{}
		if len(drawn.areas) > 0 {
			mcb[drawn.areas[0].Code] = chart.MapCell{Text: fmt.Sprintf("%d blokken, zie de tabel", len(codes))}
		}
		v.SVG = chart.Choropleth(v.Title, drawn.areas, drawn.height, mcb, nil, true)
	} else {
		v.SVG = chart.ChoroplethWith(v.Title, drawn.areas, drawn.height, mc, v.Legend, opts)
	}
	// Breadcrumbs: (regio →) gemeente → wijk → buurt.
	top := "Gemeente"
	if len(gemeenten) > 1 {
		top = "Regio"
	}
	v.Crumbs = append(v.Crumbs, navItem{Label: top, Href: q.url(func(m *mapQuery) { m.Level, m.In = "wijk", "" })})
	if ar := g.byCode[q.In]; ar != nil {
		if gm := ar.Gemeente; len(gemeenten) > 1 && gm != "" && ar.Level != "gemeente" {
			v.Crumbs = append(v.Crumbs, navItem{Label: name(gm), Href: q.url(func(m *mapQuery) { m.Level, m.In = "wijk", gm })})
		}
		if ar.Level == "buurt" && ar.Wijk != "" {
			w := ar.Wijk
			v.Crumbs = append(v.Crumbs, navItem{Label: name(w), Href: q.url(func(m *mapQuery) { m.Level, m.In = "buurt", w })})
		}
		v.Crumbs = append(v.Crumbs, navItem{Label: ar.Name, Current: true})
	}
	for _, l := range model.MapLevels {
		l := l
		v.Levels = append(v.Levels, navItem{Label: strings.ToUpper(l[:1]) + l[1:], Href: q.url(func(m *mapQuery) { m.Level, m.In = l, "" }), Current: q.Level == l && q.In == ""})
	}
	v.Gemeenten = gemeenteChooser(q, gemeenten)
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

func (a *analystPages) mapPage(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := parseMapQuery(r)
		if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, q.Period), "beleidsanalyse"); !ok {
			return
		}
		v, err := a.build(r.Context(), q)
		if errors.Is(err, model.ErrNotFound) {
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
		if v.Spread, err = a.spreadFor(r.Context(), v); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "map", page{Title: v.Title, Wide: true, Data: v})
	}
}

// gemeenteChooser lets a region's analyst look at the whole region or at
// one gemeente (its wijken); nil when there is one gemeente to see.
func gemeenteChooser(q mapQuery, gemeenten []*geoArea) []navItem {
	if len(gemeenten) < 2 {
		return nil
	}
	list := append([]*geoArea{}, gemeenten...)
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	current := q.In
	if len(current) > 6 {
		current = model.GemeenteOfCode(current)
	}
	out := []navItem{{Label: "Hele regio", Href: q.url(func(m *mapQuery) { m.Level, m.In = "wijk", "" }), Current: current == ""}}
	for _, gm := range list {
		code := gm.Code
		out = append(out, navItem{Label: gm.Name, Href: q.url(func(m *mapQuery) { m.Level, m.In = "wijk", code }), Current: current == code})
	}
	return out
}

// per1000 is an amount per 1.000 inhabitants, no more precise than the
// release: the amount is rounded to € 1.000, so the rate is rounded to two
// significant digits (€ 314.286 shows as € 310.000).
func per1000(amountEUR, inhabitants int64) float64 {
	p := float64(amountEUR) * 1000 / float64(inhabitants)
	if p <= 0 {
		return p
	}
	mag := math.Pow(10, math.Floor(math.Log10(p))-1)
	return math.Round(p/mag) * mag
}

// seeAlso says where a withheld figure can be seen: the total without a
// breakdown at this level, else the area one level up (the wijk of a buurt,
// the buurt of a blok, the municipality of a wijk).
func (a *analystPages) seeAlso(g *geoIndex, q mapQuery, code string, name func(string) string) (string, string) {
	if q.By != "total" {
		return "zie het totaal zonder indeling", q.url(func(m *mapQuery) { m.By, m.Category = "total", "" })
	}
	switch q.Level {
	case "blok":
		if p := blokParent(code); p != "" {
			wijk := ""
			if ar := g.byCode[p]; ar != nil {
				wijk = ar.Wijk
			}
			return "zie het totaal van buurt " + name(p), q.url(func(m *mapQuery) { m.Level, m.In = "buurt", wijk })
		}
	case "buurt":
		if ar := g.byCode[code]; ar != nil && ar.Wijk != "" {
			w := ar.Wijk
			return "zie het totaal van wijk " + name(w), q.url(func(m *mapQuery) { m.Level, m.In = "wijk", "" })
		}
	case "wijk":
		return "zie het totaal van de gemeente", q.url(func(m *mapQuery) { m.Level, m.In = "gemeente", "" })
	}
	return "", ""
}

// perHousehold is the amount per household, rounded like per1000: both
// figures are rounded in the release, so two significant digits at most.
func perHousehold(amountEUR, households int64) float64 {
	p := float64(amountEUR) / float64(households)
	if p <= 0 {
		return p
	}
	mag := math.Pow(10, math.Floor(math.Log10(p))-1)
	return math.Round(p/mag) * mag
}
