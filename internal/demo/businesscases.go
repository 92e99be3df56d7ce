package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/store"
)

// demoTargets points each example case (by file name) at cells the demo
// municipality has, so the forecast on its page meets released spend: the
// demo's wijk codes instead of Nijmegen's, and the zorgsoorten care.go
// generates (45/43/54 youth, 02/15 Wmo, bijstand for the Participatiewet).
var demoTargets = map[string]businesscase.Targets{
	"1-transformatie-jeugdzorg.json":   {Zorgsoorten: []string{"43", "45", "54"}, Areas: []string{"GM0642"}, Evaluation: businesscase.EvaluationPlans},
	"2-ips.json":                       {Zorgsoorten: []string{"02", "bijstand"}, Areas: []string{"WK064201", "WK064202", "WK064205"}},
	"3-ibc-jeugd.json":                 {Zorgsoorten: []string{"43", "45"}, Areas: []string{"WK064201", "WK064202"}},
	"4-amalia.json":                    {Zorgsoorten: []string{"45"}, Areas: []string{"WK064201", "WK064202", "WK064203", "WK064204", "WK064205"}},
	"5-vroegsignalering-schulden.json": {Zorgsoorten: []string{"bijstand"}, Areas: []string{"WK064203", "WK064206", "WK064208"}},
	"6-respijtzorg-mantelzorgers.json": {Zorgsoorten: []string{"02", "15"}, Areas: []string{"WK064201", "WK064202", "WK064205"}},
}

// storeBusinessCases writes the six example business cases to the demo
// directory (businesscases/) and stores those not yet in the database, so
// the Gemeente finds a portfolio on /businesscases. Their start year moves
// to the demo's nulmeting, so the forecast years overlap the releases.
func storeBusinessCases(ctx context.Context, imp *importer.Importer, st Stats, res *Result, progress io.Writer) error {
	cases, err := businesscase.Examples()
	if err != nil {
		return err
	}
	files := businesscase.ExampleFiles()
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return err
	}
	if len(names) != len(cases) {
		return fmt.Errorf("demo-businesscases: %d bestanden maar %d cases", len(names), len(cases))
	}
	start := 0
	if len(st.Periods) > 0 {
		start, _ = strconv.Atoi(st.Periods[0])
	}
	dir := filepath.Join(res.Out, "businesscases")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	created := 0
	for i, c := range cases {
		retarget(c, names[i], start)
		if err := c.Validate(); err != nil {
			return fmt.Errorf("demo-businesscase %s: %w", names[i], err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(c); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, names[i]), buf.Bytes(), 0o644); err != nil {
			return err
		}
		ok, err := imp.Store.CreateDocument(ctx, store.Document{Kind: "businesscase", Name: store.DocumentName(c.Name), Body: buf.String(), UpdatedBy: "demo"})
		if err != nil {
			return fmt.Errorf("demo-businesscase %s opslaan: %w", names[i], err)
		}
		if ok {
			created++
		}
	}
	fmt.Fprintf(progress, "  %d businesscases in %s; %d nieuw opgeslagen, %d bestonden al\n", len(cases), dir, created, len(cases)-created)
	return nil
}

// retarget points a case at the demo's cells and shifts its years to start.
func retarget(c *businesscase.Case, file string, start int) {
	if t, ok := demoTargets[file]; ok {
		t := t
		c.Targets = &t
	}
	if start == 0 || c.StartYear == 0 {
		return
	}
	shift := start - c.StartYear
	c.StartYear = start
	if c.PriceYear != 0 {
		c.PriceYear += shift
	}
	c.Notes = append(c.Notes, fmt.Sprintf("Demo: de jaren zijn %d jaar verschoven, zodat het eerste jaar de nulmeting van de demogemeente is; doelgroepen wijzen naar de wijken en zorgsoorten van de demo.", shift))
}
