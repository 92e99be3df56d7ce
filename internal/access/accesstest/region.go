package accesstest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/store"
)

// The region fixture (SeedRegion): the fixture's gemeente GM0001 and a
// second one, GM0002 (wijk WK000201, buurt BU00020101), with a region
// release 2023 that holds both; analyst "analist" sees the region,
// "analist0002" only GM0002.
const (
	RegionPeriod = "2023"
	Gemeente2    = "GM0002"
	Wijk2x       = "WK000201"
	Buurt2x      = "BU00020101"
	Blok2x       = "BL0002010101"
)

// SeedRegion adds the second gemeente, the region release and the scoped
// analyst to a seeded fixture store.
func SeedRegion(t testing.TB, st *store.Store) {
	t.Helper()
	ctx := context.Background()
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
		{Code: Gemeente2, Level: "gemeente", Name: "Tweede Gemeente", Inhabitants: 9000, Households: 4000, Geometry: geo(2000, 3000)},
		{Code: Wijk2x, Level: "wijk", Name: "Polderwijk", Gemeente: Gemeente2, Inhabitants: 9000, Households: 4000, Geometry: geo(2000, 3000)},
		{Code: Buurt2x, Level: "buurt", Name: "Dijkbuurt", Gemeente: Gemeente2, Wijk: Wijk2x, Inhabitants: 9000, Households: 4000, Geometry: geo(2000, 3000)},
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
		{"gemeente", Gemeente, 400, 4_000_000}, {"gemeente", Gemeente2, 200, 2_000_000},
		{"wijk", Wijk1, 250, 2_600_000}, {"wijk", Wijk2, 150, 1_400_000}, {"wijk", Wijk2x, 200, 2_000_000},
		{"buurt", Buurt11, 200, 2_000_000}, {"buurt", Buurt12, 50, 600_000}, {"buurt", Buurt21, 150, 1_400_000},
		{"buurt", Buurt2x, 200, 2_000_000}, {"blok", Blok111, 110, 1_100_000}, {"blok", Blok2x, 200, 2_000_000},
	} {
		cells = append(cells, store.ReleaseCell{Level: c.level, Area: c.area, By: "total", Category: "totaal", Households: n(c.hh), Persons: n(2 * c.hh), AmountEUR: n(c.amount)})
	}
	conc := func(level, area string) store.ReleaseExtra {
		return store.ReleaseExtra{Kind: "concentration", Level: level, Area: area, Body: `{"level":"` + level + `","area":"` + area + `","households":200,"top_shares":[],"lorenz":[],"suppressed":false}`}
	}
	traj := `{"period":"2023","hourly_cost_own_cent":7500,"cells":[{"type":"eigen","category":"02","trajectories":40,"cost_mean_eur":4100,"suppressed":false}],"comparisons":[{"category":"02","headline":"REGIOBREED-TRAJECT"}],"waiting":[]}`
	if _, err := st.PublishRelease(ctx, store.NewRelease{Period: RegionPeriod, CreatedBy: "test", Rules: "{}", Cells: cells,
		Extras: []store.ReleaseExtra{conc("regio", "regio"), conc("gemeente", Gemeente), conc("gemeente", Gemeente2),
			{Kind: "trajectories", Level: "gemeente", Body: traj},
			{Kind: "trajectories", Level: "gemeente", Area: Gemeente, Body: strings.ReplaceAll(traj, "REGIOBREED", "GEMEENTE-EEN")},
			{Kind: "trajectories", Level: "gemeente", Area: Gemeente2, Body: strings.ReplaceAll(traj, "REGIOBREED", "GEMEENTE-TWEE")},
			{Kind: "funding", Level: "gemeente", Body: regionFunding(0, regionContract("K-EEN", "CONTRACT-EEN", Wijk1), regionContract("K-REGIO", "CONTRACT-REGIOBREED", ""))},
			{Kind: "funding", Level: "gemeente", Area: Gemeente, Body: regionFunding(1, regionContract("K-EEN", "CONTRACT-EEN", Wijk1))},
			{Kind: "funding", Level: "gemeente", Area: Gemeente2, Body: regionFunding(1, regionContract("K-TWEE", "CONTRACT-TWEE", Wijk2x))}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := access.CreateUser(ctx, st, access.NewUser{Username: "analist0002", Password: Password, Role: access.Analyst, DisplayName: "Analist Tweede Gemeente", Gemeente: Gemeente2}); err != nil {
		t.Fatal(err)
	}
}

// regionFunding is a funding overview of the region fixture with left
// region-wide contracts left out.
func regionFunding(left int, contracts ...string) string {
	return `{"year":2023,"through_month":12,"contracts":[` + strings.Join(contracts, ",") + `],"region_contracts_left_out":` + strconv.Itoa(left) + `}`
}

func regionContract(code, name, area string) string {
	return `{"contract":"` + code + `","naam":"` + name + `","variant":"inspanning","opdrachtnemer":"","aanbieders":[],"gebied":"` + area +
		`","begindatum":"2023-01-01","einddatum":"2023-12-31","partners":[],"budget_cent":100000000,"months_cent":[]}`
}
