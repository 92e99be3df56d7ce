package businesscase

import (
	"cmp"
	"fmt"
	"slices"
)

// ValueTypeResult is the benefit of one value type: its present value and its nominal total.
type ValueTypeResult struct {
	ValueType       string `json:"value_type"` // "" for benefits without a value type
	Label           string `json:"label"`
	PVBenefitsCents int64  `json:"pv_benefits_cents"`
	BenefitsCents   int64  `json:"benefits_cents"`
}

// valueTypes fills the benefits per value type, in the order of ValueTypes with the unclassified
// last, and the ratio of fiscal cashable benefits to all costs.
func (r *Result) valueTypes(f *flows, s settings) {
	r.ValueTypes = []ValueTypeResult{}
	ids := make([]string, 0, len(ValueTypes)+1)
	for _, v := range ValueTypes {
		ids = append(ids, v.ID)
	}
	ids = append(ids, "")
	for _, id := range ids {
		amounts, ok := f.byType[id]
		if !ok {
			continue
		}
		pv := presentValue(amounts, s)
		var nominal float64
		for _, x := range amounts {
			nominal += x
		}
		r.ValueTypes = append(r.ValueTypes, ValueTypeResult{ValueType: id, Label: ValueTypeLabel(id), PVBenefitsCents: cents(pv), BenefitsCents: cents(nominal)})
		if id == ValueFiscalCashable {
			r.PVFiscalCashableCents = cents(pv)
			r.RatioFiscalCashable = ratio(pv, r.pvCosts)
		}
	}
	if _, ok := f.byType[ValueFiscalCashable]; !ok {
		r.RatioFiscalCashable = ratio(0, r.pvCosts)
	}
}

// TornadoBar is one parameter of the tornado chart: the net present value and the
// benefit/cost ratio when the parameter is at its low and at its high value, all else at the
// base settings.
type TornadoBar struct {
	Parameter    string   `json:"parameter"`
	Label        string   `json:"label"`
	LowLabel     string   `json:"low_label"`
	HighLabel    string   `json:"high_label"`
	NPVLowCents  int64    `json:"npv_low_cents"`
	NPVHighCents int64    `json:"npv_high_cents"`
	RatioLow     *float64 `json:"ratio_low"`
	RatioHigh    *float64 `json:"ratio_high"`
}

// Width is how far the net present value moves over the parameter's range.
func (b TornadoBar) Width() int64 {
	w := b.NPVHighCents - b.NPVLowCents
	if w < 0 {
		return -w
	}
	return w
}

// tornadoRange is how far a tornado moves amounts: ±20%, as in the sensitivity table.
const tornadoRange = 0.2

// tornado evaluates the case with one parameter at a time at its low and its high value:
// the discount rate (0% and 3.5%), all costs and all benefits ±20%, each effect and each benefit
// line ±20%, the optimism bias on benefits off and on, and the cost uplift off and on when every
// cost line has a grade. The bars are sorted by width, widest first; equal widths keep this order.
func (c *Case) tornado(base settings) []TornadoBar {
	type variant struct {
		id, label, lowLabel, highLabel string
		low, high                      settings
	}
	var vs []variant
	lo, hi := base, base
	lo.ratePercent, hi.ratePercent = 0, 3.5
	vs = append(vs, variant{"discount_rate", "discontovoet", "0%", "3,5%", lo, hi})
	pm := fmt.Sprintf("−%d%%", int(tornadoRange*100))
	pp := fmt.Sprintf("+%d%%", int(tornadoRange*100))
	lo, hi = base, base
	lo.factor, hi.factor = base.factor*(1-tornadoRange), base.factor*(1+tornadoRange)
	vs = append(vs, variant{"benefits", "alle baten", pm, pp, lo, hi})
	lo, hi = base, base
	lo.costFactor, hi.costFactor = (1 - tornadoRange), (1 + tornadoRange)
	vs = append(vs, variant{"costs", "alle kosten", pm, pp, lo, hi})
	lines := len(c.Effects) + len(c.BenefitsPerYear)
	if lines > 1 { // with one line it is the same bar as all benefits
		for i := range lines {
			lo, hi = base, base
			lo.effectFactors, hi.effectFactors = make([]float64, lines), make([]float64, lines)
			for j := range lines {
				lo.effectFactors[j], hi.effectFactors[j] = 1, 1
			}
			lo.effectFactors[i], hi.effectFactors[i] = 1-tornadoRange, 1+tornadoRange
			var id, label string
			if i < len(c.Effects) {
				id, label = fmt.Sprintf("effects[%d]", i), "effect "+c.Effects[i].Name
			} else {
				b := c.BenefitsPerYear[i-len(c.Effects)]
				id, label = fmt.Sprintf("benefits_per_year[%d]", i-len(c.Effects)), "baten "+StakeholderLabel(b.Stakeholder)
				if b.Description != "" {
					label += ": " + b.Description
				}
			}
			vs = append(vs, variant{id, label, pm, pp, lo, hi})
		}
	}
	lo, hi = base, base
	lo.bias, hi.bias = true, false // the bias lowers the benefits: on is the low end
	vs = append(vs, variant{"optimism_bias", "optimism bias baten", "aan", "uit", lo, hi})
	if c.CostGradesComplete() {
		lo, hi = base, base
		lo.costBias, hi.costBias = true, false
		vs = append(vs, variant{"cost_optimism_bias", "optimism bias kosten", "aan", "uit", lo, hi})
	}
	bars := make([]TornadoBar, 0, len(vs))
	for _, v := range vs {
		lc, lb := c.flows(v.low).presentValues(v.low)
		hc, hb := c.flows(v.high).presentValues(v.high)
		bars = append(bars, TornadoBar{Parameter: v.id, Label: v.label, LowLabel: v.lowLabel, HighLabel: v.highLabel,
			NPVLowCents: cents(lb - lc), NPVHighCents: cents(hb - hc), RatioLow: ratio(lb, lc), RatioHigh: ratio(hb, hc)})
	}
	slices.SortStableFunc(bars, func(a, b TornadoBar) int { return cmp.Compare(b.Width(), a.Width()) })
	return bars
}

// TornadoBars evaluates a case and returns its tornado bars, widest first, with the base net
// present value they vary around.
func TornadoBars(c *Case, o Options) (bars []TornadoBar, baseNPVCents int64, err error) {
	r, err := EvaluateWith(c, o)
	if err != nil {
		return nil, 0, err
	}
	return r.Tornado, r.NPVCents, nil
}
