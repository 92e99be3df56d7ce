package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/model"
)

// The admin's list of the families' correction requests. A request goes
// to the professional assigned to the household; the admin sees every
// request so none is lost, but reads the family's own words only where no
// professional is assigned today (then the admin must route it). Beheer
// sees no other household data.

type adminCorrectionsView struct {
	Open, Handled []model.CorrectionRequest
	Message       string
}

func (v *vault) allCorrections(ctx context.Context, actor access.Actor, purpose string) ([]model.CorrectionRequest, error) {
	var out []model.CorrectionRequest
	d, err := v.gate.DecideAndRead(ctx, actor, access.List, access.KindCorrections, purpose, func(r *access.PersonalReader) error {
		var err error
		out, err = r.AllCorrections(ctx, access.Today())
		return err
	})
	if err := allowed(d, err); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Assigned {
			out[i].Body = "" // the assigned professional reads it, not Beheer
			out[i].Delivery = nil
		}
	}
	return out, nil
}

func (s *server) adminCorrections(w http.ResponseWriter, r *http.Request) {
	s.showAdminCorrections(w, r, "")
}

func (s *server) showAdminCorrections(w http.ResponseWriter, r *http.Request, msg string) {
	cs, err := s.vault.allCorrections(r.Context(), actorOf(r), "beheer: vragen om correctie doorzetten")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	v := adminCorrectionsView{Message: msg}
	for _, c := range cs {
		if c.Handled() {
			v.Handled = append(v.Handled, c)
		} else {
			v.Open = append(v.Open, c)
		}
	}
	s.render(w, r, http.StatusOK, "corrections", page{Title: "Vragen om correctie", Wide: true, Data: v})
}

func (s *server) handleAdminCorrection(w http.ResponseWriter, r *http.Request) {
	cid, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err != nil || cid <= 0 {
		s.fail(w, r, http.StatusBadRequest, "Onbekende vraag om correctie.")
		return
	}
	if err := s.vault.handleCorrection(r.Context(), actorOf(r), "", cid, "beheer: vraag om correctie afgehandeld"); err != nil {
		s.handleErr(w, r, err)
		return
	}
	s.showAdminCorrections(w, r, "De vraag is gemarkeerd als afgehandeld en vastgelegd in het auditlog.")
}
