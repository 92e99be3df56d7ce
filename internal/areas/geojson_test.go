package areas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

const sharedData = "../../../shared/data/cbs_wijken_gemeenten_2024"

// openShared opens a file of the shared CBS subset, or skips the test when it is absent.
func openShared(t testing.TB, name string) []byte {
	t.Helper()
	path := filepath.Join(sharedData, name)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("SKIP: shared data %s not available (%v); the real-file checks did not run", path, err)
	}
	return b
}

// rdSquare is a closed square ring in RD with lower-left (x, y) and side s metres.
func rdSquare(x, y, s float64) [][]float64 {
	return [][]float64{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
}

// wgsSquare is rdSquare in WGS84 lon/lat, rounded to 7 decimals as files have them.
func wgsSquare(x, y, s float64) [][]float64 {
	ring := rdSquare(x, y, s)
	for i, p := range ring {
		lat, lon := RDToWGS84(p[0], p[1])
		ring[i] = []float64{math.Round(lon*1e7) / 1e7, math.Round(lat*1e7) / 1e7}
	}
	return ring
}

type feat struct {
	props map[string]any
	geom  any // a full geometry object, or nil for a missing geometry
}

func polygon(rings ...[][]float64) map[string]any {
	return map[string]any{"type": "Polygon", "coordinates": rings}
}

func collection(crs string, feats ...feat) []byte {
	fc := map[string]any{"type": "FeatureCollection"}
	if crs != "" {
		fc["crs"] = map[string]any{"type": "name", "properties": map[string]any{"name": crs}}
	}
	var fs []any
	for _, f := range feats {
		fs = append(fs, map[string]any{"type": "Feature", "properties": f.props, "geometry": f.geom})
	}
	fc["features"] = fs
	b, err := json.Marshal(fc)
	if err != nil {
		panic(err)
	}
	return b
}

// A small, valid RD file: one wijk of 2 × 2 km and two buurten inside it.
func wijkAndBuurten() []feat {
	return []feat{
		{map[string]any{"wijkcode": "WK064201", "wijknaam": "Centrum", "gemeentecode": "GM0642", "gemeentenaam": "Zwijndrecht", "aantalInwoners": 4000, "aantalHuishoudens": 1900},
			polygon(rdSquare(100000, 425000, 2000))},
		{map[string]any{"buurtcode": "BU06420101", "buurtnaam": "Noord", "wijkcode": "WK064201", "gemeentecode": "GM0642", "aantalInwoners": 2500, "aantalHuishoudens": -99997},
			polygon(rdSquare(100000, 426000, 1000))},
		{map[string]any{"buurtcode": "BU06420102", "buurtnaam": "Zuid", "aantalInwoners": nil},
			polygon(rdSquare(100000, 425000, 1000))},
	}
}

func TestReadGeoJSONValid(t *testing.T) {
	base := wijkAndBuurten()

	wgs := func(fs []feat) []feat {
		out := make([]feat, len(fs))
		for i, f := range fs {
			r := f.geom.(map[string]any)["coordinates"].([][][]float64)[0]
			out[i] = feat{f.props, polygon(wgsSquare(r[0][0], r[0][1], r[1][0]-r[0][0]))}
		}
		return out
	}
	latLon := func(fs []feat) []feat {
		out := wgs(fs)
		for _, f := range out {
			for _, p := range f.geom.(map[string]any)["coordinates"].([][][]float64)[0] {
				p[0], p[1] = p[1], p[0]
			}
		}
		return out
	}
	tests := []struct {
		name string
		file []byte
	}{
		{"RD with urn crs", collection("urn:ogc:def:crs:EPSG::28992", base...)},
		{"RD with short crs", collection("EPSG:28992", base...)},
		{"RD without crs", collection("", base...)},
		{"WGS84 CRS84", collection("urn:ogc:def:crs:OGC:1.3:CRS84", wgs(base)...)},
		{"WGS84 without crs", collection("", wgs(base)...)},
		{"WGS84 EPSG:4326 in lat/lon order", collection("urn:ogc:def:crs:EPSG::4326", latLon(base)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadGeoJSON(bytes.NewReader(tt.file))
			if err != nil {
				t.Fatalf("ReadGeoJSON: %v", err)
			}
			var codes []string
			for _, a := range got {
				codes = append(codes, fmt.Sprintf("%s/%s/%s/%s/%d/%d/%v", a.Level, a.Code, a.Gemeente, a.Wijk, a.Inhabitants, a.Households, a.Derived))
			}
			want := []string{
				"gemeente/GM0642///-1/-1/true",
				"wijk/WK064201/GM0642//4000/1900/false",
				"buurt/BU06420101/GM0642/WK064201/2500/-1/false",
				"buurt/BU06420102/GM0642/WK064201/-1/-1/false",
			}
			if strings.Join(codes, " ") != strings.Join(want, " ") {
				t.Fatalf("areas:\n got %v\nwant %v", codes, want)
			}
			if got[0].Name != "Zwijndrecht" || got[2].Name != "Noord" {
				t.Errorf("names: gemeente %q, buurt %q; want Zwijndrecht, Noord", got[0].Name, got[2].Name)
			}
			// The wijk is 2 km square wherever it came from: within a metre on each side.
			b := got[1].Geometry.Bound()
			if math.Abs(b.Min[0]-100000) > 1 || math.Abs(b.Min[1]-425000) > 1 || math.Abs(b.Max[0]-102000) > 1 || math.Abs(b.Max[1]-427000) > 1 {
				t.Errorf("wijk bound = %v, want [100000 425000] – [102000 427000] within 1 m", b)
			}
			if len(got[0].Geometry) != 1 {
				t.Errorf("derived gemeente has %d polygons, want the 1 of its wijk", len(got[0].Geometry))
			}
		})
	}
}

func TestReadGeoJSONDerivesWijkAndGemeente(t *testing.T) {
	file := collection("EPSG:28992",
		feat{map[string]any{"buurtcode": "BU0363AF01", "wijknaam": "Burgwallen", "gemeentenaam": "Amsterdam"}, polygon(rdSquare(121000, 487000, 500))},
		feat{map[string]any{"buurtcode": "BU0363AF02"}, polygon(rdSquare(121500, 487000, 500))},
	)
	got, err := ReadGeoJSON(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("got %d areas, want gemeente, wijk and 2 buurten", len(got))
	}
	g, w := got[0], got[1]
	if g.Code != "GM0363" || g.Name != "Amsterdam" || !g.Derived || len(g.Geometry) != 2 {
		t.Errorf("gemeente = %s %q derived=%v polygons=%d; want GM0363 Amsterdam, derived, 2", g.Code, g.Name, g.Derived, len(g.Geometry))
	}
	if w.Code != "WK0363AF" || w.Name != "Burgwallen" || w.Gemeente != "GM0363" || !w.Derived || len(w.Geometry) != 2 {
		t.Errorf("wijk = %s %q in %s derived=%v polygons=%d; want WK0363AF Burgwallen in GM0363, derived, 2", w.Code, w.Name, w.Gemeente, w.Derived, len(w.Geometry))
	}
}

func TestReadGeoJSONRefuses(t *testing.T) {
	ok := wijkAndBuurten()
	with := func(i int, f feat) []feat {
		fs := append([]feat(nil), ok...)
		fs[i] = f
		return fs
	}
	unclosed := rdSquare(100000, 425000, 1000)
	unclosed[4] = []float64{100001, 425000}
	tests := []struct {
		name string
		file []byte
		want []string // substrings of the error
	}{
		{"not JSON", []byte("{"), []string{"geen geldige GeoJSON", "not valid GeoJSON"}},
		{"not a collection", []byte(`{"type":"Feature"}`), []string{"verwacht FeatureCollection"}},
		{"no features", collection("EPSG:28992"), []string{"geen features"}},
		{"unknown crs", collection("EPSG:3857", ok...), []string{`onbekend coördinatenstelsel "EPSG:3857"`, "unknown CRS"}},
		{"unknown crs by range", collection("", feat{ok[0].props, polygon(rdSquare(600000, 6000000, 1000))}),
			[]string{"onbekend coördinatenstelsel", "fit neither"}},
		{"RD crs but degrees", collection("EPSG:28992", feat{ok[0].props, polygon(wgsSquare(100000, 425000, 1000))}),
			[]string{"features[0] (WK064201): coördinaten liggen buiten Nederland in EPSG:28992"}},
		{"missing geometry", collection("", with(2, feat{ok[2].props, nil})...),
			[]string{"features[2] (BU06420102): geometrie ontbreekt / geometry is missing"}},
		{"point geometry", collection("", with(2, feat{ok[2].props, map[string]any{"type": "Point", "coordinates": []float64{100000, 425000}}})...),
			[]string{`features[2] (BU06420102): geometrietype "Point"`}},
		{"unclosed ring", collection("", with(2, feat{ok[2].props, polygon(unclosed)})...),
			[]string{"features[2] (BU06420102): polygoon 0, ring 0 is niet gesloten"}},
		{"too few points", collection("", with(2, feat{ok[2].props, polygon([][]float64{{100000, 425000}, {100100, 425000}, {100000, 425000}})})...),
			[]string{"features[2] (BU06420102): polygoon 0, ring 0 heeft 3 punten, minstens 4 nodig"}},
		{"zero area", collection("", with(2, feat{ok[2].props, polygon([][]float64{{100000, 425000}, {100100, 425000}, {100200, 425000}, {100000, 425000}})})...),
			[]string{"features[2] (BU06420102): polygoon 0, ring 0 heeft geen oppervlakte / polygon 0, ring 0 has no area"}},
		{"coordinates garbage", collection("", with(2, feat{ok[2].props, map[string]any{"type": "Polygon", "coordinates": "x"}})...),
			[]string{"features[2] (BU06420102): coördinaten onleesbaar"}},
		{"duplicate code", collection("", with(2, feat{ok[1].props, ok[2].geom})...),
			[]string{"features[2] (BU06420101): code BU06420101 komt al voor in features[1]"}},
		{"buurt outside its wijk", collection("", with(2, feat{ok[2].props, polygon(rdSquare(110000, 425000, 1000))})...),
			[]string{"features[2] (BU06420102): buurt ligt niet in wijk WK064201 (features[0]) / buurt lies outside its wijk WK064201"}},
		{"wijk code contradicts buurt code", collection("", with(1, feat{map[string]any{"buurtcode": "BU06420101", "wijkcode": "WK064202"}, ok[1].geom})...),
			[]string{`features[1] (BU06420101): wijkcode "WK064202" past niet bij BU06420101 (verwacht WK064201)`}},
		{"gemeente code contradicts wijk code", collection("", with(0, feat{map[string]any{"wijkcode": "WK064201", "gemeentecode": "GM0643"}, ok[0].geom})...),
			[]string{`features[0] (WK064201): gemeentecode "GM0643" past niet bij WK064201`}},
		{"invalid code", collection("", with(2, feat{map[string]any{"buurtcode": "BU12"}, ok[2].geom})...),
			[]string{`features[2] (BU12): "BU12" is geen geldige buurtcode`}},
		{"no code", collection("", with(2, feat{map[string]any{"naam": "x"}, ok[2].geom})...),
			[]string{"features[2]: geen buurtcode, wijkcode of gemeentecode / no buurtcode, wijkcode or gemeentecode"}},
		{"fractional inhabitants", collection("", with(2, feat{map[string]any{"buurtcode": "BU06420102", "aantal_inwoners": 12.5}, ok[2].geom})...),
			[]string{"features[2] (BU06420102): aantal_inwoners: 12.5 is geen geheel aantal"}},
		{"water part", collection("", with(2, feat{map[string]any{"buurtcode": "BU06420102", "water": "JA"}, ok[2].geom})...),
			[]string{"features[2] (BU06420102): waterdeel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadGeoJSON(bytes.NewReader(tt.file))
			if err == nil {
				t.Fatalf("ReadGeoJSON accepted the file (%d areas), want an error", len(got))
			}
			if got != nil {
				t.Errorf("ReadGeoJSON returned %d areas with its error, want none", len(got))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestReadGeoJSONReportsEveryFeature(t *testing.T) {
	var fs []feat
	for i := range 30 {
		fs = append(fs, feat{map[string]any{"buurtcode": fmt.Sprintf("BU0642%04d", i)}, nil})
	}
	_, err := ReadGeoJSON(bytes.NewReader(collection("", fs...)))
	var fe *FeatureError
	if !errors.As(err, &fe) || fe.Index != 0 || fe.Code != "BU06420000" {
		t.Fatalf("errors.As(*FeatureError) = %+v from %v, want features[0] BU06420000", fe, err)
	}
	msg := err.Error()
	if n := strings.Count(msg, "geometrie ontbreekt"); n != maxReported {
		t.Errorf("%d problems listed, want %d", n, maxReported)
	}
	if !strings.Contains(msg, "en nog 5 problemen / and 5 more problems") {
		t.Errorf("error does not say how many more problems there are: %q", msg)
	}
}

// NL bounds in RD New, as asked of every imported area.
func insideNL(b orb.Bound) bool {
	return b.Min[0] >= 0 && b.Max[0] <= 300000 && b.Min[1] >= 300000 && b.Max[1] <= 625000
}

func TestReadGeoJSONSharedWijken(t *testing.T) {
	got, err := ReadGeoJSON(bytes.NewReader(openShared(t, "wijken_2024_selectie.geojson")))
	if err != nil {
		t.Fatalf("ReadGeoJSON(wijken_2024_selectie.geojson): %v", err)
	}
	count := map[Level]int{}
	byCode := map[string]Area{}
	for _, a := range got {
		count[a.Level]++
		byCode[a.Code] = a
		if !insideNL(a.Geometry.Bound()) {
			t.Errorf("%s: bound %v outside the Netherlands in RD", a.Code, a.Geometry.Bound())
		}
		if a.Level == Wijk && (a.Inhabitants <= 0 || a.Households <= 0 || a.Name == "" || a.Gemeente == "") {
			t.Errorf("%s: name %q gemeente %q inhabitants %d households %d; want all filled", a.Code, a.Name, a.Gemeente, a.Inhabitants, a.Households)
		}
	}
	if count[Wijk] != 100 || count[Gemeente] != 11 || count[Buurt] != 0 {
		t.Fatalf("got %v, want 100 wijken and 11 derived gemeenten", count)
	}

	// Spot checks against the attribute CSV and the map. Nijmegen-Centrum's centre is the
	// Grote Markt / Valkhof area at about RD (187800, 428700); its land area is 1.3 km²
	// (12,705 inhabitants at 9,913/km²), plus the Waal in front of it.
	c := byCode["WK026801"]
	if c.Name != "Nijmegen-Centrum" || c.Inhabitants != 12705 || c.Households != 9530 || c.Gemeente != "GM0268" {
		t.Errorf("WK026801 = %q in %s, %d inhabitants, %d households; want Nijmegen-Centrum in GM0268, 12705, 9530", c.Name, c.Gemeente, c.Inhabitants, c.Households)
	}
	centroid, area := planar.CentroidArea(c.Geometry)
	if math.Abs(centroid[0]-187800) > 500 || math.Abs(centroid[1]-428700) > 500 {
		t.Errorf("Nijmegen-Centrum centroid = %.0f, %.0f; want about 187800, 428700", centroid[0], centroid[1])
	}
	if area < 1.2e6 || area > 1.8e6 {
		t.Errorf("Nijmegen-Centrum area = %.2f km², want 1.2–1.8 km²", area/1e6)
	}
	// A whole municipality's area checks the scale of the projection: Heerlen is 45.5 km².
	h := byCode["GM0917"]
	if _, a := planar.CentroidArea(h.Geometry); math.Abs(a/1e6-45.5) > 1.5 {
		t.Errorf("Heerlen (derived from its 23 wijken) = %.2f km², want about 45.5", a/1e6)
	}
	if h.Name != "Heerlen" || !h.Derived || len(h.Geometry) < 23 {
		t.Errorf("GM0917 = %q derived=%v with %d polygons; want Heerlen, derived, ≥ 23", h.Name, h.Derived, len(h.Geometry))
	}
	// Brunssum lies south-east, Zwijndrecht west: order of magnitude checks of orientation.
	if b := byCode["GM0899"].Geometry.Bound().Center(); b[0] < 190000 || b[1] > 340000 {
		t.Errorf("Brunssum centre %v, want x > 190000 and y < 340000 (Zuid-Limburg)", b)
	}
	if z := byCode["GM0642"].Geometry.Bound().Center(); z[0] > 110000 || z[1] < 420000 {
		t.Errorf("Zwijndrecht centre %v, want x < 110000 and y > 420000", z)
	}
}

// The wijken and gemeenten of the shared subset, put into one file, must nest: every wijk's
// interior point within its gemeente, although both were simplified separately.
func TestReadGeoJSONSharedWijkenInGemeenten(t *testing.T) {
	var wijken, gemeenten struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(openShared(t, "wijken_2024_selectie.geojson"), &wijken); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(openShared(t, "gemeenten_2024_selectie.geojson"), &gemeenten); err != nil {
		t.Fatal(err)
	}
	wijken.Features = append(wijken.Features, gemeenten.Features...)
	both, _ := json.Marshal(wijken)
	got, err := ReadGeoJSON(bytes.NewReader(both))
	if err != nil {
		t.Fatalf("ReadGeoJSON(wijken + gemeenten): %v", err)
	}
	for _, a := range got {
		if a.Derived {
			t.Errorf("%s is derived although the file has all gemeenten", a.Code)
		}
	}
	if len(got) != 111 {
		t.Errorf("got %d areas, want 111", len(got))
	}

	// And a wijk moved into another gemeente is caught.
	var moved map[string]any
	_ = json.Unmarshal(wijken.Features[0], &moved) // WK026801 Nijmegen-Centrum
	moved["properties"] = map[string]any{"wijkcode": "WK091701", "wijknaam": "verplaatst"}
	wijken.Features[0], _ = json.Marshal(moved)
	both, _ = json.Marshal(wijken)
	_, err = ReadGeoJSON(bytes.NewReader(both))
	if err == nil || !strings.Contains(err.Error(), "features[0] (WK091701): wijk ligt niet in gemeente GM0917") {
		t.Errorf("a Nijmegen wijk coded as Heerlen: error %v, want it named as outside GM0917", err)
	}
}

func FuzzReadGeoJSON(f *testing.F) {
	ok := wijkAndBuurten()
	f.Add(collection("EPSG:28992", ok...))
	f.Add(collection("", ok[0]))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"buurtcode":"BU0"},"geometry":{"type":"MultiPolygon","coordinates":[[[]]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"EPSG","properties":{"code":4326}},"features":[{"type":"Feature","properties":{"wijkcode":"WK064201"},"geometry":{"type":"Polygon","coordinates":[[[4.6,51.8],[4.7,51.8],[4.7,51.9],[4.6,51.8]]]}}]}`))
	if b, err := os.ReadFile(filepath.Join(sharedData, "gemeenten_2024_selectie.geojson")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		areas, err := ReadGeoJSON(bytes.NewReader(data))
		if err != nil && areas != nil {
			t.Errorf("ReadGeoJSON returned %d areas with its error", len(areas))
		}
		for _, a := range areas {
			b := a.Geometry.Bound()
			if !a.Derived && !(inRD(b.Min[0], b.Min[1]) && inRD(b.Max[0], b.Max[1])) {
				t.Errorf("accepted %s outside the RD domain: %v", a.Code, b)
			}
		}
	})
}

// The CBS wijk file carries age percentages (renamed 0_15 … 65plus): they
// are read for population budgets, summing to about 100.
func TestReadAgePercentages(t *testing.T) {
	path := filepath.Join(sharedData, "wijken_2024_selectie.geojson")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("CBS REFERENCE DATA ABSENT, age test skipped: %v", err)
	}
	defer f.Close()
	list, err := ReadGeoJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	known := 0
	for _, a := range list {
		if a.Level != Wijk || !a.KnownAges() {
			continue
		}
		known++
		var sum float64
		for _, p := range a.AgePct {
			sum += p
		}
		if sum < 95 || sum > 105 {
			t.Errorf("%s: age percentages sum to %.1f", a.Code, sum)
		}
	}
	if known < 90 {
		t.Errorf("%d wijken with a known age make-up, want nearly all 100", known)
	}
}
