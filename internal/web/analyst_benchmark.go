package web

// The page "Vergelijking met andere gemeenten": the municipality's Iv3
// lasten per inhabitant per group and taakveld against its peers (CBS open
// data), growth since an earlier year, and the released spend beside it.

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/benchmark"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/export"
	"github.com/ontschot/ontschot/internal/money"
)

type benchmarkView struct {
	Q       benchmark.Query
	Peers   string // as typed
	Held    []benchmark.Held
	Years   []option // documents to compare, "2025 begroting"
	From    []option // growth since
	Res     *benchmark.Result
	Problem string
	Growth  template.HTML
	// The groups (and total) and their growth as the page shows them.
	GroupRows  []benchRow
	GrowthRows []growthRow
	Download   string // query string of the downloads
	// Gemeenten are the region's gemeenten, to choose from (an instance of
	// several gemeenten, the region's analyst only).
	Gemeenten []option
}

// benchmarkQuery reads the page's question, with defaults from what is
// held: the instance's own gemeente, the latest document, growth since the
// earliest year of that document, and the release of that year beside it.
func (s *server) benchmarkQuery(ctx context.Context, r *http.Request) (benchmark.Query, string, []benchmark.Held, error) {
	held, err := s.bench.BenchmarkDocuments(ctx)
	if err != nil {
		return benchmark.Query{}, "", nil, err
	}
	q := r.URL.Query()
	bq := benchmark.Query{Gemeente: strings.TrimSpace(q.Get("gemeente")), Document: strings.ToLower(q.Get("document"))}
	if bq.Gemeente == "" {
		if g, err := s.analyst.index(ctx); err == nil {
			bq.Gemeente = leadGemeente(g.byLevel["gemeente"])
		}
	}
	bq.Jaar, _ = strconv.Atoi(q.Get("jaar"))
	if bq.Jaar == 0 && len(held) > 0 {
		latest := held[len(held)-1]
		bq.Jaar, bq.Document = latest.Jaar, latest.Document
	}
	if bq.Document == "" {
		bq.Document = "begroting"
	}
	if v := q.Get("vanaf"); v != "" {
		bq.Vanaf, _ = strconv.Atoi(v)
	} else {
		for _, h := range held {
			if h.Document == bq.Document && h.Jaar < bq.Jaar {
				bq.Vanaf = h.Jaar
				break
			}
		}
	}
	peers := q.Get("peers")
	for _, p := range strings.Split(peers, ",") {
		if p = strings.TrimSpace(p); p != "" {
			bq.Peers = append(bq.Peers, p)
		}
	}
	bq.Meting = q.Get("meting")
	if _, given := q["meting"]; !given {
		if _, err := s.rel.Release(ctx, strconv.Itoa(bq.Jaar), 0); err == nil {
			bq.Meting = strconv.Itoa(bq.Jaar)
		}
	}
	return bq, peers, held, nil
}

// benchmark runs the comparison; a question it cannot answer (an unknown
// name, a year without data) comes back as problem, for the person to read.
func (s *server) benchmarkResult(w http.ResponseWriter, r *http.Request, purpose string) (benchmarkView, bool) {
	if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, "*"), purpose); !ok {
		return benchmarkView{}, false
	}
	if s.bench == nil {
		s.fail(w, r, http.StatusNotFound, "De vergelijking met andere gemeenten is in deze installatie niet beschikbaar.")
		return benchmarkView{}, false
	}
	bq, peers, held, err := s.benchmarkQuery(r.Context(), r)
	if err != nil {
		s.serverError(w, r, err)
		return benchmarkView{}, false
	}
	v := benchmarkView{Q: bq, Peers: peers, Held: held}
	if g, err := s.analyst.index(r.Context()); err == nil && len(g.byLevel["gemeente"]) > 1 {
		gs := append([]*geoArea(nil), g.byLevel["gemeente"]...)
		sort.Slice(gs, func(i, j int) bool { return leadFirst(gs[i], gs[j]) })
		for _, ga := range gs {
			v.Gemeenten = append(v.Gemeenten, option{ga.Code, ga.Name, strings.EqualFold(bq.Gemeente, ga.Code) || strings.EqualFold(bq.Gemeente, ga.Name)})
		}
	}
	switch {
	case len(held) == 0:
		v.Problem = "Er zijn nog geen Iv3-cijfers van CBS. Importeer ze met: ontschot import iv3 BESTAND (en de kerncijfers met ontschot import kerncijfers BESTAND)."
	case bq.Gemeente == "":
		v.Problem = "Kies een gemeente."
	default:
		v.Res, err = s.bench.Benchmark(r.Context(), bq)
		if err != nil {
			v.Problem = dutchPart(err.Error())
		}
	}
	for _, h := range held {
		val := fmt.Sprintf("%d-%s", h.Jaar, h.Document)
		v.Years = append(v.Years, option{val, fmt.Sprintf("%s %d", h.Document, h.Jaar), h.Jaar == bq.Jaar && h.Document == bq.Document})
		if h.Document == bq.Document && h.Jaar < bq.Jaar {
			v.From = append(v.From, option{strconv.Itoa(h.Jaar), strconv.Itoa(h.Jaar), h.Jaar == bq.Vanaf})
		}
	}
	dl := url.Values{"gemeente": {bq.Gemeente}, "jaar": {strconv.Itoa(bq.Jaar)}, "document": {bq.Document}, "peers": {peers},
		"vanaf": {strconv.Itoa(bq.Vanaf)}, "meting": {bq.Meting}}
	v.Download = "?" + dl.Encode()
	return v, true
}

type benchRow struct{ Label, Lasten, PerInwoner, Peers, Released string }

type growthRow struct {
	Label, From, To, Own, Peers string
	Comparable                  bool
}

func euroOrNA(p *int64) string {
	if p == nil {
		return "n.v.t."
	}
	return eur(money.FormatEuros(*p))
}

func growthOrNA(p *float64) string {
	if p == nil {
		return "n.v.t."
	}
	return pctSigned(*p / 100)
}

// rows fills the page's rows from the result.
func (v *benchmarkView) rows() {
	if v.Res == nil {
		return
	}
	for _, r := range append(append([]benchmark.Row{}, v.Res.Groepen...), v.Res.Totaal) {
		v.GroupRows = append(v.GroupRows, benchRow{Label: r.Taakveld + " " + r.Naam, Lasten: eur(money.FormatEuros(r.Lasten)),
			PerInwoner: eur(money.FormatEuros(r.PerInwoner)), Peers: euroOrNA(r.PeersMedian), Released: euroOrNA(r.Released)})
	}
	if g := v.Res.Groei; g != nil {
		for _, r := range append(append([]benchmark.GrowthRow{}, g.Groepen...), g.Totaal) {
			v.GrowthRows = append(v.GrowthRows, growthRow{Label: r.Groep + " " + r.Naam, From: eur(money.FormatEuros(r.VanafEur)), To: eur(money.FormatEuros(r.TotEur)),
				Own: growthOrNA(r.Pct), Peers: growthOrNA(r.PeersMedian), Comparable: r.Vergelijkbaar})
		}
	}
}

// dutchPart keeps the Dutch half of an "nl / en" error.
func dutchPart(s string) string {
	nl, _, _ := strings.Cut(s, " / ")
	return nl
}

func (s *server) benchmarkPage(w http.ResponseWriter, r *http.Request) {
	// The year select sends "2025-begroting"; split it into jaar and document.
	if jd := r.URL.Query().Get("jaardocument"); jd != "" {
		q := r.URL.Query()
		j, d, _ := strings.Cut(jd, "-")
		q.Set("jaar", j)
		q.Set("document", d)
		q.Del("jaardocument")
		http.Redirect(w, r, r.URL.Path+"?"+q.Encode(), http.StatusSeeOther)
		return
	}
	v, ok := s.benchmarkResult(w, r, "beleidsanalyse: vergelijking met andere gemeenten")
	if !ok {
		return
	}
	if v.Res != nil && v.Res.Groei != nil {
		g := v.Res.Groei
		var rows []chart.GrowthRow
		for _, row := range append(append([]benchmark.GrowthRow{}, g.Groepen...), g.Totaal) {
			rows = append(rows, chart.GrowthRow{Label: row.Groep + " " + row.Naam, Own: row.Pct, Peers: row.PeersMedian, Comparable: row.Vergelijkbaar})
		}
		v.Growth = chart.Growth(fmt.Sprintf("Groei van de lasten sinds %s %d: %s tegen de mediaan van de vergelijkingsgemeenten", g.VanafDocument, g.Vanaf, v.Res.Gemeente), v.Res.Gemeente, rows)
	}
	v.rows()
	status := http.StatusOK
	if v.Problem != "" {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "benchmark", page{Title: "Vergelijking met andere gemeenten", Wide: true, Data: v, Current: "/gemeente/vergelijking"})
}

func (s *server) benchmarkDownload(ext string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := s.benchmarkResult(w, r, "beleidsanalyse: download vergelijking")
		if !ok {
			return
		}
		if v.Res == nil {
			s.fail(w, r, http.StatusUnprocessableEntity, v.Problem)
			return
		}
		name := fmt.Sprintf("ontschot-vergelijking-%s-%s-%d.%s", strings.ToLower(strings.ReplaceAll(v.Res.Gemeente, " ", "-")), v.Res.Document, v.Res.Jaar, ext)
		if ext == "csv" {
			s.sendFile(w, r, typeCSV, name, func(w io.Writer) error { return export.WriteCSV(w, export.BenchmarkRecords(v.Res)) })
			return
		}
		s.sendFile(w, r, typeXLSX, name, func(w io.Writer) error { return export.WriteXLSX(w, export.BenchmarkSheets(v.Res)...) })
	}
}

// apiBenchmark returns the comparison as `ontschot benchmark --json` prints it.
func (s *server) apiBenchmark(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, "*"), "api: vergelijking"); !ok {
		return
	}
	if s.bench == nil {
		writeJSON(w, http.StatusNotFound, apiError{Error: "de vergelijking met andere gemeenten is niet beschikbaar"})
		return
	}
	bq, _, held, err := s.benchmarkQuery(r.Context(), r)
	if err != nil {
		s.apiErr(w, r, err)
		return
	}
	if len(held) == 0 || bq.Gemeente == "" {
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: "geen Iv3-cijfers of geen gemeente gekozen"})
		return
	}
	res, err := s.bench.Benchmark(r.Context(), bq)
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// leadGemeente is the gemeente the comparison opens on: in an instance of
// several gemeenten (a region) the lead gemeente, the one with the most
// inhabitants (CBS) — the centre gemeente a regional arrangement usually
// has — ties by code; "" when there is none. A scoped analyst's index
// holds only their own gemeente.
func leadGemeente(gs []*geoArea) string {
	var best *geoArea
	for _, g := range gs {
		if best == nil || leadFirst(g, best) {
			best = g
		}
	}
	if best == nil {
		return ""
	}
	return best.Code
}

func leadFirst(a, b *geoArea) bool {
	if a.Inhabitants != b.Inhabitants {
		return a.Inhabitants > b.Inhabitants
	}
	return a.Code < b.Code
}
