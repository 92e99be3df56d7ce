package web

import (
	"net/http"
	"net/url"
)

// remove deletes a case and returns to the list.
func (b *businessCasePages) remove(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if !b.allow(s, w, r, true, "verwijderen "+name) {
			return
		}
		if err := b.docs.DeleteDocument(r.Context(), caseKind, name); err != nil {
			s.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, "/businesscases?verwijderd="+url.QueryEscape(name), http.StatusSeeOther)
	}
}
