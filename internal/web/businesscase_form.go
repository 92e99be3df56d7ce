package web

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/ontschot/ontschot/internal/businesscase"
)

func (b *businessCasePages) renderForm(s *server, w http.ResponseWriter, r *http.Request, d caseDraft, errs []*businesscase.FieldError, slug string) {
	v := d.form(errs)
	title := "Nieuwe businesscase"
	v.Action, v.Cancel = "/businesscases/nieuw", "/businesscases"
	crumbs := []navItem{{Label: "Businesscases", Href: "/businesscases"}, {Label: "Nieuw", Current: true}}
	if slug != "" {
		v.Editing, v.Slug = true, slug
		v.Action, v.Cancel, v.Delete = "/businesscases/"+url.PathEscape(slug)+"/bewerken", "/businesscases/"+url.PathEscape(slug), "/businesscases/"+url.PathEscape(slug)+"/verwijderen"
		title = "Businesscase bewerken"
		crumbs = []navItem{{Label: "Businesscases", Href: "/businesscases"}, {Label: d.Name, Href: v.Cancel}, {Label: "Bewerken", Current: true}}
	}
	if len(errs) > 0 {
		title = "Fout: " + title
	}
	// A refused form is answered with 200, like the first showing: the page
	// is the form again, with the errors on it.
	s.render(w, r, http.StatusOK, "businesscase_form", page{Title: title, Wide: true, Data: v, Crumbs: crumbs, Current: "/businesscases"})
}

func (b *businessCasePages) newForm(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, "nieuw formulier") {
			return
		}
		b.renderForm(s, w, r, newDraft(), nil, "")
	}
}

func (b *businessCasePages) editForm(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, false, "bewerken "+r.PathValue("name")) {
			return
		}
		sc, ok := b.one(s, w, r)
		if !ok {
			return
		}
		c := sc.Case
		if c == nil { // a stored file the engine refuses: show what can be read
			c = &businesscase.Case{}
			json.Unmarshal([]byte(sc.Doc.Body), c)
		}
		b.renderForm(s, w, r, draftFromCase(c), nil, sc.Slug)
	}
}
