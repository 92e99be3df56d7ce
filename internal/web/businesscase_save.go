package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/model"
)

// submitted reads the form and either applies a row button (and shows the
// form again) or builds and checks the case; body is the case file to store.
func (b *businessCasePages) submitted(r *http.Request) (d caseDraft, body string, errs []*businesscase.FieldError, done bool) {
	d = draftFromForm(r.PostForm)
	action := r.PostForm.Get("actie")
	if action != "" && action != "opslaan" {
		d.act(action)
		return d, "", nil, false
	}
	c, errs := d.toCase()
	bad := map[string]bool{}
	for _, e := range errs {
		bad[e.Field] = true
	}
	add := func(err error) {
		for _, e := range flatten(err) {
			var fe *businesscase.FieldError
			if !errors.As(e, &fe) {
				fe = &businesscase.FieldError{NL: e.Error()}
			}
			if !bad[fe.Field] {
				errs = append(errs, fe)
			}
		}
	}
	known, err := b.knownAreas(r.Context())
	if err != nil {
		errs = append(errs, &businesscase.FieldError{Field: "targets.areas", NL: "de bekende gebieden konden niet worden gelezen; probeer het opnieuw", EN: "the known areas could not be read"})
		return d, "", errs, false
	}
	add(c.ValidateAreas(known))
	if len(errs) == 0 {
		if _, err := businesscase.EvaluateWith(c, businesscase.Options{KnownAreas: known}); err != nil {
			add(err)
		}
	}
	if len(errs) > 0 {
		return d, "", errs, false
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(c)
	return d, buf.String(), nil, true
}

// knownAreas says which area codes the store knows, for the case's targets; nil (no check
// beyond the code's form) when the store holds no areas yet.
func (b *businessCasePages) knownAreas(ctx context.Context) (func(string) bool, error) {
	areas, err := b.rel.Areas(ctx)
	if err != nil || len(areas) == 0 {
		return nil, err
	}
	codes := make(map[string]bool, len(areas))
	for _, a := range areas {
		codes[a.Code] = true
	}
	return func(code string) bool { return codes[code] }, nil
}

func (b *businessCasePages) create(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !b.allow(s, w, r, true, "nieuw") {
			return
		}
		d, body, errs, done := b.submitted(r)
		if !done {
			b.renderForm(s, w, r, d, errs, "")
			return
		}
		slug := model.DocumentName(d.Name)
		created, err := b.docs.CreateDocument(r.Context(), model.Document{Kind: caseKind, Name: slug, Body: body, UpdatedBy: actorOf(r).Username})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if !created {
			b.renderForm(s, w, r, d, []*businesscase.FieldError{{Field: "name", NL: "er is al een businesscase met deze naam (" + slug + "); kies een andere naam"}}, "")
			return
		}
		http.Redirect(w, r, "/businesscases/"+url.PathEscape(slug)+"?opgeslagen=1", http.StatusSeeOther)
	}
}

func (b *businessCasePages) update(s *server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if !b.allow(s, w, r, true, "bewerken "+name) {
			return
		}
		if _, ok := b.one(s, w, r); !ok {
			return
		}
		d, body, errs, done := b.submitted(r)
		if !done {
			b.renderForm(s, w, r, d, errs, name)
			return
		}
		err := b.docs.UpdateDocument(r.Context(), model.Document{Kind: caseKind, Name: name, Body: body, UpdatedBy: actorOf(r).Username})
		if errors.Is(err, model.ErrNotFound) {
			http.Redirect(w, r, "/businesscases?onbekend="+url.QueryEscape(name), http.StatusSeeOther)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, "/businesscases/"+url.PathEscape(name)+"?opgeslagen=1", http.StatusSeeOther)
	}
}
