package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/model"
)

// Business cases (mBC's) are policy documents: the municipality's own
// forecasts, no personal data. Their pages hold the case documents and a
// ReleaseReader, nothing else: the forecast is set against released,
// disclosure-controlled cells only, never against deliveries or households.
//
// One file per page or action: businesscase_list.go (the list and the
// portfolio), _view.go (one case), _form.go (new and edit), _save.go (the
// posted form), _delete.go, _export.go (XLSX and PDF), _api.go, and
// _forecast.go (the released spend beside the forecast). The form engine is
// bcform.go (the draft and reading it) and bcform_fields.go (the fields as
// the template sees them). Calculation, charts and files are not here:
// see packages businesscase, analysis, chart and export.

// CaseDocuments is everything the business-case pages may read and write
// besides released tables: documents of kind "businesscase".
type CaseDocuments interface {
	Documents(ctx context.Context, kind string) ([]model.Document, error)
	Document(ctx context.Context, kind, name string) (model.Document, error)
	CreateDocument(ctx context.Context, d model.Document) (bool, error)
	UpdateDocument(ctx context.Context, d model.Document) error
	DeleteDocument(ctx context.Context, kind, name string) error
}

const caseKind = "businesscase"

type businessCasePages struct {
	docs CaseDocuments
	rel  ReleaseReader
}

// businessCases builds the pages over the server's store, seen through the
// two narrow interfaces.
func (s *server) businessCases() *businessCasePages {
	return &businessCasePages{docs: s.docs, rel: s.rel}
}

// allow lets the Gemeente and Beheer in. Business cases are policy
// documents (access.KindBusinessCase): a read is decided like a read of
// released tables and not logged; a change is decided as a write and
// written to the audit log, allowed or not.
func (b *businessCasePages) allow(s *server, w http.ResponseWriter, r *http.Request, write bool, what string) bool {
	action, purpose := access.Read, "businesscase: "+what
	if write {
		action, purpose = access.Write, "businesscase beheren"
	}
	_, ok := s.decide(w, r, action, access.Resource(access.KindBusinessCase, what), purpose)
	return ok
}

// storedCase is one document read back: its case, or why it cannot be read.
type storedCase struct {
	Slug    string
	Doc     model.Document
	Case    *businesscase.Case
	Result  *businesscase.Result
	Problem string
}

func loadStored(d model.Document) storedCase {
	sc := storedCase{Slug: d.Name, Doc: d}
	c, err := businesscase.Load(strings.NewReader(d.Body), d.Name)
	if err != nil {
		sc.Problem = errorText(err)
		return sc
	}
	sc.Case = c
	res, err := businesscase.Evaluate(c)
	if err != nil {
		sc.Problem = errorText(err)
		return sc
	}
	sc.Result = res
	return sc
}

// errorText joins the Dutch halves of FieldErrors.
func errorText(err error) string {
	var parts []string
	for _, e := range flatten(err) {
		var fe *businesscase.FieldError
		if errors.As(e, &fe) {
			if fe.Field != "" {
				parts = append(parts, fe.Field+": "+fe.NL)
			} else {
				parts = append(parts, fe.NL)
			}
			continue
		}
		parts = append(parts, e.Error())
	}
	return strings.Join(parts, "; ")
}

func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// one loads the case named in the path. A name that is not there sends
// the browser back to the list, which says so.
func (b *businessCasePages) one(s *server, w http.ResponseWriter, r *http.Request) (storedCase, bool) {
	name := r.PathValue("name")
	d, err := b.docs.Document(r.Context(), caseKind, name)
	if errors.Is(err, model.ErrNotFound) {
		if isAPI(r) {
			s.fail(w, r, http.StatusNotFound, "geen businesscase "+strconv.Quote(name)+" / no such business case")
		} else {
			http.Redirect(w, r, "/businesscases?onbekend="+url.QueryEscape(name), http.StatusSeeOther)
		}
		return storedCase{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return storedCase{}, false
	}
	return loadStored(d), true
}
