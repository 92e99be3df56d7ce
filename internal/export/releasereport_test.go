package export

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/model"
)

// fakeReleases is a ReleaseReader over a few hand-made cells.
type fakeReleases struct {
	rels   []model.ReleaseInfo
	cells  map[int64][]model.Cell
	extras map[int64][]model.ReleaseExtra
	areas  []model.Area
}

func (f *fakeReleases) Releases(context.Context) ([]model.ReleaseInfo, error) { return f.rels, nil }

func (f *fakeReleases) Release(_ context.Context, period string, version int) (model.ReleaseInfo, error) {
	var out *model.ReleaseInfo
	for i, r := range f.rels {
		if r.Period == period && (version == 0 || r.Version == version) && (out == nil || r.Version > out.Version) {
			out = &f.rels[i]
		}
	}
	if out == nil {
		return model.ReleaseInfo{}, model.ErrNotFound
	}
	return *out, nil
}

func (f *fakeReleases) ReleaseCells(_ context.Context, id int64, level, by string) ([]model.Cell, error) {
	var out []model.Cell
	for _, c := range f.cells[id] {
		if c.Level == level && c.By == by {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeReleases) ReleaseExtras(_ context.Context, id int64, kind string) ([]model.ReleaseExtra, error) {
	var out []model.ReleaseExtra
	for _, x := range f.extras[id] {
		if x.Kind == kind {
			out = append(out, x)
		}
	}
	return out, nil
}

func (f *fakeReleases) Areas(context.Context) ([]model.Area, error) { return f.areas, nil }

func cell(level, area, by, cat string, hh, amount int64) model.Cell {
	return model.Cell{Level: level, Area: area, By: by, Category: cat, Households: i64(hh), Persons: i64(2 * hh), AmountEUR: i64(amount)}
}

func suppressed(level, area, by, cat string) model.Cell {
	return model.Cell{Level: level, Area: area, By: by, Category: cat, Suppressed: true, Reason: "minder dan 10 huishoudens"}
}

func fakeReport() *fakeReleases {
	return &fakeReleases{
		rels: []model.ReleaseInfo{
			{ID: 2, Period: "2025", Version: 1, CreatedAt: "2026-03-02T10:15:00Z", Rules: `{"min_households":10,"p_percent":20,"round_count":5,"round_amount_cents":100000}`},
			{ID: 1, Period: "2024", Version: 1, CreatedAt: "2025-03-01T10:00:00Z", Rules: "{}"},
		},
		areas: []model.Area{
			{Code: "GM0001", Level: "gemeente", Name: "Testgemeente", Inhabitants: 20000},
			{Code: "WK000101", Level: "wijk", Name: "Centrum", Gemeente: "GM0001", Inhabitants: 12000},
			{Code: "WK000102", Level: "wijk", Name: "Oost", Gemeente: "GM0001", Inhabitants: 8000},
			{Code: "BU00010101", Level: "buurt", Name: "Kerkbuurt", Gemeente: "GM0001", Wijk: "WK000101", Inhabitants: -1},
		},
		cells: map[int64][]model.Cell{
			1: {cell("wijk", "WK000101", "total", "totaal", 250, 2_600_000), cell("wijk", "WK000102", "total", "totaal", 150, 1_400_000)},
			2: {
				cell("gemeente", "GM0001", "total", "totaal", 400, 4_400_000),
				cell("gemeente", "GM0001", "geldstroom", "wmo", 160, 1_760_000),
				suppressed("gemeente", "GM0001", "zorgsoort", "02"),
				suppressed("wijk", "WK000101", "total", "totaal"),
				cell("wijk", "WK000102", "total", "totaal", 150, 1_540_000),
				cell("buurt", "BU00010101", "total", "totaal", 200, 2_000_000),
			},
		},
		extras: map[int64][]model.ReleaseExtra{2: {{Kind: "concentration", Level: "gemeente", Area: "GM0001",
			Body: `{"level":"gemeente","area":"GM0001","households":400,"top_shares":[{"pct":1,"share":0.21},{"pct":10,"share":0.71}],"above_100k":10,"above_500k":null}`},
			{Kind: "concentration", Level: "wijk", Area: "WK000101", Body: `{"level":"wijk","area":"WK000101","suppressed":true,"reason":"te weinig huishoudens"}`},
			{Kind: "concentration", Level: "wijk", Area: "WK000102", Body: `{"level":"wijk","area":"WK000102","households":150,"top_shares":[{"pct":1,"share":null},{"pct":10,"share":0.5}],"above_100k":null,"above_500k":null}`}}},
	}
}

func TestReleaseReport(t *testing.T) {
	rep, err := BuildReleaseReport(context.Background(), fakeReport(), "2025", 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Title != "Meting 2025 (versie 1)" || rep.Baseline != "2024 (versie 1)" {
		t.Errorf("title %q, baseline %q", rep.Title, rep.Baseline)
	}
	want := map[string][]string{
		"totals":     {"Testgemeente", "400", "800", "€ 4.400.000"},
		"geldstroom": {model.GeldstroomNaam("wmo"), "160", "320", "€ 1.760.000"},
		"zorgsoort":  {model.ZorgsoortNaam("02"), "onderdrukt", "onderdrukt", "onderdrukt"},
		"wijk 0":     {"Centrum", "onderdrukt", "onderdrukt", "onderdrukt", "onderdrukt"},
		"wijk 1":     {"Oost", "150", "300", "€ 1.540.000", "€ 192.500"},
		"buurt":      {"Kerkbuurt", "Centrum", "200", "400", "€ 2.000.000", "onbekend"},
		"change 0":   {"Centrum", "€ 2.600.000", "onderdrukt", "n.v.t.", "n.v.t."},
		"change 1":   {"Oost", "€ 1.400.000", "€ 1.540.000", "+€ 140.000", "+10,0%"},
		"conc":       {"Testgemeente", "gemeente", "400", "21,0%", "71,0%", "10", "onderdrukt"},
		"conc wijk":  {"Oost", "wijk", "150", "onderdrukt", "50,0%", "onderdrukt", "onderdrukt"},
	}
	got := map[string][]string{
		"totals": rep.Totals[0], "geldstroom": rep.Geldstroom[0], "zorgsoort": rep.Zorgsoort[0],
		"wijk 0": rep.Wijken[0], "wijk 1": rep.Wijken[1], "buurt": rep.Buurten[0],
		"change 0": rep.Comparison[0], "change 1": rep.Comparison[1], "conc": rep.Conc[0], "conc wijk": rep.Conc[len(rep.Conc)-1],
	}
	for k, w := range want {
		if strings.Join(got[k], "|") != strings.Join(w, "|") {
			t.Errorf("%s:\n got %q\nwant %q", k, got[k], w)
		}
	}
	if len(rep.Conc) != 2 || rep.ConcSuppressed != 1 {
		t.Errorf("concentration: %d rows, %d suppressed; want 2 and 1", len(rep.Conc), rep.ConcSuppressed)
	}
	for _, s := range []string{"veelvoud van 5", "€ 1.000", "minder dan 10 huishoudens", "secundaire onderdrukking"} {
		if !strings.Contains(rep.Rules, s) {
			t.Errorf("rules paragraph lacks %q: %s", s, rep.Rules)
		}
	}

	// The nulmeting itself has nothing to compare with.
	rep, err = BuildReleaseReport(context.Background(), fakeReport(), "2024", 0)
	if err != nil || rep.Baseline != "" || rep.Comparison != nil {
		t.Errorf("nulmeting: %v, baseline %q, %q", err, rep.Baseline, rep.Comparison)
	}
	if _, err := BuildReleaseReport(context.Background(), fakeReport(), "2023", 0); err == nil {
		t.Error("no error for a period without a release")
	}
}

func TestReleasePDFText(t *testing.T) {
	rep, err := BuildReleaseReport(context.Background(), fakeReport(), "2025", 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteReleasePDF(&buf, rep, false); err != nil {
		t.Fatal(err)
	}
	text := buf.String() // uncompressed: the page streams hold the text as cp1252
	for _, s := range []string{"(Meting 2025 \\(versie 1\\))", "(onderdrukt)", "(n.v.t.)", "(\x80 1.540.000)", "(pagina 1 van ",
		"(Bron: Ontschot, vastgestelde meting \x97 bevat geen gegevens over personen of huishoudens)"} {
		if !strings.Contains(text, s) {
			t.Errorf("PDF text lacks %q", s)
		}
	}
	if strings.Contains(text, "{nb}") {
		t.Error("the page count was not filled in")
	}
	if strings.Contains(text, "(\x80 0)") || strings.Contains(text, "(0)") {
		t.Error("a suppressed cell printed as 0")
	}
}

// TestReleasePDFMap: the report draws the wijken as polygons with the
// legend of the web map, and its title is UTF-16 metadata, not cp1252 bytes.
func TestReleasePDFMap(t *testing.T) {
	src := fakeReport()
	sq := func(x0 float64) []byte {
		b, err := areas.EncodeGeometry(orb.MultiPolygon{{{{x0, 0}, {x0 + 1000, 0}, {x0 + 1000, 1000}, {x0, 1000}, {x0, 0}}}})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	src.areas[1].Geometry, src.areas[2].Geometry = sq(0), sq(1000)
	rep, err := BuildReleaseReport(context.Background(), src, "2025", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.MapShapes) != 2 || !rep.MapShapes[0].Suppressed || rep.MapShapes[1].Colour == "" || len(rep.MapLegend) != 1 || rep.MapLegend[0].Count != 1 {
		t.Fatalf("map: %+v legend %+v", rep.MapShapes, rep.MapLegend)
	}
	if len(rep.Bars) != 2 || rep.Bars[1].AmountEUR != 1_540_000 {
		t.Errorf("bars: %+v", rep.Bars)
	}
	var buf bytes.Buffer
	if err := WriteReleasePDF(&buf, rep, false); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, s := range []string{"(Kaart: bedrag per wijk)", "(Bron: CBS, Kadaster)", "(onderdrukt)", "/Lang (nl-NL)"} {
		if !strings.Contains(text, s) {
			t.Errorf("PDF lacks %q", s)
		}
	}
	// "Ontschot – Meting": the en dash as UTF-16BE (20 13) after a byte order mark.
	if !strings.Contains(text, "/Title (\xfe\xff") || !strings.Contains(text, "\x00 \x20\x13\x00 \x00M") {
		i := strings.Index(text, "/Title")
		t.Errorf("title is not UTF-16: %q", text[i:min(i+80, len(text))])
	}
	if n := strings.Count(text, " l \n"); n < 8 {
		t.Errorf("only %d line segments: the polygons are missing", n)
	}
}
