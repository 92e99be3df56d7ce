package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/model"
)

// correctionView is one of a family's correction requests as the
// professional (or the admin) reads it.
type correctionView struct {
	model.CorrectionRequest
	PersonLabel string
}

// handleCorrection marks a correction request handled: the professional
// assigned to its household (a write decision on that household's
// corrections, which checks the assignment), or the admin on their own page
// (household "": a write on all corrections, which only Beheer may).
// The decision, the audit record and the write are one transaction.
func (v *vault) handleCorrection(ctx context.Context, actor access.Actor, household string, id int64, purpose string) error {
	// The household's corrections for the professional (the decision checks
	// the assignment); all corrections ("") for the admin's page.
	resource := access.Resource(access.KindCorrections, household)
	d, err := v.gate.DecideAndWrite(ctx, actor, access.Write, resource, purpose, func(w *access.PersonalWriter) error {
		err := w.HandleCorrection(ctx, id, household, actor.Username)
		if errors.Is(err, model.ErrNotFound) {
			return errInput("Deze vraag om correctie is al afgehandeld of hoort niet bij dit huishouden.")
		}
		return err
	})
	return allowed(d, err)
}

// handleHouseholdCorrection is the professional's "afgehandeld" button on
// the household page.
func (s *server) handleHouseholdCorrection(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	cid, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err != nil || cid <= 0 {
		s.fail(w, r, http.StatusBadRequest, "Onbekende vraag om correctie.")
		return
	}
	if err := s.vault.handleCorrection(r.Context(), actorOf(r), id, cid, "hulpverlening: vraag om correctie afgehandeld"); err != nil {
		s.handleErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/huishoudens/"+url.PathEscape(id)+"?correctie=afgehandeld#correcties", http.StatusSeeOther)
}
