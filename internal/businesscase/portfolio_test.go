package businesscase

import (
	"encoding/json"
	"io/fs"
	"math"
	"strings"
	"testing"
)

func evaluateExamples(t *testing.T) []*Result {
	t.Helper()
	cases, err := Examples()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 6 {
		t.Fatalf("%d examples, want six", len(cases))
	}
	var results []*Result
	for _, c := range cases {
		r, err := Evaluate(c)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
	}
	return results
}

// The six demo cases reproduce the figures Nijmegen published.
func TestExamplesReproduceNijmegen(t *testing.T) {
	results := evaluateExamples(t)
	byName := map[string]*Result{}
	for _, r := range results {
		byName[r.Name] = r
	}
	tests := []struct {
		name        string
		costsEuro   int64   // 0: not published
		ratio       float64 // to the published number of decimals
		ratioDigits int
		shown       string
	}{
		{"Transformatie Jeugdzorg", 9_369_000, 0, 0, ""},
		{"Individuele Plaatsing en Steun (IPS)", 8_500_000, 1.235294, 6, "1,24"},
		{"Intensief Behandelcentrum (IBC) Jeugd", 8_019_000, 1.31, 2, "1,31"},
		{"Amalia: kinderen met chronisch somatische problematiek", 0, 2.20, 2, "2,20"},
	}
	for _, tt := range tests {
		r := byName[tt.name]
		if r == nil {
			t.Errorf("no example %q", tt.name)
			continue
		}
		if tt.costsEuro != 0 && r.PVCostsCents != tt.costsEuro*100 {
			t.Errorf("%s: costs %d cents, want € %d", tt.name, r.PVCostsCents, tt.costsEuro)
		}
		if tt.ratioDigits > 0 {
			p := math.Pow(10, float64(tt.ratioDigits))
			if got := math.Round(*r.Ratio*p) / p; got != tt.ratio {
				t.Errorf("%s: ratio %v, want %v", tt.name, *r.Ratio, tt.ratio)
			}
		}
		if tt.shown != "" && Ratio(r.Ratio) != tt.shown {
			t.Errorf("%s: ratio shown as %q, want %q", tt.name, Ratio(r.Ratio), tt.shown)
		}
	}
	ips := byName["Individuele Plaatsing en Steun (IPS)"]
	if ips.BenefitsCents != 1_050_000_000 {
		t.Errorf("IPS benefits %d cents, want € 10.5 million", ips.BenefitsCents)
	}

	p := EvaluatePortfolio(results)
	if p.PVCostsCents != 2_700_000_000 {
		t.Errorf("portfolio costs %d cents, want € 27 million", p.PVCostsCents)
	}
	if math.Abs(float64(p.PVBenefitsCents)-4_400_000_000) > 1 {
		t.Errorf("portfolio benefits %d cents, want € 44 million", p.PVBenefitsCents)
	}
	if p.Ratio == nil || !near(*p.Ratio, 1.629630, 1e-6) {
		t.Errorf("portfolio ratio %v, want 1.629630", p.Ratio)
	}
	// The article: Transformatie Jeugdzorg 34.7%, IPS 31% and IBC Jeugd 29.7% of the investment.
	shares := map[string]float64{}
	for _, c := range p.Cases {
		shares[c.Name] = *c.InvestmentShare
	}
	for name, want := range map[string]float64{"Transformatie Jeugdzorg": 0.347, "Individuele Plaatsing en Steun (IPS)": 0.31, "Intensief Behandelcentrum (IBC) Jeugd": 0.297} {
		if math.Abs(shares[name]-want) > 0.005 {
			t.Errorf("%s: investment share %.4f, want %.3f", name, shares[name], want)
		}
	}
	if len(p.Warnings) != 0 {
		t.Errorf("warnings for a consistent portfolio: %v", p.Warnings)
	}
	var b strings.Builder
	if err := WritePortfolioText(&b, p); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"€ 27.000.000", "€ 44.000.000", "1,63", "34,7%"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("portfolio report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestExamplesHaveSourcesAndTargets(t *testing.T) {
	cases, err := Examples()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		notes := strings.Join(c.Notes, " ")
		if !strings.Contains(notes, "Aanname") || !(strings.Contains(notes, "Bron") || strings.Contains(notes, "artikel")) {
			t.Errorf("%s: notes do not separate sources from assumptions", c.Name)
		}
		if c.Targets == nil || len(c.Targets.Zorgsoorten) == 0 || len(c.Targets.Areas) == 0 {
			t.Errorf("%s: no targets", c.Name)
		}
	}
	names, err := fs.Glob(ExampleFiles(), "*.json")
	if err != nil || len(names) != 6 {
		t.Errorf("ExampleFiles: %v %v", names, err)
	}
}

func TestPortfolioEdges(t *testing.T) {
	p := EvaluatePortfolio(nil)
	if p.Ratio != nil || p.NetROI != nil || len(p.Cases) != 0 {
		t.Errorf("empty portfolio %+v", p)
	}
	js, err := json.Marshal(p)
	if err != nil || !strings.Contains(string(js), `"cases":[]`) {
		t.Errorf("empty portfolio JSON %s %v", js, err)
	}

	a, _ := Evaluate(streams([]float64{100}, []float64{150}, 0, 1))
	b, _ := Evaluate(streams([]float64{300}, []float64{250}, 2.25, 1))
	p = EvaluatePortfolio([]*Result{a, nil, b})
	if p.PVCostsCents != 40000 || p.PVBenefitsCents != 40000 || *p.Ratio != 1 || *p.NetROI != 0 {
		t.Errorf("portfolio %+v", p)
	}
	if *p.Cases[0].InvestmentShare != 0.25 || *p.Cases[1].InvestmentShare != 0.75 {
		t.Errorf("shares %v %v", *p.Cases[0].InvestmentShare, *p.Cases[1].InvestmentShare)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "discontovoeten") {
		t.Errorf("warnings %v", p.Warnings)
	}
	if len(p.Stakeholders) != 1 || p.Stakeholders[0].PaysCents != 40000 || *p.Stakeholders[0].Ratio != 1 {
		t.Errorf("stakeholders %+v", p.Stakeholders)
	}
}
