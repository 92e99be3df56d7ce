package web

import (
	"context"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/benchmark"
	"github.com/ontschot/ontschot/internal/model"
)

func newRegionHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	accesstest.SeedRegion(t, h.f.Store)
	return h
}

const (
	regionPeriod = accesstest.RegionPeriod
	gem2         = accesstest.Gemeente2
	wijk2x       = accesstest.Wijk2x
)

// TestRegionScopeAttacks: an analyst of one gemeente asks for the other
// gemeente's areas and cells on every analyst page, download and API
// route; each ask is refused (404) or answered without a figure of the
// other gemeente or the region's.
func TestRegionScopeAttacks(t *testing.T) {
	h := newRegionHarness(t)
	c := h.login("analist0002")
	refused := []string{
		"/gemeente/" + regionPeriod + "?niveau=wijk&in=" + accesstest.Gemeente,
		"/gemeente/" + regionPeriod + "?niveau=buurt&in=" + accesstest.Wijk1,
		"/gemeente/" + regionPeriod + "?niveau=blok&in=" + accesstest.Buurt11,
		"/gemeente/" + regionPeriod + "/tabel.csv?niveau=buurt&in=" + accesstest.Wijk1,
		"/gemeente/" + regionPeriod + "/tabel.xlsx?niveau=wijk&in=" + accesstest.Gemeente,
		"/gemeente/" + regionPeriod + "/concentratie?gebied=" + accesstest.Gemeente,
		"/gemeente/" + regionPeriod + "/concentratie?gebied=regio",
		"/gemeente/verschil?niveau=wijk&gebied=" + wijk2x + "&gebied=" + accesstest.Wijk1,
	}
	for _, path := range refused {
		before := h.auditCount()
		resp, body := c.get(path)
		if resp.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", path, resp.StatusCode)
		}
		if strings.Contains(body, "Kerkbuurt") || strings.Contains(body, accesstest.Wijk1) && !strings.Contains(path, accesstest.Wijk1) {
			t.Errorf("%s: the refusal names the other gemeente's areas", path)
		}
		if h.auditCount() == before {
			t.Errorf("%s: refusal not in the audit log", path)
		}
	}
	// What the scoped analyst may read holds nothing of GM0001 or the region.
	foreign := []string{accesstest.Wijk1, accesstest.Wijk2, accesstest.Buurt11, accesstest.Blok111, "Kerkbuurt", "Oostpark", "REGIOBREED", `"area": "regio"`, "6.000.000", "6000000"}
	allowed := []string{
		"/gemeente/" + regionPeriod + "?niveau=wijk",
		"/gemeente/" + regionPeriod + "?niveau=gemeente",
		"/gemeente/" + regionPeriod + "?niveau=buurt&in=" + wijk2x,
		"/gemeente/" + regionPeriod + "/tabel.csv?niveau=wijk",
		"/gemeente/" + regionPeriod + "/tabel.csv?niveau=gemeente",
		"/gemeente/" + regionPeriod + "/concentratie",
		"/gemeente/" + regionPeriod + "/trajecten",
	}
	for _, path := range allowed {
		resp, body := c.get(path)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", path, resp.StatusCode)
			continue
		}
		for _, f := range foreign {
			if strings.Contains(body, f) {
				t.Errorf("%s shows %q, of the other gemeente or the region", path, f)
			}
		}
	}
	if _, body := c.get("/gemeente/" + regionPeriod + "?niveau=wijk"); !strings.Contains(body, wijk2x) && !strings.Contains(body, "Polderwijk") {
		t.Error("the scoped analyst does not see their own wijk")
	}
	tok := h.apiToken("analist0002")
	for _, path := range []string{
		"/api/v1/releases/" + regionPeriod + "/cells?level=wijk",
		"/api/v1/releases/" + regionPeriod + "/cells?level=gemeente",
		"/api/v1/releases/" + regionPeriod + "/cells?level=regio",
		"/api/v1/releases/" + regionPeriod + "/cells?level=blok",
		"/api/v1/releases/" + regionPeriod + "/concentration",
		"/api/v1/releases/" + regionPeriod + "/map?level=wijk",
		"/api/v1/releases/" + regionPeriod + "/trajectories",
	} {
		resp, body := h.api("GET", path, tok, strings.NewReader(""), "")
		if resp.StatusCode != 200 && resp.StatusCode != 404 {
			t.Errorf("%s: status %d: %s", path, resp.StatusCode, body)
		}
		for _, f := range append(foreign, accesstest.Gemeente) {
			if strings.Contains(body, f) {
				t.Errorf("%s shows %q", path, f)
			}
		}
	}
	// The region's analyst sees both gemeenten and the region.
	resp, body := h.api("GET", "/api/v1/releases/"+regionPeriod+"/cells?level=gemeente", h.apiToken("analist"), strings.NewReader(""), "")
	if resp.StatusCode != 200 || !strings.Contains(body, accesstest.Gemeente) || !strings.Contains(body, gem2) {
		t.Fatalf("region analyst, gemeenten: %d %s", resp.StatusCode, body)
	}
	resp, body = h.api("GET", "/api/v1/releases/"+regionPeriod+"/cells?level=regio", h.apiToken("analist"), strings.NewReader(""), "")
	if resp.StatusCode != 200 || !strings.Contains(body, "6000000") {
		t.Fatalf("region analyst, regio: %d %s", resp.StatusCode, body)
	}
}

// A scope is for analysts only, on a gemeente the instance holds.
func TestUserScopeChecked(t *testing.T) {
	h := newRegionHarness(t)
	ctx := context.Background()
	for _, u := range []access.NewUser{
		{Username: "scoped-pro", Password: accesstest.Password, Role: access.Professional, Gemeente: gem2},
		{Username: "scoped-bad", Password: accesstest.Password, Role: access.Analyst, Gemeente: "Zwijndrecht"},
		{Username: "scoped-far", Password: accesstest.Password, Role: access.Analyst, Gemeente: "GM0363"},
	} {
		if _, err := access.CreateUser(ctx, h.f.Store, u); err == nil {
			t.Errorf("%s with scope %q on role %s was accepted", u.Username, u.Gemeente, u.Role)
		}
	}
	u, err := h.f.Store.UserByName(ctx, "analist0002")
	if err != nil || u.Gemeente != gem2 {
		t.Fatalf("stored scope %q, %v", u.Gemeente, err)
	}
}

// releasedBench answers every comparison with released figures beside it.
type releasedBench struct{ BenchmarkReader }

func (releasedBench) Benchmark(_ context.Context, q benchmark.Query) (*benchmark.Result, error) {
	v := int64(1_000_000)
	return &benchmark.Result{Code: q.Gemeente, Meting: q.Meting, ReleasedUnassigned: &v, Groepen: []benchmark.Row{{Released: &v}}, Totaal: benchmark.Row{Released: &v}}, nil
}

// A peer comparison of another gemeente carries no released figures for a
// scoped analyst (they are that gemeente's), while its own does.
func TestScopedBenchmarkDropsOtherGemeentesReleasedFigures(t *testing.T) {
	b := scopedBenchmark{releasedBench{}}
	ctx := context.WithValue(context.Background(), sessionKey, &reqState{actor: access.Actor{Role: access.Analyst, Gemeente: gem2}})
	res, err := b.Benchmark(ctx, benchmark.Query{Gemeente: accesstest.Gemeente, Meting: regionPeriod})
	if err != nil {
		t.Fatal(err)
	}
	if res.Meting != "" || res.ReleasedUnassigned != nil || res.Totaal.Released != nil || res.Groepen[0].Released != nil {
		t.Fatalf("another gemeente's released figures reach a scoped analyst: %+v", res)
	}
	if res, _ := b.Benchmark(ctx, benchmark.Query{Gemeente: gem2, Meting: regionPeriod}); res.Totaal.Released == nil || res.Meting != regionPeriod {
		t.Fatalf("own gemeente lost its released figures: %+v", res)
	}
	region := context.WithValue(context.Background(), sessionKey, &reqState{actor: access.Actor{Role: access.Analyst}})
	if res, _ := b.Benchmark(region, benchmark.Query{Gemeente: accesstest.Gemeente, Meting: regionPeriod}); res.Totaal.Released == nil {
		t.Fatal("the region's analyst lost released figures")
	}
}

// TestRegionTrajectoriesPerGemeente: a region's release holds the
// trajectories of the region and of each gemeente. The scoped analyst
// reads their own gemeente's on the page, the download and the API, never
// the other's or the region's, and a chooser asking for the other's is
// refused; the region's analyst reads the region's, and each gemeente's
// through the chooser.
func TestRegionTrajectoriesPerGemeente(t *testing.T) {
	h := newRegionHarness(t)
	c := h.login("analist0002")
	for _, path := range []string{
		"/gemeente/" + regionPeriod + "/trajecten",
		"/gemeente/" + regionPeriod + "/trajecten?gm=" + gem2,
	} {
		resp, body := c.get(path)
		if resp.StatusCode != 200 || !strings.Contains(body, "GEMEENTE-TWEE") {
			t.Fatalf("%s: %d, own gemeente's trajectories missing", path, resp.StatusCode)
		}
		for _, f := range []string{"GEMEENTE-EEN", "REGIOBREED", `aria-label="Gemeente"`} {
			if strings.Contains(body, f) {
				t.Errorf("%s shows %q", path, f)
			}
		}
	}
	for _, path := range []string{
		"/gemeente/" + regionPeriod + "/trajecten?gm=" + accesstest.Gemeente,
		"/gemeente/" + regionPeriod + "/trajecten.csv?gm=" + accesstest.Gemeente,
		"/gemeente/" + regionPeriod + "/trajecten?gm=regio",
	} {
		before := h.auditCount()
		if resp, body := c.get(path); resp.StatusCode != 404 || strings.Contains(body, "GEMEENTE-EEN") {
			t.Errorf("%s: status %d, want 404", path, resp.StatusCode)
		}
		if h.auditCount() == before {
			t.Errorf("%s: refusal not in the audit log", path)
		}
	}
	tok := h.apiToken("analist0002")
	resp, body := h.api("GET", "/api/v1/releases/"+regionPeriod+"/trajectories", tok, strings.NewReader(""), "")
	if resp.StatusCode != 200 || !strings.Contains(body, "GEMEENTE-TWEE") || strings.Contains(body, "GEMEENTE-EEN") || strings.Contains(body, "REGIOBREED") {
		t.Fatalf("scoped API: %d %s", resp.StatusCode, body)
	}
	resp, body = h.api("GET", "/api/v1/releases/"+regionPeriod+"/trajectories?gm="+accesstest.Gemeente, tok, strings.NewReader(""), "")
	if resp.StatusCode != 404 || strings.Contains(body, "GEMEENTE-EEN") {
		t.Fatalf("scoped API asking for the other gemeente: %d %s", resp.StatusCode, body)
	}
	// The region's analyst: the region by default, a gemeente by choice.
	r := h.login("analist")
	_, body = r.get("/gemeente/" + regionPeriod + "/trajecten")
	if !strings.Contains(body, "REGIOBREED") || !strings.Contains(body, `aria-label="Gemeente"`) || strings.Contains(body, "GEMEENTE-EEN") {
		t.Fatalf("region analyst's page: chooser or region's trajectories missing")
	}
	_, body = r.get("/gemeente/" + regionPeriod + "/trajecten?gm=" + accesstest.Gemeente)
	if !strings.Contains(body, "GEMEENTE-EEN") || strings.Contains(body, "REGIOBREED") || strings.Contains(body, "GEMEENTE-TWEE") {
		t.Fatal("region analyst choosing a gemeente does not get that gemeente's trajectories")
	}
	resp, body = h.api("GET", "/api/v1/releases/"+regionPeriod+"/trajectories?gm="+gem2, h.apiToken("analist"), strings.NewReader(""), "")
	if resp.StatusCode != 200 || !strings.Contains(body, "GEMEENTE-TWEE") {
		t.Fatalf("region API with gm: %d %s", resp.StatusCode, body)
	}
}

// The comparison opens, for the region's analyst, on the gemeente with the
// most inhabitants (ties by code), with the region's gemeenten to choose
// from; the scoped analyst gets no chooser.
func TestBenchmarkLeadGemeente(t *testing.T) {
	ga := func(code string, inh int64) *geoArea {
		return &geoArea{Area: model.Area{Code: code, Level: "gemeente", Inhabitants: inh}}
	}
	if got := leadGemeente([]*geoArea{ga("GM0531", 31_000), ga("GM0642", 45_000)}); got != "GM0642" {
		t.Errorf("lead gemeente %s, want the larger GM0642", got)
	}
	if got := leadGemeente([]*geoArea{ga("GM0642", 10), ga("GM0531", 10)}); got != "GM0531" {
		t.Errorf("tie: %s, want the lower code", got)
	}
	if got := leadGemeente(nil); got != "" {
		t.Errorf("no gemeente: %q", got)
	}
	h := newRegionHarness(t)
	_, body := h.login("analist").get("/gemeente/vergelijking")
	if !strings.Contains(body, `aria-label="Gemeenten van de regio"`) || !strings.Contains(body, "?gemeente="+gem2) || !strings.Contains(body, "?gemeente="+accesstest.Gemeente) {
		t.Error("the region's analyst has no chooser of the region's gemeenten")
	}
	_, body = h.login("analist0002").get("/gemeente/vergelijking")
	if strings.Contains(body, `aria-label="Gemeenten van de regio"`) {
		t.Error("the scoped analyst is offered the region's gemeenten")
	}
}

// TestRegionFundingPerGemeente: the scoped analyst reads their own
// gemeente's contracts, with the note that the region-wide ones are left
// out, never the other gemeente's (page and API); the region's analyst
// reads the region's, and a gemeente's through the chooser.
func TestRegionFundingPerGemeente(t *testing.T) {
	h := newRegionHarness(t)
	c := h.login("analist0002")
	resp, body := c.get("/gemeente/" + regionPeriod + "/financiering")
	if resp.StatusCode != 200 || !strings.Contains(body, "CONTRACT-TWEE") || !strings.Contains(body, "hele regio en staat hier niet") {
		t.Fatalf("scoped funding page: %d, own contract or note missing", resp.StatusCode)
	}
	for _, f := range []string{"CONTRACT-EEN", "REGIOBREED"} {
		if strings.Contains(body, f) {
			t.Errorf("scoped funding page shows %q", f)
		}
	}
	if resp, _ := c.get("/gemeente/" + regionPeriod + "/financiering?gm=" + accesstest.Gemeente); resp.StatusCode != 404 {
		t.Errorf("scoped analyst choosing the other gemeente's funding: %d", resp.StatusCode)
	}
	resp, body = h.api("GET", "/api/v1/releases/"+regionPeriod+"/funding", h.apiToken("analist0002"), strings.NewReader(""), "")
	if resp.StatusCode != 200 || (strings.Contains(body, "CONTRACT-EEN") || strings.Contains(body, "REGIOBREED") || !strings.Contains(body, "CONTRACT-TWEE")) {
		t.Errorf("scoped funding API: %s", body)
	}
	r := h.login("analist")
	_, body = r.get("/gemeente/" + regionPeriod + "/financiering")
	if !strings.Contains(body, "CONTRACT-REGIOBREED") || !strings.Contains(body, `aria-label="Gemeente"`) {
		t.Error("region analyst's funding page: region's contracts or chooser missing")
	}
	_, body = r.get("/gemeente/" + regionPeriod + "/financiering?gm=" + accesstest.Gemeente)
	if !strings.Contains(body, "CONTRACT-EEN") || strings.Contains(body, "CONTRACT-REGIOBREED") || strings.Contains(body, "CONTRACT-TWEE") {
		t.Error("region analyst choosing a gemeente: not that gemeente's contracts")
	}
}
