package businesscase

import (
	"fmt"
	"slices"
)

// Portfolio adds up several evaluated cases, as a municipality presents its set of mBC's.
type Portfolio struct {
	Cases           []PortfolioCase     `json:"cases"`
	PVCostsCents    int64               `json:"pv_costs_cents"`
	PVBenefitsCents int64               `json:"pv_benefits_cents"`
	NPVCents        int64               `json:"npv_cents"`
	Ratio           *float64            `json:"ratio"`
	NetROI          *float64            `json:"net_roi"`
	Stakeholders    []StakeholderResult `json:"stakeholders"`
	Warnings        []string            `json:"warnings,omitempty"`
}

// PortfolioCase is one case's line in the portfolio; InvestmentShare is its part of the
// portfolio's present value of costs (null when the portfolio costs nothing).
type PortfolioCase struct {
	Name            string   `json:"name"`
	PVCostsCents    int64    `json:"pv_costs_cents"`
	PVBenefitsCents int64    `json:"pv_benefits_cents"`
	NPVCents        int64    `json:"npv_cents"`
	Ratio           *float64 `json:"ratio"`
	InvestmentShare *float64 `json:"investment_share"`
}

// EvaluatePortfolio adds the cases' present values. It works on the reported (rounded) cents,
// so the totals are exactly the sum of the lines a reader sees. Cases evaluated with different
// discount rates, first-year conventions or price years are added all the same, with a warning:
// such a sum is what a council is often shown, but it is not a clean present value.
func EvaluatePortfolio(results []*Result) *Portfolio {
	p := &Portfolio{Cases: []PortfolioCase{}, Stakeholders: []StakeholderResult{}}
	var (
		rates, conventions, priceYears []string
		byName                         = map[string]int{}
	)
	addDistinct := func(list *[]string, v string) {
		if !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	for _, r := range results {
		if r == nil {
			continue
		}
		p.Cases = append(p.Cases, PortfolioCase{
			Name: r.Name, PVCostsCents: r.PVCostsCents, PVBenefitsCents: r.PVBenefitsCents,
			NPVCents: r.NPVCents, Ratio: ratio(float64(r.PVBenefitsCents), float64(r.PVCostsCents)),
		})
		p.PVCostsCents += r.PVCostsCents
		p.PVBenefitsCents += r.PVBenefitsCents
		addDistinct(&rates, dutchNumber(r.DiscountRate)+"%")
		addDistinct(&conventions, r.FirstYear)
		if r.PriceYear != 0 {
			addDistinct(&priceYears, fmt.Sprint(r.PriceYear))
		}
		for _, s := range r.Stakeholders {
			i, ok := byName[s.Name]
			if !ok {
				i = len(p.Stakeholders)
				byName[s.Name] = i
				p.Stakeholders = append(p.Stakeholders, StakeholderResult{Name: s.Name, Label: s.Label})
			}
			p.Stakeholders[i].PaysCents += s.PaysCents
			p.Stakeholders[i].GainsCents += s.GainsCents
		}
	}
	p.NPVCents = p.PVBenefitsCents - p.PVCostsCents
	p.Ratio = ratio(float64(p.PVBenefitsCents), float64(p.PVCostsCents))
	if p.Ratio != nil {
		roi := *p.Ratio - 1
		p.NetROI = &roi
	}
	for i := range p.Cases {
		if p.PVCostsCents != 0 {
			share := float64(p.Cases[i].PVCostsCents) / float64(p.PVCostsCents)
			p.Cases[i].InvestmentShare = &share
		}
	}
	for i := range p.Stakeholders {
		s := &p.Stakeholders[i]
		s.NetCents = s.GainsCents - s.PaysCents
		s.Ratio = ratio(float64(s.GainsCents), float64(s.PaysCents))
	}
	if len(rates) > 1 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("verschillende discontovoeten opgeteld (%v) / different discount rates added up", rates))
	}
	if len(conventions) > 1 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("verschillende conventies voor het eerste jaar opgeteld (%v) / different first-year conventions added up", conventions))
	}
	if len(priceYears) > 1 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("verschillende prijsjaren opgeteld (%v) / different price years added up", priceYears))
	}
	return p
}
