package demo

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/store"
)

// Login is one demo user's credentials.
type Login struct {
	Role     string `json:"role"`
	Username string `json:"username"`
	Password string `json:"password"`
	Note     string `json:"note,omitempty"`
}

// Result is what `ontschot demo --json` prints.
type Result struct {
	Households int             `json:"households"`
	Persons    int             `json:"persons"`
	Deliveries int             `json:"deliveries"`
	Releases   []string        `json:"releases"`
	Users      []Login         `json:"users"`
	Out        string          `json:"out"`
	Stats      Stats           `json:"stats"`
	Imports    []store.Summary `json:"imports"`
}

// Run generates the demo municipality into dir and loads it: imports every
// file, releases every closed period and creates one user per role.
// Running it again on the same data adds nothing (imports are idempotent,
// existing releases and users are kept).
func Run(ctx context.Context, imp *importer.Importer, dir string, o Options, progress io.Writer) (Result, error) {
	files, st, err := Generate(dir, o)
	if err != nil {
		return Result{}, fmt.Errorf("demo maken / generate demo: %w", err)
	}
	fmt.Fprintf(progress, "Demogemeente geschreven in %s: %d huishoudens, %d personen, %d wijken, %d buurten, %d aanbieders.\n",
		dir, st.Households, st.Persons, st.Wijken, st.Buurten, st.Providers)
	for _, g := range st.Gemeenten {
		fmt.Fprintf(progress, "  %s (%s): %d huishoudens in %d buurten\n", g.Name, g.Code, g.Households, g.Buurten)
	}
	res := Result{Households: st.Households, Persons: st.Persons, Out: dir, Stats: st, Releases: []string{}, Users: []Login{}}
	steps := []struct{ kind, path string }{{"areas", files.Areas}, {"providers", files.Providers}, {"addresses", files.Addresses}, {"brp", files.BRP}}
	for _, p := range files.Deliveries {
		steps = append(steps, struct{ kind, path string }{"deliveries", p})
	}
	steps = append(steps, []struct{ kind, path string }{{"contracts", files.Contracts}, {"budgets", files.Budgets}, {"results", files.Results},
		{"flows", files.Flows}, {"survey", files.Survey}, {"deliveries", files.Volume}, {"nazorg", files.Nazorg}}...)
	if files.Iv3 != "" {
		steps = append(steps, []struct{ kind, path string }{{"iv3", files.Iv3}, {"kerncijfers", files.Kerncijfers}}...)
	}
	requests := map[string][3]int{} // files, accepted, duplicates
	for _, s := range steps {
		sum, err := imp.ImportFile(ctx, s.kind, s.path)
		if err != nil {
			return res, err
		}
		if sum.Rejected > 0 {
			return res, fmt.Errorf("demo-bestand %s: %d regels afgewezen, eerste: regel %d %s: %s", sum.File, sum.Rejected, sum.Rejections[0].Line, sum.Rejections[0].Field, sum.Rejections[0].Reason)
		}
		if s.kind == "deliveries" && !strings.Contains(sum.Format, "301") && sum.Format != "JW315" {
			res.Deliveries += sum.Accepted + sum.Duplicates
		}
		res.Imports = append(res.Imports, sum)
		if sum.Format == "JW315" || sum.Format == "JW301" {
			// One small message per youth-care client: counted, not listed.
			n := requests[sum.Format]
			requests[sum.Format] = [3]int{n[0] + 1, n[1] + sum.Accepted, n[2] + sum.Duplicates}
			continue
		}
		fmt.Fprintf(progress, "  %-40s %7d regels: %d nieuw, %d al bekend\n", sum.File, sum.Rows, sum.Accepted, sum.Duplicates)
	}
	for _, f := range []string{"JW315", "JW301"} {
		if n := requests[f]; n[0] > 0 {
			fmt.Fprintf(progress, "  %-40s %7d regels: %d nieuw, %d al bekend\n", fmt.Sprintf("%d %s-berichten", n[0], f), n[1]+n[2], n[1], n[2])
		}
	}
	for _, hook := range afterImport {
		if err := hook(ctx, imp, st, &res, progress); err != nil {
			return res, err
		}
	}
	return res, nil
}

// afterImport are the steps that run once the files are in, in this order:
// the business cases, the users (with their assignments and the families'
// plans), then the releases — last, so each release's plan evaluation sees
// the plans. They live in their own files so each can grow on its own.
var afterImport = []func(ctx context.Context, imp *importer.Importer, st Stats, res *Result, progress io.Writer) error{
	storeBusinessCases, createUsers, storeNorms, releasePeriods,
}
