package businesscase

import (
	"fmt"
	"math"
)

// Result is the evaluation of one case. Amounts are eurocents: present values rounded to whole
// cents from float64 sums, nominal per-year amounts rounded per year. Ratios are computed from
// the unrounded present values and are null where the costs are zero.
type Result struct {
	Name                string   `json:"name"`
	Description         string   `json:"description,omitempty"`
	PriceYear           int      `json:"price_year,omitempty"`
	StartYear           int      `json:"start_year,omitempty"`
	HorizonYears        int      `json:"horizon_years"`
	DiscountRate        float64  `json:"discount_rate"` // percent, e.g. 2.25
	FirstYear           string   `json:"first_year"`
	OptimismBias        bool     `json:"optimism_bias"`
	CostOptimismBias    bool     `json:"cost_optimism_bias"`
	CostsCents          int64    `json:"costs_cents"`    // undiscounted sum of the years
	BenefitsCents       int64    `json:"benefits_cents"` // undiscounted sum of the years
	PVCostsCents        int64    `json:"pv_costs_cents"`
	PVBenefitsCents     int64    `json:"pv_benefits_cents"`
	NPVCents            int64    `json:"npv_cents"`
	Ratio               *float64 `json:"ratio"`
	NetROI              *float64 `json:"net_roi"`
	PaybackYear         *int     `json:"payback_year"`
	PaybackCalendarYear *int     `json:"payback_calendar_year,omitempty"`

	// The benefits per value type, and the ratio counting only fiscal cashable benefits: what a
	// municipality's budget feels.
	ValueTypes            []ValueTypeResult `json:"value_types"`
	PVFiscalCashableCents int64             `json:"pv_fiscal_cashable_cents"`
	RatioFiscalCashable   *float64          `json:"ratio_fiscal_cashable"`

	Stakeholders []StakeholderResult `json:"stakeholders"`
	Years        []YearResult        `json:"years"`
	Sensitivity  []Scenario          `json:"sensitivity"`
	Tornado      []TornadoBar        `json:"tornado"`
	Targets      *Targets            `json:"targets,omitempty"`

	pvCosts, pvBenefits float64 // unrounded, for the ratio and for tests
}

// StakeholderResult is one row of the who-pays-who-gains matrix, in present values, with the
// nominal amounts per year (the expected savings a page can later set against released spend).
type StakeholderResult struct {
	Name              string   `json:"name"`
	Label             string   `json:"label"`
	PaysCents         int64    `json:"pays_cents"`
	GainsCents        int64    `json:"gains_cents"`
	NetCents          int64    `json:"net_cents"`
	Ratio             *float64 `json:"ratio"`
	PaysPerYearCents  []int64  `json:"pays_per_year_cents,omitempty"`
	GainsPerYearCents []int64  `json:"gains_per_year_cents,omitempty"`
}

// YearResult is one year of the planexploitatie: nominal costs, benefits and the running
// balance, and the same discounted, which is what the payback year is read from.
type YearResult struct {
	Year              int     `json:"year"`
	CalendarYear      int     `json:"calendar_year,omitempty"`
	CostsCents        int64   `json:"costs_cents"`
	BenefitsCents     int64   `json:"benefits_cents"`
	NetCents          int64   `json:"net_cents"`
	CumulativeCents   int64   `json:"cumulative_cents"`
	DiscountFactor    float64 `json:"discount_factor"`
	PVNetCents        int64   `json:"pv_net_cents"`
	CumulativePVCents int64   `json:"cumulative_pv_cents"`
}

// Scenario is one row of the sensitivity table.
type Scenario struct {
	Scenario        string   `json:"scenario"`
	Label           string   `json:"label"`
	DiscountRate    float64  `json:"discount_rate"` // percent
	OptimismBias    bool     `json:"optimism_bias"`
	CostBias        bool     `json:"cost_optimism_bias"`
	EffectFactor    float64  `json:"effect_factor"`
	PVCostsCents    int64    `json:"pv_costs_cents"`
	PVBenefitsCents int64    `json:"pv_benefits_cents"`
	NPVCents        int64    `json:"npv_cents"`
	Ratio           *float64 `json:"ratio"`
}

// Options override a case's own settings for one evaluation. The zero value changes nothing.
type Options struct {
	DiscountRatePercent *float64 // instead of the case's discount_rate_percent
	OptimismBias        *bool    // instead of the case's optimism_bias
	CostOptimismBias    *bool    // instead of the case's cost_optimism_bias
	// KnownAreas, when set, says whether a target area exists; unknown areas are refused.
	KnownAreas   func(code string) bool
	EffectFactor float64 // multiplies every benefit (0.8 = effects 20% smaller); 0 means 1
}

// settings are the resolved knobs of one evaluation.
type settings struct {
	ratePercent     float64
	firstDiscounted bool
	bias            bool
	costBias        bool
	factor          float64   // multiplies every benefit
	costFactor      float64   // multiplies every cost (the tornado's cost range); 0 means 1
	effectFactors   []float64 // per effect, on top of factor (the tornado's per-effect range); nil means 1
}

func (c *Case) settings(o Options) settings {
	s := settings{
		ratePercent:     c.DiscountRate(),
		firstDiscounted: c.FirstYearConvention() == FirstYearDiscounted,
		bias:            c.OptimismBiasOn(),
		costBias:        c.CostOptimismBias,
		factor:          1,
		costFactor:      1,
	}
	if o.DiscountRatePercent != nil {
		s.ratePercent = *o.DiscountRatePercent
	}
	if o.OptimismBias != nil {
		s.bias = *o.OptimismBias
	}
	if o.CostOptimismBias != nil {
		s.costBias = *o.CostOptimismBias
	}
	if o.EffectFactor != 0 {
		s.factor = o.EffectFactor
	}
	return s
}

// discountFactor is (1+r)^-t with t the year index, or the year index + 1 when the first year
// is discounted too.
func (s settings) discountFactor(year int) float64 {
	t := float64(year)
	if s.firstDiscounted {
		t++
	}
	return math.Pow(1+s.ratePercent/100, -t)
}

// flows are the nominal amounts per stakeholder per year, in (fractional) cents.
type flows struct {
	order    []string // stakeholders in order of first appearance in the file
	costs    map[string][]float64
	benefits map[string][]float64
	byType   map[string][]float64 // benefits per value type ("" for none)
}

func (f *flows) typed(valueType string, horizon int) []float64 {
	if f.byType[valueType] == nil {
		f.byType[valueType] = make([]float64, horizon)
	}
	return f.byType[valueType]
}

func (f *flows) line(m map[string][]float64, id string, horizon int) []float64 {
	if _, ok := f.costs[id]; !ok {
		f.order = append(f.order, id)
		f.costs[id] = make([]float64, horizon)
		f.benefits[id] = make([]float64, horizon)
	}
	return m[id]
}

// flows computes what each stakeholder pays and gains per year. An effect's value for a cohort
// is persons × engagement × success × (1−deadweight) × (1−attribution) × (1−displacement) ×
// (1−optimism bias) × unit value in its first effect year, and shrinks by the drop-off,
// compounded, in each later year of its duration.
func (c *Case) flows(s settings) *flows {
	h := c.Horizon()
	f := &flows{costs: map[string][]float64{}, benefits: map[string][]float64{}, byType: map[string][]float64{}}
	cohorts := func(name string) []Cohort {
		if name == "" && len(c.Interventions) == 1 {
			return c.Interventions[0].Cohorts
		}
		for _, in := range c.Interventions {
			if in.Name == name {
				return in.Cohorts
			}
		}
		return nil
	}
	for _, co := range c.Costs {
		line := f.line(f.costs, co.Payer, h)
		up := s.costFactor
		if up == 0 {
			up = 1
		}
		if s.costBias {
			ob, _ := c.costGrade(co.Confidence)
			up *= 1 + ob/100
		}
		for y, x := range co.PerYearCents {
			line[y] += float64(x) * up
		}
		if co.PerPersonCents != 0 || co.PerCohortCents != 0 {
			for _, k := range cohorts(co.Intervention) {
				line[k.Year] += float64(k.Persons) * float64(co.PerPersonCents) * up
				if k.Persons > 0 {
					line[k.Year] += float64(co.PerCohortCents) * up
				}
			}
		}
	}
	for ei, e := range c.Effects {
		keep := pct(e.EngagementPercent, 100) * pct(e.SuccessPercent, 100) *
			(1 - e.DeadweightPercent/100) * (1 - e.AttributionPercent/100) * (1 - e.DisplacementPercent/100)
		if s.bias {
			ob, _ := c.grade(e.Confidence)
			keep *= 1 - ob/100
		}
		perPerson := keep * float64(e.UnitValueCents) * s.factor
		if s.effectFactors != nil {
			perPerson *= s.effectFactors[ei]
		}
		typed := f.typed(e.ValueType, h)
		for _, k := range cohorts(e.Intervention) {
			first := k.Year + e.StartAfterYears
			for i := 0; i < e.DurationYears && first+i < h; i++ {
				v := float64(k.Persons) * perPerson * math.Pow(1-e.DropOffPercent/100, float64(i))
				for _, sh := range e.Stakeholders {
					f.line(f.benefits, sh.Name, h)[first+i] += v * sh.Share
					typed[first+i] += v * sh.Share
				}
			}
		}
	}
	for bi, b := range c.BenefitsPerYear {
		keep := s.factor
		if s.effectFactors != nil {
			keep *= s.effectFactors[len(c.Effects)+bi]
		}
		if s.bias && b.Confidence != "" {
			ob, _ := c.grade(b.Confidence)
			keep *= 1 - ob/100
		}
		line := f.line(f.benefits, b.Stakeholder, h)
		typed := f.typed(b.ValueType, h)
		for y, x := range b.PerYearCents {
			line[y] += float64(x) * keep
			typed[y] += float64(x) * keep
		}
	}
	return f
}

func pct(p *float64, def float64) float64 {
	if p == nil {
		return def / 100
	}
	return *p / 100
}

// size is the sum of every absolute nominal amount, to refuse cases whose amounts would not
// fit in int64 cents once reported.
func (f *flows) size() float64 {
	var total float64
	for _, id := range f.order {
		for _, m := range []map[string][]float64{f.costs, f.benefits} {
			for _, x := range m[id] {
				total += math.Abs(x)
			}
		}
	}
	return total
}

// presentValues returns the discounted sum of all costs and of all benefits.
func (f *flows) presentValues(s settings) (costs, benefits float64) {
	for _, id := range f.order {
		costs += presentValue(f.costs[id], s)
		benefits += presentValue(f.benefits[id], s)
	}
	return costs, benefits
}

func presentValue(amounts []float64, s settings) float64 {
	var pv float64
	for t, x := range amounts {
		pv += x * s.discountFactor(t)
	}
	return pv
}

// Evaluate evaluates a case with its own settings.
func Evaluate(c *Case) (*Result, error) { return EvaluateWith(c, Options{}) }

// EvaluateWith evaluates a case with some settings overridden; the sensitivity table always
// varies around these settings.
func EvaluateWith(c *Case, o Options) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if o.DiscountRatePercent != nil && !(*o.DiscountRatePercent >= 0 && *o.DiscountRatePercent <= 100) {
		return nil, &FieldError{Case: c.Label(), Field: "discount_rate_percent",
			NL: "disconteringsvoet ligt niet tussen 0 en 100", EN: "discount rate is not between 0 and 100"}
	}
	if !(o.EffectFactor >= 0 && o.EffectFactor <= 10) {
		return nil, &FieldError{Case: c.Label(), NL: "effectfactor ligt niet tussen 0 en 10", EN: "effect factor is not between 0 and 10"}
	}
	if o.KnownAreas != nil {
		if err := c.ValidateAreas(o.KnownAreas); err != nil {
			return nil, err
		}
	}
	s := c.settings(o)
	if s.costBias {
		for i, co := range c.Costs {
			if co.Confidence == "" {
				return nil, &FieldError{Case: c.Label(), Field: fmt.Sprintf("costs[%d].confidence", i),
					NL: fmt.Sprintf("ontbreekt: optimism bias op kosten staat aan, dus kostenregel %q heeft een betrouwbaarheidsklasse nodig", costName(co)),
					EN: fmt.Sprintf("is missing: cost optimism bias is on, so cost line %q needs a confidence grade", costName(co))}
			}
		}
	}
	f := c.flows(s)
	// 2 for the +20% scenario with room to spare; int64 ends at 9.2e18.
	if f.size()*2 > 4e18 {
		return nil, &FieldError{Case: c.Label(), NL: "de bedragen samen zijn te groot om te rekenen", EN: "the amounts together are too large to compute"}
	}
	h := c.Horizon()
	r := &Result{
		Name:             c.Label(),
		Description:      c.Description,
		PriceYear:        c.PriceYear,
		StartYear:        c.StartYear,
		HorizonYears:     h,
		DiscountRate:     s.ratePercent,
		FirstYear:        c.FirstYearConvention(),
		OptimismBias:     s.bias,
		CostOptimismBias: s.costBias,
		Targets:          c.Targets,
	}
	r.pvCosts, r.pvBenefits = f.presentValues(s)
	r.PVCostsCents, r.PVBenefitsCents = cents(r.pvCosts), cents(r.pvBenefits)
	r.NPVCents = cents(r.pvBenefits - r.pvCosts)
	r.Ratio = ratio(r.pvBenefits, r.pvCosts)
	if r.Ratio != nil {
		roi := *r.Ratio - 1
		r.NetROI = &roi
	}

	var cum, cumPVCosts int64
	var cumPV float64
	for t := range h {
		var cost, benefit float64
		for _, id := range f.order {
			cost += f.costs[id][t]
			benefit += f.benefits[id][t]
		}
		df := s.discountFactor(t)
		y := YearResult{Year: t, CostsCents: cents(cost), BenefitsCents: cents(benefit), DiscountFactor: df}
		if c.StartYear != 0 {
			y.CalendarYear = c.StartYear + t
		}
		y.NetCents = y.BenefitsCents - y.CostsCents
		cum += y.NetCents
		y.CumulativeCents = cum
		cumPV += (benefit - cost) * df
		y.PVNetCents = cents((benefit - cost) * df)
		y.CumulativePVCents = cents(cumPV)
		cumPVCosts += cents(cost * df)
		r.CostsCents += y.CostsCents
		r.BenefitsCents += y.BenefitsCents
		// Payback: the first year in which the discounted balance, counted from the start, is no
		// longer negative, once there has been something to pay back.
		if r.PaybackYear == nil && cumPVCosts > 0 && y.CumulativePVCents >= 0 {
			r.PaybackYear = &y.Year
			if c.StartYear != 0 {
				r.PaybackCalendarYear = &y.CalendarYear
			}
		}
		r.Years = append(r.Years, y)
	}

	for _, id := range f.order {
		sr := StakeholderResult{Name: id, Label: StakeholderLabel(id)}
		pays, gains := presentValue(f.costs[id], s), presentValue(f.benefits[id], s)
		sr.PaysCents, sr.GainsCents, sr.NetCents = cents(pays), cents(gains), cents(gains-pays)
		sr.Ratio = ratio(gains, pays)
		if pays != 0 {
			sr.PaysPerYearCents = centsPerYear(f.costs[id])
		}
		if gains != 0 {
			sr.GainsPerYearCents = centsPerYear(f.benefits[id])
		}
		r.Stakeholders = append(r.Stakeholders, sr)
	}

	r.valueTypes(f, s)
	r.Sensitivity = c.sensitivity(s)
	r.Tornado = c.tornado(s)
	return r, nil
}

// sensitivity evaluates the case again around base: other discount rates, the optimism bias
// switched, and every benefit 20% smaller and larger.
func (c *Case) sensitivity(base settings) []Scenario {
	type variant struct {
		id, label string
		s         settings
	}
	var vs []variant
	vs = append(vs, variant{"base", "basis", base})
	for _, rate := range []float64{0, 2.25, 3.5} {
		s := base
		s.ratePercent = rate
		vs = append(vs, variant{fmt.Sprintf("discount_%s", englishNumber(rate)), "discontovoet " + dutchNumber(rate) + "%", s})
	}
	flip := base
	flip.bias = !base.bias
	if flip.bias {
		vs = append(vs, variant{"optimism_bias_on", "optimism bias aan", flip})
	} else {
		vs = append(vs, variant{"optimism_bias_off", "optimism bias uit", flip})
	}
	// The cost uplift switched, when it can be: on needs a grade on every cost line.
	if base.costBias || c.CostGradesComplete() {
		flip := base
		flip.costBias = !base.costBias
		if flip.costBias {
			vs = append(vs, variant{"cost_optimism_bias_on", "optimism bias kosten aan", flip})
		} else {
			vs = append(vs, variant{"cost_optimism_bias_off", "optimism bias kosten uit", flip})
		}
	}
	for _, d := range []struct {
		id, label string
		factor    float64
	}{{"effect_minus_20", "effecten −20%", 0.8}, {"effect_plus_20", "effecten +20%", 1.2}} {
		s := base
		s.factor = base.factor * d.factor
		vs = append(vs, variant{d.id, d.label, s})
	}
	out := make([]Scenario, 0, len(vs))
	for _, v := range vs {
		pc, pb := c.flows(v.s).presentValues(v.s)
		out = append(out, Scenario{
			Scenario: v.id, Label: v.label, DiscountRate: v.s.ratePercent, OptimismBias: v.s.bias, CostBias: v.s.costBias,
			EffectFactor: v.s.factor, PVCostsCents: cents(pc), PVBenefitsCents: cents(pb),
			NPVCents: cents(pb - pc), Ratio: ratio(pb, pc),
		})
	}
	return out
}

// ratio is benefits/costs, or nil when the costs round to zero cents: a ratio over nothing is
// no ratio, never infinity.
func ratio(benefits, costs float64) *float64 {
	if cents(costs) == 0 {
		return nil
	}
	q := benefits / costs
	return &q
}

func cents(x float64) int64 { return int64(math.Round(x)) }

func centsPerYear(xs []float64) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = cents(x)
	}
	return out
}
