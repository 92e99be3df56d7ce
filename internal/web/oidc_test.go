package web

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	zoidc "github.com/zitadel/oidc/v3/pkg/oidc"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/oidclogin"
)

// idpStorage adds a groups claim (the municipality's IdP) and a bsn claim
// (the DigiD broker) to the example provider's userinfo.
type idpStorage struct {
	*storage.Storage
	claims map[string]map[string]any
}

func (s *idpStorage) SetUserinfoFromToken(ctx context.Context, ui *zoidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	for k, v := range s.claims[ui.Subject] {
		ui.AppendClaims(k, v)
	}
	return nil
}

// TestOIDCLogInThroughTheWeb logs staff and a family member in through a
// real OpenID provider (zitadel's op) via the web app's own routes.
func TestOIDCLogInThroughTheWeb(t *testing.T) {
	ctx := context.Background()
	f := accesstest.New(t)
	if _, err := access.CreateUser(ctx, f.Store, access.NewUser{Username: "test-user2", Password: accesstest.Password, Role: access.Analyst, DisplayName: "Analist via IdP"}); err != nil {
		t.Fatal(err)
	}
	app := httptest.NewUnstartedServer(nil)
	appURL := "http://" + app.Listener.Addr().String()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String()
	storage.RegisterClients(storage.WebClient("ontschot-web", "geheim-voor-tests", appURL+"/oidc/medewerker", appURL+"/oidc/digid"))
	st := &idpStorage{Storage: storage.NewStorage(storage.NewUserStore(issuer)), claims: map[string]map[string]any{
		"id1": {"groups": []string{"ontschot-beheer"}, "bsn": accesstest.BSN(1)},
		"id2": {"groups": []string{"ontschot-analisten"}},
	}}
	idp := &http.Server{Handler: exampleop.SetupServer(issuer, st, slog.New(slog.NewTextHandler(io.Discard, nil)), false)}
	go idp.Serve(ln)
	t.Cleanup(func() { idp.Close() })

	staff, err := oidclogin.New(ctx, oidclogin.Config{Issuer: issuer, ClientID: "ontschot-web", ClientSecret: "geheim-voor-tests", RedirectURL: appURL + "/oidc/medewerker",
		Scopes: []string{"profile"}, RoleClaim: "groups", RoleMap: map[string]string{"ontschot-analisten": access.Analyst, "ontschot-beheer": access.Admin}})
	if err != nil {
		t.Fatal(err)
	}
	family, err := oidclogin.New(ctx, oidclogin.Config{Issuer: issuer, ClientID: "ontschot-web", ClientSecret: "geheim-voor-tests", RedirectURL: appURL + "/oidc/digid",
		BSNClaim: "bsn", Pseudonymise: f.Kluis.PseudonymBSN})
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(sourcesOf(f.Store, f.Importer), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), OIDCStaff: staff, OIDCFamily: family})
	if err != nil {
		t.Fatal(err)
	}
	app.Config.Handler = h
	app.Start()
	t.Cleanup(app.Close)

	logIn := func(start, username string) (*http.Response, string, *cookiejar.Jar) {
		jar, _ := cookiejar.New(nil)
		browser := &http.Client{Jar: jar}
		resp, err := browser.Get(appURL + start)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		id := resp.Request.URL.Query().Get("authRequestID")
		if id == "" {
			t.Fatalf("%s did not lead to the provider's log-in page: %s", start, resp.Request.URL)
		}
		resp, err = browser.PostForm(issuer+"/login/username", url.Values{"id": {id}, "username": {username}, "password": {"verysecure"}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(body), jar
	}

	// The log-in page offers both.
	resp, err := http.Get(appURL + "/inloggen")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `href="/inloggen/idp"`) || !strings.Contains(string(page), `href="/inloggen/digid"`) {
		t.Fatal("the log-in page does not link to the identity providers")
	}

	// Staff: the IdP's group maps to analyst, the account exists.
	resp, _, jar := logIn("/inloggen/idp", "test-user2")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Request.URL.Path, roleHome(access.Analyst)) {
		t.Fatalf("staff log-in ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}
	u, _ := url.Parse(appURL)
	if len(jar.Cookies(u)) == 0 {
		t.Fatal("no session cookie after the staff log-in")
	}
	// The IdP says admin, but Ontschot has no such account: refused.
	resp, body, _ := logIn("/inloggen/idp", "test-user@127.0.0.1")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "geen account") {
		t.Fatalf("IdP user without an account: %d", resp.StatusCode)
	}
	// Family: the broker's BSN goes to the kluis and opens the member account of A1.
	resp, _, _ = logIn("/inloggen/digid", "test-user@127.0.0.1")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Request.URL.Path, roleHome(access.Member)) {
		t.Fatalf("family log-in ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}
	// The BSN is nowhere in the audit log.
	var n int
	bsn := accesstest.BSN(1)
	if err := f.Store.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE username LIKE $1 OR detail LIKE $1 OR client LIKE $1`, "%"+bsn+"%").Scan(&n); err != nil || n != 0 {
		t.Fatalf("audit log holds the BSN: %d %v", n, err)
	}
	if err := f.Store.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE event = 'login' AND detail LIKE '%OpenID Connect%'`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d OIDC log-ins in the audit log, want 2 (%v)", n, err)
	}
}
