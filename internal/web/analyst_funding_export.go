package web

// The downloads (CSV for Excel and for scripts, Excel, PDF) of the funding
// list and of a contract, and the funding API.

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/ontschot/ontschot/internal/export"
	"github.com/ontschot/ontschot/internal/model"
)

func (a *analystPages) fundingDownload(s *server, ext string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, f, ok := a.loadFunding(s, w, r, "beleidsanalyse: download financiering")
		if !ok {
			return
		}
		if f == nil {
			s.fail(w, r, http.StatusNotFound, "Meting "+rel.Period+" heeft geen financieringsoverzicht.")
			return
		}
		name := fmt.Sprintf("ontschot-%s-v%d-financiering.%s", rel.Period, rel.Version, ext)
		switch ext {
		case "csv":
			s.sendFile(w, r, typeCSV, name, csvWriter(r, export.FundingRecords(f)))
		case "xlsx":
			s.sendFile(w, r, typeXLSX, name, func(w io.Writer) error {
				return export.WriteXLSX(w, export.FundingSheets(f, rel.Period, rel.Version, s.partnerName)...)
			})
		case "pdf":
			v := a.buildFunding(s, r, rel, f)
			s.sendFile(w, r, typePDF, name, func(w io.Writer) error { return export.WriteFundingPDF(w, fundingReport(v)) })
		}
	}
}

// fundingReport is the list page as a PDF report.
func fundingReport(v fundingView) export.FundingReport {
	rep := export.FundingReport{Title: fmt.Sprintf("Financiering %d", v.F.Year), Footer: "Ontschot – financiering, meting " + v.Release.Period,
		Lead: []string{fmt.Sprintf("Meting %s (versie %d), besteding t/m %s. Besteding en huishoudens staan er pas bij minstens 10 huishoudens; n.v.t. is onderdrukt.", v.Release.Period, v.Release.Version, v.Through)}}
	sec := export.FundingSection{Heading: "Contracten",
		Header:     []string{"Contract", "Variant", "Budget", "Besteed", "waarvan verdeeld lumpsumbudget", "Prognose", "Over/onder", "Huishoudens", "Toelichting"},
		Widths:     []float64{52, 30, 25, 25, 30, 25, 25, 20, 35},
		BoldLast:   true,
		Paragraphs: []string{"\"waarvan verdeeld lumpsumbudget\" is geen declaratie: het budget van een lumpsum- of taakgericht contract, verdeeld over de inzet die de aanbieders meldden."}}
	for _, r := range v.Rows {
		note := ""
		if r.Suppressed {
			note = "onderdrukt: " + r.Reason
		}
		spread := "—"
		if r.HasSpread {
			spread = r.Spread
		}
		if r.Suppressed {
			sec.Rows = append(sec.Rows, []string{r.Name, r.Variant, r.Budget, "n.v.t.", "n.v.t.", "n.v.t.", "n.v.t.", "n.v.t.", note})
			continue
		}
		sec.Rows = append(sec.Rows, []string{r.Name, r.Variant, r.Budget, r.Spent, spread, r.Forecast, r.Difference, r.Households, note})
	}
	total := "Totaal"
	if v.Total.Withheld > 0 {
		total = fmt.Sprintf("Totaal (zonder %d onderdrukt)", v.Total.Withheld)
	}
	sec.Rows = append(sec.Rows, []string{total, "", v.Total.Budget, v.Total.Spent, "", v.Total.Forecast, "", "", ""})
	rep.Sections = append(rep.Sections, sec)
	return rep
}

func (a *analystPages) contractDownload(s *server, ext string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, f, c, ok := a.loadContract(s, w, r, "beleidsanalyse: download financiering contract")
		if !ok {
			return
		}
		name := fmt.Sprintf("ontschot-%s-v%d-contract-%s.%s", rel.Period, rel.Version, safeFileName(c.Contract), ext)
		switch ext {
		case "csv":
			s.sendFile(w, r, typeCSV, name, csvWriter(r, export.ContractRecords(c, s.partnerName)))
		case "xlsx":
			s.sendFile(w, r, typeXLSX, name, func(w io.Writer) error {
				return export.WriteXLSX(w, export.ContractSheets(c, f.Year, rel.Period, rel.Version, s.partnerName)...)
			})
		case "pdf":
			v := a.buildContract(s, r, rel, f, c)
			s.sendFile(w, r, typePDF, name, func(w io.Writer) error { return export.WriteFundingPDF(w, contractReport(v)) })
		}
	}
}

// safeFileName keeps letters, digits, - and _ of a contract code.
func safeFileName(s string) string {
	b := []rune{}
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b = append(b, r)
		} else {
			b = append(b, '_')
		}
	}
	return string(b)
}

// contractReport is the contract page as a PDF report.
func contractReport(v contractView) export.FundingReport {
	row := v.Row
	rep := export.FundingReport{Title: row.Name, Footer: "Ontschot – contract " + v.C.Contract + ", meting " + v.Release.Period,
		Lead: []string{fmt.Sprintf("Contract %s, %s, opdrachtnemer %s; gebied: %s; looptijd %s. Meting %s (versie %d), besteding t/m %s %d.",
			v.C.Contract, row.Variant, v.C.Opdrachtnemer, row.Area, v.Period, v.Release.Period, v.Release.Version, v.Through, v.Year)}}
	withheld := func(s string) string {
		if row.Suppressed {
			return "n.v.t."
		}
		return s
	}
	kern := export.FundingSection{Heading: "Budget, besteding en prognose", Widths: []float64{90, 50}, Rows: [][]string{
		{"Budget", row.Budget}, {"Besteed t/m " + v.Through, withheld(row.Spent)}}}
	if row.HasSpread {
		kern.Rows = append(kern.Rows, []string{"waarvan verdeeld lumpsumbudget (geen declaratie)", row.Spread})
	}
	kern.Rows = append(kern.Rows, []string{"Prognose jaareinde", withheld(row.Forecast)}, []string{"Over (+) / onder (-) budget", withheld(row.Difference)},
		[]string{"Huishoudens bereikt", withheld(row.Households)}, []string{"Besteed per huishouden", withheld(row.PerHousehold)})
	if row.Suppressed {
		kern.Paragraphs = append(kern.Paragraphs, "Besteding onderdrukt: "+row.Reason+"; "+row.SeeLabel+".")
	}
	if v.C.Method != "" {
		kern.Paragraphs = append(kern.Paragraphs, "Prognose: "+v.C.Method+".")
	}
	rep.Sections = append(rep.Sections, kern)
	partners := export.FundingSection{Heading: "Bijdragen van de partners", Header: []string{"Partner", "Bijdrage", "Aandeel"}, Widths: []float64{80, 40, 25}, BoldLast: true}
	for _, p := range v.Partners {
		partners.Rows = append(partners.Rows, []string{p.Name, p.Amount, p.Share})
	}
	partners.Rows = append(partners.Rows, []string{"Budget", row.Budget, "100%"})
	rep.Sections = append(rep.Sections, partners)
	if len(v.Months) > 0 {
		months := export.FundingSection{Heading: "Besteding per maand tegen het budget", Header: []string{"Maand", "Besteed", "Opgeteld", "Budget naar rato"}, Widths: []float64{40, 35, 35, 35}}
		for _, m := range v.Months {
			if m.Withheld {
				months.Rows = append(months.Rows, []string{m.Month, "n.v.t.", "n.v.t.", m.ProRata})
				continue
			}
			months.Rows = append(months.Rows, []string{m.Month, m.Spent, m.Cumulative, m.ProRata})
		}
		rep.Sections = append(rep.Sections, months)
	}
	if p := v.Payment; p != nil {
		res := export.FundingSection{Heading: "Resultaatafspraken: wat betekent dit voor de betaling", Paragraphs: []string{p.Summary},
			Header: []string{"Indicator", "Doel", "Gemeten", "Behaald", "Op het spel", "Uitbetaald"}, Widths: []float64{60, 18, 20, 18, 30, 30}}
		for _, l := range p.Rows {
			res.Rows = append(res.Rows, []string{l.Indicator, l.Target, l.Measured, l.Attainment, l.AtStake, l.Paid})
		}
		rep.Sections = append(rep.Sections, res)
	}
	if ac := v.Aftercare; ac != nil {
		nz := export.FundingSection{Heading: "Nazorggesprekken"}
		if ac.Suppressed {
			nz.Paragraphs = []string{"Onderdrukt: " + ac.Reason + "."}
		} else {
			nz.Widths = []float64{90, 40}
			nz.Rows = [][]string{{"Gesprekken", ac.Conversations}, {"Gemiddeld cijfer (1–5)", ac.Score}, {"Zegt dat de ondersteuning hielp", ac.Helped}}
		}
		rep.Sections = append(rep.Sections, nz)
	}
	if d := v.DiD; d != nil {
		sec := export.FundingSection{Heading: d.Title}
		if d.Message != "" {
			sec.Paragraphs = append(sec.Paragraphs, d.Message)
		}
		if len(d.Rows) > 0 {
			sec.Paragraphs = append(sec.Paragraphs, "Verschil-in-verschil over vrijgegeven cellen, meting "+d.Baseline+" tegen "+d.Compare+": "+d.DiD+" ("+d.DiDPct+").")
			sec.Header = []string{"Groep", d.Baseline, d.Compare, "Verandering", "In procenten"}
			sec.Widths = []float64{60, 30, 30, 30, 25}
			for _, r := range d.Rows {
				sec.Rows = append(sec.Rows, []string{r.Group, r.Base, r.Comp, r.Change, r.ChangePct})
			}
		}
		rep.Sections = append(rep.Sections, sec)
	}
	return rep
}

// ---- API -----------------------------------------------------------------

// apiFunding loads the release of the path (?version=N) and its funding
// overview; ok is false when a response was written (404 without one).
func (a *analystPages) apiFunding(s *server, w http.ResponseWriter, r *http.Request) (model.ReleaseInfo, *model.Funding, bool) {
	rel, ok := a.apiRelease(s, w, r)
	if !ok {
		return rel, nil, false
	}
	xs, err := a.rel.ReleaseExtras(r.Context(), rel.ID, model.FundingExtra)
	if err != nil {
		s.apiErr(w, r, err)
		return rel, nil, false
	}
	f, err := decodeFunding(ofGemeente(r, xs))
	if err != nil {
		s.apiErr(w, r, err)
		return rel, nil, false
	}
	if f == nil {
		writeJSON(w, http.StatusNotFound, apiError{Error: "meting " + rel.Period + " versie " + strconv.Itoa(rel.Version) + " heeft geen financieringsoverzicht / no funding overview"})
		return rel, nil, false
	}
	return rel, f, true
}

// apiFundingAll returns a release's funding overview (model.Funding) with
// the release's period and version.
func (a *analystPages) apiFundingAll(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, f, ok := a.apiFunding(s, w, r)
		if !ok {
			return
		}
		writeJSON(w, http.StatusOK, struct {
			Period  string `json:"period"`
			Version int    `json:"version"`
			*model.Funding
		}{rel.Period, rel.Version, f})
	}
}

// apiFundingContract returns one contract's year (model.FundingContract).
func (a *analystPages) apiFundingContract(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, f, ok := a.apiFunding(s, w, r)
		if !ok {
			return
		}
		c, found := findContract(f, r.PathValue("contract"))
		if !found {
			writeJSON(w, http.StatusNotFound, apiError{Error: "meting " + rel.Period + " heeft geen contract " + r.PathValue("contract") + " / no such contract"})
			return
		}
		writeJSON(w, http.StatusOK, struct {
			Period  string `json:"period"`
			Version int    `json:"version"`
			Year    int    `json:"year"`
			Through int    `json:"through_month"`
			model.FundingContract
		}{rel.Period, rel.Version, f.Year, f.Through, c})
	}
}

// apiPopulation returns the population-based budget per area
// (model.PopulationBudget); 404 when no norms are set for the year.
func (a *analystPages) apiPopulation(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, f, ok := a.apiFunding(s, w, r)
		if !ok {
			return
		}
		if f.Population == nil {
			writeJSON(w, http.StatusNotFound, apiError{Error: fmt.Sprintf("geen normen ingesteld voor %d, dus geen populatiegebonden budget / no norms set", f.Year)})
			return
		}
		writeJSON(w, http.StatusOK, struct {
			Period  string `json:"period"`
			Version int    `json:"version"`
			Year    int    `json:"year"`
			*model.PopulationBudget
		}{rel.Period, rel.Version, f.Year, f.Population})
	}
}

// populationDownload is the population budget as CSV, Excel or PDF.
func (a *analystPages) populationDownload(s *server, ext string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel, f, ok := a.loadFunding(s, w, r, "beleidsanalyse: download populatiegebonden budget")
		if !ok {
			return
		}
		if f == nil || f.Population == nil {
			s.fail(w, r, http.StatusNotFound, "Meting "+rel.Period+" heeft geen populatiegebonden budget: er zijn geen normen ingesteld voor het jaar.")
			return
		}
		g, err := a.index(r.Context())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		name := func(code string) string {
			if ar := g.byCode[code]; ar != nil {
				return ar.Name
			}
			return code
		}
		file := fmt.Sprintf("ontschot-%s-v%d-populatiebudget.%s", rel.Period, rel.Version, ext)
		switch ext {
		case "csv":
			s.sendFile(w, r, typeCSV, file, csvWriter(r, export.PopulationRecords(f.Population, name)))
		case "xlsx":
			s.sendFile(w, r, typeXLSX, file, func(w io.Writer) error {
				return export.WriteXLSX(w, export.PopulationSheets(f.Population, f.Year, rel.Period, rel.Version, name)...)
			})
		case "pdf":
			v, err := a.buildPopulation(r, rel, f)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			s.sendFile(w, r, typePDF, file, func(w io.Writer) error { return export.WriteFundingPDF(w, populationReport(v)) })
		}
	}
}

// populationReport is the population page as a PDF report.
func populationReport(v populationView) export.FundingReport {
	rep := export.FundingReport{Title: fmt.Sprintf("Populatiegebonden budget %d", v.Year), Footer: "Ontschot – populatiegebonden budget, meting " + v.Release.Period,
		Lead: []string{v.Caption + ". Inwoners per leeftijdsgroep (CBS) maal een norm per groep, naast de vrijgegeven uitgaven; n.v.t. is onderdrukt."}}
	norms := export.FundingSection{Heading: "Normen per inwoner", Header: []string{"Leeftijd", "Norm"}, Widths: []float64{60, 40}}
	for _, n := range v.Norms {
		norms.Rows = append(norms.Rows, []string{n.Band, n.Norm})
	}
	sec := export.FundingSection{Heading: "Per " + v.Level, Header: []string{"Gebied", "Inwoners", "Budget", "Uitgegeven", "Verschil", "In procenten", "Toelichting"},
		Widths: []float64{60, 25, 32, 32, 32, 25, 60}, BoldLast: true,
		Paragraphs: []string{"Een positief verschil betekent dat er meer is uitgegeven dan het populatiegebonden budget."}}
	for _, r := range v.Rows {
		if r.Withheld {
			sec.Rows = append(sec.Rows, []string{r.Name + " " + r.Code, r.Inhabitants, r.Budget, "n.v.t.", "n.v.t.", "n.v.t.", "onderdrukt " + r.Note})
			continue
		}
		sec.Rows = append(sec.Rows, []string{r.Name + " " + r.Code, r.Inhabitants, r.Budget, r.Spent, r.Difference, r.Percent, r.Note})
	}
	sec.Rows = append(sec.Rows, []string{"Totaal", v.Total.Inhabitants, v.Total.Budget, v.Total.Spent, "", "", "uitgaven zonder onderdrukte gebieden"})
	rep.Sections = append(rep.Sections, norms, sec)
	return rep
}
