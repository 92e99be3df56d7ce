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

// Released spend beside the Iv3 groups, end to end on a small demo: the
// released gemeente total by zorgsoort, only from released cells.
func TestBenchmarkBesideARelease(t *testing.T) {
	data := t.TempDir()
	if _, stderr, code := run(t, "demo", "--data", data, "--households", "600", "--years", "2"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	out, stderr, code := run(t, "release", "show", "--data", data, "--period", "2025", "--level", "gemeente", "--by", "zorgsoort", "--json")
	if code != 0 {
		t.Fatalf("release show: %s", stderr)
	}
	var rel struct {
		Cells []struct {
			Area, Category string
			AmountEUR      *int64 `json:"amount_eur"`
			Suppressed     bool
		}
	}
	if err := json.Unmarshal([]byte(out), &rel); err != nil || len(rel.Cells) == 0 {
		t.Fatalf("release cells: %v %s", err, out)
	}
	code6 := rel.Cells[0].Area
	var wmo int64
	wmoComplete := true
	for _, c := range rel.Cells {
		if c.Category >= "01" && c.Category <= "10" {
			if c.Suppressed {
				wmoComplete = false
			} else {
				wmo += *c.AmountEUR
			}
		}
	}
	dir := t.TempDir()
	iv3 := filepath.Join(dir, "iv3.csv")
	kern := filepath.Join(dir, "kwb.csv")
	writeFile(t, iv3, "Jaar;Document;Gemeenten;Taakveld;L1.1 Salarissen en sociale lasten;Baten;Lasten;Provincie;Gemeentegrootte;Stedelijkheid;Inwonertal;Centrumfunctie;Sociale structuur\n"+
		"2025;begroting;Demostad;6.711 Huishoudelijke hulp (WMO);;0.0;900.0;Zuid-Holland;k;s;20000;Zonder;Goed\n"+
		"2025;begroting;Buurdorp;6.711 Huishoudelijke hulp (WMO);;0.0;800.0;Zuid-Holland;k;s;20000;Zonder;Goed\n")
	writeFile(t, kern, "jaar;gemeentecode;gemeentenaam;aantal_inwoners;huishoudens;0_15;15_25;25_45;45_65;65plus\n2025;"+code6+";Demostad;20000;9000;15;12;25;28;20\n")
	for _, imp := range [][]string{{"iv3", iv3}, {"kerncijfers", kern}} {
		if _, stderr, code := run(t, "import", "--data", data, imp[0], imp[1]); code != 0 {
			t.Fatalf("import %s: %s", imp[0], stderr)
		}
	}
	out, stderr, code = run(t, "benchmark", "--data", data, "--json", "--gemeente", code6, "--jaar", "2025", "--meting", "2025")
	if code != 0 {
		t.Fatalf("benchmark: %s", stderr)
	}
	var r struct {
		Meting  string
		Groepen []struct {
			Taakveld string
			Released *int64 `json:"vrijgegeven_eur"`
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Meting != "2025 versie 1" {
		t.Errorf("meting = %q", r.Meting)
	}
	for _, g := range r.Groepen {
		if g.Taakveld != "6.71" {
			continue
		}
		switch {
		case !wmoComplete && g.Released != nil:
			t.Errorf("Wmo released = %d although a Wmo cell is withheld", *g.Released)
		case wmoComplete && (g.Released == nil || *g.Released != wmo):
			t.Errorf("Wmo released = %v, want %d (the sum of released cells 01–10)", g.Released, wmo)
		}
	}
	if _, stderr, code := run(t, "benchmark", "--data", data, "--gemeente", code6, "--jaar", "2025", "--meting", "2019"); code == 0 || !strings.Contains(stderr, "2019") {
		t.Errorf("unknown release: exit %d, %q", code, stderr)
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}
