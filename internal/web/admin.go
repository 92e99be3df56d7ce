package web

import (
	"net/http"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
)

type adminView struct {
	adminData
	Professionals []model.User
	Roles         []string
	Message       string
	Error         string
	Form          map[string]string
}

func (s *server) admin(w http.ResponseWriter, r *http.Request) {
	s.showAdmin(w, r, http.StatusOK, "", "", nil)
}

func (s *server) showAdmin(w http.ResponseWriter, r *http.Request, code int, msg, errMsg string, form map[string]string) {
	ad, err := s.vault.adminOverview(r.Context(), actorOf(r), "beheer: gebruikers en toewijzingen")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	v := adminView{adminData: ad, Roles: access.Roles, Message: msg, Error: errMsg, Form: form}
	for _, u := range ad.Users {
		if u.Role == access.Professional {
			v.Professionals = append(v.Professionals, u)
		}
	}
	s.render(w, r, code, "admin", page{Title: "Beheer", Wide: true, Data: v})
}

func (s *server) addUser(w http.ResponseWriter, r *http.Request) {
	f := formValues(r, "gebruikersnaam", "rol", "naam", "agb")
	u := access.NewUser{Username: f["gebruikersnaam"], Password: r.PostFormValue("wachtwoord"), Role: f["rol"], DisplayName: f["naam"], AGB: f["agb"]}
	if u.Role == access.Member {
		s.showAdmin(w, r, http.StatusBadRequest, "", "Een gezinslid maakt u aan met `ontschot user add --role member --person-bsn …`: het BSN wordt in de kluis een pseudoniem en komt nooit in deze webapplicatie.", f)
		return
	}
	if err := s.vault.addUser(r.Context(), actorOf(r), u, "beheer: gebruiker aanmaken"); err != nil {
		if _, ok := err.(errDenied); ok {
			s.handleErr(w, r, err)
			return
		}
		s.showAdmin(w, r, http.StatusBadRequest, "", err.Error(), f)
		return
	}
	s.showAdmin(w, r, http.StatusOK, "Gebruiker "+u.Username+" is aangemaakt.", "", nil)
}

func (s *server) addAssignment(w http.ResponseWriter, r *http.Request) {
	f := formValues(r, "hulpverlener", "huishouden", "van", "tot", "grondslag")
	from, ok1 := intake.ParseDate(f["van"])
	to, ok2 := intake.ParseDate(f["tot"])
	if !ok1 || !ok2 {
		s.showAdmin(w, r, http.StatusBadRequest, "", "Vul geldige datums in (JJJJ-MM-DD).", f)
		return
	}
	err := s.vault.assign(r.Context(), actorOf(r), f["hulpverlener"], access.Assignment{Household: f["huishouden"], ValidFrom: from, ValidTo: to, LegalBasis: f["grondslag"]}, "beheer: hulpverlener toewijzen")
	if err != nil {
		var in errInput
		if e, ok := err.(errInput); ok {
			in = e
			if !strings.HasPrefix(f["huishouden"], "ha") {
				f["huishouden"] = "" // never echo a BSN back into the page
			}
			s.showAdmin(w, r, http.StatusBadRequest, "", string(in), f)
			return
		}
		s.handleErr(w, r, err)
		return
	}
	// The same words for every valid BSN, with or without a household.
	s.showAdmin(w, r, http.StatusOK, "Toewijzing vastgelegd in het auditlog. Zij geeft toegang zodra een teamleider of een andere beheerder haar goedkeurt.", "", nil)
}

func formValues(r *http.Request, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = strings.TrimSpace(r.PostFormValue(n))
	}
	return out
}

type auditView struct {
	Records []model.AuditRecord
	Report  access.VerifyReport
}

func (s *server) auditPage(w http.ResponseWriter, r *http.Request) {
	recs, rep, err := s.vault.audit(r.Context(), actorOf(r), "beheer: auditlog inzien")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "audit", page{Title: "Auditlog", Wide: true, Data: auditView{Records: recs, Report: rep}})
}
