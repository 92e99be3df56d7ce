package areas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// FeatureError is one refused feature of a GeoJSON file. ReadGeoJSON returns all of them
// joined (errors.Join), so a person can fix a file in one go; errors.As finds the first.
type FeatureError struct {
	Index  int    // position in the features array, from 0; -1 for the file as a whole
	Code   string // the feature's area code where it could be read
	NL, EN string // the reason, in Dutch and in English
}

func (e *FeatureError) Error() string {
	if e.Index < 0 {
		return e.NL + " / " + e.EN
	}
	where := fmt.Sprintf("features[%d]", e.Index)
	if e.Code != "" {
		where += " (" + e.Code + ")"
	}
	return where + ": " + e.NL + " / " + e.EN
}

// maxReported caps the problems listed for one file; a file with thousands of broken
// features needs a different fix than a list of thousands of lines.
const maxReported = 25

// containTolerance is how far (metres) a buurt's interior point may lie outside its wijk.
// Simplified polygons of parent and child are simplified independently and do not nest
// exactly; a wrong wijk code puts the point kilometres away.
const containTolerance = 100.0

type crsKind int

const (
	crsNone crsKind = iota // no crs member: detect from coordinates
	crsRD
	crsWGS84
)

// Property names, lower case, in order of preference: CBS/PDOK names, the renamed ones of
// the shared test file, and the names of the old CBS shapefiles.
var (
	propCode = map[Level][]string{
		Buurt:    {"buurtcode", "bu_code"},
		Wijk:     {"wijkcode", "wk_code"},
		Gemeente: {"gemeentecode", "gm_code"},
	}
	propName = map[Level][]string{
		Buurt:    {"buurtnaam", "bu_naam"},
		Wijk:     {"wijknaam", "wk_naam"},
		Gemeente: {"gemeentenaam", "gm_naam"},
	}
	propInhabitants = []string{"aantalinwoners", "aantal_inwoners", "aant_inw", "inwoners"}
	propHouseholds  = []string{"aantalhuishoudens", "aantal_huishoudens", "huishoudens", "aantal_hh"}
	// propAge are the CBS age percentages (kerncijfers names, the short
	// names of older files, and the renamed keys of some extracts).
	propAge = [5][]string{
		{"percentagepersonen0tot15jaar", "p_00_14_jr", "0_15"},
		{"percentagepersonen15tot25jaar", "p_15_24_jr", "15_25"},
		{"percentagepersonen25tot45jaar", "p_25_44_jr", "25_45"},
		{"percentagepersonen45tot65jaar", "p_45_64_jr", "45_65"},
		{"percentagepersonen65jaarenouder", "p_65_eo_jr", "65plus"},
	}
)

type featureJSON struct {
	Type       string                     `json:"type"`
	Properties map[string]json.RawMessage `json:"properties"`
	Geometry   *geometryJSON              `json:"geometry"`
}

type geometryJSON struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// feature is one feature while it is being read.
type feature struct {
	index       int
	area        Area
	parentNames map[Level]string
	source      [][][][]float64 // polygons > rings > positions, in the file's coordinates
	ok          bool            // no problem found; only such features are used further
}

// ReadGeoJSON reads a CBS wijk- en buurtkaart FeatureCollection in EPSG:28992 or EPSG:4326
// and returns its areas in RD New, gemeenten first, then wijken, then buurten, each by code.
// Parents that are referred to but absent (the gemeenten of a file of wijken) are added as
// Derived areas. Any refused feature refuses the whole file: the error lists every problem.
func ReadGeoJSON(r io.Reader) ([]Area, error) {
	var fc struct {
		Type     string          `json:"type"`
		CRS      json.RawMessage `json:"crs"`
		Features []featureJSON   `json:"features"`
	}
	dec := json.NewDecoder(r)
	if err := dec.Decode(&fc); err != nil {
		return nil, fmt.Errorf("geen geldige GeoJSON: %v / not valid GeoJSON: %v", err, err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("GeoJSON-type %q, verwacht FeatureCollection / GeoJSON type %q, expected FeatureCollection", fc.Type, fc.Type)
	}
	if len(fc.Features) == 0 {
		return nil, errors.New("de FeatureCollection bevat geen features / the FeatureCollection has no features")
	}
	crs, err := parseCRS(fc.CRS)
	if err != nil {
		return nil, err
	}

	var problems []*FeatureError
	report := func(f *feature, nl, en string) {
		f.ok = false
		problems = append(problems, &FeatureError{Index: f.index, Code: f.area.Code, NL: nl, EN: en})
	}

	feats := make([]*feature, len(fc.Features))
	for i, fj := range fc.Features {
		f := &feature{index: i, ok: true}
		feats[i] = f
		readProperties(f, fj, report)
		readGeometry(f, fj.Geometry, report)
	}

	transform, err := decideCRS(crs, feats, report)
	if err != nil {
		return nil, err
	}
	for _, f := range feats {
		if f.source != nil {
			buildGeometry(f, transform, report)
		}
	}

	// Duplicate codes, then nesting, over the features that are fine so far.
	byCode := map[string]*feature{}
	for _, f := range feats {
		if !f.ok {
			continue
		}
		if prev, dup := byCode[f.area.Code]; dup {
			report(f, fmt.Sprintf("code %s komt al voor in features[%d]", f.area.Code, prev.index),
				fmt.Sprintf("code %s already occurs in features[%d]", f.area.Code, prev.index))
			continue
		}
		byCode[f.area.Code] = f
	}
	for _, f := range feats {
		if !f.ok {
			continue
		}
		for _, anc := range []string{f.area.Wijk, f.area.Gemeente} {
			parent, in := byCode[anc]
			if anc == "" || !in || parent.area.Geometry == nil {
				continue
			}
			p := interiorPoint(f.area.Geometry)
			if !contains(parent.area.Geometry, p) && distanceToBoundary(parent.area.Geometry, p) > containTolerance {
				report(f, fmt.Sprintf("%s ligt niet in %s %s (features[%d])", f.area.Level, parent.area.Level, anc, parent.index),
					fmt.Sprintf("%s lies outside its %s %s (features[%d])", f.area.Level, parent.area.Level, anc, parent.index))
			}
			break // the nearest ancestor in the file decides
		}
	}

	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].Index < problems[j].Index })
		errs := make([]error, 0, maxReported+1)
		for _, p := range problems[:min(len(problems), maxReported)] {
			errs = append(errs, p)
		}
		if n := len(problems) - maxReported; n > 0 {
			errs = append(errs, fmt.Errorf("en nog %d problemen / and %d more problems", n, n))
		}
		return nil, errors.Join(errs...)
	}

	out := make([]Area, 0, len(feats))
	for _, f := range feats {
		out = append(out, f.area)
	}
	out = addDerived(out, feats)
	sortAreas(out)
	return out, nil
}

// parseCRS reads the (pre-RFC 7946) crs member. Only RD New and WGS84 are accepted.
func parseCRS(raw json.RawMessage) (crsKind, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return crsNone, nil
	}
	var c struct {
		Type       string `json:"type"`
		Properties struct {
			Name string          `json:"name"`
			Code json.RawMessage `json:"code"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return 0, fmt.Errorf("crs-lid onleesbaar: %v / crs member unreadable: %v", err, err)
	}
	name := c.Properties.Name
	if name == "" && len(c.Properties.Code) > 0 { // old style {"type":"EPSG","properties":{"code":28992}}
		name = "EPSG:" + strings.Trim(string(c.Properties.Code), `"`)
	}
	n := strings.ToUpper(strings.TrimSpace(name))
	switch {
	case strings.HasSuffix(n, "CRS84"):
		return crsWGS84, nil
	case strings.Contains(n, "EPSG"):
		digits := n[strings.LastIndexAny(n, ":/")+1:]
		switch digits {
		case "28992":
			return crsRD, nil
		case "4326":
			return crsWGS84, nil
		}
	}
	return 0, fmt.Errorf("onbekend coördinatenstelsel %q; alleen EPSG:28992 (RD New) en EPSG:4326 (WGS84) / unknown CRS %q; only EPSG:28992 (RD New) and EPSG:4326 (WGS84)", name, name)
}

func lowerKeys(m map[string]json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		lk := strings.ToLower(strings.TrimSpace(k))
		if _, dup := out[lk]; !dup || k == lk {
			out[lk] = v
		}
	}
	return out
}

// lookupString returns the first of names present as a non-empty string (numbers are
// accepted as their text, so a gemeentecode of 642 still reads).
func lookupString(props map[string]json.RawMessage, names []string) string {
	for _, n := range names {
		raw, ok := props[n]
		if !ok {
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			if s = strings.TrimSpace(s); s != "" {
				return s
			}
			continue
		}
		var num json.Number
		if json.Unmarshal(raw, &num) == nil {
			return num.String()
		}
	}
	return ""
}

// lookupCount reads a count; -1 when absent, null, empty or negative (CBS secrecy codes).
func lookupCount(props map[string]json.RawMessage, names []string) (int, string, error) {
	for _, n := range names {
		raw, ok := props[n]
		if !ok {
			continue
		}
		v, err := parseCount(raw)
		return v, n, err
	}
	return -1, "", nil
}

func parseCount(raw json.RawMessage) (int, error) {
	text := strings.TrimSpace(string(raw))
	if text == "null" {
		return -1, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		text = strings.TrimSpace(s)
		if text == "" || text == "." { // CBS writes "." for a missing figure
			return -1, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		return 0, fmt.Errorf("%s", text)
	}
	if f < 0 {
		return -1, nil
	}
	return int(f), nil
}

var codePattern = map[Level]*regexp.Regexp{
	Gemeente: regexp.MustCompile(`^GM[0-9]{4}$`),
	Wijk:     regexp.MustCompile(`^WK[0-9]{4}[0-9A-Z]{2}$`),
	Buurt:    regexp.MustCompile(`^BU[0-9]{4}[0-9A-Z]{4}$`),
}

var codePrefix = map[Level]string{Gemeente: "GM", Wijk: "WK", Buurt: "BU"}
var codeDigits = map[Level]int{Gemeente: 4, Wijk: 6, Buurt: 8}

// NormalizeCode returns the CBS code of level in its canonical form: upper case, with its
// prefix (the CBS address table writes "06420101" for BU06420101), and all-digit codes
// padded with the leading zeros a spreadsheet drops. ok is false when it is no valid code.
func NormalizeCode(level Level, s string) (code string, ok bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	prefix, n := codePrefix[level], codeDigits[level]
	if prefix == "" || s == "" {
		return s, false
	}
	if !strings.HasPrefix(s, prefix) {
		if isDigits(s) && len(s) < n {
			s = strings.Repeat("0", n-len(s)) + s
		}
		s = prefix + s
	}
	return s, codePattern[level].MatchString(s)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// parentCodes derives the codes of the wijk and gemeente a code lies in:
// BU06420101 → WK064201, GM0642. The code must be normalised.
func parentCodes(level Level, code string) (wijk, gemeente string) {
	switch level {
	case Buurt:
		return "WK" + code[2:8], "GM" + code[2:6]
	case Wijk:
		return "", "GM" + code[2:6]
	}
	return "", ""
}

func readProperties(f *feature, fj featureJSON, report func(*feature, string, string)) {
	if fj.Type != "Feature" {
		report(f, fmt.Sprintf("type %q, verwacht Feature", fj.Type), fmt.Sprintf("type %q, expected Feature", fj.Type))
	}
	props := lowerKeys(fj.Properties)
	var level Level
	var raw string
	for _, l := range []Level{Buurt, Wijk, Gemeente} {
		if raw = lookupString(props, propCode[l]); raw != "" {
			level = l
			break
		}
	}
	if strings.EqualFold(lookupString(props, []string{"water"}), "JA") {
		// CBS splits some areas into a land and a water feature with the same code; the
		// water part holds no addresses. It is refused with its own reason instead of
		// being reported as a duplicate.
		f.area.Code = raw
		report(f, "waterdeel (water = JA); alleen landdelen worden ingelezen, filter de waterdelen eruit",
			"water part (water = JA); only land parts are read, filter out the water parts")
		return
	}
	if level == "" {
		report(f, "geen buurtcode, wijkcode of gemeentecode", "no buurtcode, wijkcode or gemeentecode")
		return
	}
	code, ok := NormalizeCode(level, raw)
	f.area = Area{Code: code, Level: level, Inhabitants: -1, Households: -1}
	if !ok {
		f.area.Code = raw
		report(f, fmt.Sprintf("%q is geen geldige %scode", raw, level), fmt.Sprintf("%q is not a valid %s code", raw, level))
		return
	}
	f.area.Wijk, f.area.Gemeente = parentCodes(level, code)
	// A parent code given in the properties must be the one the code itself implies.
	for _, pl := range []Level{Wijk, Gemeente} {
		if pl.rank() >= level.rank() {
			continue
		}
		given := lookupString(props, propCode[pl])
		if given == "" {
			continue
		}
		derived := f.area.Wijk
		if pl == Gemeente {
			derived = f.area.Gemeente
		}
		if g, _ := NormalizeCode(pl, given); g != derived {
			report(f, fmt.Sprintf("%scode %q past niet bij %s (verwacht %s)", pl, given, code, derived),
				fmt.Sprintf("%s code %q does not match %s (expected %s)", pl, given, code, derived))
		}
	}
	f.area.Name = lookupString(props, propName[level])
	f.parentNames = map[Level]string{}
	for _, pl := range []Level{Wijk, Gemeente} {
		if pl.rank() < level.rank() {
			f.parentNames[pl] = lookupString(props, propName[pl])
		}
	}
	var err error
	var field string
	if f.area.Inhabitants, field, err = lookupCount(props, propInhabitants); err != nil {
		report(f, fmt.Sprintf("%s: %s is geen geheel aantal", field, err), fmt.Sprintf("%s: %s is not a whole number", field, err))
	}
	if f.area.Households, field, err = lookupCount(props, propHouseholds); err != nil {
		report(f, fmt.Sprintf("%s: %s is geen geheel aantal", field, err), fmt.Sprintf("%s: %s is not a whole number", field, err))
	}
	for i, names := range propAge {
		if f.area.AgePct[i], field, err = lookupPercent(props, names); err != nil {
			report(f, fmt.Sprintf("%s: %s is geen percentage", field, err), fmt.Sprintf("%s: %s is not a percentage", field, err))
		}
	}
}

// lookupPercent reads a CBS percentage; -1 when absent, null, "." or
// negative (CBS's marker for a secret figure).
func lookupPercent(props map[string]json.RawMessage, names []string) (float64, string, error) {
	for _, n := range names {
		raw, ok := props[n]
		if !ok {
			continue
		}
		text := strings.TrimSpace(string(raw))
		var s string
		if json.Unmarshal(raw, &s) == nil {
			text = strings.TrimSpace(s)
		}
		if text == "null" || text == "" || text == "." {
			return -1, n, nil
		}
		v, err := strconv.ParseFloat(strings.Replace(text, ",", ".", 1), 64)
		if err != nil || math.IsNaN(v) || v > 100 {
			return -1, n, fmt.Errorf("%q", text)
		}
		if v < 0 {
			return -1, n, nil
		}
		return v, n, nil
	}
	return -1, "", nil
}

func readGeometry(f *feature, g *geometryJSON, report func(*feature, string, string)) {
	if g == nil || g.Type == "" {
		report(f, "geometrie ontbreekt", "geometry is missing")
		return
	}
	var polys [][][][]float64
	var err error
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err = json.Unmarshal(g.Coordinates, &p); err == nil {
			polys = [][][][]float64{p}
		}
	case "MultiPolygon":
		err = json.Unmarshal(g.Coordinates, &polys)
	default:
		report(f, fmt.Sprintf("geometrietype %q; alleen Polygon en MultiPolygon", g.Type),
			fmt.Sprintf("geometry type %q; only Polygon and MultiPolygon", g.Type))
		return
	}
	if err != nil || bytes.Equal(bytes.TrimSpace(g.Coordinates), []byte("null")) {
		report(f, "coördinaten onleesbaar", "coordinates unreadable")
		return
	}
	if len(polys) == 0 {
		report(f, "geometrie zonder polygonen", "geometry without polygons")
		return
	}
	for pi, p := range polys {
		if len(p) == 0 {
			report(f, fmt.Sprintf("polygoon %d heeft geen ringen", pi), fmt.Sprintf("polygon %d has no rings", pi))
			return
		}
		for ri, ring := range p {
			if len(ring) < 4 {
				report(f, fmt.Sprintf("polygoon %d, ring %d heeft %d punten, minstens 4 nodig", pi, ri, len(ring)),
					fmt.Sprintf("polygon %d, ring %d has %d points, at least 4 needed", pi, ri, len(ring)))
				return
			}
			for _, pos := range ring {
				if len(pos) < 2 {
					report(f, fmt.Sprintf("polygoon %d, ring %d: positie met minder dan 2 coördinaten", pi, ri),
						fmt.Sprintf("polygon %d, ring %d: position with fewer than 2 coordinates", pi, ri))
					return
				}
			}
			first, last := ring[0], ring[len(ring)-1]
			if first[0] != last[0] || first[1] != last[1] {
				report(f, fmt.Sprintf("polygoon %d, ring %d is niet gesloten (eerste punt ≠ laatste punt)", pi, ri),
					fmt.Sprintf("polygon %d, ring %d is not closed (first point ≠ last point)", pi, ri))
				return
			}
		}
	}
	f.source = polys
}

type transformFunc func(a, b float64) orb.Point

// decideCRS settles the file's coordinate system: the crs member if present, otherwise the
// range of the coordinates. WGS84 in lat/lon order (the formal axis order of EPSG:4326) is
// recognised because Dutch latitudes and longitudes cannot be mistaken for one another.
func decideCRS(crs crsKind, feats []*feature, report func(*feature, string, string)) (transformFunc, error) {
	rd := func(a, b float64) orb.Point { return orb.Point{a, b} }
	lonLat := func(a, b float64) orb.Point { x, y := WGS84ToRD(b, a); return orb.Point{x, y} }
	latLon := func(a, b float64) orb.Point { x, y := WGS84ToRD(a, b); return orb.Point{x, y} }
	type cand struct {
		name string
		fit  func(a, b float64) bool
		tf   transformFunc
	}
	cRD := cand{"EPSG:28992 (RD New)", inRD, rd}
	cLonLat := cand{"EPSG:4326 (lon/lat)", func(a, b float64) bool { return inWGS84(b, a) }, lonLat}
	cLatLon := cand{"EPSG:4326 (lat/lon)", inWGS84, latLon}
	var cands []cand
	switch crs {
	case crsRD:
		cands = []cand{cRD}
	case crsWGS84:
		cands = []cand{cLonLat, cLatLon}
	default:
		cands = []cand{cRD, cLonLat}
	}
	fits := func(c cand, f *feature) bool {
		for _, p := range f.source {
			for _, r := range p {
				for _, pos := range r {
					if !c.fit(pos[0], pos[1]) {
						return false
					}
				}
			}
		}
		return true
	}
	// The first feature with geometry that fits a candidate decides; the others must agree.
	chosen := -1
	for _, f := range feats {
		if f.source == nil {
			continue
		}
		for i, c := range cands {
			if fits(c, f) {
				chosen = i
				break
			}
		}
		if chosen >= 0 {
			break
		}
	}
	if chosen < 0 {
		hasGeometry := false
		for _, f := range feats {
			hasGeometry = hasGeometry || f.source != nil
		}
		if !hasGeometry {
			return rd, nil // every feature is already refused for its geometry
		}
		if crs == crsNone {
			return nil, errors.New("onbekend coördinatenstelsel: geen crs-lid en de coördinaten passen niet bij EPSG:4326 of EPSG:28992 in Nederland / unknown CRS: no crs member and the coordinates fit neither EPSG:4326 nor EPSG:28992 in the Netherlands")
		}
	}
	c := cands[max(chosen, 0)]
	for _, f := range feats {
		if f.source != nil && !fits(c, f) {
			report(f, "coördinaten liggen buiten Nederland in "+c.name, "coordinates lie outside the Netherlands in "+c.name)
			f.source = nil
		}
	}
	return c.tf, nil
}

func buildGeometry(f *feature, tf transformFunc, report func(*feature, string, string)) {
	mp := make(orb.MultiPolygon, 0, len(f.source))
	for pi, p := range f.source {
		poly := make(orb.Polygon, 0, len(p))
		for ri, r := range p {
			ring := make(orb.Ring, len(r))
			for i, pos := range r {
				ring[i] = tf(pos[0], pos[1])
			}
			// Below a square decimetre a ring is degenerate (collinear or repeated points).
			if math.Abs(planar.Area(ring)) < 0.01 {
				report(f, fmt.Sprintf("polygoon %d, ring %d heeft geen oppervlakte", pi, ri),
					fmt.Sprintf("polygon %d, ring %d has no area", pi, ri))
				return
			}
			poly = append(poly, ring)
		}
		mp = append(mp, poly)
	}
	f.area.Geometry = mp
	f.source = nil
}

// addDerived adds the wijken and gemeenten that features refer to but the file lacks:
// wijken from buurten first, then gemeenten from all wijken, so no polygon is counted twice.
func addDerived(out []Area, feats []*feature) []Area {
	names := map[string]string{}
	for _, f := range feats {
		if f.area.Wijk != "" && names[f.area.Wijk] == "" {
			names[f.area.Wijk] = f.parentNames[Wijk]
		}
		if f.area.Gemeente != "" && names[f.area.Gemeente] == "" {
			names[f.area.Gemeente] = f.parentNames[Gemeente]
		}
	}
	present := map[string]bool{}
	for _, a := range out {
		present[a.Code] = true
	}
	for _, step := range []struct {
		child, parent Level
	}{{Buurt, Wijk}, {Wijk, Gemeente}} {
		derived := map[string]*Area{}
		var order []string
		for _, a := range out {
			if a.Level != step.child {
				continue
			}
			code := a.Wijk
			if step.parent == Gemeente {
				code = a.Gemeente
			}
			if present[code] {
				continue
			}
			d, seen := derived[code]
			if !seen {
				d = &Area{Code: code, Name: names[code], Level: step.parent, Inhabitants: -1, Households: -1, AgePct: unknownAges, Derived: true}
				if step.parent == Wijk {
					d.Gemeente = a.Gemeente
				}
				derived[code] = d
				order = append(order, code)
			}
			d.Geometry = append(d.Geometry, a.Geometry...)
		}
		for _, code := range order {
			out = append(out, *derived[code])
			present[code] = true
		}
	}
	return out
}

func sortAreas(as []Area) {
	sort.SliceStable(as, func(i, j int) bool {
		if ri, rj := as[i].Level.rank(), as[j].Level.rank(); ri != rj {
			return ri < rj
		}
		return as[i].Code < as[j].Code
	})
}
