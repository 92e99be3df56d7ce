package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/model"
)

// Accounts (issue 11): changing one's password, blocking a user, and the
// second person's approval of an assignment.

type passwordView struct {
	Message, Error string
	Min            int
}

func (s *server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password", page{Title: "Wachtwoord wijzigen", Data: passwordView{Min: access.MinPasswordLength}})
}

func (s *server) changePassword(w http.ResponseWriter, r *http.Request) {
	rs := stateOf(r)
	v := passwordView{Min: access.MinPasswordLength}
	show := func(code int) { s.render(w, r, code, "password", page{Title: "Wachtwoord wijzigen", Data: v}) }
	nieuw := r.PostFormValue("nieuw")
	if nieuw != r.PostFormValue("herhaal") {
		v.Error = "De twee nieuwe wachtwoorden zijn niet gelijk."
		show(http.StatusBadRequest)
		return
	}
	err := s.gate.ChangePassword(r.Context(), rs.actor.UserID, r.PostFormValue("huidig"), nieuw, rs.token)
	switch {
	case errors.Is(err, access.ErrLogin):
		s.gate.Record(r.Context(), rs.actor, "write password", "deny", "wachtwoord wijzigen", "huidig wachtwoord onjuist")
		v.Error = "Uw huidige wachtwoord klopt niet."
		show(http.StatusBadRequest)
		return
	case errors.Is(err, model.ErrNotFound):
		s.serverError(w, r, err)
		return
	case err != nil:
		v.Error = "Dit wachtwoord kan niet: " + err.Error()
		show(http.StatusBadRequest)
		return
	}
	s.gate.Record(r.Context(), rs.actor, "write password", "allow", "wachtwoord wijzigen", "wachtwoord gewijzigd; andere sessies en API-tokens beëindigd")
	v.Message = "Uw wachtwoord is gewijzigd. Andere sessies en API-tokens van uw account zijn beëindigd."
	show(http.StatusOK)
}

func (s *server) disableUser(w http.ResponseWriter, r *http.Request) {
	s.setUserDisabled(w, r, true)
}

func (s *server) enableUser(w http.ResponseWriter, r *http.Request) {
	s.setUserDisabled(w, r, false)
}

func (s *server) setUserDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	err := s.vault.setDisabled(r.Context(), actorOf(r), id, disabled, "beheer: gebruiker blokkeren of toelaten")
	var in errInput
	switch {
	case errors.As(err, &in):
		s.showAdmin(w, r, http.StatusBadRequest, "", string(in), nil)
	case err != nil:
		s.handleErr(w, r, err)
	case disabled:
		s.showAdmin(w, r, http.StatusOK, "De gebruiker is geblokkeerd; alle sessies en API-tokens zijn beëindigd.", "", nil)
	default:
		s.showAdmin(w, r, http.StatusOK, "De gebruiker kan weer inloggen.", "", nil)
	}
}

type approvalRow struct {
	model.Assignment
	Own bool // made by the viewer: they may not approve it, nor see its household
}

type approvalsView struct {
	Waiting, Approved []approvalRow
	Message, Error    string
}

func (s *server) approvals(w http.ResponseWriter, r *http.Request) {
	s.showApprovals(w, r, http.StatusOK, "", "")
}

func (s *server) showApprovals(w http.ResponseWriter, r *http.Request, code int, msg, errMsg string) {
	a := actorOf(r)
	as, err := s.vault.approvals(r.Context(), a, "toewijzingen goedkeuren")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	v := approvalsView{Message: msg, Error: errMsg}
	for _, x := range as {
		row := approvalRow{Assignment: x, Own: x.CreatedBy == a.Username}
		if x.ApprovedBy == "" {
			v.Waiting = append(v.Waiting, row)
		} else {
			v.Approved = append(v.Approved, row)
		}
	}
	s.render(w, r, code, "approvals", page{Title: "Toewijzingen goedkeuren", Wide: true, Data: v})
}

func (s *server) approveAssignment(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	err := s.vault.approve(r.Context(), actorOf(r), id, "toewijzingen goedkeuren")
	var in errInput
	switch {
	case errors.As(err, &in):
		s.showApprovals(w, r, http.StatusBadRequest, "", string(in))
	case err != nil:
		s.handleErr(w, r, err)
	default:
		s.showApprovals(w, r, http.StatusOK, "De toewijzing is goedgekeurd en vastgelegd in het auditlog; de hulpverlener heeft nu toegang.", "")
	}
}
