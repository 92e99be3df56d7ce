package web

import (
	"context"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/store"
)

// The region fixture: the fixture's gemeente GM0001 and a second one,
// GM0002 (wijk WK000201, buurt BU00020101), with a region release 2023
// that holds both; analyst "analist" sees the region, "analist0002" only
// GM0002.
const (
	regionPeriod = "2023"
	gem2         = "GM0002"
	wijk2x       = "WK000201"
	buurt2x      = "BU00020101"
	blok2x       = "BL0002010101"
)

func newRegionHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	ctx := context.Background()
	st := h.f.Store
	im, err := st.BeginImport(ctx, store.ImportMeta{Kind: "areas", FileName: "gebieden2.geojson", Format: "geojson"})
	if err != nil {
		t.Fatal(err)
	}
	geo := func(x0, x1 float64) []byte {
		b, err := areas.EncodeGeometry(orb.MultiPolygon{{{{x0, 0}, {x1, 0}, {x1, 1000}, {x0, 1000}, {x0, 0}}}})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, a := range []store.Area{
		{Code: gem2, Level: "gemeente", Name: "Tweede Gemeente", Inhabitants: 9000, Households: 4000, Geometry: geo(2000, 3000)},
		{Code: wijk2x, Level: "wijk", Name: "Polderwijk", Gemeente: gem2, Inhabitants: 9000, Households: 4000, Geometry: geo(2000, 3000)},
		{Code: buurt2x, Level: "buurt", Name: "Dijkbuurt", Gemeente: gem2, Wijk: wijk2x, Inhabitants: 9000, Households: 4000, Geometry: geo(2000, 3000)},
	} {
		if _, err := im.AddArea(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	n := func(v int64) *int64 { return &v }
	var cells []store.ReleaseCell
	for _, c := range []struct {
		level, area string
		hh, amount  int64
	}{
		{"regio", "regio", 600, 6_000_000},
		{"gemeente", accesstest.Gemeente, 400, 4_000_000}, {"gemeente", gem2, 200, 2_000_000},
		{"wijk", accesstest.Wijk1, 250, 2_600_000}, {"wijk", accesstest.Wijk2, 150, 1_400_000}, {"wijk", wijk2x, 200, 2_000_000},
		{"buurt", accesstest.Buurt11, 200, 2_000_000}, {"buurt", accesstest.Buurt12, 50, 600_000}, {"buurt", accesstest.Buurt21, 150, 1_400_000},
		{"buurt", buurt2x, 200, 2_000_000}, {"blok", accesstest.Blok111, 110, 1_100_000}, {"blok", blok2x, 200, 2_000_000},
	} {
		cells = append(cells, store.ReleaseCell{Level: c.level, Area: c.area, By: "total", Category: "totaal", Households: n(c.hh), Persons: n(2 * c.hh), AmountEUR: n(c.amount)})
	}
	conc := func(level, area string) store.ReleaseExtra {
		return store.ReleaseExtra{Kind: "concentration", Level: level, Area: area, Body: `{"level":"` + level + `","area":"` + area + `","households":200,"top_shares":[],"lorenz":[],"suppressed":false}`}
	}
	traj := `{"period":"2023","hourly_cost_own_cent":7500,"cells":[{"type":"eigen","category":"02","trajectories":40,"cost_mean_eur":4100,"suppressed":false}],"comparisons":[{"category":"02","headline":"REGIOBREED-TRAJECT"}],"waiting":[]}`
	if _, err := st.PublishRelease(ctx, store.NewRelease{Period: regionPeriod, CreatedBy: "test", Rules: "{}", Cells: cells,
		Extras: []store.ReleaseExtra{conc("regio", "regio"), conc("gemeente", accesstest.Gemeente), conc("gemeente", gem2),
			{Kind: "trajectories", Level: "gemeente", Body: traj}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := access.CreateUser(ctx, st, access.NewUser{Username: "analist0002", Password: accesstest.Password, Role: access.Analyst, Gemeente: gem2}); err != nil {
		t.Fatal(err)
	}
	return h
}

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
