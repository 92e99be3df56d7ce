// Package web is Ontschot's web application and HTTP API: the analyst's
// maps and tables, the professional's household view, the family portal,
// the provider upload and the administration, in Dutch, with server-drawn
// SVG and no script.
//
// It must never show personal data without access.Decide, and it never
// imports package store: it is given the narrow views of Sources (pkgsite's
// DataSource pattern). Household-level data is reachable only through the
// access.Gate, used by the vault (personal.go), whose every method decides
// first; the analyst's pages only get a ReleaseReader and the business-case
// pages CaseDocuments, which have no method that reads a household.
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/netip"
	"path"
	"strings"

	"github.com/ontschot/ontschot/internal/model"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/benchmark"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/oidclogin"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Options configure the web application.
type Options struct {
	// SecureCookies sets the Secure attribute on cookies. Turn it on when the
	// app is served over TLS or behind a TLS-terminating proxy; a browser does
	// not send Secure cookies to http://127.0.0.1, so it is off by default.
	// Requests that arrive over TLS get Secure cookies regardless.
	SecureCookies bool
	// TrustProxy takes the client address for log-in rate limiting from
	// X-Forwarded-For and treats X-Forwarded-Proto: https as TLS.
	TrustProxy bool
	// TrustedProxies are the proxies whose X-Forwarded-For is believed
	// (default with TrustProxy: loopback only); the client is the rightmost
	// address in it that is not one of them.
	TrustedProxies []netip.Prefix
	Logger         *slog.Logger
	// MaxUploadBytes bounds a provider upload (default 64 MiB); the upload
	// page states it.
	MaxUploadBytes int64
	// OIDCStaff and OIDCFamily, when set, add log-in through the
	// municipality's identity provider and a DigiD broker (oidc.go).
	OIDCStaff, OIDCFamily *oidclogin.Client
}

// ReleaseReader is everything the analyst's pages may read: released,
// disclosure-controlled tables and area outlines. It has no method that
// reads a delivery, residence or person.
type ReleaseReader interface {
	Releases(ctx context.Context) ([]model.ReleaseInfo, error)
	Release(ctx context.Context, period string, version int) (model.ReleaseInfo, error)
	ReleaseCells(ctx context.Context, releaseID int64, level, by string) ([]model.Cell, error)
	ReleaseExtras(ctx context.Context, releaseID int64, kind string) ([]model.ReleaseExtra, error)
	Areas(ctx context.Context) ([]model.Area, error)
}

// BenchmarkReader compares the municipality's Iv3 figures with comparable
// municipalities (CBS open data about whole municipalities, and released
// cells): nothing personal. cli/serve.go wires it over the store.
type BenchmarkReader interface {
	Benchmark(ctx context.Context, q benchmark.Query) (*benchmark.Result, error)
	BenchmarkDocuments(ctx context.Context) ([]benchmark.Held, error)
}

// Uploader takes a provider's file into the store (*importer.Importer).
type Uploader interface {
	Import(ctx context.Context, kind, name string, r io.Reader, src importer.Source) (importer.Summary, error)
}

// Sources are the narrow views of the data the web is given (pkgsite's
// DataSource pattern); cli/serve.go wires them over the store. The web
// never holds the store itself: it does not import package store, so a
// handler cannot reach household data except through Gate, whose every
// personal read happens inside an access decision.
type Sources struct {
	Gate      *access.Gate    // sessions, log-in, decisions and every personal read
	Releases  ReleaseReader   // released tables and areas, for the analyst's pages
	Documents CaseDocuments   // policy documents (business cases)
	Uploads   Uploader        // a provider's upload
	Benchmark BenchmarkReader // CBS peer comparison (page "Vergelijking met andere gemeenten"); nil: not offered
	// ProviderNames reads the provider register (public names by AGB code).
	ProviderNames func(context.Context) (map[string]string, error)
}

type server struct {
	gate    *access.Gate // sessions and decisions; personal reads go through vault
	vault   *vault
	imp     Uploader
	docs    CaseDocuments
	rel     ReleaseReader
	analyst *analystPages
	opts    Options
	log     *slog.Logger
	pages   map[string]*template.Template
	static  map[string]staticFile // by hashed name
	assets  map[string]string     // logical name → hashed URL
	mux     *http.ServeMux

	providers *providerNames
	bench     BenchmarkReader
}

type staticFile struct {
	body        []byte
	contentType string
}

// New returns the web application and API over src.
func New(src Sources, opts Options) (http.Handler, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxUploadBytes == 0 {
		opts.MaxUploadBytes = 64 << 20
	}
	if src.Gate == nil {
		return nil, errors.New("web: geen toegangspoort / no access gate")
	}
	// Every page that reads releases reads them through the analyst's scope
	// (analyst_scope.go).
	var rel ReleaseReader
	if src.Releases != nil {
		rel = newScopedReleases(src.Releases)
	}
	s := &server{gate: src.Gate, vault: &vault{gate: src.Gate}, imp: src.Uploads, docs: src.Documents, rel: rel, opts: opts, log: opts.Logger}
	s.analyst = newAnalystPages(rel)
	s.providers = &providerNames{load: src.ProviderNames}
	if src.Benchmark != nil {
		s.bench = scopedBenchmark{src.Benchmark}
	}
	if err := s.loadStatic(); err != nil {
		return nil, err
	}
	if err := s.loadTemplates(); err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	for _, rt := range s.routes() {
		s.mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	s.mux.Handle("/", s.wrap(route{pattern: "/", public: true, noCSRF: true, h: s.notFound}))
	return s.headers(s.mux), nil
}

func (s *server) loadStatic() error {
	s.static, s.assets = map[string]staticFile{}, map[string]string{}
	return fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		ct := map[string]string{".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".ico": "image/x-icon", ".js": "text/javascript; charset=utf-8"}[ext]
		s.static[hashed] = staticFile{body: b, contentType: ct}
		s.assets[name] = "/static/" + hashed
		return nil
	})
}

func (s *server) loadTemplates() error {
	funcs := templateFuncs(s.assets)
	funcs["aanbieder"] = s.providers.label
	funcs["aanbiederNaam"] = s.providers.familyName
	funcs["periode"] = periode
	funcs["zorgsoortPlain"] = zorgsoortPlain
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFiles, "templates/base.html")
	if err != nil {
		return err
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "base" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, n)
		if err != nil {
			return fmt.Errorf("template %s: %w", n, err)
		}
		s.pages[name] = t
	}
	return nil
}

// headers sets the security headers on every response.
func (s *server) headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.isTLS(r) {
			hd.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.ServeHTTP(w, r)
	})
}

func (s *server) isTLS(r *http.Request) bool {
	return r.TLS != nil || (s.opts.TrustProxy && s.peerTrusted(r) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

// request state carried in the context.
type ctxKey int

const (
	sessionKey ctxKey = iota
)

type reqState struct {
	actor   access.Actor
	session model.Session
	token   string
	api     bool              // authenticated by bearer token
	parts   *multipart.Reader // a streamed upload, past its csrf field
}

func stateOf(r *http.Request) *reqState {
	if st, ok := r.Context().Value(sessionKey).(*reqState); ok {
		return st
	}
	return &reqState{}
}

func actorOf(r *http.Request) access.Actor { return stateOf(r).actor }

const sessionCookie = "ontschot_sessie"

func (s *server) unauthenticated(w http.ResponseWriter, r *http.Request, rt route) {
	s.gate.RecordAnonymousFailure(r.Context(), "(anoniem)", "request "+rt.method+" "+rt.pattern, "aanvraag", "niet ingelogd: "+r.URL.Path)
	if isAPI(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ontschot"`)
		writeJSON(w, http.StatusUnauthorized, apiError{Error: "niet ingelogd / not authenticated"})
		return
	}
	http.Redirect(w, r, "/inloggen?terug="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// decide asks access.Decide and answers the request itself on a deny (403)
// or failure (500); ok is true when the handler may go on.
func (s *server) decide(w http.ResponseWriter, r *http.Request, action, resource, purpose string) (access.Decision, bool) {
	d, err := s.gate.Decide(r.Context(), actorOf(r), action, resource, purpose)
	if err != nil {
		s.serverError(w, r, err)
		return d, false
	}
	if !d.Allowed {
		s.fail(w, r, http.StatusForbidden, "U heeft geen toegang tot deze gegevens ("+d.Reason+"). Deze poging is vastgelegd in het auditlog.")
		return d, false
	}
	return d, true
}

type apiError struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func (s *server) fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if isAPI(r) {
		writeJSON(w, code, apiError{Error: msg})
		return
	}
	title := map[int]string{400: "Onjuiste aanvraag", 403: "Geen toegang", 404: "Niet gevonden", 413: "Te groot", 429: "Even wachten", 500: "Er ging iets mis"}[code]
	if title == "" {
		title = http.StatusText(code)
	}
	s.render(w, r, code, "error", page{Title: title, Data: msg})
}

func (s *server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "path", r.URL.Path, "err", err)
	s.fail(w, r, http.StatusInternalServerError, "Er ging iets mis aan onze kant. Probeer het later opnieuw; blijft het misgaan, meld dan het tijdstip aan de beheerder.")
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusNotFound, "Deze pagina bestaat niet.")
}

// page is what every template gets.
type page struct {
	Title   string
	Actor   access.Actor
	CSRF    string
	Nav     []navItem
	Flash   string
	Wide    bool
	Data    any
	Crumbs  []navItem
	Current string
}

type navItem struct {
	Label, Href string
	Current     bool
}

func (s *server) render(w http.ResponseWriter, r *http.Request, code int, name string, p page) {
	t, ok := s.pages[name]
	if !ok {
		http.Error(w, "template "+name+" ontbreekt", 500)
		return
	}
	rs := stateOf(r)
	p.Actor = rs.actor
	if p.CSRF == "" {
		p.CSRF = rs.session.CSRF
	}
	p.Nav = navFor(rs.actor.Role, r.URL.Path)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", p); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "Er ging iets mis bij het maken van de pagina.", 500)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if !rs.actor.Anonymous() {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

func navFor(role, current string) []navItem {
	var items []navItem
	switch role {
	case access.Analyst:
		items = []navItem{{Label: "Kaart en tabellen", Href: "/gemeente"}, {Label: "Concentratie", Href: "/gemeente/concentratie"}, {Label: "Trend en nulmeting", Href: "/gemeente/trend"}, {Label: "Eigen en gecontracteerd", Href: "/gemeente/trajecten"}, {Label: "Stapeling", Href: "/gemeente/stapeling"}, {Label: "Financiering", Href: "/gemeente/financiering"}, {Label: "Vergelijking met andere gemeenten", Href: "/gemeente/vergelijking"}}
	case access.Professional:
		items = []navItem{{Label: "Mijn huishoudens", Href: "/huishoudens"}}
	case access.Member:
		items = []navItem{{Label: "Mijn zorg en ondersteuning", Href: "/mijn"}, {Label: "Wie bekeek mijn gegevens", Href: "/mijn/inzage"}}
	case access.Provider:
		items = []navItem{{Label: "Aanleveren", Href: "/aanlevering"}, {Label: "Feedback", Href: "/aanlevering/feedback"}}
	case access.Admin:
		items = []navItem{{Label: "Gebruikers en toewijzingen", Href: "/beheer"}, {Label: "Goedkeuren", Href: "/toewijzingen"}, {Label: "Vragen om correctie", Href: "/beheer/correcties"}, {Label: "Auditlog", Href: "/beheer/audit"}}
	case access.TeamLead:
		items = []navItem{{Label: "Toewijzingen goedkeuren", Href: "/toewijzingen"}}
	}
	if role != "" {
		items = append(items, navItem{Label: "Wachtwoord", Href: "/wachtwoord"})
	}
	if role == access.Analyst && strings.HasSuffix(current, "/concentratie") {
		current = "/gemeente/concentratie"
	}
	if role == access.Analyst && strings.HasSuffix(current, "/trajecten") {
		current = "/gemeente/trajecten"
	}
	if role == access.Analyst && strings.HasSuffix(current, "/stapeling") {
		current = "/gemeente/stapeling"
	}
	if role == access.Analyst && (strings.Contains(current, "/financiering") || strings.HasSuffix(current, "/populatiebudget")) {
		current = "/gemeente/financiering"
	}
	best := -1
	for i, it := range items {
		if current == it.Href || strings.HasPrefix(current, it.Href+"/") {
			if best < 0 || len(it.Href) > len(items[best].Href) {
				best = i
			}
		}
	}
	if best >= 0 {
		items[best].Current = true
	}
	return items
}

func (s *server) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(f.body)
}

func roleHome(role string) string {
	switch role {
	case access.Analyst:
		return "/gemeente"
	case access.Professional:
		return "/huishoudens"
	case access.Member:
		return "/mijn"
	case access.Provider:
		return "/aanlevering"
	case access.Admin:
		return "/beheer"
	case access.TeamLead:
		return "/toewijzingen"
	}
	return "/inloggen"
}

func (s *server) home(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	if a.Anonymous() {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, roleHome(a.Role), http.StatusSeeOther)
}
