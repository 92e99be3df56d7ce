package importer

import (
	"context"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

const twoBuurten = `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
{"type":"Feature","properties":{"wijkcode":"WK199901","wijknaam":"Centrum","gemeentecode":"GM1999","gemeentenaam":"Demo"},
 "geometry":{"type":"Polygon","coordinates":[[[100000,420000],[102000,420000],[102000,421000],[100000,421000],[100000,420000]]]}},
{"type":"Feature","properties":{"buurtcode":"BU19990101","buurtnaam":"West","wijkcode":"WK199901","gemeentecode":"GM1999"},
 "geometry":{"type":"Polygon","coordinates":[[[100000,420000],[101000,420000],[101000,421000],[100000,421000],[100000,420000]]]}},
{"type":"Feature","properties":{"buurtcode":"BU19990102","buurtnaam":"Oost","wijkcode":"WK199901","gemeentecode":"GM1999"},
 "geometry":{"type":"Polygon","coordinates":[[[101000,420000],[102000,420000],[102000,421000],[101000,421000],[101000,420000]]]}}]}`

// Addresses that come with coordinates are placed in their buurt by
// point-in-polygon; a point outside every buurt is rejected, not guessed.
func TestAddressesByPointInPolygon(t *testing.T) {
	s, _ := storetest.OpenSQLite(t)
	ctx := context.Background()
	imp := New(s, testKluis())
	sum, err := imp.Import(ctx, "areas", "gebieden.geojson", strings.NewReader(twoBuurten), Source{})
	if err != nil || sum.Accepted != 3 {
		t.Fatalf("areas: %+v %v", sum, err)
	}
	addr := "postcode,huisnummer,x,y\n3331AB,1,100500,420500\n3331AB,3,101500,420500\n3331AC,5,150000,420500\n"
	sum, err = imp.Import(ctx, "addresses", "adressen.csv", strings.NewReader(addr), Source{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Accepted != 2 || sum.Rejected != 1 || sum.Rejections[0].Line != 4 {
		t.Fatalf("addresses: %+v", sum)
	}
	var west, oost int
	s.DB().QueryRow(`SELECT COUNT(*) FROM address_buurt WHERE buurt = 'BU19990101'`).Scan(&west)
	s.DB().QueryRow(`SELECT COUNT(*) FROM address_buurt WHERE buurt = 'BU19990102'`).Scan(&oost)
	if west != 1 || oost != 1 {
		t.Fatalf("west %d, oost %d; want 1 and 1", west, oost)
	}
	// A buurt outside its wijk refuses the whole file, naming the feature.
	bad := strings.Replace(twoBuurten, "[[[101000,420000],[102000,420000],[102000,421000],[101000,421000],[101000,420000]]]", "[[[201000,420000],[202000,420000],[202000,421000],[201000,421000],[201000,420000]]]", 1)
	if _, err := imp.Import(ctx, "areas", "fout.geojson", strings.NewReader(bad), Source{}); err == nil || !strings.Contains(err.Error(), "BU19990102") {
		t.Fatalf("buurt outside its wijk: %v", err)
	}
}

func TestProviderRegister(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		in := "agb;naam\n75990101;Jeugdformaat\n123;Te kort\n75990108;Enver\n"
		sum, err := imp.Import(ctx, "providers", "aanbieders.csv", strings.NewReader(in), Source{})
		if err != nil || sum.Accepted != 2 || sum.Rejected != 1 || sum.Rejections[0].Field != "agb" {
			t.Fatalf("%+v %v", sum, err)
		}
		sum, err = imp.Import(ctx, "providers", "aanbieders.csv", strings.NewReader(strings.Replace(in, "Enver", "Enver Jeugd", 1)), Source{})
		if err != nil || sum.Accepted != 1 || sum.Duplicates != 1 {
			t.Fatalf("renamed: %+v %v", sum, err)
		}
		names, err := s.ProviderNames(ctx)
		if err != nil || names["75990108"] != "Enver Jeugd" || names["75990101"] != "Jeugdformaat" || len(names) != 2 {
			t.Fatalf("names %v %v", names, err)
		}
	})
}
