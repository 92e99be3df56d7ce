package web

import (
	"fmt"
	"net/http"
	"strconv"
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
	Today         int64 // assignments that ended before it cannot be ended
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
	v := adminView{adminData: ad, Roles: access.Roles, Message: msg, Error: errMsg, Form: form, Today: access.Today()}
	for _, u := range ad.Users {
		if u.Role == access.Professional {
			v.Professionals = append(v.Professionals, u)
		}
	}
	s.render(w, r, code, "admin", page{Title: "Beheer", Wide: true, Data: v})
}

func (s *server) addUser(w http.ResponseWriter, r *http.Request) {
	f := formValues(r, "gebruikersnaam", "rol", "naam", "agb", "email")
	u := access.NewUser{Username: f["gebruikersnaam"], Password: r.PostFormValue("wachtwoord"), Role: f["rol"], DisplayName: f["naam"], AGB: f["agb"]}
	if !validEmail(f["email"]) {
		s.showAdmin(w, r, http.StatusBadRequest, "", "Vul een geldig e-mailadres in (naam@domein.nl), of laat het leeg.", f)
		return
	}
	if u.Role == access.Member {
		s.showAdmin(w, r, http.StatusBadRequest, "", "Een gezinslid maakt u aan met `ontschot user add --role member --person-bsn …`: het BSN wordt in de kluis een pseudoniem en komt nooit in deze webapplicatie.", f)
		return
	}
	if err := s.vault.addUser(r.Context(), actorOf(r), u, f["email"], "beheer: gebruiker aanmaken"); err != nil {
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
	f := formValues(r, "hulpverlener", "huishouden", "van", "tot", "grondslag", "zaaknummer")
	from, ok1 := intake.ParseDate(f["van"])
	to, ok2 := intake.ParseDate(f["tot"])
	if !ok1 || !ok2 {
		s.showAdmin(w, r, http.StatusBadRequest, "", "Vul geldige datums in (JJJJ-MM-DD).", f)
		return
	}
	err := s.vault.assign(r.Context(), actorOf(r), f["hulpverlener"], access.Assignment{Household: f["huishouden"], ValidFrom: from, ValidTo: to, LegalBasis: f["grondslag"], Zaaknummer: f["zaaknummer"]}, "beheer: hulpverlener toewijzen")
	if err != nil {
		var in errInput
		if e, ok := err.(errInput); ok {
			in = e
			if !strings.HasPrefix(f["huishouden"], "ha") {
				f["huishouden"] = "" // never echo a BSN back into the page
			}
			if _, err := access.CheckZaaknummer(f["zaaknummer"]); err != nil {
				f["zaaknummer"] = "" // nor a zaaknummer that looks like one
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

// endAssignment ends an assignment as of the date given (today when
// none): from that day on the professional no longer reaches the household.
func (s *server) endAssignment(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.showAdmin(w, r, http.StatusBadRequest, "", "Onbekende toewijzing.", nil)
		return
	}
	end := intake.Date(access.Today())
	if v := strings.TrimSpace(r.PostFormValue("per")); v != "" {
		d, ok := intake.ParseDate(v)
		if !ok {
			s.showAdmin(w, r, http.StatusBadRequest, "", "Vul een geldige einddatum in (JJJJ-MM-DD).", nil)
			return
		}
		end = d
	}
	if err := s.vault.endAssignment(r.Context(), actorOf(r), id, end, "beheer: toewijzing beëindigen"); err != nil {
		if e, ok := err.(errInput); ok {
			s.showAdmin(w, r, http.StatusBadRequest, "", string(e), nil)
			return
		}
		s.handleErr(w, r, err)
		return
	}
	s.showAdmin(w, r, http.StatusOK, fmt.Sprintf("Toewijzing %d is beëindigd per %s en vastgelegd in het auditlog: vanaf die dag heeft de hulpverlener geen toegang meer tot het huishouden.", id, datum(int64(end))), "", nil)
}

// validEmail accepts "" (none given) or a plain address: one @, a dot in
// the domain, no spaces, at most 254 characters.
func validEmail(e string) bool {
	if e == "" {
		return true
	}
	local, domain, ok := strings.Cut(e, "@")
	return ok && len(e) <= 254 && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(e, " <>\"\t,;") &&
		!strings.Contains(domain, "@") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
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
