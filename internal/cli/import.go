package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

func init() {
	register(command{name: "import", usage: "import areas|addresses|brp|deliveries|providers|iv3|kerncijfers|contracts|budgets|results|flows|survey|nazorg BESTAND… — gegevens inlezen", run: runImport})
}

var importKinds = map[string]string{"areas": "areas", "addresses": "addresses", "brp": "brp", "deliveries": "deliveries", "leveringen": "deliveries", "adressen": "addresses", "gebieden": "areas", "providers": "providers", "aanbieders": "providers", "iv3": "iv3", "kerncijfers": "kerncijfers",
	"contracts": "contracts", "contracten": "contracts", "budgets": "budgets", "budgetten": "budgets", "results": "results", "resultaten": "results", "flows": "flows", "stromen": "flows", "survey": "survey", "onderzoek": "survey", "nazorg": "nazorg", "aftercare": "nazorg"}

func runImport(e *env, args []string) error {
	fs := e.flags("import")
	gemeente := fs.String("gemeente", "", "deliveries: de gemeente waarvoor de bestanden zijn (CBS-code, GM0642); zonder: de Ontvanger van een XML-bericht, anders de enige gemeente van de instantie")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Gebruik: ontschot import areas|addresses|brp|deliveries|providers|iv3|kerncijfers|contracts|budgets|results|flows|survey|nazorg BESTAND… [--gemeente GM0642] [--json]")
		fs.PrintDefaults()
	}
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		fs.Usage()
		return fmt.Errorf("noem de soort en minstens één bestand / name the kind and at least one file")
	}
	kind, ok := importKinds[pos[0]]
	if !ok {
		return fmt.Errorf("onbekende soort %q: kies areas, addresses, brp, deliveries, providers, iv3, kerncijfers, contracts, budgets, results, flows, survey of nazorg / unknown kind", pos[0])
	}
	files := pos[1:]
	if kind != "deliveries" && len(files) > 1 {
		return fmt.Errorf("%s neemt één bestand / takes one file", pos[0])
	}
	if *gemeente != "" && kind != "deliveries" {
		return fmt.Errorf("--gemeente hoort bij import deliveries / --gemeente belongs to import deliveries")
	}
	if !store.ValidGemeente(*gemeente) {
		return fmt.Errorf("--gemeente %q is geen CBS-gemeentecode zoals GM0642 / is not a CBS municipality code like GM0642", *gemeente)
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := e.openKluis()
	if err != nil {
		return err
	}
	// Imports allocate many short-lived values; a less eager collector is
	// measurably faster (docs/ijw-xml.md) and the heap stays small.
	debug.SetGCPercent(200)
	imp := importer.New(st, k)
	imp.Gemeente = *gemeente
	var sums []store.Summary
	for _, f := range files {
		sum, err := imp.ImportFile(e.ctx, kind, f)
		if err != nil {
			return err
		}
		sums = append(sums, sum)
		if !e.json {
			printSummary(e, sum)
		}
	}
	if e.json {
		if len(sums) == 1 {
			return e.printJSON(sums[0])
		}
		return e.printJSON(map[string]any{"files": sums})
	}
	return nil
}

func printSummary(e *env, s store.Summary) {
	fmt.Fprintf(e.stdout, "%s (%s): %s regels — %s opgeslagen, %s dubbel (al bekend), %s afgewezen\n",
		s.File, s.Format, money.Group(int64(s.Rows)), money.Group(int64(s.Accepted)), money.Group(int64(s.Duplicates)), money.Group(int64(s.Rejected)))
	if s.Envelope != "" {
		fmt.Fprintf(e.stdout, "  uit StUF-GGk-envelop met referentienummer %s\n", s.Envelope)
	}
	for _, l := range s.Late {
		fmt.Fprintf(e.stdout, "  %s\n", l.Reason)
	}
	if len(s.Groups) == 0 {
		return
	}
	// Grouped by kind of problem: a file with 40,000 bad rows gives a few
	// lines per reason, not 40,000 lines.
	fmt.Fprintf(e.stdout, "  afgewezen, per soort probleem (%s problemen; een regel kan er meer hebben):\n", money.Group(int64(problemCount(s))))
	for _, g := range s.Groups {
		field := g.Field
		if field == "" {
			field = "-"
		}
		fmt.Fprintf(e.stdout, "  %s× veld %s: %s\n", money.Group(int64(g.Count)), field, g.Rule)
		for _, r := range g.First {
			fmt.Fprintf(e.stdout, "      regel %d: %s\n", r.Line, r.Reason)
		}
		if more := g.Count - len(g.First); more > 0 {
			fmt.Fprintf(e.stdout, "      … en nog %s\n", money.Group(int64(more)))
		}
	}
	fmt.Fprintf(e.stdout, "  Alle afwijzingen staan in de database; --json toont ze (de eerste %s).\n", money.Group(store.MaxKeptRejections))
}

func problemCount(s store.Summary) int {
	n := 0
	for _, g := range s.Groups {
		n += g.Count
	}
	return n
}
