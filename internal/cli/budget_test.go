package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// A population budget on the demo: the gemeente's CBS age make-up over each
// wijk's inhabitants, times the norms; released spend beside it.
func TestBudgetPopulation(t *testing.T) {
	data := t.TempDir()
	if _, stderr, code := run(t, "demo", "--data", data, "--households", "600", "--years", "2"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	out, stderr, code := run(t, "release", "show", "--data", data, "--period", "2025", "--level", "gemeente", "--json")
	if code != 0 {
		t.Fatalf("release show: %s", stderr)
	}
	var rel struct{ Cells []struct{ Area string } }
	json.Unmarshal([]byte(out), &rel)
	gm := rel.Cells[0].Area
	dir := t.TempDir()
	kern, norms, bad := filepath.Join(dir, "kwb.csv"), filepath.Join(dir, "normen.csv"), filepath.Join(dir, "fout.csv")
	writeFile(t, kern, "jaar;gemeentecode;gemeentenaam;aantal_inwoners;huishoudens;0_15;15_25;25_45;45_65;65plus;pct_rond_sociaal_min\n2024;"+gm+";Demo;1000;500;20;10;30;25;15;8\n")
	writeFile(t, norms, "leeftijd;norm_cent\n0_15;60000\n15_25;20000\n25_45;5000\n45_65;8000\n65plus;40000\n")
	writeFile(t, bad, "leeftijd;norm_cent\n0_18;60000\n")
	if _, stderr, code := run(t, "import", "--data", data, "kerncijfers", kern); code != 0 {
		t.Fatal(stderr)
	}
	out, stderr, code = run(t, "budget", "population", "--data", data, "--year", "2025", "--norms", norms, "--json")
	if code != 0 {
		t.Fatalf("budget population: %s", stderr)
	}
	var res struct {
		Areas []struct {
			Area        string
			Inhabitants int64
			Bands       map[string]int64
			BudgetCent  *int64 `json:"budget_cent"`
			SpentCent   *int64 `json:"spent_cent"`
			Difference  *int64 `json:"difference_cent"`
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Areas) == 0 {
		t.Fatalf("%v: %s", err, out)
	}
	norm := map[string]int64{"0_15": 60000, "15_25": 20000, "25_45": 5000, "45_65": 8000, "65plus": 40000}
	spent := 0
	for _, a := range res.Areas {
		var sum, want int64
		for b, n := range a.Bands {
			sum += n
			want += n * norm[b]
		}
		if sum != a.Inhabitants || a.BudgetCent == nil || *a.BudgetCent != want {
			t.Errorf("%s: bands %v (Σ %d of %d inhabitants), budget %v, want %d", a.Area, a.Bands, sum, a.Inhabitants, a.BudgetCent, want)
		}
		if a.SpentCent != nil {
			spent++
			if *a.Difference != *a.SpentCent-*a.BudgetCent {
				t.Errorf("%s: difference %d", a.Area, *a.Difference)
			}
		}
	}
	if spent == 0 {
		t.Error("no area has released spend beside its budget")
	}
	if _, stderr, code := run(t, "budget", "population", "--data", data, "--year", "2025", "--norms", bad); code == 0 || !strings.Contains(stderr, "0_18") {
		t.Errorf("unknown age band: exit %d, %q", code, stderr)
	}
	// Every wijk has only the gemeente's make-up: calibration cannot tell
	// the bands apart and says so.
	if _, stderr, code := run(t, "budget", "population", "--data", data, "--year", "2025", "--calibrate", "2024"); code == 0 || !strings.Contains(stderr, "leeftijdsopbouw") {
		t.Errorf("calibration without own age make-ups: exit %d, %q", code, stderr)
	}
}

// `budget show` on the demo: the JSON shape, every budget the sum
// of its partners' lines, spend withheld (null) exactly where fewer than 10
// households are behind it; `--save` keeps the norms for the year.
func TestBudgetShow(t *testing.T) {
	data := t.TempDir()
	if _, stderr, code := run(t, "demo", "--data", data, "--households", "600", "--years", "2", "--gemeente", "GM0642"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	out, stderr, code := run(t, "budget", "show", "--data", data, "--year", "2025", "--json")
	if code != 0 {
		t.Fatalf("budget show: %s", stderr)
	}
	var res struct {
		Year      int `json:"year"`
		Contracts []struct {
			Contract string `json:"contract"`
			Variant  string `json:"variant"`
			Partners []struct {
				Partner string `json:"partner"`
				Bedrag  int64  `json:"bedrag_cent"`
			} `json:"partners"`
			Budget     int64  `json:"budget_cent"`
			Spent      *int64 `json:"spent_cent"`
			Forecast   *int64 `json:"forecast_cent"`
			Households *int64 `json:"households"`
			Suppressed bool   `json:"suppressed"`
		} `json:"contracts"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Year != 2025 || len(res.Contracts) != 3 {
		t.Fatalf("%v: %s", err, out)
	}
	shown := 0
	for _, c := range res.Contracts {
		var sum int64
		for _, p := range c.Partners {
			sum += p.Bedrag
		}
		if sum != c.Budget || c.Budget <= 0 {
			t.Errorf("%s: budget %d, partners add up to %d", c.Contract, c.Budget, sum)
		}
		switch {
		case c.Suppressed && (c.Spent != nil || c.Households != nil):
			t.Errorf("%s withheld but shows figures", c.Contract)
		case !c.Suppressed && (c.Spent == nil || c.Forecast == nil || *c.Households < 10 || *c.Forecast < *c.Spent):
			t.Errorf("%s: %+v", c.Contract, c)
		case !c.Suppressed:
			shown++
		}
	}
	if shown == 0 {
		t.Error("no contract of the demo shows its spend")
	}
	text, _, code := run(t, "budget", "show", "--data", data, "--year", "2025")
	if code != 0 || !strings.Contains(text, "prognose jaareinde") || !strings.Contains(text, "POOL-WIJK") {
		t.Errorf("table: %s", text)
	}
	dir := t.TempDir()
	norms := filepath.Join(dir, "normen.csv")
	writeFile(t, norms, "leeftijd;norm_cent\n0_15;60000\n15_25;20000\n25_45;5000\n45_65;8000\n65plus;40000\n")
	if _, stderr, code := run(t, "budget", "population", "--data", data, "--year", "2026", "--norms", norms, "--save", "--json"); code != 0 || !strings.Contains(stderr, "bewaard") {
		t.Errorf("save: exit %d, %q", code, stderr)
	}
}
