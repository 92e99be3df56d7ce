package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// The downloads of the funding pages (issue 13): the contracts of a
// release's year and one contract's year. A withheld figure is an empty
// field, never 0; the part of the spend that is a lump sum spread over the
// reported volume has its own column, "waarvan verdeeld lumpsumbudget",
// because it is not a declaration.

// FundingColumns is the header of the contracts download.
var FundingColumns = []string{"contract", "naam", "variant", "opdrachtnemer", "aanbieders", "gebied", "begindatum", "einddatum",
	"budget_eur", "besteed_eur", "waarvan_verdeeld_lumpsumbudget_eur", "prognose_eur", "over_onder_eur", "huishoudens",
	"besteed_tm_maand", "prognosemethode", "onderdrukt", "reden"}

// euroText writes cents as euros with two decimals and a point ("1234.50"),
// as the plain CSV writes decimals; WriteExcelCSV turns the point into a
// comma.
func euroText(c money.Cents) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

func euroTextP(c *money.Cents) string {
	if c == nil {
		return ""
	}
	return euroText(*c)
}

func intText(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// FundingRecords is the contracts of f as CSV records.
func FundingRecords(f *model.Funding) [][]string {
	out := [][]string{FundingColumns}
	for _, c := range f.Contracts {
		out = append(out, []string{c.Contract, c.Naam, c.Variant, c.Opdrachtnemer, strings.Join(c.Members, ";"), c.Area, c.Begin, c.End,
			euroText(c.Budget), euroTextP(c.Spent), euroTextP(c.Spread), euroTextP(c.Forecast), euroTextP(c.Difference), intText(c.Households),
			strconv.Itoa(f.Through), c.Method, flag(c.Suppressed), c.Reason})
	}
	return out
}

// FundingSheets are the workbook of the contracts: the contracts, and the
// partners' contributions per contract. partnerName names a partner.
func FundingSheets(f *model.Funding, period string, version int, partnerName func(string) string) []Sheet {
	list := Sheet{Name: "Contracten " + strconv.Itoa(f.Year), Total: "totaal (besteding zonder onderdrukte contracten)", Notes: []string{
		fmt.Sprintf("Meting %s versie %d; besteding t/m maand %d van %d. Een lege cel is onderdrukt (minder dan 10 huishoudens) of onbekend.", period, version, f.Through, f.Year),
		"waarvan_verdeeld_lumpsumbudget_eur is geen declaratie: het budget van een lumpsum- of taakgericht contract, verdeeld over de inzet die de aanbieders meldden."}}
	for _, h := range FundingColumns {
		list.Columns = append(list.Columns, Column{Title: h, Sum: h == "budget_eur" || h == "besteed_eur" || h == "prognose_eur"})
	}
	partners := Sheet{Name: "Partners", Columns: []Column{{Title: "contract"}, {Title: "partner"}, {Title: "naam"}, {Title: "bedrag_eur", Sum: true}}, Total: "totaal"}
	for _, c := range f.Contracts {
		list.Rows = append(list.Rows, []any{c.Contract, c.Naam, c.Variant, c.Opdrachtnemer, strings.Join(c.Members, ";"), c.Area, c.Begin, c.End,
			c.Budget, c.Spent, c.Spread, c.Forecast, c.Difference, c.Households, f.Through, c.Method, boolInt(c.Suppressed), c.Reason})
		for _, p := range c.Partners {
			partners.Rows = append(partners.Rows, []any{c.Contract, p.Partner, partnerName(p.Partner), p.Amount})
		}
	}
	return []Sheet{list, partners}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ContractColumns is the header of one contract's download: a long table,
// one line per figure, grouped by onderdeel (kern, partner, maand,
// resultaat, betaling, nazorg).
var ContractColumns = []string{"onderdeel", "omschrijving", "bedrag_eur", "waarde", "doel", "behaald", "uitbetaald_eur", "toelichting"}

func floatText(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// ContractRecords is one contract's year as CSV records.
func ContractRecords(c model.FundingContract, partnerName func(string) string) [][]string {
	out := [][]string{ContractColumns}
	why := ""
	if c.Suppressed {
		why = "onderdrukt: " + c.Reason
	}
	add := func(rec ...string) { out = append(out, rec) }
	add("kern", "budget", euroText(c.Budget), "", "", "", "", "")
	add("kern", "besteed", euroTextP(c.Spent), "", "", "", "", why)
	add("kern", "waarvan verdeeld lumpsumbudget", euroTextP(c.Spread), "", "", "", "", "geen declaratie: lumpsum verdeeld over de gemelde inzet")
	add("kern", "prognose jaareinde", euroTextP(c.Forecast), "", "", "", "", strings.TrimSpace(c.Method+" "+why))
	add("kern", "over (+) / onder (-) budget", euroTextP(c.Difference), "", "", "", "", why)
	add("kern", "huishoudens", "", intText(c.Households), "", "", "", why)
	for _, p := range c.Partners {
		share := ""
		if c.Budget > 0 {
			share = strconv.FormatFloat(float64(p.Amount)/float64(c.Budget), 'f', 4, 64)
		}
		add("partner", partnerName(p.Partner), euroText(p.Amount), share, "", "", "", p.Partner)
	}
	for i, m := range c.Months {
		note := ""
		if m == nil {
			note = "onderdrukt of niet gemeld"
		}
		add("maand", strconv.Itoa(i+1), euroTextP(m), "", "", "", "", note)
	}
	if p := c.Payment; p != nil {
		for _, l := range p.Lines {
			note := l.Source
			if l.Measured == nil {
				note += "; nog niet te meten of onderdrukt"
			}
			add("resultaat", l.Indicator, euroText(l.AtStake), floatText(l.Measured), strconv.FormatFloat(l.Target, 'f', -1, 64), floatText(l.Attainment), euroText(l.Paid), note)
		}
		add("betaling", "vast deel", euroText(p.Fixed), "", "", "", "", "")
		add("betaling", "betaling", euroText(p.Total), "", "", "", "", "")
		add("betaling", "nog niet te meten", euroText(p.Pending), "", "", "", "", "")
	}
	if a := c.Aftercare; a != nil {
		note := ""
		if a.Suppressed {
			note = "onderdrukt: " + a.Reason
		}
		add("nazorg", "gesprekken", "", intText(a.Conversations), "", "", "", note)
		add("nazorg", "gemiddeld cijfer", "", floatText(a.ScoreMean), "", "", "", note)
		add("nazorg", "ondersteuning hielp (aandeel)", "", floatText(a.HelpedPct), "", "", "", note)
	}
	return out
}

// ContractSheets are the workbook of one contract's year.
func ContractSheets(c model.FundingContract, year int, period string, version int, partnerName func(string) string) []Sheet {
	kern := Sheet{Name: SheetName("Contract " + c.Contract), Notes: []string{
		fmt.Sprintf("Meting %s versie %d, jaar %d. Een lege cel is onderdrukt (minder dan 10 huishoudens) of onbekend.", period, version, year)}}
	kern.Rows = [][]any{{"contract", c.Contract}, {"naam", c.Naam}, {"variant", c.Variant}, {"opdrachtnemer", c.Opdrachtnemer},
		{"aanbieders", strings.Join(c.Members, ";")}, {"gebied", c.Area}, {"looptijd", c.Begin + " – " + c.End},
		{"budget", c.Budget}, {"besteed", c.Spent}, {"waarvan verdeeld lumpsumbudget (geen declaratie)", c.Spread}, {"prognose jaareinde", c.Forecast},
		{"over (+) / onder (−) budget", c.Difference}, {"huishoudens", c.Households}, {"prognosemethode", c.Method}}
	if c.Suppressed {
		kern.Rows = append(kern.Rows, []any{"onderdrukt", c.Reason})
	}
	partners := Sheet{Name: "Partners", Columns: []Column{{Title: "partner"}, {Title: "naam"}, {Title: "bedrag_eur", Sum: true}, {Title: "aandeel"}}, Total: "budget"}
	for _, p := range c.Partners {
		var share any
		if c.Budget > 0 {
			share = float64(p.Amount) / float64(c.Budget)
		}
		partners.Rows = append(partners.Rows, []any{p.Partner, partnerName(p.Partner), p.Amount, share})
	}
	months := Sheet{Name: "Maanden", Columns: []Column{{Title: "maand"}, {Title: "besteed_eur", Sum: true}, {Title: "budget_naar_rato_eur"}}, Total: "totaal (zonder onderdrukte maanden)"}
	for i, m := range c.Months {
		months.Rows = append(months.Rows, []any{i + 1, m, money.Cents(int64(c.Budget) * int64(i+1) / 12)})
	}
	sheets := []Sheet{kern, partners, months}
	if p := c.Payment; p != nil {
		res := Sheet{Name: "Resultaten", Columns: []Column{{Title: "indicator"}, {Title: "bron"}, {Title: "doel"}, {Title: "gemeten"}, {Title: "behaald"},
			{Title: "op_het_spel_eur", Sum: true}, {Title: "uitbetaald_eur", Sum: true}}, Total: "totaal resultaatdeel",
			Notes: []string{"Budget " + money.Format(p.Budget) + ", vast deel " + money.Format(p.Fixed) + ", betaling " + money.Format(p.Total) + ", nog niet te meten " + money.Format(p.Pending) + "."}}
		for _, l := range p.Lines {
			res.Rows = append(res.Rows, []any{l.Indicator, l.Source, l.Target, l.Measured, l.Attainment, l.AtStake, l.Paid})
		}
		sheets = append(sheets, res)
	}
	if a := c.Aftercare; a != nil {
		nz := Sheet{Name: "Nazorg", Rows: [][]any{{"gesprekken", a.Conversations}, {"gemiddeld cijfer (1–5)", a.ScoreMean}, {"ondersteuning hielp (aandeel)", a.HelpedPct}}}
		if a.Suppressed {
			nz.Rows = append(nz.Rows, []any{"onderdrukt", a.Reason})
		}
		sheets = append(sheets, nz)
	}
	return sheets
}
