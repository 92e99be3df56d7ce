// Package businesscase is the engine for societal business cases (maatschappelijke
// businesscases, mBC's): who invests how much in an intervention, what it yields, and for whom.
//
// It reads a case file (JSON, docs/businesscase.md), validates it and evaluates it into present
// values, a benefit/cost ratio, a payback year, the matrix of who pays and who gains, the
// per-year planexploitatie and a sensitivity table. The package is pure: it never touches a
// database, the file system or the network, and it never sees a household; callers hand it
// readers and writers. Input amounts are integer eurocents; present values are computed in
// float64 and rounded to whole cents only when reported, so the ratios keep their precision.
package businesscase

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/intake"
)

// Defaults of a case file; docs/businesscase.md explains each choice.
const (
	// DefaultDiscountRatePercent is the Dutch standard discount rate for social cost-benefit
	// analysis since 2021 (Werkgroep discontovoet).
	DefaultDiscountRatePercent = 2.25
	// DefaultHorizonYears is the length of a planexploitatie.
	DefaultHorizonYears = 10
	// MaxHorizonYears bounds the horizon: beyond a century discounting says nothing useful.
	MaxHorizonYears = 100

	// FirstYearUndiscounted treats year 0 as "now": discount factor 1 (the default).
	FirstYearUndiscounted = "undiscounted"
	// FirstYearDiscounted discounts from the first year on, as the SROI guide does.
	FirstYearDiscounted = "discounted"

	// maxCents bounds every amount in a file (€ 10 trillion), so sums over a century of
	// years and many lines stay far from the int64 limit.
	maxCents = 1_000_000_000_000_000
	// maxPersons bounds a cohort.
	maxPersons = 1_000_000_000
	// shareTolerance is how far stakeholder shares may miss 1 through decimal rounding.
	shareTolerance = 1e-6
	// maxFileBytes bounds what Load reads; real case files are a few kilobytes.
	maxFileBytes = 8 << 20
	// maxWork bounds the effect-year-stakeholder steps one evaluation takes, so a hostile file
	// cannot keep the server busy; real cases need a few thousand.
	maxWork = 5_000_000
)

// DefaultConfidenceGrades are the optimism-bias percentages per confidence grade: how much of
// an effect is taken off because the evidence for it is thin. A file may override or add grades.
var DefaultConfidenceGrades = map[string]float64{"A": 0, "B": 15, "C": 30}

// DefaultCostConfidenceGrades are the optimism-bias uplifts on costs per confidence grade: how
// much a cost line is raised because its estimate is uncertain, the HM Treasury Green Book
// practice of adjusting costs upwards for optimism bias. The percentages are Ontschot's own
// defaults for social-domain programmes (A: contracted or already spent, B: priced from
// comparable programmes, C: a rough estimate), not figures from the Green Book, whose
// supplementary guidance gives uplift ranges per project type; a file may override or add grades
// in cost_confidence_grades.
var DefaultCostConfidenceGrades = map[string]float64{"A": 0, "B": 10, "C": 25}

// Value types of a benefit, as the GMCA (Greater Manchester) cost-benefit model splits them: what
// lands in a public budget as cash, what frees public capacity without cash, and wider economic and
// social value. Only fiscal cashable benefits are felt in a municipality's budget.
const (
	ValueFiscalCashable    = "fiscaal_kasbaar"
	ValueFiscalNonCashable = "fiscaal_niet_kasbaar"
	ValueEconomic          = "economisch"
	ValueSocial            = "sociaal"
)

// ValueTypes are the value types in report order, with their Dutch label.
var ValueTypes = []struct{ ID, Label string }{
	{ValueFiscalCashable, "fiscaal, kasbaar"},
	{ValueFiscalNonCashable, "fiscaal, niet kasbaar"},
	{ValueEconomic, "economisch"},
	{ValueSocial, "sociaal"},
}

// ValueTypeLabel is the report name of a value type; benefits without one are "niet ingedeeld".
func ValueTypeLabel(id string) string {
	for _, v := range ValueTypes {
		if v.ID == id {
			return v.Label
		}
	}
	return "niet ingedeeld"
}

func knownValueType(id string) bool {
	for _, v := range ValueTypes {
		if v.ID == id {
			return true
		}
	}
	return false
}

// Stakeholders names the stakeholders every case may use, with their label for reports. A case
// adds its own in extra_stakeholders.
var Stakeholders = map[string]string{
	"gemeente":         "Gemeente",
	"zorgverzekeraar":  "Zorgverzekeraar",
	"zorgkantoor":      "Zorgkantoor (Wlz)",
	"uwv":              "UWV",
	"onderwijs":        "Onderwijs",
	"politie":          "Politie",
	"justitie":         "Justitie",
	"rijk":             "Rijk",
	"woningcorporatie": "Woningcorporatie",
	"werkgever":        "Werkgevers",
	"aanbieder":        "Zorgaanbieders",
	"client":           "Cliënt en gezin",
}

// Case is one societal business case as read from its file. Year indexes count from 0, the
// first year of the planexploitatie; start_year gives them a calendar year.
type Case struct {
	Name                string             `json:"name"`
	Description         string             `json:"description,omitempty"`
	Notes               []string           `json:"notes,omitempty"`
	PriceYear           int                `json:"price_year,omitempty"`
	StartYear           int                `json:"start_year,omitempty"`
	HorizonYears        *int               `json:"horizon_years,omitempty"`
	DiscountRatePercent *float64           `json:"discount_rate_percent,omitempty"`
	FirstYear           string             `json:"first_year,omitempty"`
	OptimismBias        *bool              `json:"optimism_bias,omitempty"`
	ConfidenceGrades    map[string]float64 `json:"confidence_grades,omitempty"`
	CostOptimismBias    bool               `json:"cost_optimism_bias,omitempty"`
	CostGrades          map[string]float64 `json:"cost_confidence_grades,omitempty"`
	ExtraStakeholders   []string           `json:"extra_stakeholders,omitempty"`
	Targets             *Targets           `json:"targets,omitempty"`
	Interventions       []Intervention     `json:"interventions,omitempty"`
	Costs               []Cost             `json:"costs,omitempty"`
	Effects             []Effect           `json:"effects,omitempty"`
	BenefitsPerYear     []Benefit          `json:"benefits_per_year,omitempty"`

	source string // the file name, for messages when the case has no name
}

// Targets ties a case to the care types and areas whose spend it expects to lower, so a page
// can put released spend next to the forecast.
type Targets struct {
	Zorgsoorten []string `json:"zorgsoorten,omitempty"`
	Areas       []string `json:"areas,omitempty"`
	// Evaluation names a measured effect the case is held to:
	// "gezinsplannen" sets it beside the released evaluation of the
	// families with a plan (1Gezin1Plan1Budget) against comparable ones.
	Evaluation string `json:"evaluation,omitempty"`
}

// EvaluationPlans is the Targets.Evaluation of cases held to the plan evaluation.
const EvaluationPlans = "gezinsplannen"

// Intervention is what the case pays for: a target group reached in yearly cohorts.
type Intervention struct {
	Name            string   `json:"name"`
	TargetGroup     string   `json:"target_group,omitempty"`
	TargetGroupSize int64    `json:"target_group_size,omitempty"`
	Partners        int      `json:"partners,omitempty"`
	Cohorts         []Cohort `json:"cohorts,omitempty"`
}

// Cohort is the number of persons the intervention starts with in one year.
type Cohort struct {
	Year    int   `json:"year"`
	Persons int64 `json:"persons"`
}

// Cost is one payer's cost line: fixed amounts per year, a price per person of each cohort of
// an intervention, a fixed amount per cohort started, or any of these together. Its confidence
// grade sets the optimism-bias uplift when the case turns cost_optimism_bias on.
type Cost struct {
	Payer          string  `json:"payer"`
	Description    string  `json:"description,omitempty"`
	Intervention   string  `json:"intervention,omitempty"`
	Confidence     string  `json:"confidence,omitempty"`
	PerYearCents   []int64 `json:"per_year_cents,omitempty"`
	PerPersonCents int64   `json:"per_person_cents,omitempty"`
	PerCohortCents int64   `json:"per_cohort_cents,omitempty"`
}

// Effect is one expected outcome of an intervention for the persons of its cohorts, valued per
// person per effect year and split over the stakeholders who gain.
type Effect struct {
	Name                string   `json:"name"`
	Intervention        string   `json:"intervention,omitempty"`
	EngagementPercent   *float64 `json:"engagement_percent,omitempty"`
	SuccessPercent      *float64 `json:"success_percent,omitempty"`
	DeadweightPercent   float64  `json:"deadweight_percent,omitempty"`
	AttributionPercent  float64  `json:"attribution_percent,omitempty"`
	DisplacementPercent float64  `json:"displacement_percent,omitempty"`
	DropOffPercent      float64  `json:"drop_off_percent,omitempty"`
	Confidence          string   `json:"confidence"`
	ValueType           string   `json:"value_type,omitempty"`
	StartAfterYears     int      `json:"start_after_years,omitempty"`
	DurationYears       int      `json:"duration_years"`
	UnitValueCents      int64    `json:"unit_value_cents"`
	Stakeholders        []Share  `json:"stakeholders"`
}

// Share is the part (0–1) of an effect's value that lands with one stakeholder.
type Share struct {
	Name  string  `json:"name"`
	Share float64 `json:"share"`
}

// Benefit is a benefit stream given directly per year, for published figures whose effect
// detail is unknown. A confidence grade is optional; without one no optimism bias applies.
type Benefit struct {
	Stakeholder  string  `json:"stakeholder"`
	Description  string  `json:"description,omitempty"`
	Confidence   string  `json:"confidence,omitempty"`
	ValueType    string  `json:"value_type,omitempty"`
	PerYearCents []int64 `json:"per_year_cents"`
}

// FieldError is a refusal of one field of a case file, in Dutch and English.
type FieldError struct {
	Case  string // the case's name, or its file name
	Field string // path in the file, e.g. effects[0].stakeholders; empty for the whole file
	NL    string
	EN    string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("businesscase %q: %s / %s", e.Case, e.NL, e.EN)
	}
	return fmt.Sprintf("businesscase %q: veld %s: %s / %s", e.Case, e.Field, e.NL, e.EN)
}

// Load decodes one case file and validates it. name is the file name, used in messages until
// the case's own name is known. Unknown fields are refused, so a typo never silently drops a
// figure.
func Load(r io.Reader, name string) (*Case, error) {
	lr := &io.LimitedReader{R: r, N: maxFileBytes + 1}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	var c Case
	if err := dec.Decode(&c); err != nil {
		if lr.N <= 0 {
			return nil, &FieldError{Case: name, NL: "bestand is groter dan 8 MiB", EN: "file is larger than 8 MiB"}
		}
		return nil, decodeError(name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &FieldError{Case: name, NL: "na het JSON-object staat nog meer", EN: "trailing data after the JSON object"}
	}
	c.source = name
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

func decodeError(name string, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return &FieldError{Case: name, NL: "bestand is leeg", EN: "file is empty"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &FieldError{Case: name, NL: "bestand houdt halverwege op", EN: "file ends unexpectedly"}
	case errors.As(err, &syn):
		return &FieldError{Case: name,
			NL: fmt.Sprintf("geen geldige JSON bij byte %d (%v)", syn.Offset, syn),
			EN: fmt.Sprintf("invalid JSON at byte %d (%v)", syn.Offset, syn)}
	case errors.As(err, &typ):
		return &FieldError{Case: name, Field: typ.Field,
			NL: fmt.Sprintf("%s past niet in een %s", typ.Value, typ.Type),
			EN: fmt.Sprintf("%s does not fit a %s", typ.Value, typ.Type)}
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return &FieldError{Case: name, NL: "onbekend veld " + f, EN: "unknown field " + f}
	}
	return &FieldError{Case: name, NL: "onleesbaar: " + msg, EN: "unreadable: " + msg}
}

// Label is the name used for the case in messages and reports.
func (c *Case) Label() string {
	if strings.TrimSpace(c.Name) != "" {
		return c.Name
	}
	if c.source != "" {
		return c.source
	}
	return "zonder naam"
}

// Horizon is the number of years evaluated, with the default applied.
func (c *Case) Horizon() int {
	if c.HorizonYears == nil {
		return DefaultHorizonYears
	}
	return *c.HorizonYears
}

// DiscountRate is the discount rate in percent, with the default applied.
func (c *Case) DiscountRate() float64 {
	if c.DiscountRatePercent == nil {
		return DefaultDiscountRatePercent
	}
	return *c.DiscountRatePercent
}

// FirstYearConvention is FirstYearUndiscounted or FirstYearDiscounted.
func (c *Case) FirstYearConvention() string {
	if c.FirstYear == "" {
		return FirstYearUndiscounted
	}
	return c.FirstYear
}

// OptimismBiasOn reports whether the confidence grades' optimism bias applies (default: yes).
func (c *Case) OptimismBiasOn() bool { return c.OptimismBias == nil || *c.OptimismBias }

// grade returns the optimism-bias percentage of a confidence grade.
func (c *Case) grade(g string) (float64, bool) {
	if p, ok := c.ConfidenceGrades[g]; ok {
		return p, true
	}
	p, ok := DefaultConfidenceGrades[g]
	return p, ok
}

// costGrade returns the optimism-bias uplift on costs of a confidence grade.
func (c *Case) costGrade(g string) (float64, bool) {
	if p, ok := c.CostGrades[g]; ok {
		return p, true
	}
	p, ok := DefaultCostConfidenceGrades[g]
	return p, ok
}

// CostGradesComplete reports whether every cost line carries a confidence grade, so the cost
// optimism bias can be applied.
func (c *Case) CostGradesComplete() bool {
	for _, co := range c.Costs {
		if co.Confidence == "" {
			return false
		}
	}
	return len(c.Costs) > 0
}

// StakeholderLabel is the report name of a stakeholder id.
func StakeholderLabel(id string) string {
	if l, ok := Stakeholders[id]; ok {
		return l
	}
	return id
}

func (c *Case) knownStakeholder(id string) bool {
	if _, ok := Stakeholders[id]; ok {
		return true
	}
	for _, s := range c.ExtraStakeholders {
		if s == id {
			return true
		}
	}
	return false
}

var (
	idPattern   = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,39}$`)
	areaPattern = regexp.MustCompile(`^(GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4})$`)
)

// validator collects refusals so a file's author sees all of them at once. knownArea, when
// set, is asked about every target area.
type validator struct {
	c         *Case
	knownArea func(string) bool
	errs      []error
}

func (v *validator) fail(field, nl, en string) {
	v.errs = append(v.errs, &FieldError{Case: v.c.Label(), Field: field, NL: nl, EN: en})
}

func (v *validator) percent(field string, p float64) {
	if !(p >= 0 && p <= 100) {
		v.fail(field, fmt.Sprintf("%s ligt niet tussen 0 en 100", dutchNumber(p)),
			fmt.Sprintf("%s is not between 0 and 100", englishNumber(p)))
	}
}

func (v *validator) stakeholder(field, id string) {
	if id == "" {
		v.fail(field, "ontbreekt", "is missing")
		return
	}
	if !v.c.knownStakeholder(id) {
		v.fail(field, fmt.Sprintf("onbekende belanghebbende %q (voeg haar toe aan extra_stakeholders)", id),
			fmt.Sprintf("unknown stakeholder %q (add it to extra_stakeholders)", id))
	}
}

func (v *validator) grade(field, g string, required bool) {
	if g == "" {
		if required {
			v.fail(field, "ontbreekt (bijv. A, B of C)", "is missing (e.g. A, B or C)")
		}
		return
	}
	if _, ok := v.c.grade(g); !ok {
		v.fail(field, fmt.Sprintf("onbekende betrouwbaarheidsklasse %q", g), fmt.Sprintf("unknown confidence grade %q", g))
	}
}

func (v *validator) valueType(field, t string) {
	if t != "" && !knownValueType(t) {
		v.fail(field, fmt.Sprintf("onbekende waardesoort %q (fiscaal_kasbaar, fiscaal_niet_kasbaar, economisch of sociaal)", t),
			fmt.Sprintf("unknown value type %q (fiscaal_kasbaar, fiscaal_niet_kasbaar, economisch or sociaal)", t))
	}
}

func (v *validator) years(field string, cents []int64, horizon int, allowNegative bool) {
	if len(cents) > horizon {
		v.fail(field, fmt.Sprintf("%d jaren, maar de horizon is %d jaar", len(cents), horizon),
			fmt.Sprintf("%d years, but the horizon is %d years", len(cents), horizon))
	}
	for i, x := range cents {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case x < 0 && !allowNegative:
			v.fail(f, fmt.Sprintf("kosten zijn niet negatief (%d); zet een besparing onder de baten", x),
				fmt.Sprintf("costs are not negative (%d); put a saving under benefits", x))
		case x > maxCents || x < -maxCents:
			v.fail(f, "bedrag is onwaarschijnlijk groot", "amount is implausibly large")
		}
	}
}

func (v *validator) calendarYear(field string, y int) {
	if y != 0 && (y < 1900 || y > 2200) {
		v.fail(field, fmt.Sprintf("%d is geen plausibel jaartal", y), fmt.Sprintf("%d is not a plausible year", y))
	}
}

// Validate checks every field of the case and returns all refusals joined, each naming the
// field and the case in Dutch and English; nil when the case can be evaluated. Target areas are
// checked for their form only; ValidateAreas also checks that they exist.
func (c *Case) Validate() error { return c.validate(nil) }

// ValidateAreas is Validate with every target area also checked against known, which says
// whether an area code is one the caller knows (the store's areas).
func (c *Case) ValidateAreas(known func(code string) bool) error { return c.validate(known) }

func (c *Case) validate(knownArea func(string) bool) error {
	if c == nil {
		return &FieldError{Case: "zonder naam", NL: "geen businesscase", EN: "no business case"}
	}
	v := &validator{c: c, knownArea: knownArea}

	horizon := c.Horizon()
	if horizon < 1 || horizon > MaxHorizonYears {
		v.fail("horizon_years", fmt.Sprintf("%d ligt niet tussen 1 en %d jaar", horizon, MaxHorizonYears),
			fmt.Sprintf("%d is not between 1 and %d years", horizon, MaxHorizonYears))
		horizon = max(0, min(horizon, MaxHorizonYears)) // keep checking the rest against a sane bound
	}
	if r := c.DiscountRate(); r < 0 {
		v.fail("discount_rate_percent", fmt.Sprintf("disconteringsvoet %s is negatief", dutchNumber(r)),
			fmt.Sprintf("discount rate %s is negative", englishNumber(r)))
	} else {
		v.percent("discount_rate_percent", r)
	}
	if fy := c.FirstYearConvention(); fy != FirstYearUndiscounted && fy != FirstYearDiscounted {
		v.fail("first_year", fmt.Sprintf("%q is geen %q of %q", fy, FirstYearUndiscounted, FirstYearDiscounted),
			fmt.Sprintf("%q is not %q or %q", fy, FirstYearUndiscounted, FirstYearDiscounted))
	}
	v.calendarYear("price_year", c.PriceYear)
	v.calendarYear("start_year", c.StartYear)
	for g, p := range c.ConfidenceGrades {
		f := fmt.Sprintf("confidence_grades[%q]", g)
		if g == "" {
			v.fail(f, "klasse zonder naam", "grade without a name")
		}
		v.percent(f, p)
	}
	for g, p := range c.CostGrades {
		f := fmt.Sprintf("cost_confidence_grades[%q]", g)
		if g == "" {
			v.fail(f, "klasse zonder naam", "grade without a name")
		}
		v.percent(f, p)
	}
	for i, s := range c.ExtraStakeholders {
		f := fmt.Sprintf("extra_stakeholders[%d]", i)
		switch {
		case !idPattern.MatchString(s):
			v.fail(f, fmt.Sprintf("%q is geen naam van kleine letters, cijfers, - of _", s),
				fmt.Sprintf("%q is not a name of lower-case letters, digits, - or _", s))
		case Stakeholders[s] != "":
			v.fail(f, fmt.Sprintf("%q is al een standaard belanghebbende", s), fmt.Sprintf("%q is already a standard stakeholder", s))
		}
	}
	if t := c.Targets; t != nil {
		for i, z := range t.Zorgsoorten {
			if _, ok := intake.ZorgsoortNaam(z); !ok {
				v.fail(fmt.Sprintf("targets.zorgsoorten[%d]", i),
					fmt.Sprintf("%q is geen zorgsoortcode uit iJw (JZ020), iWmo (WMO020) of de gemeentelijke zorgsoorten", z),
					fmt.Sprintf("%q is not a care-type code of iJw (JZ020), iWmo (WMO020) or the municipal care types", z))
			}
		}
		if t.Evaluation != "" && t.Evaluation != EvaluationPlans {
			v.fail("targets.evaluation", fmt.Sprintf("%q is geen bekende evaluatie; kies %q", t.Evaluation, EvaluationPlans),
				fmt.Sprintf("%q is not a known evaluation; choose %q", t.Evaluation, EvaluationPlans))
		}
		for i, a := range t.Areas {
			switch {
			case !areaPattern.MatchString(a):
				v.fail(fmt.Sprintf("targets.areas[%d]", i), fmt.Sprintf("%q is geen CBS-code van gemeente, wijk of buurt", a),
					fmt.Sprintf("%q is not a CBS municipality, district or neighbourhood code", a))
			case v.knownArea != nil && !v.knownArea(a):
				v.fail(fmt.Sprintf("targets.areas[%d]", i), fmt.Sprintf("gebied %q is onbekend", a),
					fmt.Sprintf("area %q is unknown", a))
			}
		}
	}

	names := map[string]bool{}
	for i, in := range c.Interventions {
		f := fmt.Sprintf("interventions[%d]", i)
		switch {
		case strings.TrimSpace(in.Name) == "":
			v.fail(f+".name", "ontbreekt", "is missing")
		case names[in.Name]:
			v.fail(f+".name", fmt.Sprintf("%q komt twee keer voor", in.Name), fmt.Sprintf("%q appears twice", in.Name))
		}
		names[in.Name] = true
		if in.TargetGroupSize < 0 || in.TargetGroupSize > maxPersons {
			v.fail(f+".target_group_size", "moet tussen 0 en 1 miljard liggen", "must be between 0 and 1 billion")
		}
		if in.Partners < 0 {
			v.fail(f+".partners", "is negatief", "is negative")
		}
		for j, co := range in.Cohorts {
			cf := fmt.Sprintf("%s.cohorts[%d]", f, j)
			if co.Year < 0 || co.Year >= horizon {
				v.fail(cf+".year", fmt.Sprintf("jaar %d ligt buiten de horizon (0 t/m %d)", co.Year, horizon-1),
					fmt.Sprintf("year %d is outside the horizon (0 to %d)", co.Year, horizon-1))
			}
			if co.Persons < 0 || co.Persons > maxPersons {
				v.fail(cf+".persons", "moet tussen 0 en 1 miljard liggen", "must be between 0 and 1 billion")
			}
		}
	}
	ref := func(field, name string) {
		if name == "" {
			if len(c.Interventions) != 1 {
				v.fail(field, fmt.Sprintf("noem de interventie (de case heeft er %d)", len(c.Interventions)),
					fmt.Sprintf("name the intervention (the case has %d)", len(c.Interventions)))
			}
			return
		}
		if !names[name] {
			v.fail(field, fmt.Sprintf("onbekende interventie %q", name), fmt.Sprintf("unknown intervention %q", name))
		}
	}

	for i, co := range c.Costs {
		f := fmt.Sprintf("costs[%d]", i)
		v.stakeholder(f+".payer", co.Payer)
		v.years(f+".per_year_cents", co.PerYearCents, horizon, false)
		switch {
		case co.PerPersonCents < 0:
			v.fail(f+".per_person_cents", "is negatief", "is negative")
		case co.PerPersonCents > maxCents:
			v.fail(f+".per_person_cents", "bedrag is onwaarschijnlijk groot", "amount is implausibly large")
		}
		switch {
		case co.PerCohortCents < 0:
			v.fail(f+".per_cohort_cents", "is negatief", "is negative")
		case co.PerCohortCents > maxCents:
			v.fail(f+".per_cohort_cents", "bedrag is onwaarschijnlijk groot", "amount is implausibly large")
		}
		if co.PerPersonCents != 0 || co.PerCohortCents != 0 || co.Intervention != "" {
			ref(f+".intervention", co.Intervention)
		}
		if len(co.PerYearCents) == 0 && co.PerPersonCents == 0 && co.PerCohortCents == 0 {
			v.fail(f, "geen bedragen: geef per_year_cents, per_person_cents of per_cohort_cents",
				"no amounts: give per_year_cents, per_person_cents or per_cohort_cents")
		}
		switch {
		case co.Confidence == "" && c.CostOptimismBias:
			v.fail(f+".confidence", fmt.Sprintf("ontbreekt: cost_optimism_bias staat aan, dus kostenregel %q heeft een betrouwbaarheidsklasse nodig (bijv. A, B of C)", costName(co)),
				fmt.Sprintf("is missing: cost_optimism_bias is on, so cost line %q needs a confidence grade (e.g. A, B or C)", costName(co)))
		case co.Confidence != "":
			if _, ok := c.costGrade(co.Confidence); !ok {
				v.fail(f+".confidence", fmt.Sprintf("onbekende betrouwbaarheidsklasse %q", co.Confidence), fmt.Sprintf("unknown confidence grade %q", co.Confidence))
			}
		}
	}

	for i, e := range c.Effects {
		f := fmt.Sprintf("effects[%d]", i)
		if strings.TrimSpace(e.Name) == "" {
			v.fail(f+".name", "ontbreekt", "is missing")
		}
		ref(f+".intervention", e.Intervention)
		if e.EngagementPercent != nil {
			v.percent(f+".engagement_percent", *e.EngagementPercent)
		}
		if e.SuccessPercent != nil {
			v.percent(f+".success_percent", *e.SuccessPercent)
		}
		v.percent(f+".deadweight_percent", e.DeadweightPercent)
		v.percent(f+".attribution_percent", e.AttributionPercent)
		v.percent(f+".displacement_percent", e.DisplacementPercent)
		v.percent(f+".drop_off_percent", e.DropOffPercent)
		v.grade(f+".confidence", e.Confidence, true)
		v.valueType(f+".value_type", e.ValueType)
		if e.StartAfterYears < 0 || e.StartAfterYears > MaxHorizonYears {
			v.fail(f+".start_after_years", fmt.Sprintf("%d ligt niet tussen 0 en %d", e.StartAfterYears, MaxHorizonYears),
				fmt.Sprintf("%d is not between 0 and %d", e.StartAfterYears, MaxHorizonYears))
		}
		if e.DurationYears < 1 || e.DurationYears > MaxHorizonYears {
			v.fail(f+".duration_years", fmt.Sprintf("%d ligt niet tussen 1 en %d", e.DurationYears, MaxHorizonYears),
				fmt.Sprintf("%d is not between 1 and %d", e.DurationYears, MaxHorizonYears))
		}
		if e.UnitValueCents > maxCents || e.UnitValueCents < -maxCents {
			v.fail(f+".unit_value_cents", "bedrag is onwaarschijnlijk groot", "amount is implausibly large")
		}
		v.shares(f+".stakeholders", e.Stakeholders)
	}

	work := 0
	for _, e := range c.Effects {
		for _, in := range c.Interventions {
			if in.Name == e.Intervention || e.Intervention == "" {
				work += len(in.Cohorts) * max(1, min(e.DurationYears, horizon)) * max(1, len(e.Stakeholders))
			}
			if work > maxWork {
				break
			}
		}
	}
	if work > maxWork {
		v.fail("effects", "te veel effecten, cohorten en jaren om door te rekenen", "too many effects, cohorts and years to compute")
	}

	for i, b := range c.BenefitsPerYear {
		f := fmt.Sprintf("benefits_per_year[%d]", i)
		v.stakeholder(f+".stakeholder", b.Stakeholder)
		v.grade(f+".confidence", b.Confidence, false)
		v.valueType(f+".value_type", b.ValueType)
		v.years(f+".per_year_cents", b.PerYearCents, horizon, true)
	}
	return errors.Join(v.errs...)
}

// costName names a cost line in a message: its description, or its payer.
func costName(co Cost) string {
	if d := strings.TrimSpace(co.Description); d != "" {
		return d
	}
	return co.Payer
}

func (v *validator) shares(field string, shares []Share) {
	if len(shares) == 0 {
		v.fail(field, "geen belanghebbenden: bij wie landt de besparing?", "no stakeholders: who gains?")
		return
	}
	seen := map[string]bool{}
	sum := 0.0
	for j, s := range shares {
		sf := fmt.Sprintf("%s[%d]", field, j)
		v.stakeholder(sf+".name", s.Name)
		if seen[s.Name] && s.Name != "" {
			v.fail(sf+".name", fmt.Sprintf("%q komt twee keer voor", s.Name), fmt.Sprintf("%q appears twice", s.Name))
		}
		seen[s.Name] = true
		if !(s.Share >= 0 && s.Share <= 1) {
			v.fail(sf+".share", fmt.Sprintf("%s ligt niet tussen 0 en 1", dutchNumber(s.Share)),
				fmt.Sprintf("%s is not between 0 and 1", englishNumber(s.Share)))
		}
		sum += s.Share
	}
	if math.Abs(sum-1) > shareTolerance {
		v.fail(field, fmt.Sprintf("aandelen tellen op tot %s in plaats van 1", dutchNumber(sum)),
			fmt.Sprintf("shares sum to %s, not 1", englishNumber(sum)))
	}
}

// englishNumber prints a number for a message without float noise: 0.9, not 0.8999999999999999.
func englishNumber(x float64) string {
	if math.Abs(x) >= 1e15 || math.IsNaN(x) {
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	return strconv.FormatFloat(math.Round(x*1e6)/1e6, 'f', -1, 64)
}

func dutchNumber(x float64) string { return strings.Replace(englishNumber(x), ".", ",", 1) }
