package web

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/benchmark"
)

func TestBenchmarkPage(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	resp, body := cl.get("/gemeente/vergelijking")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	const nb = "\u00a0"
	for _, w := range []string{
		"Testgemeente (GM0001), begroting 2024", "20.000 inwoners", "Aadorp, Beedorp, Ceedorp",
		"Groei sinds begroting 2023", `<svg class="chart"`, "&#43;8,0%", "&#43;30,0%",
		"€" + nb + "1.080.000", "€" + nb + "54", // 6.71: 1.080.000 / 20.000 inwoners
		"Bron: CBS", `href="/gemeente/vergelijking" aria-current="page"`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	// A name that is not known is reported with the nearest names.
	resp, body = cl.get("/gemeente/vergelijking?gemeente=Aadorpp&jaar=2024&document=begroting")
	if resp.StatusCode != 422 || !strings.Contains(body, "Aadorp") || strings.Contains(body, `<svg class="chart"`) {
		t.Errorf("unknown name: status %d", resp.StatusCode)
	}
	// A year without data says so.
	resp, body = cl.get("/gemeente/vergelijking?jaar=2019&document=begroting")
	if resp.StatusCode != 422 || !strings.Contains(body, "geen Iv3-gegevens voor begroting 2019") {
		t.Errorf("year without data: status %d", resp.StatusCode)
	}
	// Named peers.
	_, body = cl.get("/gemeente/vergelijking?peers=Aadorp")
	if !strings.Contains(body, "(genoemd): Aadorp.") {
		t.Errorf("named peers not shown")
	}
	resp, body = cl.get("/gemeente/vergelijking.csv")
	if resp.StatusCode != 200 || !strings.Contains(body, "soort,taakveld,naam,lasten_eur,per_inwoner_eur,peers_mediaan_per_inwoner_eur") ||
		!strings.Contains(body, "taakveld,6.71,Maatwerkdienstverlening 18+,1080000,54,") {
		t.Errorf("csv: status %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := cl.get("/gemeente/vergelijking.xlsx"); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != typeXLSX {
		t.Errorf("xlsx: status %d", resp.StatusCode)
	}
	resp, body = h.api("GET", "/api/v1/benchmark?gemeente=Testgemeente&jaar=2024&document=begroting&vanaf=2023", h.apiToken("analist"), nil, "")
	var got benchmark.Result
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &got) != nil || got.Gemeente != "Testgemeente" || len(got.Peers) != 3 || got.Groei == nil {
		t.Errorf("api: status %d: %s", resp.StatusCode, body)
	}
}
