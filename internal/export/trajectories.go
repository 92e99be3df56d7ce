package export

import (
	"strconv"

	"github.com/ontschot/ontschot/internal/model"
)

// TrajectoryColumns is the header of the trajectories download (CSV and
// the first sheet of the workbook).
var TrajectoryColumns = []string{"soort", "categorie", "naam", "trajecten", "instroom", "uitstroom", "kosten_gemiddeld_eur", "kosten_mediaan_eur",
	"kosten_p90_eur", "duur_mediaan_dagen", "tevredenheid", "antwoorden", "herinstroom_pct", "escalatie_pct", "onderdrukt", "reden"}

// TrajectoryRecords is the published trajectory table as CSV records;
// a withheld figure is an empty field, never 0. catName names a category.
func TrajectoryRecords(t *model.Trajectories, catName func(string) string) [][]string {
	out := [][]string{TrajectoryColumns}
	num := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	for _, c := range t.Cells {
		score := ""
		if c.SatisfactionMean != nil {
			score = strconv.FormatFloat(*c.SatisfactionMean, 'f', 1, 64)
		}
		sup := "0"
		if c.Suppressed {
			sup = "1"
		}
		out = append(out, []string{c.Type, c.Category, catName(c.Category), num(c.Trajectories), num(c.Inflow), num(c.Outflow), num(c.CostMeanEUR),
			num(c.CostMedianEUR), num(c.CostP90EUR), num(c.DurationMedianDays), score, num(c.Responses), num(c.ReentryPct), num(c.EscalationPct), sup, c.Reason})
	}
	return out
}

// TrajectorySheets are the workbook of the trajectories: the cells, the
// comparisons, and the waiting times per provider (named by provName).
func TrajectorySheets(t *model.Trajectories, version int, catName, provName func(string) string) []Sheet {
	cells := Sheet{Name: "Trajecten " + t.Period, Notes: []string{
		"Afgesloten trajecten in de periode; eigen team tegen gecontracteerde zorg. Een lege cel is onderdrukt (minder dan 10) of onbekend.",
		"Meting " + t.Period + " versie " + strconv.Itoa(version) + "; uurtarief eigen team " + strconv.FormatFloat(float64(t.HourlyCost)/100, 'f', 2, 64) + " euro."}}
	for _, h := range TrajectoryColumns {
		cells.Columns = append(cells.Columns, Column{Title: h})
	}
	euros := func(p *int64) any {
		if p == nil {
			return nil
		}
		return Euros(*p)
	}
	for _, c := range t.Cells {
		sup := 0
		if c.Suppressed {
			sup = 1
		}
		var score any
		if c.SatisfactionMean != nil {
			score = *c.SatisfactionMean
		}
		cells.Rows = append(cells.Rows, []any{c.Type, c.Category, catName(c.Category), c.Trajectories, c.Inflow, c.Outflow, euros(c.CostMeanEUR),
			euros(c.CostMedianEUR), euros(c.CostP90EUR), c.DurationMedianDays, score, c.Responses, c.ReentryPct, c.EscalationPct, sup, c.Reason})
	}
	comp := Sheet{Name: "Vergelijking", Columns: []Column{{Title: "categorie"}, {Title: "naam"}, {Title: "kostenverhouding"}, {Title: "interval_laag"},
		{Title: "interval_hoog"}, {Title: "tevredenheid_eigen"}, {Title: "tevredenheid_gecontracteerd"}, {Title: "kop"}}}
	for _, c := range t.Comparisons {
		var lo, hi any
		if c.CostRatioInterval != nil {
			lo, hi = c.CostRatioInterval[0], c.CostRatioInterval[1]
		}
		comp.Rows = append(comp.Rows, []any{c.Category, catName(c.Category), c.CostRatio, lo, hi, c.SatisfactionOwn, c.SatisfactionContracted, c.Headline})
	}
	wait := Sheet{Name: "Wachttijd", Columns: []Column{{Title: "aanbieder"}, {Title: "naam"}, {Title: "starts"}, {Title: "mediaan_dagen"}, {Title: "onderdrukt"}, {Title: "reden"}},
		Notes: []string{"Van de ingangsdatum van de toewijzing (JW301) tot de start van de zorg (JW305), over trajecten die in de periode begonnen."}}
	for _, w := range t.Waiting {
		sup := 0
		if w.Suppressed {
			sup = 1
		}
		wait.Rows = append(wait.Rows, []any{w.Provider, provName(w.Provider), w.Cases, w.MedianDays, sup, w.Reason})
	}
	refs := Sheet{Name: "Verwijzers", Columns: []Column{{Title: "verwijzer"}, {Title: "naam"}, {Title: "trajecten"}, {Title: "uitgaven_eur"}, {Title: "aandeel_uitgaven_pct"}, {Title: "onderdrukt"}, {Title: "reden"}},
		Notes: []string{ReferrerNote}}
	for _, v := range t.Referrers {
		sup := 0
		if v.Suppressed {
			sup = 1
		}
		var spend any
		if v.SpendEUR != nil {
			spend = Euros(*v.SpendEUR)
		}
		refs.Rows = append(refs.Rows, []any{v.Referrer, v.Name, v.Trajectories, spend, v.SpendPct, sup, v.Reason})
	}
	return []Sheet{cells, comp, wait, refs}
}

// ReferrerNote says what the referrer table counts.
const ReferrerNote = "Jeugdhulp naar verwijzer (JW315, codelijst COD327): trajecten die in de periode liepen en hun uitgaven in de periode. " +
	"'onbekend': geen verzoek om toewijzing gekoppeld (toewijzing op initiatief van de gemeente, of zorg zonder toewijzing). Een lege cel is onderdrukt."

// ReferrerColumns is the header of the referrer download.
var ReferrerColumns = []string{"verwijzer", "naam", "trajecten", "uitgaven_eur", "aandeel_uitgaven_pct", "onderdrukt", "reden"}

// ReferrerRecords is youth care by referrer as CSV records; a withheld
// figure is an empty field, never 0.
func ReferrerRecords(t *model.Trajectories) [][]string {
	out := [][]string{ReferrerColumns}
	num := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	for _, v := range t.Referrers {
		sup := "0"
		if v.Suppressed {
			sup = "1"
		}
		out = append(out, []string{v.Referrer, v.Name, num(v.Trajectories), num(v.SpendEUR), num(v.SpendPct), sup, v.Reason})
	}
	return out
}
