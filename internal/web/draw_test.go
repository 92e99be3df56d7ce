package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	f := func(v float64) string { return fmt.Sprint(v) }
	if got := classify([]float64{3, 1, 3}, f); len(got) != 2 || got[0].Label != "1" || got[1].Label != "3" || got[0].Colour == got[1].Colour {
		t.Fatalf("two values: %+v", got)
	}
	var vs []float64
	for i := 1; i <= 100; i++ {
		vs = append(vs, float64(i*1000))
	}
	got := classify(vs, f)
	if len(got) != 5 || got[0].Lo != 1000 || got[4].Hi != 100000 || got[0].Colour != palette[0] || got[4].Colour != palette[4] {
		t.Fatalf("quantiles: %+v", got)
	}
	for _, v := range vs {
		if classOf(got, v) == noDataFill {
			t.Fatalf("%v has no class", v)
		}
	}
	if classOf(got, 1000) != palette[0] || classOf(got, 100000) != palette[4] {
		t.Error("extremes in the wrong class")
	}
}

func TestXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := writeXLSX(&buf, "Meting 2025", [][]string{{"gebied", "bedrag_eur"}, {"BU1 <&>", "12000"}}); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var sheet string
	for _, f := range z.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			sheet = b.String()
		}
	}
	if !strings.Contains(sheet, `<c r="B2"><v>12000</v></c>`) || !strings.Contains(sheet, "BU1 &lt;&amp;&gt;") {
		t.Fatalf("sheet:\n%s", sheet)
	}
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB"} {
		if colName(i) != want {
			t.Errorf("colName(%d) = %s", i, colName(i))
		}
	}
}

func TestChoroplethAccessible(t *testing.T) {
	v := 5.0
	svg := string(choroplethSVG("Kaart", []drawnArea{{Code: "WK1", Name: "Noord", D: "M0 0L1 0L1 1Z"}, {Code: "WK2", Name: "Zuid", D: "M0 0L1 1L0 1Z"}}, 400,
		map[string]mapCell{"WK1": {Value: &v, Text: "€ 5", Href: "/x"}, "WK2": {Suppressed: true, Reason: "minder dan 10 huishoudens"}},
		classify([]float64{5}, func(float64) string { return "€ 5" }), true))
	for _, want := range []string{`role="group"`, `aria-label="Noord (WK1): € 5. Toon`, `<a href="/x"`, `url(#hatch)`, `tabindex="0"`, "onderdrukt: minder dan 10 huishoudens"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
}
