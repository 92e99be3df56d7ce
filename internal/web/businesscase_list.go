package web

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/money"
)

type caseListView struct {
	Cases     []caseListRow
	Portfolio *businesscase.Portfolio
	Matrix    []matrixRow
	Chart     template.HTML
	Unknown   string
	Deleted   string
	Stats     []keyFigure
	Total     *caseListRow
}

type caseListRow struct {
	Slug, Name, Description, Problem string
	PVCosts, PVBenefits, NPV         string
	Ratio, Payback, Share            string
	ShareBar                         template.HTML
	UpdatedAt, UpdatedBy             string
}

type keyFigure struct{ Label, Value, Hint string }

func (b *businessCasePages) list(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, "overzicht") {
			return
		}
		docs, err := b.docs.Documents(r.Context(), caseKind)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v := caseListView{Unknown: r.URL.Query().Get("onbekend"), Deleted: r.URL.Query().Get("verwijderd")}
		var results []*businesscase.Result
		rows := map[string]*caseListRow{}
		for _, d := range docs {
			sc := loadStored(d)
			row := caseListRow{Slug: sc.Slug, Name: d.Name, Problem: sc.Problem, UpdatedAt: d.UpdatedAt, UpdatedBy: d.UpdatedBy}
			if sc.Case != nil {
				row.Name, row.Description = sc.Case.Label(), sc.Case.Description
			}
			if res := sc.Result; res != nil {
				results = append(results, res)
				row.PVCosts, row.PVBenefits, row.NPV = centsText(res.PVCostsCents), centsText(res.PVBenefitsCents), centsText(res.NPVCents)
				row.Ratio, row.Payback = businesscase.Ratio(res.Ratio), paybackText(res)
				rows[res.Name] = &row
			}
			v.Cases = append(v.Cases, row)
		}
		p := businesscase.EvaluatePortfolio(results)
		v.Portfolio = p
		for _, pc := range p.Cases {
			if row := rows[pc.Name]; row != nil && pc.InvestmentShare != nil {
				row.Share, row.ShareBar = pct(*pc.InvestmentShare), chart.ShareBar(*pc.InvestmentShare)
			}
		}
		for i := range v.Cases {
			if row := rows[v.Cases[i].Name]; row != nil {
				v.Cases[i] = *row
			}
		}
		if len(results) > 0 {
			v.Stats = []keyFigure{
				{"Investering (contante waarde)", centsText(p.PVCostsCents), fmt.Sprintf("%d businesscases", len(results))},
				{"Opbrengst (contante waarde)", centsText(p.PVBenefitsCents), ""},
				{"Netto contante waarde", centsText(p.NPVCents), ""},
				{"Baten/kosten-ratio samen", businesscase.Ratio(p.Ratio), "netto rendement " + ratioPct(p.NetROI)},
			}
			v.Total = &caseListRow{PVCosts: centsText(p.PVCostsCents), PVBenefits: centsText(p.PVBenefitsCents), NPV: centsText(p.NPVCents), Ratio: businesscase.Ratio(p.Ratio), Share: "100%"}
			v.Matrix = matrixRows(p.Stakeholders)
			v.Chart = matrixSVG("Wie betaalt en wie wint, alle businesscases samen (contante waarde)", p.Stakeholders, "bc-portfolio")
		}
		s.render(w, r, http.StatusOK, "businesscases", page{Title: "Businesscases", Wide: true, Data: v, Current: "/businesscases"})
	}
}

func centsText(c int64) string { return minusSign(money.FormatEuros(money.Cents(c).Euros())) }

func ratioPct(r *float64) string {
	if r == nil {
		return "n.v.t."
	}
	return pct(*r)
}

func paybackText(r *businesscase.Result) string {
	if r.PaybackYear == nil {
		return "niet binnen de horizon"
	}
	if r.PaybackCalendarYear != nil {
		return fmt.Sprintf("%d (jaar %d)", *r.PaybackCalendarYear, *r.PaybackYear)
	}
	return fmt.Sprintf("jaar %d", *r.PaybackYear)
}
