package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/benchmark"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

// fakeBenchmark holds two begrotingen of four made-up municipalities in one
// Iv3 class (the fixture's own gemeente GM0001 is "Testgemeente"): what
// cli's benchmarkSource reads from the store, without the store.
type fakeBenchmark struct {
	docs map[benchmark.Held]benchmark.Document
}

func newFakeBenchmark() *fakeBenchmark {
	f := &fakeBenchmark{docs: map[benchmark.Held]benchmark.Document{}}
	// Lasten in thousands of euros per gemeente: 6.71 maatwerk Wmo, 6.72 jeugd.
	lasten := map[int]map[string][2]int64{
		2023: {"Testgemeente": {1000, 2000}, "Aadorp": {500, 800}, "Beedorp": {600, 900}, "Ceedorp": {700, 1000}},
		2024: {"Testgemeente": {1080, 2000}, "Aadorp": {650, 1000}, "Beedorp": {780, 1100}, "Ceedorp": {840, 1200}},
	}
	inw := map[string]int64{"Testgemeente": 20000, "Aadorp": 10000, "Beedorp": 12000, "Ceedorp": 14000}
	for jaar, byG := range lasten {
		d := benchmark.Document{Jaar: jaar, Document: "begroting"}
		for g, l := range byG {
			d.Gemeenten = append(d.Gemeenten, store.Iv3Gemeente{Jaar: jaar, Document: "begroting", Gemeente: g, Inwoners: inw[g],
				Grootte: "10000tot20000inwoners", Stedelijkheid: "Weinigstedelijk", SocialeStructuur: "Goed"})
			d.Taakvelden = append(d.Taakvelden,
				store.Iv3Taakveld{Jaar: jaar, Document: "begroting", Gemeente: g, Taakveld: "6.71", Naam: "Maatwerkdienstverlening 18+", Lasten: money.Cents(l[0] * 100000)},
				store.Iv3Taakveld{Jaar: jaar, Document: "begroting", Gemeente: g, Taakveld: "6.72", Naam: "Maatwerkdienstverlening 18-", Lasten: money.Cents(l[1] * 100000)})
		}
		f.docs[benchmark.Held{Jaar: jaar, Document: "begroting"}] = d
	}
	return f
}

func (f *fakeBenchmark) Benchmark(_ context.Context, q benchmark.Query) (*benchmark.Result, error) {
	doc, ok := f.docs[benchmark.Held{Jaar: q.Jaar, Document: q.Document}]
	if !ok {
		return nil, fmt.Errorf("geen Iv3-gegevens voor %s %d / no data", q.Document, q.Jaar)
	}
	res, err := benchmark.Compare(doc, q.Gemeente, q.Peers, map[string]string{"GM0001": "Testgemeente"})
	if err != nil {
		return nil, err
	}
	if q.Vanaf != 0 {
		if err := res.AddGrowth(f.docs[benchmark.Held{Jaar: q.Vanaf, Document: q.Document}]); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func (f *fakeBenchmark) BenchmarkDocuments(context.Context) ([]benchmark.Held, error) {
	return []benchmark.Held{{Jaar: 2023, Document: "begroting"}, {Jaar: 2024, Document: "begroting"}}, nil
}

// The page defaults to the instance's own gemeente (the fixture's GM0001,
// "Testgemeente"), the newest begroting and growth since the oldest:
// 6.71 grew 8% against the peers' median 30% (Aadorp +30, Beedorp +30,
// Ceedorp +20).
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
