package chart

import (
	"strings"
	"testing"
)

func TestTornadoGolden(t *testing.T) {
	bars := []TornadoBar{
		{Label: "alle baten", LowLabel: "−20%", HighLabel: "+20%", Low: 304_424_00, High: 656_636_00},
		{Label: "effect " + nasty, LowLabel: "−20%", HighLabel: "+20%", Low: 341_781_00, High: 619_279_00},
		{Label: "optimism bias baten", LowLabel: "aan", HighLabel: "uit", Low: 480_530_00, High: 683_007_00},
		{Label: "alle kosten", LowLabel: "−20%", HighLabel: "+20%", Low: 560_530_00, High: 400_530_00},
		{Label: "discontovoet", LowLabel: "0%", HighLabel: "3,5%", Low: 480_530_00, High: 442_359_00},
		{Label: "optimism bias kosten", LowLabel: "aan", HighLabel: "uit", Low: 480_530_00, High: 480_530_00},
	}
	svg := Tornado("Tornado van "+nasty, 480_530_00, bars, "bc-tornado")
	golden(t, "tornado", svg)
	s := string(svg)
	if strings.Contains(s, "<b>") || strings.Contains(s, "&amp;amp;") {
		t.Errorf("text not escaped exactly once")
	}
	// Every parameter has a row, the widest first, and the base line is labelled.
	if strings.Index(s, "alle baten") > strings.Index(s, "alle kosten") || !strings.Contains(s, "basis € 481k") {
		t.Errorf("order or base label wrong")
	}
	if n := strings.Count(s, `fill="#D55E00"`); n != 4 { // baten, effect, kosten, discontovoet lie partly below the base
		t.Errorf("%d orange parts, want 4", n)
	}
	if n := strings.Count(s, `fill="#0072B2"`); n != 4 { // baten, effect, kosten, optimism bias baten above
		t.Errorf("%d blue parts, want 4", n)
	}
	if Tornado("x", 0, nil, "t") != "" {
		t.Error("a tornado without bars draws nothing")
	}
	// A case whose NPV is negative crosses zero: the zero line is drawn.
	neg := Tornado("negatief", -10_00, []TornadoBar{{Label: "kosten", LowLabel: "−20%", HighLabel: "+20%", Low: 10_00, High: -30_00}}, "t")
	if !strings.Contains(string(neg), `stroke-dasharray="4 3"`) {
		t.Errorf("no zero line in a tornado that crosses zero: %s", neg)
	}
}
