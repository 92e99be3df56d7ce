package web

import (
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ontschot/ontschot/internal/access"
)

// loginLimiter counts failed log-ins per user name and per client address
// in a sliding window; past the limit a log-in is refused without checking
// the password, so guessing costs time even from many addresses.
type loginLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string][]time.Time
}

func newLoginLimiter(max int, window time.Duration) *loginLimiter {
	return &loginLimiter{max: max, window: window, fails: map[string][]time.Time{}}
}

func (l *loginLimiter) blocked(keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	for _, k := range keys {
		ts := l.fails[k]
		i := 0
		for i < len(ts) && now.Sub(ts[i]) > l.window {
			i++
		}
		l.fails[k] = ts[i:]
		if len(ts)-i >= l.max {
			return true
		}
	}
	return false
}

func (l *loginLimiter) fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	for _, k := range keys {
		l.fails[k] = append(l.fails[k], now)
	}
	if len(l.fails) > 100000 { // bound memory under a spray of names
		l.fails = map[string][]time.Time{}
	}
}

func (l *loginLimiter) reset(key string) {
	l.mu.Lock()
	delete(l.fails, key)
	l.mu.Unlock()
}

func (s *server) clientIP(r *http.Request) string {
	if s.opts.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			return strings.TrimSpace(strings.Split(f, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

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
}

func (s *server) loginForm(w http.ResponseWriter, r *http.Request) {
	if a := actorOf(r); !a.Anonymous() {
		http.Redirect(w, r, roleHome(a.Role), http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, loginView{Back: safeBack(r.URL.Query().Get("terug"))})
}

func (s *server) showLogin(w http.ResponseWriter, r *http.Request, code int, v loginView) {
	pre := access.RandomToken()
	http.SetCookie(w, s.cookie(r, preCookie, pre, 3600))
	s.render(w, r, code, "login", page{Title: "Inloggen", CSRF: pre, Data: v})
}

// safeBack keeps the redirect after log-in on this site.
func safeBack(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") || strings.HasPrefix(p, "/inloggen") {
		return ""
	}
	return p
}

func (s *server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	username := strings.TrimSpace(r.PostFormValue("gebruikersnaam"))
	v := loginView{Username: username, Back: safeBack(r.PostFormValue("terug"))}
	c, err := r.Cookie(preCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		access.Record(r.Context(), s.st, access.Actor{Username: username, Role: "-"}, "login", "deny", "inloggen", "CSRF-controle van het inlogformulier mislukt")
		v.Error = "Het inlogformulier was verlopen. Probeer het nog eens."
		s.showLogin(w, r, http.StatusForbidden, v)
		return
	}
	ipKey, userKey := "ip:"+s.clientIP(r), "user:"+strings.ToLower(username)
	if s.limiter.blocked(ipKey, userKey) {
		access.Record(r.Context(), s.st, access.Actor{Username: username, Role: "-"}, "login", "deny", "inloggen", "te veel mislukte pogingen")
		v.Error = "Te veel mislukte pogingen. Wacht een kwartier en probeer het dan opnieuw."
		s.showLogin(w, r, http.StatusTooManyRequests, v)
		return
	}
	u, err := access.Authenticate(r.Context(), s.st, username, r.PostFormValue("wachtwoord"))
	if err != nil {
		if !errors.Is(err, access.ErrLogin) {
			s.serverError(w, r, err)
			return
		}
		s.limiter.fail(ipKey, userKey)
		access.Record(r.Context(), s.st, access.Actor{Username: username, Role: "-"}, "login", "deny", "inloggen", "onjuiste gebruikersnaam of wachtwoord")
		v.Error = "De combinatie van gebruikersnaam en wachtwoord klopt niet."
		s.showLogin(w, r, http.StatusUnauthorized, v)
		return
	}
	s.limiter.reset(userKey)
	// A fresh token on every log-in: whatever session id a browser had
	// before is never promoted (no session fixation).
	if old, err := r.Cookie(sessionCookie); err == nil {
		access.Logout(r.Context(), s.st, old.Value)
	}
	token, _, err := access.NewSession(r.Context(), s.st, u.ID, access.SessionWeb)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	access.Record(r.Context(), s.st, access.ActorOf(u), "login", "allow", "inloggen", "ingelogd via het web")
	http.SetCookie(w, s.cookie(r, sessionCookie, token, 8*3600))
	http.SetCookie(w, s.cookie(r, preCookie, "", -1))
	dest := v.Back
	if dest == "" {
		dest = roleHome(u.Role)
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

func (s *server) logout(w http.ResponseWriter, r *http.Request) {
	rs := stateOf(r)
	access.Logout(r.Context(), s.st, rs.token)
	access.Record(r.Context(), s.st, rs.actor, "logout", "allow", "uitloggen", "")
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	http.Redirect(w, r, "/inloggen?uit=1", http.StatusSeeOther)
}

func (s *server) accessibility(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "toegankelijkheid", page{Title: "Toegankelijkheid"})
}
