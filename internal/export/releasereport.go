package export

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ontschot/ontschot/internal/analysis"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// ReleaseSource is what the release report reads: released tables, the
// areas' names and inhabitants, nothing about households. web's
// ReleaseReader and *store.Store both satisfy it.
type ReleaseSource interface {
	Releases(ctx context.Context) ([]model.ReleaseInfo, error)
	Release(ctx context.Context, period string, version int) (model.ReleaseInfo, error)
	ReleaseCells(ctx context.Context, releaseID int64, level, by string) ([]model.Cell, error)
	ReleaseExtras(ctx context.Context, releaseID int64, kind string) ([]model.ReleaseExtra, error)
	Areas(ctx context.Context) ([]model.Area, error)
}

// The printable report of one release (SPEC §5.9). Like the analyst pages it
// reads through a ReleaseSource only, so it can print nothing but what the
// release already published: a suppressed cell stays "onderdrukt", never 0.

const (
	suppressedText = "onderdrukt"
	reportFooter   = "Bron: Ontschot, vastgestelde meting — bevat geen gegevens over personen of huishoudens"
)

// ReleaseReport is everything the PDF shows, as text, in the order it shows it.
type ReleaseReport struct {
	Title          string // "Meting 2025 (versie 2)"
	Gemeente       string
	Facts          [][]string // label, value
	Rules          string
	Totals         [][]string // category, households, persons, amount
	Geldstroom     [][]string
	Zorgsoort      [][]string
	Wijken         [][]string // name, households, persons, amount, per 1.000
	Buurten        [][]string // name, wijk, households, persons, amount, per 1.000
	Baseline       string     // "2024 (versie 1)", "" when this release is the nulmeting
	Comparison     [][]string // wijk, nulmeting, deze meting, verschil €, verschil %
	ConcPcts       []int
	Conc           [][]string // area, level, households, top shares…, >100k, >500k
	ConcSuppressed int        // areas whose concentration figures are suppressed
	MapShapes      []ReportShape
	MapLegend      []ReportClass
	Bars           []ReportBar
}

// ReleasePDF writes the report of release period/version (version 0 is the
// newest) as an A4 PDF. It reads released tables only.
func ReleasePDF(ctx context.Context, rr ReleaseSource, period string, version int, w io.Writer) error {
	rep, err := BuildReleaseReport(ctx, rr, period, version)
	if err != nil {
		return err
	}
	return WriteReleasePDF(w, rep, true)
}

// disclosureRules mirrors the thresholds package release stores as JSON with
// each release; web reads the body, not the package.
type disclosureRules struct {
	MinHouseholds    int     `json:"min_households"`
	PPercent         float64 `json:"p_percent"`
	RoundCount       int     `json:"round_count"`
	RoundAmountCents int64   `json:"round_amount_cents"`
}

func rulesParagraph(body string) string {
	r := disclosureRules{}
	_ = json.Unmarshal([]byte(body), &r) // an unreadable body falls back to SPEC §4
	if r.MinHouseholds <= 0 {
		r.MinHouseholds = 10
	}
	if r.PPercent <= 0 {
		r.PPercent = 20
	}
	if r.RoundCount <= 0 {
		r.RoundCount = 5
	}
	if r.RoundAmountCents <= 0 {
		r.RoundAmountCents = 100000
	}
	return fmt.Sprintf("Deze meting volgt de regels voor openbaarmaking. Aantallen huishoudens en personen zijn afgerond op een veelvoud van %d; "+
		"bedragen zijn afgerond op %s. Een cel met minder dan %d huishoudens, of waarin één huishouden (of een paar) een overheersend deel "+
		"van het bedrag heeft (p%%-regel, p = %s%%), is onderdrukt. Daarnaast zijn zo nodig andere cellen onderdrukt (secundaire onderdrukking), "+
		"zodat een onderdrukte waarde niet uit de totalen terug te rekenen is. Onderdrukte cellen staan in dit rapport als \"onderdrukt\", nooit als 0; "+
		"totalen zijn zelf afgerond en hoeven dus niet precies op te tellen.",
		r.RoundCount, money.FormatEuros(r.RoundAmountCents/100), r.MinHouseholds, strconv.FormatFloat(r.PPercent, 'f', -1, 64))
}

// releaseDate writes the release's RFC 3339 time as a Dutch date.
func releaseDate(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		t = t.In(loc)
	}
	return model.Datum(int64(t.Year()*10000+int(t.Month())*100+t.Day())) + ", " + t.Format("15:04")
}

func countText(c model.Cell, p *int64) string {
	switch {
	case c.Suppressed:
		return suppressedText
	case p == nil:
		return "—"
	}
	return money.Group(*p)
}

func amountText(c model.Cell) string {
	switch {
	case c.Suppressed:
		return suppressedText
	case c.AmountEUR == nil:
		return "—"
	}
	return money.FormatEuros(*c.AmountEUR)
}

func per1000Text(c model.Cell, inhabitants int64) string {
	switch {
	case c.Suppressed:
		return suppressedText
	case c.AmountEUR == nil:
		return "—"
	case inhabitants <= 0:
		return "onbekend"
	}
	return money.FormatEuros(int64(math.Round(float64(*c.AmountEUR) * 1000 / float64(inhabitants))))
}

// BuildReleaseReport gathers the report of release period/version (version 0
// is the newest) as text.
func BuildReleaseReport(ctx context.Context, rr ReleaseSource, period string, version int) (ReleaseReport, error) {
	var rep ReleaseReport
	rel, err := rr.Release(ctx, period, version)
	if err != nil {
		return rep, fmt.Errorf("rapport meting %s: %w", period, err)
	}
	as, err := rr.Areas(ctx)
	if err != nil {
		return rep, fmt.Errorf("rapport meting %s: gebieden: %w", period, err)
	}
	byCode := map[string]*model.Area{}
	var gemeenten []*model.Area
	for i := range as {
		byCode[as[i].Code] = &as[i]
		if as[i].Level == "gemeente" {
			gemeenten = append(gemeenten, &as[i])
		}
	}
	name := func(code string) string {
		if ar := byCode[code]; ar != nil {
			return ar.Name
		}
		return code
	}
	inhabitants := func(code string) int64 {
		if ar := byCode[code]; ar != nil {
			return ar.Inhabitants
		}
		return -1
	}
	cells := func(id int64, level, by string) ([]model.Cell, error) {
		cs, err := rr.ReleaseCells(ctx, id, level, by)
		if err != nil {
			return nil, fmt.Errorf("rapport meting %s: cellen %s/%s: %w", period, level, by, err)
		}
		sort.SliceStable(cs, func(i, j int) bool {
			if ni, nj := name(cs[i].Area), name(cs[j].Area); ni != nj {
				return ni < nj
			}
			return cs[i].Category < cs[j].Category
		})
		return cs, nil
	}

	rep.Title = fmt.Sprintf("Meting %s (versie %d)", rel.Period, rel.Version)
	if len(gemeenten) == 1 {
		rep.Gemeente = gemeenten[0].Name
	}
	rep.Facts = [][]string{
		{"Periode", rel.Period},
		{"Versie", strconv.Itoa(rel.Version)},
		{"Vastgesteld op", releaseDate(rel.CreatedAt)},
	}
	rep.Rules = rulesParagraph(rel.Rules)

	// The gemeente as a whole, in total and by geldstroom and zorgsoort.
	for _, part := range []struct {
		by  string
		out *[][]string
	}{{"total", &rep.Totals}, {"geldstroom", &rep.Geldstroom}, {"zorgsoort", &rep.Zorgsoort}} {
		cs, err := cells(rel.ID, "gemeente", part.by)
		if err != nil {
			return rep, err
		}
		for _, c := range cs {
			label := model.CategoryName(part.by, c.Category)
			if part.by == "total" {
				label = name(c.Area)
			}
			*part.out = append(*part.out, []string{label, countText(c, c.Households), countText(c, c.Persons), amountText(c)})
		}
	}

	wijken, err := cells(rel.ID, "wijk", "total")
	if err != nil {
		return rep, err
	}
	rep.reportMap(wijken, byCode)
	for _, c := range wijken {
		rep.Wijken = append(rep.Wijken, []string{name(c.Area), countText(c, c.Households), countText(c, c.Persons), amountText(c), per1000Text(c, inhabitants(c.Area))})
	}
	buurten, err := cells(rel.ID, "buurt", "total")
	if err != nil {
		return rep, err
	}
	sort.SliceStable(buurten, func(i, j int) bool { // by wijk, then by name
		wi, wj := "", ""
		if ar := byCode[buurten[i].Area]; ar != nil {
			wi = name(ar.Wijk)
		}
		if ar := byCode[buurten[j].Area]; ar != nil {
			wj = name(ar.Wijk)
		}
		return wi < wj
	})
	for _, c := range buurten {
		wijk := ""
		if ar := byCode[c.Area]; ar != nil && ar.Wijk != "" {
			wijk = name(ar.Wijk)
		}
		rep.Buurten = append(rep.Buurten, []string{name(c.Area), wijk, countText(c, c.Households), countText(c, c.Persons), amountText(c), per1000Text(c, inhabitants(c.Area))})
	}

	// The nulmeting is the newest version of the oldest period.
	rels, err := rr.Releases(ctx)
	if err != nil {
		return rep, fmt.Errorf("rapport meting %s: metingen: %w", period, err)
	}
	var base *model.ReleaseInfo
	for i := range rels {
		rl := &rels[i]
		if base == nil || rl.Period < base.Period || (rl.Period == base.Period && rl.Version > base.Version) {
			base = rl
		}
	}
	if base != nil && base.Period != rel.Period {
		rep.Baseline = fmt.Sprintf("%s (versie %d)", base.Period, base.Version)
		before, err := cells(base.ID, "wijk", "total")
		if err != nil {
			return rep, err
		}
		old := map[string]model.Cell{}
		for _, c := range before {
			old[c.Area] = c
		}
		for _, c := range wijken {
			o, ok := old[c.Area]
			row := []string{name(c.Area), "geen gegevens", amountText(c), "n.v.t.", "n.v.t."}
			if ok {
				row[1] = amountText(o)
			}
			if ok && !o.Suppressed && !c.Suppressed && o.AmountEUR != nil && c.AmountEUR != nil {
				d := *c.AmountEUR - *o.AmountEUR
				row[3] = money.FormatEuros(d)
				if d > 0 {
					row[3] = "+" + row[3]
				}
				if *o.AmountEUR != 0 {
					row[4] = signedPercent(float64(d) / float64(*o.AmountEUR))
				}
			}
			rep.Comparison = append(rep.Comparison, row)
		}
	}

	xs, err := rr.ReleaseExtras(ctx, rel.ID, "concentration")
	if err != nil {
		return rep, fmt.Errorf("rapport meting %s: %w", period, err)
	}
	cs, err := analysis.Concentrations(xs)
	if err != nil {
		return rep, fmt.Errorf("rapport meting %s: %w", period, err)
	}
	rank := map[string]int{"gemeente": 0, "wijk": 1, "buurt": 2, "blok": 3}
	sort.SliceStable(cs, func(i, j int) bool {
		if rank[cs[i].Level] != rank[cs[j].Level] {
			return rank[cs[i].Level] < rank[cs[j].Level]
		}
		return name(cs[i].Area) < name(cs[j].Area)
	})
	pctSeen := map[int]bool{}
	for _, c := range cs {
		for _, ts := range c.TopShares {
			if !pctSeen[ts.Pct] && len(rep.ConcPcts) < 4 {
				pctSeen[ts.Pct] = true
				rep.ConcPcts = append(rep.ConcPcts, ts.Pct)
			}
		}
	}
	sort.Ints(rep.ConcPcts)
	for _, c := range cs {
		if c.Level == "blok" {
			continue // blokken have no outline and no place in a printed overview
		}
		if c.Suppressed && len(c.Partial) == 0 {
			rep.ConcSuppressed++ // only published figures are printed, with a count of the rest
			continue
		}
		if c.Suppressed {
			c.TopShares = c.Partial // the broader shares the release still shows
		}
		row := []string{name(c.Area), c.Level}
		opt := func(p *int64) string {
			if p == nil {
				return suppressedText
			}
			return money.Group(*p)
		}
		row = append(row, opt(c.Households))
		for _, p := range rep.ConcPcts {
			cell := "—"
			for _, ts := range c.TopShares {
				if ts.Pct == p {
					cell = suppressedText
					if ts.Share != nil {
						cell = money.Percent(*ts.Share)
					}
				}
			}
			row = append(row, cell)
		}
		row = append(row, opt(c.Above100k), opt(c.Above500k))
		rep.Conc = append(rep.Conc, row)
	}
	return rep, nil
}

// writeReleasePDF lays the report out on A4. compress is off only in tests,
// which read the text back from the page streams.
func WriteReleasePDF(w io.Writer, rep ReleaseReport, compress bool) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(compress)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252: €, ë, — and the like
	t := func(s string) string { return tr(strings.ReplaceAll(s, "−", "-")) }
	// The document's own title, in UTF-16 (a cp1252 byte would read as
	// another character in the PDF's metadata), shown as the window title.
	pdf.SetTitle("Ontschot – "+rep.Title, true)
	pdf.SetSubject("Rapport van de vastgestelde meting "+rep.Title, true)
	pdf.SetAuthor("Ontschot", true)
	pdf.SetLang("nl-NL")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetDrawColor(200, 205, 212)
		pdf.Line(15, pdf.GetY(), 195, pdf.GetY())
		pdf.SetFont("Helvetica", "", 7.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(150, 5, t(reportFooter), "", 0, "L", false, 0, "")
		pdf.CellFormat(30, 5, t(fmt.Sprintf("pagina %d van {nb}", pdf.PageNo())), "", 0, "R", false, 0, "")
	})
	pdf.SetHeaderFunc(func() {
		if pdf.PageNo() == 1 {
			return
		}
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, t("Ontschot – "+rep.Title), "", 1, "R", false, 0, "")
		pdf.Ln(2)
	})
	pdf.AddPage()

	// Title block.
	pdf.SetTextColor(27, 35, 48)
	pdf.SetFont("Helvetica", "", 10)
	sub := "Rapport van de vastgestelde meting"
	if rep.Gemeente != "" {
		sub += " – " + rep.Gemeente
	}
	pdf.CellFormat(0, 5, t(sub), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "B", 20)
	pdf.CellFormat(0, 10, t(rep.Title), "", 1, "L", false, 0, "")
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 9.5)
	for _, f := range rep.Facts {
		pdf.SetFont("Helvetica", "B", 9.5)
		pdf.CellFormat(35, 5, t(f[0]), "", 0, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 9.5)
		pdf.CellFormat(0, 5, t(f[1]), "", 1, "L", false, 0, "")
	}
	pdf.Ln(3)
	pdf.SetFillColor(243, 246, 250)
	pdf.SetFont("Helvetica", "", 9)
	pdf.SetTextColor(50, 56, 68)
	pdf.MultiCell(0, 4.6, t(rep.Rules), "", "L", true)
	pdf.SetTextColor(27, 35, 48)

	heading := func(s string) {
		_, pageH := pdf.GetPageSize()
		_, _, _, bottom := pdf.GetMargins()
		if pdf.GetY()+34 > pageH-bottom { // keep a heading with its note and first rows
			pdf.AddPage()
		}
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "B", 12.5)
		pdf.CellFormat(0, 7, t(s), "", 1, "L", false, 0, "")
	}
	note := func(s string) {
		pdf.SetFont("Helvetica", "", 8.5)
		pdf.SetTextColor(70, 74, 87)
		pdf.MultiCell(0, 4.3, t(s), "", "L", false)
		pdf.SetTextColor(27, 35, 48)
		pdf.Ln(1)
	}
	// table draws rows under header, repeating the header on a new page;
	// textCols columns are left-aligned, the rest (numbers) right-aligned.
	table := func(widths []float64, header []string, rows [][]string, textCols int) {
		if len(rows) == 0 {
			note("Geen gegevens gepubliceerd.")
			return
		}
		align := func(i int) string {
			if i < textCols {
				return "L"
			}
			return "R"
		}
		drawHeader := func() {
			pdf.SetFont("Helvetica", "B", 8.5)
			pdf.SetFillColor(231, 238, 246)
			pdf.SetDrawColor(160, 170, 185)
			for i, h := range header {
				pdf.CellFormat(widths[i], 6.5, t(h), "B", 0, align(i), true, 0, "")
			}
			pdf.Ln(-1)
		}
		drawHeader()
		_, pageH := pdf.GetPageSize()
		_, _, _, bottom := pdf.GetMargins()
		pdf.SetDrawColor(215, 220, 228)
		for _, row := range rows {
			if pdf.GetY()+5.5 > pageH-bottom {
				pdf.AddPage()
				drawHeader()
				pdf.SetDrawColor(215, 220, 228)
			}
			for i, c := range row {
				pdf.SetFont("Helvetica", "", 8.5)
				if c == suppressedText {
					pdf.SetFont("Helvetica", "I", 8.5)
					pdf.SetTextColor(110, 110, 110)
				}
				pdf.CellFormat(widths[i], 5.5, t(c), "B", 0, align(i), false, 0, "")
				pdf.SetTextColor(27, 35, 48)
			}
			pdf.Ln(-1)
		}
	}

	heading("Gemeente in totaal")
	table([]float64{75, 35, 35, 35}, []string{"Gebied", "Huishoudens", "Personen", "Bedrag"}, rep.Totals, 1)
	heading("Per geldstroom")
	table([]float64{75, 35, 35, 35}, []string{"Geldstroom", "Huishoudens", "Personen", "Bedrag"}, rep.Geldstroom, 1)
	heading("Per zorgsoort")
	table([]float64{75, 35, 35, 35}, []string{"Zorgsoort", "Huishoudens", "Personen", "Bedrag"}, rep.Zorgsoort, 1)

	if len(rep.MapShapes) > 0 {
		if _, pageH := pdf.GetPageSize(); pdf.GetY()+120 > pageH-20 {
			pdf.AddPage() // the heading stays with its map
		}
		heading("Kaart: bedrag per wijk")
		pdf.Ln(2)
		drawMap(pdf, t, rep, 110, 100)
	}
	if len(rep.Bars) > 0 {
		heading("Bedrag per wijk")
		drawBars(pdf, t, rep.Bars, 180)
	}
	heading("Per wijk")
	note("Bedrag per 1.000 inwoners: het bedrag gedeeld door het inwonertal van de wijk, maal 1.000; \"onbekend\" waar het inwonertal niet bekend is.")
	table([]float64{60, 28, 28, 32, 32}, []string{"Wijk", "Huishoudens", "Personen", "Bedrag", "Per 1.000 inw."}, rep.Wijken, 1)
	heading("Per buurt")
	table([]float64{40, 32, 22, 22, 32, 32}, []string{"Buurt", "Wijk", "Huishoudens", "Personen", "Bedrag", "Per 1.000 inw."}, rep.Buurten, 2)

	heading("Vergelijking met de nulmeting")
	if rep.Baseline == "" {
		note("Deze meting is de nulmeting: er is nog geen eerdere meting om mee te vergelijken.")
	} else {
		note("Bedrag per wijk in deze meting tegenover de nulmeting, meting " + rep.Baseline + ". \"n.v.t.\" waar een van beide cellen onderdrukt is.")
		table([]float64{50, 33, 33, 34, 30}, []string{"Wijk", "Nulmeting", "Deze meting", "Verschil", "Verschil %"}, rep.Comparison, 1)
	}

	heading("Concentratie van de uitgaven")
	switch {
	case len(rep.Conc) == 0 && rep.ConcSuppressed > 0:
		note(fmt.Sprintf("De concentratiecijfers van alle %d gebieden zijn onderdrukt: te weinig huishoudens per groep.", rep.ConcSuppressed))
	case len(rep.Conc) == 0:
		note("Voor deze meting zijn geen concentratiecijfers gepubliceerd.")
	default:
		if rep.ConcSuppressed > 0 {
			note(fmt.Sprintf("Van %d gebieden zijn de concentratiecijfers onderdrukt (te weinig huishoudens per groep); die staan niet in de tabel.", rep.ConcSuppressed))
		}
		note("Het aandeel in het totale bedrag van de huishoudens met de hoogste uitgaven (top 1% enzovoort), en het aantal huishoudens met uitgaven boven € 100.000 en € 500.000.")
		header := []string{"Gebied", "Niveau", "Huishoudens"}
		widths := []float64{34, 16, 20}
		for _, p := range rep.ConcPcts {
			header = append(header, fmt.Sprintf("Top %d%%", p))
			widths = append(widths, 17)
		}
		header = append(header, "> € 100.000", "> € 500.000")
		rest := (180 - 70 - 17*float64(len(rep.ConcPcts))) / 2 // at most four shares: 21 mm each
		widths = append(widths, rest, rest)
		table(widths, header, rep.Conc, 2)
	}
	return pdf.Output(w)
}

// signedPercent writes a change as a percentage with its sign: "+10,0%".
func signedPercent(f float64) string {
	s := money.Percent(f)
	if f > 0 {
		return "+" + s
	}
	return s
}
