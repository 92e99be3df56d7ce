package release

import (
	"strings"
	"testing"
)

// A care type limited to wijk level is never published per buurt or blok,
// and secondary suppression keeps it from being derived: in no area is it
// the only withheld term of total = Σ care types.
func TestLowestLevelPerCareType(t *testing.T) {
	in := smallCity(7)
	counts := map[string]int{}
	for _, h := range in.Households {
		for _, r := range h.Rows {
			counts[r.Zorgsoort]++
		}
	}
	cat, most := "", 0
	for c, n := range counts {
		if n > most {
			cat, most = c, n
		}
	}
	rules := DefaultRules()
	rules.LowestLevel = map[string]string{cat: LevelWijk}
	tb, err := Create(in, rules)
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ level, area string }
	hidden := map[key]int{}
	totalShown := map[key]bool{}
	wijkShown := 0
	for _, c := range tb.Cells {
		k := key{c.Level, c.Area}
		switch {
		case c.By == ByZorgsoort && c.Category == cat && (c.Level == LevelBuurt || c.Level == LevelBlok):
			if !c.Suppressed || c.Rule != RuleReportLevel || !strings.Contains(c.Reason, "wijkniveau") {
				t.Fatalf("%s %s of care type %s published or without the reason: %+v", c.Level, c.Area, cat, c)
			}
		case c.By == ByZorgsoort && c.Category == cat && c.Level == LevelWijk && !c.Suppressed:
			wijkShown++
		}
		if c.By == ByZorgsoort && c.Suppressed {
			hidden[k]++
		}
		if c.By == ByTotal && !c.Suppressed {
			totalShown[k] = true
		}
	}
	for k, n := range hidden {
		if n == 1 && totalShown[k] {
			t.Errorf("%s %s: one withheld care type next to a published total — it can be derived", k.level, k.area)
		}
	}
	if wijkShown == 0 {
		t.Errorf("care type %s is withheld at wijk level too (%d rows)", cat, most)
	}
}

func TestCheckReportLevels(t *testing.T) {
	known := func(c string) bool { return c == "54" || c == "43" }
	if err := CheckReportLevels(map[string]string{"54": "wijk", "43": "gemeente"}, known); err != nil {
		t.Fatal(err)
	}
	err := CheckReportLevels(map[string]string{"99": "wijk", "54": "straat"}, known)
	if err == nil || !strings.Contains(err.Error(), `"99"`) || !strings.Contains(err.Error(), `"straat"`) {
		t.Errorf("err = %v, want both the unknown care type and the unknown level named", err)
	}
}
