package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ontschot/ontschot/internal/businesscase"
)

func init() {
	register(command{name: "businesscase", usage: "businesscase eval BESTAND… | examples --out MAP | monitor — maatschappelijke businesscases doorrekenen en volgen", run: runBusinesscase})
}

func runBusinesscase(e *env, args []string) error {
	fs := e.flags("businesscase")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Gebruik: ontschot businesscase eval BESTAND… [--json]\n       ontschot businesscase examples --out MAP\n       ontschot businesscase monitor [--afwijking 10]")
		fs.PrintDefaults()
	}
	out := fs.String("out", "", "map om de voorbeeldcases in te schrijven (bij examples)")
	threshold := fs.Float64("afwijking", 10, "monitor: markeer een jaar waarin de realisatie meer dan dit percentage van de prognose afwijkt")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return fmt.Errorf("noem een opdracht: eval, examples of monitor / name a subcommand")
	}
	switch pos[0] {
	case "eval":
		return evalCases(e, pos[1:])
	case "monitor":
		return monitorCases(e, *threshold/100)
	case "examples":
		if *out == "" {
			return fmt.Errorf("noem de map met --out / name the directory with --out")
		}
		files, err := writeExamples(*out)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(map[string]any{"out": *out, "files": files})
		}
		fmt.Fprintf(e.stdout, "%d voorbeeldcases geschreven in %s\n", len(files), *out)
		return nil
	}
	return fmt.Errorf("onbekende opdracht %q: eval, examples of monitor / unknown subcommand", pos[0])
}

func evalCases(e *env, files []string) error {
	if len(files) == 0 {
		return fmt.Errorf("noem minstens één casebestand (JSON) / name at least one case file")
	}
	known, err := e.knownAreas()
	if err != nil {
		return err
	}
	var results []*businesscase.Result
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return err
		}
		c, err := businesscase.Load(fh, filepath.Base(f))
		fh.Close()
		if err != nil {
			return err
		}
		r, err := businesscase.EvaluateWith(c, businesscase.Options{KnownAreas: known})
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	if e.json {
		if len(results) == 1 {
			return e.printJSON(results[0])
		}
		return e.printJSON(map[string]any{"cases": results, "portfolio": businesscase.EvaluatePortfolio(results)})
	}
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		if err := businesscase.WriteText(e.stdout, r); err != nil {
			return err
		}
	}
	if len(results) > 1 {
		fmt.Fprintln(e.stdout)
		return businesscase.WritePortfolioText(e.stdout, businesscase.EvaluatePortfolio(results))
	}
	return nil
}

// knownAreas says which area codes the database knows, so the cases' target areas can be
// checked. Without --data or --db (or their environment variables) the command reads no
// database and checks the areas' form only, and says so; likewise when the database holds no
// areas yet.
func (e *env) knownAreas() (func(string) bool, error) {
	if e.data == "" && e.db == "" && os.Getenv("ONTSCHOT_DATA") == "" && os.Getenv("ONTSCHOT_DB") == "" {
		fmt.Fprintln(e.stderr, "let op: doelgebieden alleen op vorm gecontroleerd; geef --data of --db om ze tegen de bekende gebieden te controleren / target areas checked for form only")
		return nil, nil
	}
	st, err := e.openExistingStore()
	if err != nil {
		return nil, err
	}
	defer st.Close()
	areas, err := st.Areas(e.ctx)
	if err != nil {
		return nil, err
	}
	if len(areas) == 0 {
		fmt.Fprintln(e.stderr, "let op: de database kent nog geen gebieden; doelgebieden alleen op vorm gecontroleerd / the database holds no areas yet")
		return nil, nil
	}
	codes := make(map[string]bool, len(areas))
	for _, a := range areas {
		codes[a.Code] = true
	}
	return func(code string) bool { return codes[code] }, nil
}

// writeExamples writes the example cases into dir, replacing older copies.
func writeExamples(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	fsys := businesscase.ExampleFiles()
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		path := filepath.Join(dir, e.Name())
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	return files, nil
}
