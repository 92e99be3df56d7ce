package web

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/export"
	"github.com/ontschot/ontschot/internal/model"
)

var csvHeader = []string{"gebied", "naam", "niveau", "indeling", "categorie", "huishoudens", "personen", "bedrag_eur", "per_1000_inwoners", "onderdrukt", "reden"}

func (v mapView) records() [][]string {
	out := [][]string{csvHeader}
	num := func(p *int64) string {
		if p == nil {
			return ""
		}
		return fmt.Sprint(*p)
	}
	for _, r := range v.Rows {
		per := ""
		if r.Per1000 != nil {
			per = fmt.Sprintf("%.0f", *r.Per1000)
		}
		sup := "0"
		if r.Suppressed {
			sup = "1"
		}
		out = append(out, []string{r.Area, r.Name, v.Q.Level, v.Q.By, r.Category, num(r.Households), num(r.Persons), num(r.AmountEUR), per, sup, r.Reason})
	}
	return out
}

// sheet is the table for the Excel download: the CSV's columns, counts and
// amounts as numbers, suppressed cells empty (never 0), and the amounts
// summed under the table.
func (v mapView) sheet() export.Sheet {
	sh := export.Sheet{Name: "Meting " + v.Release.Period, Total: "totaal (zonder onderdrukte cellen)",
		Notes: []string{"Aantallen en bedragen zijn afgerond en onderdrukt volgens de regels van de meting; een lege cel is onderdrukt of onbekend."}}
	for _, h := range csvHeader {
		sh.Columns = append(sh.Columns, export.Column{Title: h, Sum: h == "bedrag_eur"})
	}
	for _, r := range v.Rows {
		var amount, per any
		if r.AmountEUR != nil {
			amount = export.Euros(*r.AmountEUR)
		}
		if r.Per1000 != nil {
			per = export.Euros(math.Round(*r.Per1000))
		}
		sup := 0
		if r.Suppressed {
			sup = 1
		}
		sh.Rows = append(sh.Rows, []any{r.Area, r.Name, v.Q.Level, v.Q.By, r.Category, r.Households, r.Persons, amount, per, sup, r.Reason})
	}
	return sh
}

func (a *analystPages) table(s *server, w http.ResponseWriter, r *http.Request) (mapView, bool) {
	q := parseMapQuery(r)
	if _, ok := s.decide(w, r, access.Read, access.Resource(access.KindRelease, q.Period), "beleidsanalyse: download"); !ok {
		return mapView{}, false
	}
	v, err := a.build(r.Context(), q)
	if errors.Is(err, model.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "Er is geen meting voor periode "+q.Period+".")
		return v, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return v, false
	}
	return v, true
}

func (v mapView) fileName(ext string) string {
	n := fmt.Sprintf("ontschot-%s-v%d-%s", v.Release.Period, v.Release.Version, v.Q.Level)
	if v.Q.In != "" {
		n += "-" + v.Q.In
	}
	return n + "-" + v.Q.By + "." + ext
}

func (a *analystPages) tableCSV(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := a.table(s, w, r)
		if !ok {
			return
		}
		s.sendFile(w, r, typeCSV, v.fileName("csv"), csvWriter(r, v.records()))
	}
}

func (a *analystPages) tableXLSX(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := a.table(s, w, r)
		if !ok {
			return
		}
		s.sendFile(w, r, typeXLSX, v.fileName("xlsx"), func(w io.Writer) error { return export.WriteXLSX(w, v.sheet()) })
	}
}

// csvWriter writes the plain CSV for scripts, or with ?opmaak=excel the CSV
// that Dutch Excel opens on a double click (BOM, semicolons, decimal comma).
func csvWriter(r *http.Request, records [][]string) func(io.Writer) error {
	if r.URL.Query().Get("opmaak") == "excel" {
		return func(w io.Writer) error { return export.WriteExcelCSV(w, records) }
	}
	return func(w io.Writer) error { return export.WriteCSV(w, records) }
}
