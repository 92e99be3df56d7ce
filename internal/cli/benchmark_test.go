package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The Oirschot question on the real CBS files: Iv3 per inhabitant against
// the other Kempen municipalities, and growth against theirs.
func TestBenchmarkOnRealCBSFiles(t *testing.T) {
	const shared = "../../../shared/data"
	iv3 := filepath.Join(shared, "iv3_sociaal_domein_gemeenten", "iv3_sociaal_domein_taakveld6_alle_gemeenten.csv")
	kern := filepath.Join(shared, "cbs_kerncijfers_gemeenten_2012_2024", "cbs_kwb_gemeenten_2012_2024_long.csv")
	for _, f := range []string{iv3, kern} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("CBS REFERENCE DATA ABSENT, benchmark test skipped: %v", err)
		}
	}
	data := t.TempDir()
	for _, imp := range [][]string{{"iv3", iv3}, {"kerncijfers", kern}} {
		out, stderr, code := run(t, "import", "--data", data, "--json", imp[0], imp[1])
		if code != 0 {
			t.Fatalf("import %s: exit %d: %s", imp[0], code, stderr)
		}
		var s struct{ Rows, Accepted, Duplicates, Rejected int }
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		if s.Rows != s.Accepted+s.Duplicates+s.Rejected || s.Accepted == 0 {
			t.Fatalf("import %s: %+v", imp[0], s)
		}
		if imp[0] == "iv3" && (s.Rows != 37730 || s.Rejected != 0) {
			t.Errorf("Iv3: %+v, want all 37,730 rows stored", s)
		}
	}
	out, stderr, code := run(t, "benchmark", "--data", data, "--json", "--gemeente", "GM0823", "--jaar", "2024",
		"--peers", "Bergeijk,Bladel,Eersel,Reusel-De Mierden", "--vanaf", "2023")
	if code != 0 {
		t.Fatalf("benchmark: exit %d: %s", code, stderr)
	}
	var r struct {
		Gemeente, Code, Document string
		Jaar                     int
		Inwoners                 int64
		Peers                    []string
		Taakvelden               []struct {
			Taakveld    string
			Lasten      int64  `json:"lasten_eur"`
			PerInwoner  int64  `json:"per_inwoner_eur"`
			PeersMedian *int64 `json:"peers_mediaan_per_inwoner_eur"`
		}
		Totaal struct {
			Lasten int64 `json:"lasten_eur"`
		}
		Groei struct {
			Totaal struct {
				VanafEur    int64    `json:"vanaf_eur"`
				Pct         *float64 `json:"groei_pct"`
				PeersMedian *float64 `json:"peers_mediaan_groei_pct"`
			}
		}
		Unmatched []string `json:"niet_gekoppeld"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Gemeente != "Oirschot" || r.Code != "GM0823" || r.Inwoners != 19280 || len(r.Peers) != 4 {
		t.Errorf("gemeente %q code %q inwoners %d peers %v", r.Gemeente, r.Code, r.Inwoners, r.Peers)
	}
	// SOURCE.md: a plain sum of Lasten over all 6.x rows gives Oirschot
	// 15,581 (begroting 2024) and 14,974 (begroting 2023) × €1,000; in
	// these files no parent row is a subtotal, so nothing is left out.
	if r.Totaal.Lasten != 15_581_000 || r.Groei.Totaal.VanafEur != 14_974_000 {
		t.Errorf("totals %d and %d, want 15,581,000 and 14,974,000", r.Totaal.Lasten, r.Groei.Totaal.VanafEur)
	}
	if p := r.Groei.Totaal.Pct; p == nil || *p != 4.1 || r.Groei.Totaal.PeersMedian == nil {
		t.Errorf("growth %v against peers %v, want +4.1%% and a peers' median", p, r.Groei.Totaal.PeersMedian)
	}
	// The file: 2024;begroting;Oirschot;6.71a Huishoudelijke hulp (WMO);;0.0;1270.0 — €65.87 per inwoner.
	for _, tv := range r.Taakvelden {
		if tv.Taakveld == "6.71a" && (tv.Lasten != 1_270_000 || tv.PerInwoner != 66 || tv.PeersMedian == nil) {
			t.Errorf("6.71a = %+v", tv)
		}
	}
	// Every 2024 municipality links to a GM code, Hengelo to "Hengelo (O.)" too.
	if len(r.Unmatched) != 0 {
		t.Errorf("Iv3 names without a GM code: %v", r.Unmatched)
	}
	_, stderr, code = run(t, "benchmark", "--data", data, "--gemeente", "Oirschott", "--jaar", "2024")
	if code == 0 || !strings.Contains(stderr, "Oirschot") {
		t.Errorf("misspelt name: exit %d, %q; want a refusal naming Oirschot", code, stderr)
	}
	_, stderr, code = run(t, "benchmark", "--data", data, "--gemeente", "Oirschot", "--jaar", "2019")
	if code == 0 || !strings.Contains(stderr, "2019") || !strings.Contains(stderr, "begroting 2024") {
		t.Errorf("year without data: exit %d, %q", code, stderr)
	}
}
