package businesscase

import (
	"encoding/json"
	"io"
	"io/fs"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes through everything a case file reaches: Load, Evaluate,
// the portfolio and both reports. None of it may panic.
func FuzzLoad(f *testing.F) {
	names, _ := fs.Glob(ExampleFiles(), "*.json")
	for _, n := range names {
		b, err := fs.ReadFile(ExampleFiles(), n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(validIPS))
	f.Add([]byte(`{"horizon_years": 100, "discount_rate_percent": 0, "interventions": [{"name": "a", "cohorts": [{"year": 99, "persons": 1000000000}]}],
		"effects": [{"name": "e", "confidence": "A", "duration_years": 100, "unit_value_cents": -1000000000000000, "stakeholders": [{"name": "uwv", "share": 1}]}]}`))
	f.Add([]byte(`{"name": "x", "confidence_grades": {"": 5}, "first_year": "discounted", "costs": [{"payer": "gemeente", "per_person_cents": 1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Load(strings.NewReader(string(data)), "fuzz.json")
		if err != nil {
			if err.Error() == "" {
				t.Error("empty error message")
			}
			return
		}
		r, err := Evaluate(c)
		if err != nil {
			return
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("result does not marshal: %v", err)
		}
		if err := WriteText(io.Discard, r); err != nil {
			t.Error(err)
		}
		p := EvaluatePortfolio([]*Result{r, r})
		if _, err := json.Marshal(p); err != nil {
			t.Errorf("portfolio does not marshal: %v", err)
		}
		if err := WritePortfolioText(io.Discard, p); err != nil {
			t.Error(err)
		}
	})
}
