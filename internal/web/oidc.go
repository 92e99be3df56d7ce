package web

import (
	"errors"
	"net/http"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/oidclogin"
)

// Log-in through OpenID Connect: staff through the municipality's IdP
// (Options.OIDCStaff), families through a DigiD broker (Options.OIDCFamily),
// next to the password form. The callback opens the same kind of session
// as the form; a family's BSN went to the kluis inside oidclogin and is
// never seen here.

func (s *server) oidcRoutes() []route {
	var out []route
	if c := s.opts.OIDCStaff; c != nil {
		out = append(out,
			route{method: "GET", pattern: "/inloggen/idp", h: s.oidcStart(c), public: true},
			route{method: "GET", pattern: "/oidc/medewerker", h: s.oidcCallback(c), public: true, noCSRF: true})
	}
	if c := s.opts.OIDCFamily; c != nil {
		out = append(out,
			route{method: "GET", pattern: "/inloggen/digid", h: s.oidcStart(c), public: true},
			route{method: "GET", pattern: "/oidc/digid", h: s.oidcCallback(c), public: true, noCSRF: true})
	}
	return out
}

func (s *server) oidcStart(c *oidclogin.Client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, c.AuthURL(), http.StatusFound)
	}
}

func (s *server) oidcCallback(c *oidclogin.Client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := c.Finish(ctx, r)
		if err == nil {
			u, aerr := s.gate.AccountForIdentity(ctx, id.Username, id.Role, id.Person)
			err = aerr
			if err == nil {
				if old, e := r.Cookie(sessionCookie); e == nil {
					s.gate.Logout(ctx, old.Value)
				}
				token, _, e := s.gate.NewSession(ctx, u.ID, access.SessionWeb)
				if e != nil {
					s.serverError(w, r, e)
					return
				}
				rctx := access.WithRequest(ctx, access.RequestInfo{Source: s.clientIP(r), Session: access.SessionRef(token)})
				s.gate.Record(rctx, access.ActorOf(u), "login", "allow", "inloggen", "ingelogd via de inlogdienst (OpenID Connect)")
				http.SetCookie(w, s.cookie(r, sessionCookie, token, 8*3600))
				http.Redirect(w, r, roleHome(u.Role), http.StatusSeeOther)
				return
			}
		}
		// Never the BSN, never a token: the errors of oidclogin and access hold neither.
		s.gate.RecordAnonymousFailure(ctx, id.Username, "login", "inloggen", "inloggen via de inlogdienst geweigerd")
		msg := "Inloggen via de inlogdienst is niet gelukt. Probeer het opnieuw."
		if errors.Is(err, access.ErrNoAccount) || errors.Is(err, oidclogin.ErrNoRole) {
			msg = "U bent bij de inlogdienst bekend, maar heeft in Ontschot geen account met die rol. Vraag het functioneel beheer."
		}
		s.showLogin(w, r, http.StatusForbidden, loginView{Error: msg})
	}
}
