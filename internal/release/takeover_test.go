package release_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// A municipal WMO301 never places a person in a release household over the
// BRP (issue 11.1): X's only BRP row (secret, dated after the period) beats
// the 301 that puts X at Y's address during the period, so X's care does
// not count in Y's household.
func TestFreezeIgnores301ForBRPPersons(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := importer.New(s, kluis.New(make([]byte, 32), make([]byte, 32)))
		x, y := kluis.SyntheticBSN(900), kluis.SyntheticBSN(901)
		brp := "bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n" +
			fmt.Sprintf("%s,1980-01-01,3331AB,1,,,,,0,2023-12-31\n", y) +
			fmt.Sprintf("%s,1990-01-01,,,,,,,1,2025-12-31\n", x)
		del := "agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n" +
			fmt.Sprintf("12345678,R1,%s,wmo,02,02A01,2024-05-01,2024-05-31,1,04,1000,D\n", x) +
			fmt.Sprintf("12345678,R2,%s,wmo,02,02A01,2024-05-01,2024-05-31,1,04,1000,D\n", y)
		var tw bytes.Buffer
		if err := intake.WriteWMO301(&tw, intake.Toewijzingbericht{Afzender: "1999", Ontvanger: "12345678", Identificatie: "T1",
			Dagtekening: intake.MakeDate(2024, 2, 20), BSN: x, Geboortedatum: intake.MakeDate(1990, 1, 1),
			Adres: &intake.Adres{Postcode: "3331AB", Huisnummer: 1}, Straatnaam: "Proefstraat", Plaatsnaam: "Proefdorp",
			Producten: []intake.Toewijzing{{ToewijzingNummer: "1", Categorie: "02", Productcode: "02A01",
				Ingangsdatum: intake.MakeDate(2024, 3, 1), Volume: 1, Eenheid: "04", Frequentie: "4"}}}); err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct{ kind, name, body string }{{"areas", "g.geojson", oneBuurt}, {"brp", "brp.csv", brp}, {"deliveries", "t.xml", tw.String()}, {"deliveries", "l.csv", del}} {
			if sum, err := imp.Import(ctx, f.kind, f.name, strings.NewReader(f.body), importer.Source{}); err != nil || sum.Rejected != 0 {
				t.Fatalf("%s: %+v %v", f.name, sum, err)
			}
		}
		in, _, err := release.LoadInput(ctx, s, release.Period{Year: 2024}, math.MaxInt64, math.MaxInt64)
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Households) != 2 {
			t.Fatalf("%d households, want 2: the 301 joined the person at a secret address to another household", len(in.Households))
		}
		for _, h := range in.Households {
			if len(h.Rows) != 1 {
				t.Errorf("household %d has %d rows, want 1", h.ID, len(h.Rows))
			}
		}
	})
}

const oneBuurt = `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
{"type":"Feature","properties":{"wijkcode":"WK199901","wijknaam":"Centrum","gemeentecode":"GM1999","gemeentenaam":"Demo"},
 "geometry":{"type":"Polygon","coordinates":[[[100000,420000],[102000,420000],[102000,421000],[100000,421000],[100000,420000]]]}},
{"type":"Feature","properties":{"buurtcode":"BU19990101","buurtnaam":"West","wijkcode":"WK199901","gemeentecode":"GM1999"},
 "geometry":{"type":"Polygon","coordinates":[[[100000,420000],[102000,420000],[102000,421000],[100000,421000],[100000,420000]]]}}]}`
