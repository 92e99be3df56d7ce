package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/model"
)

// preCookie holds the log-in form's CSRF value before there is a session
// (double submit): a site that posts a log-in form on its own cannot read it.
const preCookie = "ontschot_pre"

func (s *server) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.opts.SecureCookies || s.isTLS(r), SameSite: http.SameSiteLaxMode}
}

type loginView struct {
	Username string
	Error    string
	Back     string
	// IdP and DigiD show the links to log in through OpenID Connect (oidc.go).
	IdP, DigiD bool
}

func (s *server) loginForm(w http.ResponseWriter, r *http.Request) {
	if a := actorOf(r); !a.Anonymous() {
		http.Redirect(w, r, roleHome(a.Role), http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, loginView{Back: s.backTo(r.URL.Query().Get("terug"))})
}

func (s *server) showLogin(w http.ResponseWriter, r *http.Request, code int, v loginView) {
	pre := access.RandomToken()
	http.SetCookie(w, s.cookie(r, preCookie, pre, 3600))
	v.IdP, v.DigiD = s.opts.OIDCStaff != nil, s.opts.OIDCFamily != nil
	s.render(w, r, code, "login", page{Title: "Inloggen", CSRF: pre, Data: v})
}

// safeBack keeps only a relative path on this site: no scheme, no host,
// no control characters or backslashes (a browser drops a tab and reads
// "/\t/evil.example" as "//evil.example"), no "//" start.
func safeBack(p string) string {
	if p == "" || len(p) > 2000 || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return ""
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return ""
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(u.Path, "//") || path.Clean(u.Path) != u.Path || strings.HasPrefix(u.Path, "/inloggen") {
		return ""
	}
	return u.RequestURI()
}

// backTo is where a log-in sends the browser: safeBack's path when the
// router knows it as a page (a registered GET route, not the catch-all),
// else "" (the role's home).
func (s *server) backTo(p string) string {
	p = safeBack(p)
	if p == "" || s.mux == nil {
		return ""
	}
	u, _ := url.Parse(p)
	_, pattern := s.mux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: u.Path}, Host: "ontschot"})
	if !strings.HasPrefix(pattern, "GET /") || strings.HasPrefix(pattern, "GET /static/") || pattern == "GET /{$}" {
		return ""
	}
	return p
}

func (s *server) login(w http.ResponseWriter, r *http.Request) {
	username := strings.TrimSpace(r.PostFormValue("gebruikersnaam"))
	v := loginView{Username: username, Back: s.backTo(r.PostFormValue("terug"))}
	if len(username) > 64 {
		v.Username = "" // never a user name; not shown back
	}
	c, err := r.Cookie(preCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		s.gate.RecordAnonymousFailure(r.Context(), username, "login", "inloggen", "CSRF-controle van het inlogformulier mislukt")
		v.Error = "Het inlogformulier was verlopen. Probeer het nog eens."
		s.showLogin(w, r, http.StatusForbidden, v)
		return
	}
	u, code, msg := s.authenticate(r, username, r.PostFormValue("wachtwoord"), "login")
	if code != 0 {
		if code == http.StatusInternalServerError {
			s.serverError(w, r, errors.New(msg))
			return
		}
		v.Error = msg
		s.showLogin(w, r, code, v)
		return
	}
	// A fresh token on every log-in: whatever session id a browser had
	// before is never promoted (no session fixation).
	if old, err := r.Cookie(sessionCookie); err == nil {
		s.gate.Logout(r.Context(), old.Value)
	}
	token, _, err := s.gate.NewSession(r.Context(), u.ID, access.SessionWeb)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ctx := access.WithRequest(r.Context(), access.RequestInfo{Source: s.clientIP(r), Session: access.SessionRef(token)})
	s.gate.Record(ctx, access.ActorOf(u), "login", "allow", "inloggen", "ingelogd via het web")
	http.SetCookie(w, s.cookie(r, sessionCookie, token, 8*3600))
	http.SetCookie(w, s.cookie(r, preCookie, "", -1))
	dest := v.Back
	if dest == "" {
		dest = roleHome(u.Role)
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

// authenticate is the log-in of the web form and of the API: throttled per
// account and per (address, account), every refusal in the audit log
// (anonymous failures collapsed). code is 0 on success, else the status to
// answer with msg.
func (s *server) authenticate(r *http.Request, username, password, event string) (model.User, int, string) {
	ctx, ip := r.Context(), s.clientIP(r)
	wait, err := s.gate.LoginWait(ctx, ip, username)
	if err != nil {
		return model.User{}, http.StatusInternalServerError, err.Error()
	}
	if wait > 0 {
		s.gate.RecordAnonymousFailure(ctx, username, event, "inloggen", "te veel mislukte pogingen; wachttijd "+waitText(wait))
		return model.User{}, http.StatusTooManyRequests, "Te veel mislukte pogingen voor deze gebruiker. Wacht " + waitText(wait) + " en probeer het dan opnieuw."
	}
	u, err := s.gate.Authenticate(ctx, username, password)
	if err != nil {
		if !errors.Is(err, access.ErrLogin) {
			return u, http.StatusInternalServerError, err.Error()
		}
		if err := s.gate.LoginFailed(ctx, ip, username); err != nil {
			return u, http.StatusInternalServerError, err.Error()
		}
		s.gate.RecordAnonymousFailure(ctx, username, event, "inloggen", "onjuiste gebruikersnaam of wachtwoord")
		return u, http.StatusUnauthorized, "De combinatie van gebruikersnaam en wachtwoord klopt niet."
	}
	if err := s.gate.LoginSucceeded(ctx, ip, username); err != nil {
		return u, http.StatusInternalServerError, err.Error()
	}
	return u, 0, ""
}

func (s *server) logout(w http.ResponseWriter, r *http.Request) {
	rs := stateOf(r)
	s.gate.Logout(r.Context(), rs.token)
	s.gate.Record(r.Context(), rs.actor, "logout", "allow", "uitloggen", "")
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	http.Redirect(w, r, "/inloggen?uit=1", http.StatusSeeOther)
}

func (s *server) accessibility(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "toegankelijkheid", page{Title: "Toegankelijkheid"})
}
