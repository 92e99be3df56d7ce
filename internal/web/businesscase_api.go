package web

import (
	"net/http"

	"github.com/ontschot/ontschot/internal/businesscase"
)

func (b *businessCasePages) apiList(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, "api") {
			return
		}
		docs, err := b.docs.Documents(r.Context(), caseKind)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		type item struct {
			Name    string               `json:"name"`
			Result  *businesscase.Result `json:"result,omitempty"`
			Problem string               `json:"problem,omitempty"`
		}
		out := struct {
			Cases     []item                  `json:"cases"`
			Portfolio *businesscase.Portfolio `json:"portfolio"`
		}{Cases: []item{}}
		var results []*businesscase.Result
		for _, d := range docs {
			sc := loadStored(d)
			out.Cases = append(out.Cases, item{Name: sc.Slug, Result: sc.Result, Problem: sc.Problem})
			if sc.Result != nil {
				results = append(results, sc.Result)
			}
		}
		out.Portfolio = businesscase.EvaluatePortfolio(results)
		writeJSON(w, http.StatusOK, out)
	}
}

func (b *businessCasePages) apiOne(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, "api "+r.PathValue("name")) {
			return
		}
		sc, ok := b.one(s, w, r)
		if !ok {
			return
		}
		if sc.Result == nil {
			writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: sc.Problem})
			return
		}
		writeJSON(w, http.StatusOK, sc.Result)
	}
}
