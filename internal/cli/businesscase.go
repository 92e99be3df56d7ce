package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ontschot/ontschot/internal/businesscase"
)

func init() {
	register(command{name: "businesscase", usage: "businesscase eval BESTAND… — maatschappelijke businesscase(s) doorrekenen", run: runBusinesscase})
}

func runBusinesscase(e *env, args []string) error {
	fs := e.flags("businesscase")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Gebruik: ontschot businesscase eval BESTAND… [--json]\n       ontschot businesscase examples --out MAP")
		fs.PrintDefaults()
	}
	out := fs.String("out", "", "map om de voorbeeldcases in te schrijven (bij examples)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return fmt.Errorf("noem een opdracht: eval of examples / name a subcommand")
	}
	switch pos[0] {
	case "eval":
		return evalCases(e, pos[1:])
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
	return fmt.Errorf("onbekende opdracht %q: eval of examples / unknown subcommand", pos[0])
}

func evalCases(e *env, files []string) error {
	if len(files) == 0 {
		return fmt.Errorf("noem minstens één casebestand (JSON) / name at least one case file")
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
		r, err := businesscase.Evaluate(c)
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
