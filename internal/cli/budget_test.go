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
