package chart

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.svg from the current output")

// golden compares a chart with testdata/NAME.golden.svg; go test -update
// writes the file instead. Read the diff of an updated file before
// committing it: it is the picture users will see.
func golden(t *testing.T, name string, got template.HTML) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.svg")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/chart -update to create it)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s differs from %s:\ngot  %s\nwant %s", name, path, got, want)
	}
}

func i64(v int64) *int64     { return &v }
func f64(v float64) *float64 { return &v }
func intp(v int) *int        { return &v }

// A name with every character that could break out of an attribute or an
// element, used in every chart below.
const nasty = `Zuid <b>"&'</b>`

func TestGolden(t *testing.T) {
	cases := map[string]template.HTML{
		"timeline": Timeline("Tijdlijn van "+nasty, []TimelineBar{
			{Lane: "Kind 1 · jeugdhulp", Begin: 20240105, End: 20240331, Colour: Categorical[0], Title: "jan–mrt 2024: € 1.200,00"},
			{Lane: nasty, Begin: 20240401, End: 20240630, Colour: Categorical[1], Title: nasty},
			{Lane: nasty, Begin: 20240401, End: 20240430, Colour: Categorical[1], Credit: true, Title: "correctie"},
		}),
		"timeline-years": Timeline("Lange tijdlijn", []TimelineBar{
			{Lane: "a", Begin: 20200101, End: 20201231, Colour: Categorical[2], Title: "2020"},
			{Lane: "b", Begin: 20230601, End: 20250131, Colour: Categorical[3], Title: "2023–2025"},
		}),
		"lorenz": Lorenz("Lorenzcurve "+nasty, []LorenzPoint{{0, 0}, {50, 0.12}, {80, 0.35}, {90, 0.5}, {100, 1}}),
		"trend": Trend("Trend "+nasty, []string{"2023", "2024", "2025"}, []Series{
			{Name: nasty, Values: []*int64{i64(1_200_000), nil, i64(1_560_000)}},
			{Name: "Noord", Values: []*int64{i64(300_000), i64(450_000), i64(500_000)}},
		}, true),
		"growth": Growth("Groei van de lasten, "+nasty+" tegen vergelijkbare gemeenten", nasty, []GrowthRow{
			{Label: "6.71 Maatwerk Wmo", Own: f64(8.04), Peers: f64(27.3), Comparable: true},
			{Label: nasty, Own: f64(-12.5), Peers: nil, Comparable: true},
			{Label: "jeugd Jeugdhulp, jeugdbescherming en jeugdreclassering (incl. pgb)", Comparable: false},
		}),
		"trend-households": Trend("Huishoudens", []string{"2025"}, []Series{{Name: "Gemeente", Values: []*int64{i64(1234)}}}, false),
		"bars":             Bars("Totaal per geldstroom", []Bar{{Label: "Jeugd", Value: 120_000_00}, {Label: nasty, Value: 250_000_00, Colour: "#D55E00"}, {Label: "Wmo", Value: -5_00}}),
		"meter": BudgetMeter("Besteed "+nasty, 10_000_00, 12_500_00, []Bar{
			{Label: "Jeugd", Value: 8_000_00, Colour: Categorical[0]}, {Label: nasty, Value: 4_500_00, Colour: Categorical[1]}}),
		"meter-under": BudgetMeter("Besteed", 10_000_00, 2_500_00, []Bar{{Label: "Wmo", Value: 2_500_00, Colour: Categorical[0]}}),
		"sharebar":    ShareBar(0.375),
		"cumulative": Cumulative("Cumulatief saldo van "+nasty, []CaseYear{
			{"2024", -500_000_00, -500_000_00}, {"2025", 200_000_00, -300_000_00}, {"2026", 400_000_00, 100_000_00}, {"2027", 350_000_00, 450_000_00},
		}, intp(2)),
		"cumulative-never": Cumulative("Nooit terugverdiend", []CaseYear{{"jaar 0", -100_00, -100_00}, {"jaar 1", 0, -100_00}}, nil),
		"matrix": Matrix("Wie betaalt en wie wint", []Stake{
			{Label: "Gemeente", Pays: 1_500_000_00, Gains: 900_000_00, Net: -600_000_00},
			{Label: nasty, Gains: 700_000_00, Net: 700_000_00},
		}, "bc-matrix"),
		"forecast": Forecast("Prognose "+nasty, []ForecastYear{
			{Year: "2023", IsBaseline: true, Released: i64(1_000_000_00), ReleasedText: "€ 1.000.000", Complete: true, Forecast: i64(1_000_000_00), ForecastText: "€ 1.000.000"},
			{Year: "2024", Released: i64(900_000_00), ReleasedText: "€ 900.000", Suppressed: 2, Forecast: i64(950_000_00), ForecastText: "€ 950.000"},
			{Year: "2025"},
		}),
		"did":             DiD("Verschil-in-verschil "+nasty, "2023", "2025", DiDLines{InBase: 120000, InComp: 100000, RestBase: 80000, RestComp: 90000, Expected: f64(135000)}),
		"did-no-expected": DiD("Verschil-in-verschil", "2023", "2025", DiDLines{InBase: 1200, InComp: 1000, RestBase: 800, RestComp: 900}),
		"map": Choropleth("Kaart "+nasty, []Area{{Code: "WK1", Name: "Noord", D: "M0 0L1 0L1 1Z", LX: 100, LY: 50, W: 200, H: 100}, {Code: "WK2", Name: nasty, D: "M0 0L1 1L0 1Z", LX: 400, LY: 200, W: 400, H: 100}, {Code: "WK3", Name: "Leeg", D: "M2 2L3 3L2 3Z"}}, 400,
			map[string]MapCell{"WK1": {Value: f64(5), Text: "€ 5", Href: "/gemeente/2025?gebied=WK1&niveau=buurt", Next: "buurten"}, "WK2": {Suppressed: true, Reason: "minder dan 10 huishoudens"}},
			Classify([]float64{5}, func(float64) string { return "€ 5" }), true),
	}
	for name, svg := range cases {
		t.Run(name, func(t *testing.T) {
			golden(t, name, svg)
			s := string(svg)
			if strings.Contains(s, "<b>") || strings.Contains(s, `"&'`) {
				t.Errorf("%s: unescaped text", name)
			}
			if strings.Contains(s, "&amp;amp;") || strings.Contains(s, "&amp;lt;") {
				t.Errorf("%s: text escaped twice", name)
			}
		})
	}
	for _, empty := range []template.HTML{Timeline("x", nil), Lorenz("x", []LorenzPoint{{0, 0}}), Trend("x", nil, nil, true), Bars("x", nil),
		Cumulative("x", nil, nil), Matrix("x", nil, "m"), Forecast("x", nil), Growth("x", "y", nil)} {
		if empty != "" {
			t.Errorf("chart without data: %q", empty)
		}
	}
}

// TestEscapedOnce: a name reaches the SVG escaped exactly once (label and
// bar text, in the wide and in the phone drawing).
func TestEscapedOnce(t *testing.T) {
	s := string(Bars(nasty, []Bar{{Label: nasty, Value: 100}}))
	want := `Zuid &lt;b&gt;&#34;&amp;&#39;&lt;/b&gt;`
	if strings.Count(s, want) != 4 {
		t.Errorf("want %q four times in\n%s", want, s)
	}
}

// TestPhoneDrawings: every chart a professional, family or analyst reads on
// a phone comes with a drawing about as wide as the phone (so its text keeps
// its size), marked for the stylesheet, with its own title id.
func TestPhoneDrawings(t *testing.T) {
	v := int64(5)
	for name, h := range map[string]template.HTML{
		"timeline": Timeline("t", []TimelineBar{{Lane: "a", Begin: 20230101, End: 20251231, Colour: "#000"}}),
		"bars":     Bars("b", []Bar{{Label: "Jeugd", Value: 100}}),
		"meter":    BudgetMeter("m", 100, 50, []Bar{{Label: "Jeugd", Value: 50, Colour: "#000"}}),
		"lorenz":   Lorenz("l", []LorenzPoint{{0, 0}, {50, 0.1}, {100, 1}}),
		"trend":    Trend("tr", []string{"2021", "2022", "2023", "2024", "2025", "2026"}, []Series{{Name: "x", Values: []*int64{&v, &v, &v, &v, &v, &v}}}, true),
	} {
		s := string(h)
		if strings.Count(s, `<div class="chart-wide"><svg`) != 1 || strings.Count(s, `<div class="chart-phone"><svg`) != 1 {
			t.Errorf("%s: want one wide and one phone drawing", name)
		}
		if !strings.Contains(s, `viewBox="0 0 320 `) && !strings.Contains(s, `viewBox="0 0 320 320"`) {
			t.Errorf("%s: the phone drawing is not phone-wide", name)
		}
		ids := regexp.MustCompile(`id="([^"]+)"`).FindAllStringSubmatch(s, -1)
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id[1]] {
				t.Errorf("%s: id %q twice", name, id[1])
			}
			seen[id[1]] = true
		}
	}
	// Fewer ticks on a phone: a three-year time line labels at most four months,
	// a six-period trend at most four periods.
	tl := string(Timeline("t", []TimelineBar{{Lane: "a", Begin: 20230101, End: 20251231, Colour: "#000"}}))
	phone := tl[strings.Index(tl, "chart-phone"):]
	if n := strings.Count(phone, `font-size="13" fill="#424a57"`); n == 0 || n > 4 {
		t.Errorf("phone time line has %d month labels, want 1–4", n)
	}
	tr := string(Trend("tr", []string{"2021", "2022", "2023", "2024", "2025", "2026"}, []Series{{Name: "x", Values: []*int64{&v, &v, &v, &v, &v, &v}}}, true))
	phone = tr[strings.Index(tr, "chart-phone"):]
	if n := strings.Count(phone, `font-size="14" text-anchor="`) - 5; n > 4 {
		t.Errorf("phone trend labels %d periods, want at most 4", n)
	}
}

func TestClassify(t *testing.T) {
	f := func(v float64) string { return fmt.Sprint(v) }
	if got := Classify([]float64{3, 1, 3}, f); len(got) != 2 || got[0].Label != "1" || got[1].Label != "3" || got[0].Colour == got[1].Colour {
		t.Fatalf("two values: %+v", got)
	}
	var vs []float64
	for i := 1; i <= 100; i++ {
		vs = append(vs, float64(i*1000))
	}
	got := Classify(vs, f)
	if len(got) != 5 || got[0].Lo != 1000 || got[4].Hi != 100000 || got[0].Colour != palette[0] || got[4].Colour != palette[4] {
		t.Fatalf("quantiles: %+v", got)
	}
	for _, v := range vs {
		if ClassOf(got, v) == noDataFill {
			t.Fatalf("%v has no class", v)
		}
	}
	if ClassOf(got, 1000) != palette[0] || ClassOf(got, 100000) != palette[4] {
		t.Error("extremes in the wrong class")
	}
}

// TestClassifyHonest: few values are not a class each, no class is empty,
// no edge is in two labels, and every class counts its areas.
func TestClassifyHonest(t *testing.T) {
	f := func(v float64) string { return fmt.Sprint(v) }
	got := Classify([]float64{10, 20, 30, 40, 50, 60}, f)
	if len(got) != 2 {
		t.Fatalf("six values in %d classes, want 2: %+v", len(got), got)
	}
	if got[0].Label != "minder dan 40" || got[1].Label != "40 of meer" || got[0].Count != 3 || got[1].Count != 3 {
		t.Errorf("labels or counts: %+v", got)
	}
	// Skewed values: rounding would leave a class empty; it is dropped.
	vs := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1000}
	got = Classify(vs, f)
	total := 0
	for i, c := range got {
		if c.Count == 0 {
			t.Errorf("class %d is empty: %+v", i, got)
		}
		total += c.Count
		if i > 0 && c.Lo <= got[i-1].Lo {
			t.Errorf("classes overlap: %+v", got)
		}
	}
	if total != len(vs) {
		t.Errorf("counts add up to %d, want %d", total, len(vs))
	}
	// The classes of the whole colour a part, with the part's counts.
	part := Counted(Classify([]float64{10, 20, 30, 40, 50, 60}, f), []float64{45, 55})
	if part[0].Count != 0 || part[1].Count != 2 {
		t.Errorf("counted: %+v", part)
	}
}

// TestLabelsFitAndDoNotOverlap: a name too wide for its area, or over a
// name already placed, is left out.
func TestLabelsFitAndDoNotOverlap(t *testing.T) {
	got := placeLabels([]Area{
		{Name: "Groot", LX: 100, LY: 100, W: 300, H: 200},
		{Name: "Ernaast", LX: 110, LY: 105, W: 200, H: 100},
		{Name: "Een heel lange buurtnaam", LX: 500, LY: 100, W: 40, H: 40},
		{Name: "Vrij", LX: 500, LY: 300, W: 100, H: 60},
	})
	var names []string
	for _, a := range got {
		names = append(names, a.Name)
	}
	if strings.Join(names, ",") != "Groot,Vrij" {
		t.Errorf("placed %v, want Groot and Vrij", names)
	}
}

func TestChoroplethBordersAndFocus(t *testing.T) {
	svg := string(ChoroplethWith("Kaart", []Area{{Code: "BU1", Name: "Noord", D: "M0 0L1 0L1 1Z"}}, 400, nil, nil,
		MapOptions{Borders: []Area{{Code: "WK1", D: "M0 0L2 0L2 2Z"}}, Focus: []Area{{Code: "WK1", D: "M0 0L2 0L2 2Z"}}}))
	if !strings.Contains(svg, `class="map-border" d="M0 0L2 0L2 2Z"`) || !strings.Contains(svg, `class="map-focus" d="M0 0L2 0L2 2Z"`) {
		t.Errorf("borders or focus missing:\n%s", svg)
	}
	if strings.Index(svg, "map-focus") < strings.Index(svg, `class="area"`) {
		t.Error("the focus outline is drawn under the areas")
	}
}

func TestChoroplethAccessible(t *testing.T) {
	v := 5.0
	svg := string(Choropleth("Kaart", []Area{{Code: "WK1", Name: "Noord", D: "M0 0L1 0L1 1Z"}, {Code: "WK2", Name: "Zuid", D: "M0 0L1 1L0 1Z"}}, 400,
		map[string]MapCell{"WK1": {Value: &v, Text: "€ 5", Href: "/x"}, "WK2": {Suppressed: true, Reason: "minder dan 10 huishoudens"}},
		Classify([]float64{5}, func(float64) string { return "€ 5" }), true))
	for _, want := range []string{`role="group"`, `aria-label="Noord (WK1): € 5. Toon`, `<a href="/x"`, `url(#hatch)`, `tabindex="0"`, "onderdrukt: minder dan 10 huishoudens"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
}

func TestProject(t *testing.T) {
	sq := func(x0, y0 float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{x0, y0}, {x0 + 100, y0}, {x0 + 100, y0 + 100}, {x0, y0 + 100}, {x0, y0}}}}
	}
	drawn, h := Project([]Outline{{Code: "WK1", Name: "A", Geom: sq(0, 0)}, {Code: "WK2", Name: "B", Geom: sq(100, 0)}, {Code: "WK3", Name: "zonder vorm"}})
	if len(drawn) != 2 || h != 416 {
		t.Fatalf("%d areas, height %v; want 2 and 416 (800 × 1/2 × 1.04)", len(drawn), h)
	}
	if drawn[0].LX >= drawn[1].LX || !strings.HasPrefix(drawn[0].D, "M") {
		t.Errorf("labels or paths wrong: %+v", drawn)
	}
}
