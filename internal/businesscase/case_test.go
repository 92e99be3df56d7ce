package businesscase

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// validIPS is a small valid case; the bad-input tests each break one thing in it.
const validIPS = `{
  "name": "IPS",
  "horizon_years": 5,
  "discount_rate_percent": 2.25,
  "interventions": [{"name": "IPS-trajecten", "cohorts": [{"year": 0, "persons": 150}]}],
  "costs": [{"payer": "gemeente", "per_year_cents": [100000, 50000]}],
  "effects": [{
    "name": "betaald werk",
    "success_percent": 44,
    "confidence": "B",
    "duration_years": 2,
    "unit_value_cents": 1300000,
    "stakeholders": [{"name": "gemeente", "share": 0.6}, {"name": "uwv", "share": 0.4}]
  }],
  "benefits_per_year": [{"stakeholder": "zorgverzekeraar", "per_year_cents": [0, 1000]}]
}`

func TestLoadValid(t *testing.T) {
	c, err := Load(strings.NewReader(validIPS), "ips.json")
	if err != nil {
		t.Fatal(err)
	}
	if c.Horizon() != 5 || c.DiscountRate() != 2.25 || c.FirstYearConvention() != FirstYearUndiscounted || !c.OptimismBiasOn() {
		t.Errorf("settings %d %v %q %v", c.Horizon(), c.DiscountRate(), c.FirstYearConvention(), c.OptimismBiasOn())
	}
}

func TestDefaults(t *testing.T) {
	c, err := Load(strings.NewReader(`{"name": "leeg"}`), "leeg.json")
	if err != nil {
		t.Fatal(err)
	}
	if c.Horizon() != 10 || c.DiscountRate() != 2.25 || c.FirstYearConvention() != FirstYearUndiscounted || !c.OptimismBiasOn() {
		t.Errorf("defaults %d %v %q %v", c.Horizon(), c.DiscountRate(), c.FirstYearConvention(), c.OptimismBiasOn())
	}
	r, err := Evaluate(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Years) != 10 || r.Ratio != nil {
		t.Errorf("empty case: %d years, ratio %v", len(r.Years), r.Ratio)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name     string
		from, to string // replace from by to in validIPS; from "" replaces the whole file
		want     []string
	}{
		{"shares do not sum to 1", `"share": 0.4`, `"share": 0.3`,
			[]string{`businesscase "IPS": veld effects[0].stakeholders: aandelen tellen op tot 0,9 in plaats van 1 / shares sum to 0.9, not 1`}},
		{"share above 1", `"share": 0.4`, `"share": 1.4`, []string{"effects[0].stakeholders[1].share: 1,4 ligt niet tussen 0 en 1 / 1.4 is not between 0 and 1"}},
		{"no stakeholders", `"stakeholders": [{"name": "gemeente", "share": 0.6}, {"name": "uwv", "share": 0.4}]`, `"stakeholders": []`,
			[]string{"effects[0].stakeholders: geen belanghebbenden"}},
		{"stakeholder twice", `{"name": "uwv", "share": 0.4}`, `{"name": "gemeente", "share": 0.4}`, []string{`effects[0].stakeholders[1].name: "gemeente" komt twee keer voor`}},
		{"negative horizon", `"horizon_years": 5`, `"horizon_years": -1`,
			[]string{`businesscase "IPS": veld horizon_years: -1 ligt niet tussen 1 en 100 jaar / -1 is not between 1 and 100 years`}},
		{"zero horizon", `"horizon_years": 5`, `"horizon_years": 0`, []string{"veld horizon_years: 0 ligt niet tussen 1 en 100 jaar"}},
		{"horizon over 100 years", `"horizon_years": 5`, `"horizon_years": 101`, []string{"veld horizon_years: 101 ligt niet tussen 1 en 100 jaar"}},
		{"negative discount rate", `"discount_rate_percent": 2.25`, `"discount_rate_percent": -1.5`,
			[]string{"veld discount_rate_percent: disconteringsvoet -1,5 is negatief / discount rate -1.5 is negative"}},
		{"discount rate over 100", `"discount_rate_percent": 2.25`, `"discount_rate_percent": 225`, []string{"veld discount_rate_percent: 225 ligt niet tussen 0 en 100"}},
		{"unknown stakeholder as payer", `"payer": "gemeente"`, `"payer": "gemeentee"`,
			[]string{`veld costs[0].payer: onbekende belanghebbende "gemeentee" (voeg haar toe aan extra_stakeholders) / unknown stakeholder "gemeentee"`}},
		{"unknown stakeholder in shares", `"name": "uwv"`, `"name": "svb"`, []string{`veld effects[0].stakeholders[1].name: onbekende belanghebbende "svb"`}},
		{"unknown stakeholder of a benefit", `"stakeholder": "zorgverzekeraar"`, `"stakeholder": "verzekeraar"`, []string{`veld benefits_per_year[0].stakeholder: onbekende belanghebbende "verzekeraar"`}},
		{"percentage above 100", `"success_percent": 44`, `"success_percent": 144`,
			[]string{"veld effects[0].success_percent: 144 ligt niet tussen 0 en 100 / 144 is not between 0 and 100"}},
		{"negative percentage", `"success_percent": 44`, `"success_percent": 44, "deadweight_percent": -5`, []string{"veld effects[0].deadweight_percent: -5 ligt niet tussen 0 en 100"}},
		{"drop-off above 100", `"success_percent": 44`, `"success_percent": 44, "drop_off_percent": 100.5`, []string{"veld effects[0].drop_off_percent: 100,5 ligt niet tussen 0 en 100"}},
		{"confidence grade out of range", `"name": "IPS",`, `"name": "IPS", "confidence_grades": {"D": 120},`, []string{`veld confidence_grades["D"]: 120 ligt niet tussen 0 en 100`}},
		{"unknown confidence grade", `"confidence": "B"`, `"confidence": "Z"`, []string{`veld effects[0].confidence: onbekende betrouwbaarheidsklasse "Z"`}},
		{"missing confidence grade", `"confidence": "B",`, ``, []string{"veld effects[0].confidence: ontbreekt"}},
		{"missing duration", `"duration_years": 2,`, ``, []string{"veld effects[0].duration_years: 0 ligt niet tussen 1 en 100"}},
		{"unknown first-year convention", `"name": "IPS",`, `"name": "IPS", "first_year": "jaar1",`, []string{`veld first_year: "jaar1" is geen "undiscounted" of "discounted"`}},
		{"more years than the horizon", `[100000, 50000]`, `[1, 1, 1, 1, 1, 1]`, []string{"veld costs[0].per_year_cents: 6 jaren, maar de horizon is 5 jaar"}},
		{"negative cost", `[100000, 50000]`, `[100000, -50000]`, []string{"veld costs[0].per_year_cents[1]: kosten zijn niet negatief"}},
		{"cost without amounts", `"per_year_cents": [100000, 50000]`, `"description": "niets"`, []string{"veld costs[0]: geen bedragen"}},
		{"cohort outside the horizon", `"year": 0`, `"year": 5`, []string{"veld interventions[0].cohorts[0].year: jaar 5 ligt buiten de horizon (0 t/m 4)"}},
		{"negative cohort", `"persons": 150`, `"persons": -150`, []string{"veld interventions[0].cohorts[0].persons: moet tussen 0 en 1 miljard liggen"}},
		{"unknown intervention", `"name": "betaald werk",`, `"name": "betaald werk", "intervention": "IBC",`, []string{`veld effects[0].intervention: onbekende interventie "IBC"`}},
		{"effect without intervention", `"interventions": [{"name": "IPS-trajecten", "cohorts": [{"year": 0, "persons": 150}]}],`, ``,
			[]string{"veld effects[0].intervention: noem de interventie (de case heeft er 0)"}},
		{"bad area code", `"name": "IPS",`, `"name": "IPS", "targets": {"areas": ["WK0642"]},`, []string{`veld targets.areas[0]: "WK0642" is geen CBS-code`}},
		{"bad zorgsoort", `"name": "IPS",`, `"name": "IPS", "targets": {"zorgsoorten": ["4 5"]},`, []string{`veld targets.zorgsoorten[0]: "4 5" is geen zorgsoortcode`}},
		{"extra stakeholder shadows a standard one", `"name": "IPS",`, `"name": "IPS", "extra_stakeholders": ["uwv"],`, []string{`veld extra_stakeholders[0]: "uwv" is al een standaard belanghebbende`}},
		{"implausible price year", `"name": "IPS",`, `"name": "IPS", "price_year": 16,`, []string{"veld price_year: 16 is geen plausibel jaartal"}},
		{"unknown field", `"horizon_years": 5`, `"horizon_years": 5, "horizon": 10`,
			[]string{`businesscase "ips.json": onbekend veld "horizon" / unknown field "horizon"`}},
		{"unknown nested field", `"success_percent": 44`, `"succes_percent": 44`, []string{`onbekend veld "succes_percent"`}},
		{"wrong type", `"horizon_years": 5`, `"horizon_years": "tien"`, []string{`businesscase "ips.json": veld horizon_years: string past niet in een int`}},
		{"cents not whole", `[100000, 50000]`, `[100000.5, 50000]`, []string{"veld costs.per_year_cents: number 100000.5 past niet in een int64"}},
		{"syntax error", `"horizon_years": 5,`, `"horizon_years": 5,,`, []string{`businesscase "ips.json": geen geldige JSON bij byte`}},
		{"trailing data", "", validIPS + ` {}`, []string{"na het JSON-object staat nog meer"}},
		{"empty file", "", ``, []string{`businesscase "ips.json": bestand is leeg / file is empty`}},
		{"truncated file", "", validIPS[:40], []string{"bestand houdt halverwege op"}},
		{"not an object", "", `[1, 2]`, []string{"past niet in een businesscase.Case"}},
		{"case name missing: the file name is used", "\"name\": \"IPS\",\n  \"horizon_years\": 5", `"horizon_years": 0`, []string{`businesscase "ips.json": veld horizon_years`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.to
			if tt.from != "" {
				if !strings.Contains(validIPS, tt.from) {
					t.Fatalf("test breaks nothing: %q not in the valid case", tt.from)
				}
				in = strings.Replace(validIPS, tt.from, tt.to, 1)
			}
			c, err := Load(strings.NewReader(in), "ips.json")
			if err == nil {
				t.Fatalf("accepted: %+v", c)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n  %v\nlacks\n  %s", err, w)
				}
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Errorf("not a *FieldError: %T", err)
			}
			if !strings.Contains(err.Error(), " / ") {
				t.Errorf("no English after the Dutch: %v", err)
			}
		})
	}
}

func TestAllRefusalsAtOnce(t *testing.T) {
	in := strings.NewReplacer(`"horizon_years": 5`, `"horizon_years": -1`, `"share": 0.4`, `"share": 0.3`, `"payer": "gemeente"`, `"payer": "x"`).Replace(validIPS)
	_, err := Load(strings.NewReader(in), "ips.json")
	if err == nil {
		t.Fatal("accepted")
	}
	for _, field := range []string{"horizon_years", "effects[0].stakeholders", "costs[0].payer"} {
		if !strings.Contains(err.Error(), "veld "+field+":") {
			t.Errorf("no refusal of %s in\n%v", field, err)
		}
	}
}

func TestExtraStakeholder(t *testing.T) {
	in := strings.Replace(validIPS, `"name": "uwv"`, `"name": "talis"`, 1)
	in = strings.Replace(in, `"name": "IPS",`, `"name": "IPS", "extra_stakeholders": ["talis"],`, 1)
	c, err := Load(strings.NewReader(in), "ips.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Evaluate(c)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range r.Stakeholders {
		found = found || (s.Name == "talis" && s.Label == "talis" && s.GainsCents > 0)
	}
	if !found {
		t.Errorf("talis not in the matrix: %+v", r.Stakeholders)
	}
}

func TestValidateNeedsNoLoad(t *testing.T) {
	shares := []Share{{Name: "gemeente", Share: 0.5}, {Name: "uwv", Share: 0.4}}
	c := effectCase(Effect{Stakeholders: shares})
	err := c.Validate()
	want := `businesscase "effect": veld effects[0].stakeholders: aandelen tellen op tot 0,9 in plaats van 1 / shares sum to 0.9, not 1`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
}

func TestHostileSizeIsRefused(t *testing.T) {
	cohorts := make([]Cohort, 20_000)
	c := effectCase(Effect{DurationYears: 5, Stakeholders: []Share{{Name: "gemeente", Share: 0.5}, {Name: "uwv", Share: 0.5}}})
	c.Interventions[0].Cohorts = cohorts
	c.Effects = slices.Repeat(c.Effects, 26) // 26 effects × 20,000 cohorts × 5 years × 2 shares > 5 million
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "veld effects: te veel") {
		t.Errorf("err = %v", err)
	}
}
