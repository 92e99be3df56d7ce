package export

import (
	"fmt"
	"strconv"

	"github.com/ontschot/ontschot/internal/model"
)

// PopulationColumns is the header of the population budget's download:
// one line per area, inhabitants per CBS age band, the budget the norms
// give, the released spend and the difference (empty where withheld).
var PopulationColumns = []string{"gebied", "naam", "niveau", "inwoners", "inwoners_0_15", "inwoners_15_25", "inwoners_25_45", "inwoners_45_65", "inwoners_65plus",
	"budget_eur", "uitgegeven_eur", "verschil_eur", "toelichting"}

var populationBands = []string{"0_15", "15_25", "25_45", "45_65", "65plus"}

// PopulationRecords is the population budget as CSV records. name names an
// area code.
func PopulationRecords(p *model.PopulationBudget, name func(string) string) [][]string {
	out := [][]string{PopulationColumns}
	for _, a := range p.Areas {
		row := []string{a.Area, name(a.Area), a.Level, strconv.FormatInt(a.Inhabitants, 10)}
		for _, b := range populationBands {
			row = append(row, strconv.FormatInt(a.Bands[b], 10))
		}
		out = append(out, append(row, euroTextP(a.Budget), euroTextP(a.Spent), euroTextP(a.Difference), a.Note))
	}
	return out
}

// PopulationSheets is the workbook of the population budget: the areas
// with a totals row, and the norms per age band.
func PopulationSheets(p *model.PopulationBudget, year int, period string, version int, name func(string) string) []Sheet {
	areas := Sheet{Name: "Populatiebudget " + strconv.Itoa(year), Total: "totaal (uitgaven zonder onderdrukte gebieden)", Notes: []string{
		fmt.Sprintf("Meting %s versie %d. Inwoners per leeftijdsgroep uit de CBS-kerncijfers; budget = inwoners × norm per groep. Een lege cel is onderdrukt of onbekend.", period, version),
		"Een positief verschil betekent dat er meer is uitgegeven dan het populatiegebonden budget."}}
	for _, h := range PopulationColumns {
		sum := h == "budget_eur" || h == "uitgegeven_eur" || h == "inwoners" || len(h) > 9 && h[:9] == "inwoners_"
		areas.Columns = append(areas.Columns, Column{Title: h, Sum: sum})
	}
	for _, a := range p.Areas {
		row := []any{a.Area, name(a.Area), a.Level, a.Inhabitants}
		for _, b := range populationBands {
			row = append(row, a.Bands[b])
		}
		areas.Rows = append(areas.Rows, append(row, a.Budget, a.Spent, a.Difference, a.Note))
	}
	norms := Sheet{Name: "Normen", Columns: []Column{{Title: "leeftijd"}, {Title: "norm_per_inwoner_eur"}}}
	for _, b := range populationBands {
		norms.Rows = append(norms.Rows, []any{b, p.Norms[b]})
	}
	if p.Calibrated != "" {
		norms.Notes = []string{"Normen geijkt op meting " + p.Calibrated + " (niet-negatieve kleinste kwadraten over de gebieden)."}
	}
	return []Sheet{areas, norms}
}
