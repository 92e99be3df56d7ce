package web

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/money"
)

// caseDraft is a case as typed in the form: every value a string, so a
// refused form comes back exactly as the user left it. Field names in the
// form are the paths of the case file (costs[0].per_year_cents[2]), so the
// engine's FieldError lands next to the input it names.
type caseDraft struct {
	Name, Description, Notes      string
	PriceYear, StartYear, Horizon string
	Discount, FirstYear           string
	OptimismBias                  bool
	Grades                        []gradeDraft
	CostOptimismBias              bool
	CostGrades                    []gradeDraft
	Extra, Zorgsoorten, Areas     string
	Interventions                 []interventionDraft
	Costs                         []costDraft
	Effects                       []effectDraft
	Benefits                      []benefitDraft
}

type gradeDraft struct{ Grade, Percent string }

type interventionDraft struct {
	Name, TargetGroup, Size, Partners string
	Cohorts                           []cohortDraft
}

type cohortDraft struct{ Year, Persons string }

type costDraft struct {
	Payer, Description, Intervention, PerPerson string
	Confidence, PerCohort                       string
	PerYear                                     []string
}

type effectDraft struct {
	Name, Intervention                                                  string
	Engagement, Success, Deadweight, Attribution, Displacement, DropOff string
	Confidence, StartAfter, Duration, UnitValue                         string
	ValueType                                                           string
	Shares                                                              []shareDraft
}

type shareDraft struct{ Name, Percent string }

type benefitDraft struct {
	Stakeholder, Description, Confidence, ValueType string
	PerYear                                         []string
}

func newDraft() caseDraft {
	return caseDraft{Horizon: strconv.Itoa(businesscase.DefaultHorizonYears), Discount: decimalTrim(businesscase.DefaultDiscountRatePercent),
		FirstYear: businesscase.FirstYearUndiscounted, OptimismBias: true,
		Interventions: []interventionDraft{{Cohorts: []cohortDraft{{Year: "0"}}}},
		Costs:         []costDraft{{Payer: "gemeente"}},
	}
}

// eurosInput writes cents the way a Dutch user types euros: "1.234,50", "2.500".
func eurosInput(c int64) string {
	neg := c < 0
	if neg {
		c = -c
	}
	s := money.Group(c / 100)
	if c%100 != 0 {
		s += fmt.Sprintf(",%02d", c%100)
	}
	if neg {
		s = "-" + s
	}
	return s
}

func numInput(f float64) string { return decimalTrim(f) }

func intInput[T int | int64](n T) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(int64(n), 10)
}

func draftFromCase(c *businesscase.Case) caseDraft {
	d := caseDraft{Name: c.Name, Description: c.Description, Notes: strings.Join(c.Notes, "\n"),
		PriceYear: intInput(c.PriceYear), StartYear: intInput(c.StartYear), Horizon: strconv.Itoa(c.Horizon()),
		Discount: numInput(c.DiscountRate()), FirstYear: c.FirstYearConvention(), OptimismBias: c.OptimismBiasOn(),
		Extra: strings.Join(c.ExtraStakeholders, ", ")}
	d.Grades = gradeDrafts(c.ConfidenceGrades)
	d.CostOptimismBias, d.CostGrades = c.CostOptimismBias, gradeDrafts(c.CostGrades)
	if c.Targets != nil {
		d.Zorgsoorten, d.Areas = strings.Join(c.Targets.Zorgsoorten, ", "), strings.Join(c.Targets.Areas, ", ")
	}
	for _, in := range c.Interventions {
		id := interventionDraft{Name: in.Name, TargetGroup: in.TargetGroup, Size: intInput(in.TargetGroupSize), Partners: intInput(in.Partners)}
		for _, co := range in.Cohorts {
			id.Cohorts = append(id.Cohorts, cohortDraft{strconv.Itoa(co.Year), strconv.FormatInt(co.Persons, 10)})
		}
		d.Interventions = append(d.Interventions, id)
	}
	years := func(cs []int64) []string {
		var out []string
		for _, x := range cs {
			out = append(out, eurosInput(x))
		}
		return out
	}
	for _, co := range c.Costs {
		pp, pc := "", ""
		if co.PerPersonCents != 0 {
			pp = eurosInput(co.PerPersonCents)
		}
		if co.PerCohortCents != 0 {
			pc = eurosInput(co.PerCohortCents)
		}
		d.Costs = append(d.Costs, costDraft{Payer: co.Payer, Description: co.Description, Intervention: co.Intervention, PerPerson: pp,
			Confidence: co.Confidence, PerCohort: pc, PerYear: years(co.PerYearCents)})
	}
	optPct := func(p *float64) string {
		if p == nil {
			return ""
		}
		return numInput(*p)
	}
	zeroPct := func(p float64) string {
		if p == 0 {
			return ""
		}
		return numInput(p)
	}
	for _, e := range c.Effects {
		ed := effectDraft{Name: e.Name, Intervention: e.Intervention, Engagement: optPct(e.EngagementPercent), Success: optPct(e.SuccessPercent),
			Deadweight: zeroPct(e.DeadweightPercent), Attribution: zeroPct(e.AttributionPercent), Displacement: zeroPct(e.DisplacementPercent),
			DropOff: zeroPct(e.DropOffPercent), Confidence: e.Confidence, StartAfter: intInput(e.StartAfterYears), Duration: intInput(e.DurationYears),
			UnitValue: eurosInput(e.UnitValueCents), ValueType: e.ValueType}
		for _, s := range e.Stakeholders {
			ed.Shares = append(ed.Shares, shareDraft{s.Name, numInput(s.Share * 100)})
		}
		d.Effects = append(d.Effects, ed)
	}
	for _, bn := range c.BenefitsPerYear {
		d.Benefits = append(d.Benefits, benefitDraft{Stakeholder: bn.Stakeholder, Description: bn.Description, Confidence: bn.Confidence, ValueType: bn.ValueType, PerYear: years(bn.PerYearCents)})
	}
	return d
}

// gradeDrafts lists a file's own confidence grades in name order.
func gradeDrafts(m map[string]float64) []gradeDraft {
	grades := make([]string, 0, len(m))
	for g := range m {
		grades = append(grades, g)
	}
	sort.Strings(grades)
	var out []gradeDraft
	for _, g := range grades {
		out = append(out, gradeDraft{g, numInput(m[g])})
	}
	return out
}

// draftFromForm reads the posted form. Rows are numbered from 0 without gaps;
// a row is there when its first input is.
func draftFromForm(f url.Values) caseDraft {
	g := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	has := func(k string) bool { _, ok := f[k]; return ok }
	d := caseDraft{Name: g("name"), Description: g("description"), Notes: g("notes"), PriceYear: g("price_year"), StartYear: g("start_year"),
		Horizon: g("horizon_years"), Discount: g("discount_rate_percent"), FirstYear: g("first_year"), OptimismBias: f.Get("optimism_bias") == "ja",
		CostOptimismBias: f.Get("cost_optimism_bias") == "ja",
		Extra:            g("extra_stakeholders"), Zorgsoorten: g("targets.zorgsoorten"), Areas: g("targets.areas")}
	years := func(p string) []string {
		var out []string
		for j := 0; has(fmt.Sprintf("%s[%d]", p, j)); j++ {
			out = append(out, g(fmt.Sprintf("%s[%d]", p, j)))
		}
		return out
	}
	// list gives the paths of a repeated list's rows, path[0], path[1], …,
	// for as long as the form has the row's first field.
	list := func(path, first string) []string {
		var ps []string
		for i := 0; has(fmt.Sprintf("%s[%d].%s", path, i, first)); i++ {
			ps = append(ps, fmt.Sprintf("%s[%d]", path, i))
		}
		return ps
	}
	for _, p := range list("confidence_grades", "grade") {
		d.Grades = append(d.Grades, gradeDraft{g(p + ".grade"), g(p + ".percent")})
	}
	for _, p := range list("cost_confidence_grades", "grade") {
		d.CostGrades = append(d.CostGrades, gradeDraft{g(p + ".grade"), g(p + ".percent")})
	}
	for _, p := range list("interventions", "name") {
		in := interventionDraft{Name: g(p + ".name"), TargetGroup: g(p + ".target_group"), Size: g(p + ".target_group_size"), Partners: g(p + ".partners")}
		for _, q := range list(p+".cohorts", "year") {
			in.Cohorts = append(in.Cohorts, cohortDraft{g(q + ".year"), g(q + ".persons")})
		}
		d.Interventions = append(d.Interventions, in)
	}
	for _, p := range list("costs", "payer") {
		d.Costs = append(d.Costs, costDraft{Payer: g(p + ".payer"), Description: g(p + ".description"), Intervention: g(p + ".intervention"),
			PerPerson: g(p + ".per_person_cents"), Confidence: g(p + ".confidence"), PerCohort: g(p + ".per_cohort_cents"), PerYear: years(p + ".per_year_cents")})
	}
	for _, p := range list("effects", "name") {
		e := effectDraft{Name: g(p + ".name"), Intervention: g(p + ".intervention"), Engagement: g(p + ".engagement_percent"), Success: g(p + ".success_percent"),
			Deadweight: g(p + ".deadweight_percent"), Attribution: g(p + ".attribution_percent"), Displacement: g(p + ".displacement_percent"),
			DropOff: g(p + ".drop_off_percent"), Confidence: g(p + ".confidence"), StartAfter: g(p + ".start_after_years"), Duration: g(p + ".duration_years"),
			UnitValue: g(p + ".unit_value_cents"), ValueType: g(p + ".value_type")}
		for _, q := range list(p+".stakeholders", "name") {
			e.Shares = append(e.Shares, shareDraft{g(q + ".name"), g(q + ".share")})
		}
		d.Effects = append(d.Effects, e)
	}
	for _, p := range list("benefits_per_year", "stakeholder") {
		d.Benefits = append(d.Benefits, benefitDraft{Stakeholder: g(p + ".stakeholder"), Description: g(p + ".description"), Confidence: g(p + ".confidence"),
			ValueType: g(p + ".value_type"), PerYear: years(p + ".per_year_cents")})
	}
	return d
}

// parseEuros reads an amount in euros as a Dutch user types it — "1.234,50",
// "€ 2.500", "-75" — into cents (money.Parse's rules).
func parseEuros(s string) (int64, bool) {
	c, err := money.Parse(s)
	return int64(c), err == nil
}

// parseNumber reads a decimal number with a comma or a point.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' || r == '\r' })
}

// thousands is a whole number with Dutch thousands points: "12.000".
var thousands = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{3})+$`)

// toCase builds the case file from the form. What cannot be read as a
// number or amount is refused here, with the same kind of FieldError the
// engine gives, so the form shows both the same way.
func (d caseDraft) toCase() (*businesscase.Case, []*businesscase.FieldError) {
	var errs []*businesscase.FieldError
	fail := func(field, nl string) {
		errs = append(errs, &businesscase.FieldError{Case: d.Name, Field: field, NL: nl})
	}
	integer := func(field, s string) int64 {
		if s == "" {
			return 0
		}
		t := strings.TrimPrefix(s, "-")
		if thousands.MatchString(t) {
			t = strings.ReplaceAll(t, ".", "")
		}
		n, err := strconv.ParseInt(t, 10, 64)
		if strings.HasPrefix(s, "-") {
			n = -n
		}
		if err != nil {
			fail(field, strconv.Quote(s)+" is geen geheel getal")
		}
		return n
	}
	number := func(field, s string) float64 {
		if s == "" {
			return 0
		}
		f, ok := parseNumber(s)
		if !ok {
			fail(field, strconv.Quote(s)+" is geen getal; schrijf bijvoorbeeld 12,5")
		}
		return f
	}
	optNumber := func(field, s string) *float64 {
		if s == "" {
			return nil
		}
		f := number(field, s)
		return &f
	}
	amount := func(field, s string) int64 {
		if s == "" {
			return 0
		}
		c, ok := parseEuros(s)
		if !ok {
			fail(field, strconv.Quote(s)+" is geen bedrag in euro's; schrijf bijvoorbeeld 1.234,50")
		}
		return c
	}
	perYear := func(field string, vals []string) []int64 {
		n := len(vals)
		for n > 0 && vals[n-1] == "" {
			n--
		}
		var out []int64
		for j := 0; j < n; j++ {
			out = append(out, amount(fmt.Sprintf("%s[%d]", field, j), vals[j]))
		}
		return out
	}
	c := &businesscase.Case{Name: d.Name, Description: d.Description, FirstYear: d.FirstYear}
	if strings.TrimSpace(d.Name) == "" {
		fail("name", "ontbreekt: geef de businesscase een naam")
	}
	for _, l := range strings.Split(d.Notes, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			c.Notes = append(c.Notes, l)
		}
	}
	c.PriceYear = int(integer("price_year", d.PriceYear))
	c.StartYear = int(integer("start_year", d.StartYear))
	if d.Horizon == "" {
		fail("horizon_years", "ontbreekt")
	} else {
		h := int(integer("horizon_years", d.Horizon))
		c.HorizonYears = &h
	}
	if d.Discount == "" {
		fail("discount_rate_percent", "ontbreekt")
	} else {
		c.DiscountRatePercent = optNumber("discount_rate_percent", d.Discount)
	}
	ob := d.OptimismBias
	c.OptimismBias = &ob
	grades := func(path string, list []gradeDraft) map[string]float64 {
		var m map[string]float64
		for i, g := range list {
			if g.Grade == "" && g.Percent == "" {
				continue
			}
			if m == nil {
				m = map[string]float64{}
			}
			if g.Grade == "" {
				fail(fmt.Sprintf("%s[%d].grade", path, i), "ontbreekt")
				continue
			}
			if _, dup := m[g.Grade]; dup {
				fail(fmt.Sprintf("%s[%d].grade", path, i), strconv.Quote(g.Grade)+" komt twee keer voor")
			}
			m[g.Grade] = number(fmt.Sprintf("%s[%d].percent", path, i), g.Percent)
		}
		return m
	}
	c.ConfidenceGrades = grades("confidence_grades", d.Grades)
	c.CostOptimismBias = d.CostOptimismBias
	c.CostGrades = grades("cost_confidence_grades", d.CostGrades)
	c.ExtraStakeholders = splitList(d.Extra)
	if zs, as := splitList(d.Zorgsoorten), splitList(d.Areas); len(zs)+len(as) > 0 {
		c.Targets = &businesscase.Targets{Zorgsoorten: zs, Areas: as}
	}
	for i, in := range d.Interventions {
		p := fmt.Sprintf("interventions[%d]", i)
		x := businesscase.Intervention{Name: in.Name, TargetGroup: in.TargetGroup, TargetGroupSize: integer(p+".target_group_size", in.Size),
			Partners: int(integer(p+".partners", in.Partners))}
		for j, co := range in.Cohorts {
			q := fmt.Sprintf("%s.cohorts[%d]", p, j)
			x.Cohorts = append(x.Cohorts, businesscase.Cohort{Year: int(integer(q+".year", co.Year)), Persons: integer(q+".persons", co.Persons)})
		}
		c.Interventions = append(c.Interventions, x)
	}
	for i, co := range d.Costs {
		p := fmt.Sprintf("costs[%d]", i)
		c.Costs = append(c.Costs, businesscase.Cost{Payer: co.Payer, Description: co.Description, Intervention: co.Intervention,
			PerPersonCents: amount(p+".per_person_cents", co.PerPerson), PerYearCents: perYear(p+".per_year_cents", co.PerYear),
			Confidence: co.Confidence, PerCohortCents: amount(p+".per_cohort_cents", co.PerCohort)})
	}
	for i, e := range d.Effects {
		p := fmt.Sprintf("effects[%d]", i)
		x := businesscase.Effect{Name: e.Name, Intervention: e.Intervention,
			EngagementPercent: optNumber(p+".engagement_percent", e.Engagement), SuccessPercent: optNumber(p+".success_percent", e.Success),
			DeadweightPercent: number(p+".deadweight_percent", e.Deadweight), AttributionPercent: number(p+".attribution_percent", e.Attribution),
			DisplacementPercent: number(p+".displacement_percent", e.Displacement), DropOffPercent: number(p+".drop_off_percent", e.DropOff),
			Confidence: e.Confidence, StartAfterYears: int(integer(p+".start_after_years", e.StartAfter)), DurationYears: int(integer(p+".duration_years", e.Duration)),
			UnitValueCents: amount(p+".unit_value_cents", e.UnitValue), ValueType: e.ValueType}
		for j, s := range e.Shares {
			q := fmt.Sprintf("%s.stakeholders[%d]", p, j)
			x.Stakeholders = append(x.Stakeholders, businesscase.Share{Name: s.Name, Share: number(q+".share", s.Percent) / 100})
		}
		c.Effects = append(c.Effects, x)
	}
	for i, bn := range d.Benefits {
		p := fmt.Sprintf("benefits_per_year[%d]", i)
		c.BenefitsPerYear = append(c.BenefitsPerYear, businesscase.Benefit{Stakeholder: bn.Stakeholder, Description: bn.Description, Confidence: bn.Confidence,
			ValueType: bn.ValueType, PerYearCents: perYear(p+".per_year_cents", bn.PerYear)})
	}
	return c, errs
}

// act applies an "add row" or "remove row" button to the draft.
func (d *caseDraft) act(action string) {
	verb, path, _ := strings.Cut(action, ":")
	idx := func(s string) (int, string, bool) { // "cohorts[2]" → 2
		m := rowPath.FindStringSubmatch(s)
		if m == nil {
			return 0, "", false
		}
		n, _ := strconv.Atoi(m[2])
		return n, m[1], true
	}
	first, rest, _ := strings.Cut(path, ".")
	i, list, indexed := idx(first)
	ok := func(n int) bool { return indexed && i >= 0 && i < n }
	switch verb {
	case "add":
		switch {
		case path == "confidence_grades":
			d.Grades = append(d.Grades, gradeDraft{})
		case path == "cost_confidence_grades":
			d.CostGrades = append(d.CostGrades, gradeDraft{})
		case path == "interventions":
			d.Interventions = append(d.Interventions, interventionDraft{Cohorts: []cohortDraft{{}}})
		case path == "costs":
			d.Costs = append(d.Costs, costDraft{Payer: "gemeente"})
		case path == "effects":
			d.Effects = append(d.Effects, effectDraft{Confidence: "B", Shares: []shareDraft{{Name: "gemeente", Percent: "100"}}})
		case path == "benefits_per_year":
			d.Benefits = append(d.Benefits, benefitDraft{Stakeholder: "gemeente"})
		case list == "interventions" && rest == "cohorts" && ok(len(d.Interventions)):
			d.Interventions[i].Cohorts = append(d.Interventions[i].Cohorts, cohortDraft{})
		case list == "effects" && rest == "stakeholders" && ok(len(d.Effects)):
			d.Effects[i].Shares = append(d.Effects[i].Shares, shareDraft{})
		}
	case "remove":
		j, _, sub := idx(rest)
		switch {
		case list == "confidence_grades" && ok(len(d.Grades)):
			d.Grades = append(d.Grades[:i], d.Grades[i+1:]...)
		case list == "cost_confidence_grades" && ok(len(d.CostGrades)):
			d.CostGrades = append(d.CostGrades[:i], d.CostGrades[i+1:]...)
		case list == "interventions" && rest == "" && ok(len(d.Interventions)):
			d.Interventions = append(d.Interventions[:i], d.Interventions[i+1:]...)
		case list == "interventions" && sub && ok(len(d.Interventions)) && j < len(d.Interventions[i].Cohorts):
			d.Interventions[i].Cohorts = append(d.Interventions[i].Cohorts[:j], d.Interventions[i].Cohorts[j+1:]...)
		case list == "costs" && ok(len(d.Costs)):
			d.Costs = append(d.Costs[:i], d.Costs[i+1:]...)
		case list == "effects" && rest == "" && ok(len(d.Effects)):
			d.Effects = append(d.Effects[:i], d.Effects[i+1:]...)
		case list == "effects" && sub && ok(len(d.Effects)) && j < len(d.Effects[i].Shares):
			d.Effects[i].Shares = append(d.Effects[i].Shares[:j], d.Effects[i].Shares[j+1:]...)
		case list == "benefits_per_year" && ok(len(d.Benefits)):
			d.Benefits = append(d.Benefits[:i], d.Benefits[i+1:]...)
		}
	}
}

var rowPath = regexp.MustCompile(`^([a-z_]+)\[([0-9]+)\]$`)
