// Package oidclogin logs people in through an OpenID Connect identity
// provider: staff through the municipality's IdP (Entra ID, Keycloak,
// ADFS), families through a DigiD broker. It runs the authorization code
// flow with PKCE (S256), a one-time state and a nonce, verifies the ID
// token (signature against the IdP's published keys, issuer, audience,
// expiry, nonce), and maps a groups/roles claim to an Ontschot role.
//
// A family's BSN claim is handed to the kluis at once (Config.Pseudonymise)
// and only the pseudonym leaves this package: the BSN is never stored,
// logged or returned.
package oidclogin

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Config configures one identity provider.
type Config struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	Scopes       []string // besides openid; e.g. profile, groups
	// RoleClaim names the claim that lists the user's groups or roles
	// (e.g. "groups", "roles"); RoleMap maps its values to Ontschot roles.
	// The first value with a mapping wins; none means no access.
	RoleClaim string
	RoleMap   map[string]string
	// BSNClaim, for a DigiD broker, names the claim with the BSN (e.g.
	// "bsn"); Pseudonymise turns it into a person pseudonym (the kluis).
	BSNClaim     string
	Pseudonymise func(bsn string) (string, error)
	// Now is the clock for token expiry (tests); default time.Now.
	Now func() time.Time
}

// Identity is who logged in. It never holds a BSN.
type Identity struct {
	Subject  string // the IdP's subject
	Username string // preferred_username, else email, else subject
	Role     string // the Ontschot role from RoleMap ("" for a family log-in)
	Person   string // person pseudonym from the BSN claim (family log-in)
	IDToken  string // raw ID token, as id_token_hint for log-out
}

// Errors of a log-in. Their texts never hold a BSN or a token.
var (
	ErrState   = errors.New("inlogpoging onbekend of verlopen; begin opnieuw / unknown or expired log-in attempt")
	ErrNoRole  = errors.New("uw account heeft geen rol in Ontschot / your account has no Ontschot role")
	ErrToken   = errors.New("het identiteitsbewijs van de inlogdienst is ongeldig / the identity token is invalid")
	ErrNoBSN   = errors.New("de inlogdienst gaf geen BSN / the log-in service returned no BSN")
	ErrRefused = errors.New("de inlogdienst weigerde het inloggen / the identity provider refused the log-in")
)

// Client is one configured identity provider.
type Client struct {
	cfg      Config
	provider *oidc.Provider
	verifier *oidc.IDTokenVerifier
	oauth    oauth2.Config
	endSess  string

	mu      sync.Mutex
	pending map[string]attempt // state → attempt
}

type attempt struct {
	nonce, verifier string
	expires         time.Time
}

// New discovers the provider at cfg.Issuer.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("inlogdienst %s niet te bereiken of onjuist ingesteld / identity provider discovery failed: %w", cfg.Issuer, err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	p.Claims(&meta)
	c := &Client{cfg: cfg, provider: p, endSess: meta.EndSession, pending: map[string]attempt{},
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: cfg.Now}),
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: append([]string{oidc.ScopeOpenID}, cfg.Scopes...)}}
	return c, nil
}

func random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// AuthURL starts a log-in: it remembers a one-time state with its nonce
// and PKCE verifier (ten minutes) and returns where to send the browser.
func (c *Client) AuthURL() string {
	state, nonce, verifier := random(), random(), oauth2.GenerateVerifier()
	now := c.cfg.Now()
	c.mu.Lock()
	for s, a := range c.pending {
		if now.After(a.expires) {
			delete(c.pending, s)
		}
	}
	c.pending[state] = attempt{nonce: nonce, verifier: verifier, expires: now.Add(10 * time.Minute)}
	c.mu.Unlock()
	return c.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
}

// Finish completes a log-in from the redirect request: the state must be
// one this client issued and not yet used, the code is exchanged with the
// PKCE verifier, and the ID token must verify and carry the nonce.
func (c *Client) Finish(ctx context.Context, r *http.Request) (Identity, error) {
	q := r.URL.Query()
	if q.Get("error") != "" {
		return Identity{}, ErrRefused
	}
	state := q.Get("state")
	c.mu.Lock()
	a, ok := c.pending[state]
	delete(c.pending, state) // one use only
	c.mu.Unlock()
	if !ok || state == "" || c.cfg.Now().After(a.expires) {
		return Identity{}, ErrState
	}
	tok, err := c.oauth.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(a.verifier))
	if err != nil {
		return Identity{}, ErrRefused
	}
	raw, _ := tok.Extra("id_token").(string)
	id, err := c.Verify(ctx, raw, a.nonce)
	if err != nil {
		return Identity{}, err
	}
	claims := map[string]any{}
	if ui, err := c.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
		if ui.Subject != id.Subject {
			return Identity{}, ErrToken
		}
		ui.Claims(&claims)
	}
	return c.identity(id, raw, claims)
}

// Verify checks a raw ID token: signature, issuer, audience, expiry and
// nonce.
func (c *Client) Verify(ctx context.Context, raw, nonce string) (*oidc.IDToken, error) {
	if raw == "" {
		return nil, ErrToken
	}
	id, err := c.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", ErrToken, reason(err))
	}
	if id.Nonce != nonce {
		return nil, fmt.Errorf("%w (nonce)", ErrToken)
	}
	return id, nil
}

func reason(err error) string {
	var exp *oidc.TokenExpiredError
	if errors.As(err, &exp) {
		return "verlopen / expired"
	}
	return "handtekening, uitgever of doelgroep / signature, issuer or audience"
}

func (c *Client) identity(id *oidc.IDToken, raw string, userinfo map[string]any) (Identity, error) {
	claims := map[string]any{}
	if err := id.Claims(&claims); err != nil {
		return Identity{}, ErrToken
	}
	for k, v := range userinfo {
		if _, ok := claims[k]; !ok {
			claims[k] = v
		}
	}
	out := Identity{Subject: id.Subject, IDToken: raw}
	for _, k := range []string{"preferred_username", "email"} {
		if s, _ := claims[k].(string); s != "" && out.Username == "" {
			out.Username = s
		}
	}
	if out.Username == "" {
		out.Username = id.Subject
	}
	if c.cfg.BSNClaim != "" {
		bsn, _ := claims[c.cfg.BSNClaim].(string)
		delete(claims, c.cfg.BSNClaim)
		if bsn == "" || c.cfg.Pseudonymise == nil {
			return Identity{}, ErrNoBSN
		}
		p, err := c.cfg.Pseudonymise(bsn)
		if err != nil {
			return Identity{}, err // kluis errors never hold the BSN
		}
		out.Person = p
		out.Username = "" // a family member is known by pseudonym only
		return out, nil
	}
	for _, g := range stringList(claims[c.cfg.RoleClaim]) {
		if role, ok := c.cfg.RoleMap[g]; ok {
			out.Role = role
			return out, nil
		}
	}
	return Identity{}, ErrNoRole
}

func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// LogoutURL is where to send the browser to end the session at the IdP
// too (RP-initiated log-out), or "" when the IdP offers none.
func (c *Client) LogoutURL(idToken, after string) string {
	if c.endSess == "" {
		return ""
	}
	q := url.Values{"client_id": {c.cfg.ClientID}}
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	if after != "" {
		q.Set("post_logout_redirect_uri", after)
	}
	return c.endSess + "?" + q.Encode()
}
