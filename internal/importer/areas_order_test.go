package importer

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// Each file below implies the levels above it (a buurt file derives its wijk
// and gemeente). Whatever the order of the imports, the real records with
// their inhabitants and outline must stay.
var orderFiles = map[string]string{
	"gemeenten": `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
{"type":"Feature","properties":{"gemeentecode":"GM1999","gemeentenaam":"Demo","aantalInwoners":5000,"aantalHuishoudens":2100},
 "geometry":{"type":"Polygon","coordinates":[[[100000,420000],[102000,420000],[102000,421000],[100000,421000],[100000,420000]]]}}]}`,
	"wijken": `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
{"type":"Feature","properties":{"wijkcode":"WK199901","wijknaam":"Centrum","gemeentecode":"GM1999","gemeentenaam":"Demo","aantalInwoners":5000,"aantalHuishoudens":2100},
 "geometry":{"type":"Polygon","coordinates":[[[100000,420000],[102000,420000],[102000,421000],[100000,421000],[100000,420000]]]}}]}`,
	"buurten": `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
{"type":"Feature","properties":{"buurtcode":"BU19990101","buurtnaam":"West","wijkcode":"WK199901","gemeentecode":"GM1999","aantalInwoners":2000,"aantalHuishoudens":900},
 "geometry":{"type":"Polygon","coordinates":[[[100000,420000],[101000,420000],[101000,421000],[100000,421000],[100000,420000]]]}},
{"type":"Feature","properties":{"buurtcode":"BU19990102","buurtnaam":"Oost","wijkcode":"WK199901","gemeentecode":"GM1999","aantalInwoners":3000,"aantalHuishoudens":1200},
 "geometry":{"type":"Polygon","coordinates":[[[101000,420000],[102000,420000],[102000,421000],[101000,421000],[101000,420000]]]}}]}`,
}

func TestAreaImportOrderKeepsRealRecords(t *testing.T) {
	orders := [][]string{
		{"gemeenten", "wijken", "buurten"}, {"gemeenten", "buurten", "wijken"}, {"wijken", "gemeenten", "buurten"},
		{"wijken", "buurten", "gemeenten"}, {"buurten", "gemeenten", "wijken"}, {"buurten", "wijken", "gemeenten"},
	}
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		for _, order := range orders {
			t.Run(strings.Join(order, "-"), func(t *testing.T) {
				if _, err := s.DB().ExecContext(ctx, `DELETE FROM areas`); err != nil {
					t.Fatal(err)
				}
				imp := New(s, testKluis())
				for _, name := range order {
					// Twice: a repeated file changes nothing either.
					for range 2 {
						if _, err := imp.Import(ctx, "areas", name+".geojson", strings.NewReader(orderFiles[name]), Source{}); err != nil {
							t.Fatalf("%s: %v", name, err)
						}
					}
				}
				for _, want := range []struct {
					code, name string
					inh, hh    int64
				}{{"GM1999", "Demo", 5000, 2100}, {"WK199901", "Centrum", 5000, 2100}, {"BU19990101", "West", 2000, 900}} {
					var name string
					var inh, hh int64
					var derived int
					var geom []byte
					err := s.DB().QueryRowContext(ctx, `SELECT name, inhabitants, households, derived, geometry FROM areas WHERE code = $1`, want.code).Scan(&name, &inh, &hh, &derived, &geom)
					if err != nil {
						t.Fatalf("%s: %v", want.code, err)
					}
					if got := fmt.Sprint(name, inh, hh, derived); got != fmt.Sprint(want.name, want.inh, want.hh, 0) {
						t.Errorf("%s is %q, want the real record %q", want.code, got, fmt.Sprint(want.name, want.inh, want.hh, 0))
					}
					if len(geom) == 0 {
						t.Errorf("%s lost its outline", want.code)
					}
				}
			})
		}
	})
}
