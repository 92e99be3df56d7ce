package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/ontschot/ontschot/internal/benchmark"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

func init() {
	register(command{name: "benchmark", usage: "benchmark --gemeente G --jaar J --document D [--peers A,B] [--vanaf J] — Iv3-lasten per inwoner tegen vergelijkbare gemeenten", run: runBenchmark})
}

func runBenchmark(e *env, args []string) error {
	fs := e.flags("benchmark")
	gemeente := fs.String("gemeente", "", "naam of GM-code van de gemeente")
	jaar := fs.Int("jaar", 0, "jaar van het Iv3-document")
	document := fs.String("document", "begroting", "begroting of jaarrekening")
	peers := fs.String("peers", "", "vergelijkingsgemeenten, komma-gescheiden (namen of GM-codes); leeg: dezelfde Iv3-klasse")
	vanaf := fs.Int("vanaf", 0, "vergelijk de groei sinds dit jaar")
	vanafDoc := fs.String("vanaf-document", "", "document van het vanaf-jaar (standaard: hetzelfde als --document)")
	meting := fs.String("meting", "", "zet de vrijgegeven uitgaven van deze meting (bv. 2025) naast de Iv3-groepen")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *gemeente == "" || *jaar == 0 {
		return fmt.Errorf("noem --gemeente en --jaar / name --gemeente and --jaar")
	}
	*document = strings.ToLower(*document)
	if *document != "begroting" && *document != "jaarrekening" {
		return fmt.Errorf("--document is begroting of jaarrekening, niet %q / --document must be begroting or jaarrekening", *document)
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	var peerList []string
	for _, p := range strings.Split(*peers, ",") {
		if p = strings.TrimSpace(p); p != "" {
			peerList = append(peerList, p)
		}
	}
	res, err := benchmarkSource{st}.Benchmark(e.ctx, benchmark.Query{Gemeente: *gemeente, Jaar: *jaar, Document: *document, Peers: peerList,
		Vanaf: *vanaf, VanafDocument: strings.ToLower(*vanafDoc), Meting: *meting})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(res)
	}
	printBenchmark(e, res)
	return nil
}

// addReleased puts the latest version of a release beside the groups: only
// released, disclosure-controlled cells are read.
func addReleased(ctx context.Context, st *store.Store, res *benchmark.Result, period string) error {
	if res.Code == "" {
		return fmt.Errorf("%s is aan geen GM-code gekoppeld; importeer de kerncijfers om de meting te kunnen koppelen / no GM code for this municipality", res.Gemeente)
	}
	rel, err := st.Release(ctx, period, 0)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("er is geen meting %s / no release for period %s", period, period)
	}
	if err != nil {
		return err
	}
	cells, err := st.ReleaseCells(ctx, rel.ID, "gemeente", "zorgsoort")
	if err != nil {
		return err
	}
	return res.AddReleased(fmt.Sprintf("%s versie %d", rel.Period, rel.Version), cells)
}

func loadIv3(ctx context.Context, st *store.Store, jaar int, document string) (benchmark.Document, error) {
	gs, ts, err := st.Iv3(ctx, jaar, document)
	if err != nil {
		return benchmark.Document{}, err
	}
	if len(gs) == 0 {
		docs, _ := st.Iv3Documents(ctx)
		var have []string
		for _, d := range docs {
			have = append(have, fmt.Sprintf("%s %d", d.Document, d.Jaar))
		}
		if len(have) == 0 {
			return benchmark.Document{}, fmt.Errorf("er zijn geen Iv3-gegevens; importeer ze met ontschot import iv3 BESTAND / no Iv3 data imported")
		}
		return benchmark.Document{}, fmt.Errorf("geen Iv3-gegevens voor %s %d; wel voor: %s / no Iv3 data for that year", document, jaar, strings.Join(have, ", "))
	}
	return benchmark.Document{Jaar: jaar, Document: document, Gemeenten: gs, Taakvelden: ts}, nil
}

// kerncijferNames maps GM codes to names from the kerncijfers of the year,
// or of the latest earlier year held; nil when none are imported.
func kerncijferNames(ctx context.Context, st *store.Store, jaar int) (map[string]string, error) {
	all, err := st.KerncijfersOf(ctx, 0)
	if err != nil {
		return nil, err
	}
	best := 0
	for _, k := range all {
		if k.Jaar <= jaar && k.Jaar > best {
			best = k.Jaar
		}
	}
	if best == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for _, k := range all {
		if k.Jaar == best {
			out[k.Code] = k.Naam
		}
	}
	return out, nil
}

func printBenchmark(e *env, r *benchmark.Result) {
	fmt.Fprintf(e.stdout, "%s — %s %d, %s inwoners\n", r.Gemeente, r.Document, r.Jaar, money.Group(r.Inwoners))
	fmt.Fprintf(e.stdout, "Vergelijkingsgemeenten (%s): %s\n\n", r.PeersBasis, strings.Join(r.Peers, ", "))
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	head := "groep\tlasten\tper inwoner\tmediaan peers per inwoner"
	if r.Meting != "" {
		head += "\tvrijgegeven (meting " + r.Meting + ")"
	}
	fmt.Fprintln(tw, head)
	for _, row := range append(r.Groepen, r.Totaal) {
		fmt.Fprintf(tw, "%s %s\t%14s\t%11s\t%11s", row.Taakveld, row.Naam, money.FormatEuros(row.Lasten), money.FormatEuros(row.PerInwoner), euroOrNA(row.PeersMedian))
		if r.Meting != "" {
			fmt.Fprintf(tw, "\t%14s", euroOrNA(row.Released))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if r.ReleasedUnassigned != nil {
		fmt.Fprintf(e.stdout, "Vrijgegeven zonder Iv3-taakveld (eigen soorten van de gemeente): %s\n", money.FormatEuros(*r.ReleasedUnassigned))
	}
	if g := r.Groei; g != nil {
		fmt.Fprintf(e.stdout, "\nGroei sinds %s %d:\n", g.VanafDocument, g.Vanaf)
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "groep\tlasten\tgroei\tmediaan groei peers")
		for _, row := range append(g.Groepen, g.Totaal) {
			fmt.Fprintf(tw, "%s %s\t%14s\t%18s\t%18s\n", row.Groep, row.Naam, money.FormatEuros(row.TotEur), pct(row.Pct, row.Vergelijkbaar), pct(row.PeersMedian, row.Vergelijkbaar))
		}
		tw.Flush()
	}
	for _, n := range r.Notes {
		fmt.Fprintln(e.stdout, n)
	}
	if len(r.Unmatched) > 0 {
		fmt.Fprintf(e.stdout, "Niet aan een GM-code gekoppeld (naam wijkt af van de kerncijfers): %s\n", strings.Join(r.Unmatched, ", "))
	}
}

func euroOrNA(p *int64) string {
	if p == nil {
		return "n.v.t."
	}
	return money.FormatEuros(*p)
}

func pct(p *float64, comparable bool) string {
	switch {
	case !comparable:
		return "niet vergelijkbaar"
	case p == nil:
		return "n.v.t."
	}
	return strings.Replace(fmt.Sprintf("%+.1f%%", *p), ".", ",", 1)
}

// benchmarkSource answers peer comparisons from the store's CBS figures
// (Iv3, kerncijfers) and released cells: public and aggregate data only.
// The command line and the web page (web.Sources.Benchmark) share it.
type benchmarkSource struct{ st *store.Store }

// Benchmark runs one comparison: the document, the peers, growth since
// Vanaf and the release beside the groups when asked.
func (b benchmarkSource) Benchmark(ctx context.Context, q benchmark.Query) (*benchmark.Result, error) {
	doc, err := loadIv3(ctx, b.st, q.Jaar, q.Document)
	if err != nil {
		return nil, err
	}
	codeNames, err := kerncijferNames(ctx, b.st, q.Jaar)
	if err != nil {
		return nil, err
	}
	res, err := benchmark.Compare(doc, q.Gemeente, q.Peers, codeNames)
	if err != nil {
		return nil, err
	}
	if q.Vanaf != 0 {
		fromDoc := q.VanafDocument
		if fromDoc == "" {
			fromDoc = q.Document
		}
		from, err := loadIv3(ctx, b.st, q.Vanaf, fromDoc)
		if err != nil {
			return nil, err
		}
		if err := res.AddGrowth(from); err != nil {
			return nil, err
		}
	}
	if q.Meting != "" {
		if err := addReleased(ctx, b.st, res, q.Meting); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// BenchmarkDocuments lists the Iv3 documents held, oldest first.
func (b benchmarkSource) BenchmarkDocuments(ctx context.Context) ([]benchmark.Held, error) {
	docs, err := b.st.Iv3Documents(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]benchmark.Held, len(docs))
	for i, d := range docs {
		out[i] = benchmark.Held{Jaar: d.Jaar, Document: d.Document}
	}
	return out, nil
}
