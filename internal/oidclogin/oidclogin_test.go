package oidclogin

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	zoidc "github.com/zitadel/oidc/v3/pkg/oidc"

	"github.com/ontschot/ontschot/internal/kluis"
)

// claimStorage is the example provider's storage with the claims a
// municipality's IdP (groups) and a DigiD broker (bsn) add to userinfo.
type claimStorage struct {
	*storage.Storage
	claims map[string]map[string]any // user id → extra claims
}

func (s *claimStorage) SetUserinfoFromToken(ctx context.Context, ui *zoidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	for k, v := range s.claims[ui.Subject] {
		ui.AppendClaims(k, v)
	}
	return nil
}

const redirect = "http://ontschot.test/oidc/callback"

var registerOnce sync.Once

// startProvider runs a real OpenID provider (zitadel's op with its example
// storage and log-in page) on 127.0.0.1.
func startProvider(t *testing.T, claims map[string]map[string]any) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String()
	registerOnce.Do(func() { storage.RegisterClients(storage.WebClient("ontschot", "geheim-voor-tests", redirect)) })
	st := &claimStorage{Storage: storage.NewStorage(storage.NewUserStore(issuer)), claims: claims}
	srv := &http.Server{Handler: exampleop.SetupServer(issuer, st, slog.New(slog.NewTextHandler(io.Discard, nil)), false)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return issuer
}

// logIn drives the browser through the provider's log-in page and returns
// the redirect back to Ontschot.
func logIn(t *testing.T, authURL, issuer, username string) *http.Request {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	var back *http.Request
	browser := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), redirect) {
			back = req
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := browser.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	id := resp.Request.URL.Query().Get("authRequestID")
	if id == "" {
		t.Fatalf("no log-in page: ended at %s", resp.Request.URL)
	}
	resp, err = browser.PostForm(issuer+"/login/username", url.Values{"id": {id}, "username": {username}, "password": {"verysecure"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if back == nil {
		t.Fatalf("the provider did not send the browser back (status %d)", resp.StatusCode)
	}
	r, _ := http.NewRequest(http.MethodGet, back.URL.String(), nil)
	return r
}

func TestStaffLogInWithRoleMapping(t *testing.T) {
	ctx := context.Background()
	issuer := startProvider(t, map[string]map[string]any{
		"id1": {"groups": []string{"alle-medewerkers", "ontschot-analisten"}},
		"id2": {"groups": []string{"alle-medewerkers"}},
	})
	now := time.Now()
	c, err := New(ctx, Config{Issuer: issuer, ClientID: "ontschot", ClientSecret: "geheim-voor-tests", RedirectURL: redirect,
		Scopes: []string{"profile", "email"}, RoleClaim: "groups", RoleMap: map[string]string{"ontschot-analisten": "analyst", "ontschot-beheer": "admin"},
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	auth := c.AuthURL()
	for _, want := range []string{"code_challenge_method=S256", "code_challenge=", "nonce=", "state="} {
		if !strings.Contains(auth, want) {
			t.Fatalf("authorization URL lacks %s: %s", want, auth)
		}
	}
	back := logIn(t, auth, issuer, "test-user@127.0.0.1")
	id, err := c.Finish(ctx, back)
	if err != nil {
		t.Fatal(err)
	}
	if id.Role != "analyst" || id.Subject != "id1" || id.Username == "" {
		t.Fatalf("identity %+v", id)
	}
	// The same redirect again: the state was used up.
	if _, err := c.Finish(ctx, back); !errors.Is(err, ErrState) {
		t.Fatalf("replayed redirect: %v", err)
	}
	// A user without a mapped group has no role.
	if _, err := c.Finish(ctx, logIn(t, c.AuthURL(), issuer, "test-user2")); !errors.Is(err, ErrNoRole) {
		t.Fatalf("user without a mapped group: %v", err)
	}
	// A forged state is refused before any code is exchanged.
	r := logIn(t, c.AuthURL(), issuer, "test-user@127.0.0.1")
	q := r.URL.Query()
	q.Set("state", "vervalst")
	r.URL.RawQuery = q.Encode()
	if _, err := c.Finish(ctx, r); !errors.Is(err, ErrState) {
		t.Fatalf("forged state: %v", err)
	}
	// PKCE: a code exchanged with another verifier is refused by the provider.
	r = logIn(t, c.AuthURL(), issuer, "test-user@127.0.0.1")
	state := r.URL.Query().Get("state")
	c.mu.Lock()
	a := c.pending[state]
	a.verifier = "een-ander-verifier-dat-lang-genoeg-is-om-mee-te-tellen-0123456789"
	c.pending[state] = a
	c.mu.Unlock()
	if _, err := c.Finish(ctx, r); !errors.Is(err, ErrRefused) {
		t.Fatalf("wrong PKCE verifier: %v", err)
	}
	// Nonce: an ID token for another log-in attempt is refused.
	r = logIn(t, c.AuthURL(), issuer, "test-user@127.0.0.1")
	state = r.URL.Query().Get("state")
	c.mu.Lock()
	a = c.pending[state]
	a.nonce = "een-andere-nonce"
	c.pending[state] = a
	c.mu.Unlock()
	if _, err := c.Finish(ctx, r); !errors.Is(err, ErrToken) || !strings.Contains(err.Error(), "nonce") {
		t.Fatalf("wrong nonce: %v", err)
	}

	// The ID token verifies now, not once expired.
	nonce := idNonce(t, id.IDToken)
	if _, err := c.Verify(ctx, id.IDToken, nonce); err != nil {
		t.Fatalf("fresh token: %v", err)
	}
	now = now.Add(3 * time.Hour)
	if _, err := c.Verify(ctx, id.IDToken, nonce); !errors.Is(err, ErrToken) || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("expired token: %v", err)
	}
	now = now.Add(-3 * time.Hour)
	// Signed with another key: refused.
	if _, err := c.Verify(ctx, resign(t, id.IDToken), nonce); !errors.Is(err, ErrToken) {
		t.Fatalf("token signed with another key: %v", err)
	}

	// Log-out at the provider too.
	out := c.LogoutURL(id.IDToken, "")
	if !strings.HasPrefix(out, issuer) || !strings.Contains(out, "id_token_hint=") {
		t.Fatalf("log-out URL %q", out)
	}
	resp, err := http.Get(out)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "signed out") {
		t.Fatalf("log-out at the provider: %d %s", resp.StatusCode, body)
	}
}

func TestFamilyLogInThroughBrokerKeepsNoBSN(t *testing.T) {
	ctx := context.Background()
	bsn := kluis.SyntheticBSN(42)
	issuer := startProvider(t, map[string]map[string]any{"id2": {"bsn": bsn}})
	k := kluis.New([]byte("person-key-for-tests-0123456789ab"), []byte("address-key-for-tests-0123456789"))
	c, err := New(ctx, Config{Issuer: issuer, ClientID: "ontschot", ClientSecret: "geheim-voor-tests", RedirectURL: redirect,
		BSNClaim: "bsn", Pseudonymise: k.PseudonymBSN})
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.Finish(ctx, logIn(t, c.AuthURL(), issuer, "test-user2"))
	if err != nil {
		t.Fatal(err)
	}
	if id.Person != k.Pseudonym(kluis.Person, bsn) || id.Role != "" || id.Username != "" {
		t.Fatalf("family identity %+v", id)
	}
	if strings.Contains(id.Subject+id.Person+id.Username, bsn) {
		t.Fatal("the identity holds the BSN")
	}
	// Without a BSN claim there is no family log-in.
	if _, err := c.Finish(ctx, logIn(t, c.AuthURL(), issuer, "test-user@127.0.0.1")); !errors.Is(err, ErrNoBSN) {
		t.Fatalf("no BSN claim: %v", err)
	}
}

func idNonce(t *testing.T, raw string) string {
	t.Helper()
	parts := strings.Split(raw, ".")
	b, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var c struct {
		Nonce string `json:"nonce"`
	}
	if err := jsonUnmarshal(b, &c); err != nil || c.Nonce == "" {
		t.Fatalf("token without nonce: %v", err)
	}
	return c.Nonce
}

// resign replaces the token's signature with one from a key the provider
// never published.
func resign(t *testing.T, raw string) string {
	t.Helper()
	parts := strings.Split(raw, ".")
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
