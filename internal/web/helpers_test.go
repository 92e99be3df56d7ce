package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/store"
)

type harness struct {
	t   *testing.T
	f   *accesstest.Fixture
	srv *httptest.Server
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	f := accesstest.New(t)
	h, err := New(sourcesOf(f.Store, f.Importer), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &harness{t: t, f: f, srv: srv}
}

// client is a browser-like client: a cookie jar, no automatic redirects.
type client struct {
	h    *harness
	c    *http.Client
	csrf string
}

func (h *harness) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{h: h, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login logs in through the form, as a browser does.
func (h *harness) login(username string) *client {
	h.t.Helper()
	c := h.anon()
	_, body := c.get("/inloggen")
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		h.t.Fatalf("no csrf on login form")
	}
	resp, _ := c.post("/inloggen", url.Values{"csrf": {m[1]}, "gebruikersnaam": {username}, "wachtwoord": {accesstest.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		h.t.Fatalf("login %s: status %d", username, resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	for i := 0; i < 3; i++ {
		resp, body = c.get(loc)
		if resp.StatusCode != http.StatusSeeOther {
			break
		}
		loc = resp.Header.Get("Location")
	}
	if m := csrfRe.FindStringSubmatch(body); m != nil {
		c.csrf = m[1]
	}
	return c
}

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.h.t.Helper()
	resp, err := c.c.Do(req)
	if err != nil {
		c.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (c *client) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest("GET", c.h.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) (*http.Response, string) {
	req, _ := http.NewRequest("POST", c.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// apiToken logs in through the API.
func (h *harness) apiToken(username string) string {
	h.t.Helper()
	resp, err := http.Post(h.srv.URL+"/api/v1/login", "application/json", strings.NewReader(`{"username":"`+username+`","password":"`+accesstest.Password+`"}`))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		h.t.Fatalf("api login %s: %d %s", username, resp.StatusCode, b)
	}
	m := regexp.MustCompile(`"token": "([^"]+)"`).FindSubmatch(b)
	return string(m[1])
}

func (h *harness) api(method, path, token string, body io.Reader, ctype string) (*http.Response, string) {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.srv.URL+path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (h *harness) auditCount() int64 {
	n, err := h.f.Store.AuditCount(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

// TestServeFixture serves the fixture for looking at pages by hand:
// ONTSCHOT_WEB_SERVE=127.0.0.1:8099 go test -run TestServeFixture ./internal/web/
func TestServeFixture(t *testing.T) {
	addr := os.Getenv("ONTSCHOT_WEB_SERVE")
	if addr == "" {
		t.Skip("set ONTSCHOT_WEB_SERVE=HOST:PORT to serve the fixture")
	}
	f := accesstest.New(t)
	h, err := New(sourcesOf(f.Store, f.Importer), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("serving fixture on http://%s/ (users analist, hulpverlener, gezin, gezin2, aanbieder, beheer, teamleider; password %s)", addr, accesstest.Password)
	t.Logf("household A: %s", f.HouseholdA)
	http.ListenAndServe(addr, h)
}

// sourcesOf wires the web's narrow views over a test store, as
// cli/serve.go does.
func sourcesOf(st *store.Store, imp *importer.Importer) Sources {
	src := Sources{Gate: access.NewGate(st, nil), Releases: st, Documents: st, ProviderNames: st.ProviderNames, Benchmark: accesstest.NewBenchmark()}
	if imp != nil {
		src.Gate, src.Uploads = access.NewGate(st, imp.Kluis), imp
	}
	return src
}
