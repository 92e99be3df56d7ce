package kluis

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startUnix runs a kluis service on a Unix socket in a temporary directory
// and returns its URL, its directory and a function that stops it.
func startUnix(t *testing.T, opts ServiceOptions) (string, string, func()) {
	t.Helper()
	dir := t.TempDir()
	k, err := Open(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	opts.LogPath = filepath.Join(dir, LogFileName)
	svc, err := NewService(k, opts)
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "k.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: svc}
	go srv.Serve(ln)
	stop := func() { srv.Close(); svc.Close() }
	t.Cleanup(stop)
	return "unix://" + sock, dir, stop
}

func TestServiceUnixMatchesLocalKeys(t *testing.T) {
	url, dir, _ := startUnix(t, ServiceOptions{})
	local, err := Open(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	k, err := Dial(context.Background(), url, TLSFiles{})
	if err != nil {
		t.Fatal(err)
	}
	if !k.Remote() || k.keys != nil {
		t.Fatal("a dialled kluis must hold no key")
	}
	var bsns []string
	for i := range 5000 {
		bsns = append(bsns, SyntheticBSN(i))
	}
	got, err := k.Pseudonyms(context.Background(), Person, bsns)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range bsns {
		if got[i] != local.Pseudonym(Person, b) {
			t.Fatalf("row %d: remote pseudonym differs from the service's key", i)
		}
	}
	if p := k.Pseudonym(Address, "3331AA|1"); p != local.Pseudonym(Address, "3331AA|1") {
		t.Fatalf("address pseudonym %q differs", p)
	}
	ref := "ref-" + SyntheticBSN(7) + "-a"
	if k.MaskKey(ref) != local.MaskKey(ref) {
		t.Fatalf("masked key differs: %q vs %q", k.MaskKey(ref), local.MaskKey(ref))
	}
	p, err := k.PseudonymBSN(SyntheticBSN(3))
	if err != nil || p != local.Pseudonym(Person, SyntheticBSN(3)) {
		t.Fatalf("lookup = %q, %v", p, err)
	}
	// The log says who, what and how many, never which BSN or pseudonym.
	n, err := VerifyLog(filepath.Join(dir, LogFileName))
	if err != nil || n < 4 {
		t.Fatalf("log: %d entries, %v", n, err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, LogFileName))
	for _, b := range append(bsns[:50], SyntheticBSN(3), SyntheticBSN(7)) {
		if strings.Contains(string(data), b) || strings.Contains(string(data), b[:8]) {
			t.Fatal("the call log holds a BSN")
		}
	}
	if strings.Contains(string(data), "hp1:") || !strings.Contains(string(data), `"count":5000`) {
		t.Fatalf("log must count, not list: %s", data[:200])
	}
}

func TestServiceLogChainDetectsTampering(t *testing.T) {
	url, dir, _ := startUnix(t, ServiceOptions{})
	k, err := Dial(context.Background(), url, TLSFiles{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := k.PseudonymBSN(SyntheticBSN(i)); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, LogFileName)
	data, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(data), `"count":1`, `"count":2`, 1)), 0o600)
	if _, err := VerifyLog(path); err == nil || !strings.Contains(err.Error(), "regel 1") {
		t.Fatalf("tampered log: %v", err)
	}
}

func TestServiceRateLimitsSingleLookups(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	url, _, _ := startUnix(t, ServiceOptions{LookupsPerMinute: 6, Burst: 3, Now: func() time.Time { return now }})
	k, err := Dial(context.Background(), url, TLSFiles{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := k.PseudonymBSN(SyntheticBSN(i)); err != nil {
			t.Fatalf("look-up %d within the burst: %v", i, err)
		}
	}
	_, err = k.PseudonymBSN(SyntheticBSN(9))
	if err == nil || !strings.Contains(err.Error(), "te veel") {
		t.Fatalf("4th look-up in the same instant: %v, want a rate limit", err)
	}
	// Batches (imports) are not limited by the look-up budget.
	if _, err := k.Pseudonyms(context.Background(), Person, []string{SyntheticBSN(20)}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(10 * time.Second) // 6 a minute: one token back
	if _, err := k.PseudonymBSN(SyntheticBSN(9)); err != nil {
		t.Fatalf("after 10s: %v", err)
	}
}

func TestServiceDownPseudonymisesNothing(t *testing.T) {
	url, _, stop := startUnix(t, ServiceOptions{})
	k, err := Dial(context.Background(), url, TLSFiles{})
	if err != nil {
		t.Fatal(err)
	}
	stop()
	mark := k.Mark()
	if p := k.Pseudonym(Person, SyntheticBSN(1)); p != "" {
		t.Fatalf("pseudonym %q while the service is down", p)
	}
	err = k.FailedSince(mark)
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "niet bereikbaar") || !strings.Contains(err.Error(), "unreachable") {
		t.Fatalf("FailedSince = %v", err)
	}
	if _, err := k.PseudonymBSN(SyntheticBSN(2)); !errors.Is(err, ErrUnreachable) || strings.Contains(err.Error(), SyntheticBSN(2)) {
		t.Fatalf("look-up while down: %v", err)
	}
	if _, err := Dial(context.Background(), url, TLSFiles{}); !errors.Is(err, ErrUnreachable) {
		t.Fatalf("dial while down: %v", err)
	}
}

func TestServiceMutualTLS(t *testing.T) {
	dir := t.TempDir()
	k, err := Open(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	srvCert, srvKey := filepath.Join(dir, "srv.pem"), filepath.Join(dir, "srv-key.pem")
	if err := IssueCert(dir, "kluis", true, []string{"127.0.0.1"}, srvCert, srvKey); err != nil {
		t.Fatal(err)
	}
	cli := t.TempDir()
	cCert, cKey := filepath.Join(cli, "c.pem"), filepath.Join(cli, "c-key.pem")
	if err := IssueCert(dir, "gemeente-testdorp", false, nil, cCert, cKey); err != nil {
		t.Fatal(err)
	}
	tc, err := ServerTLS(dir, srvCert, srvKey)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := NewService(k, ServiceOptions{LogPath: filepath.Join(dir, LogFileName)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: svc, TLSConfig: tc}
	go srv.ServeTLS(ln, "", "")
	t.Cleanup(func() { srv.Close() })
	url := "https://" + ln.Addr().String()
	ca := filepath.Join(dir, CACertFile)

	rk, err := Dial(context.Background(), url, TLSFiles{Cert: cCert, Key: cKey, CA: ca})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rk.Pseudonym(Person, SyntheticBSN(5)), k.Pseudonym(Person, SyntheticBSN(5)); got != want {
		t.Fatalf("mTLS pseudonym %q, want %q", got, want)
	}
	data, _ := os.ReadFile(filepath.Join(dir, LogFileName))
	if !strings.Contains(string(data), `"client":"gemeente-testdorp"`) {
		t.Fatalf("log does not name the client certificate: %s", data)
	}

	// A client certificate from another CA is refused.
	other := t.TempDir()
	oCert, oKey := filepath.Join(other, "o.pem"), filepath.Join(other, "o-key.pem")
	if err := IssueCert(other, "indringer", false, nil, oCert, oKey); err != nil {
		t.Fatal(err)
	}
	if _, err := Dial(context.Background(), url, TLSFiles{Cert: oCert, Key: oKey, CA: ca}); err == nil {
		t.Fatal("a client certificate of another CA was accepted")
	}
	// No client certificate at all: the TLS handshake fails.
	pool, _ := ServerTLS(dir, srvCert, srvKey)
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool.ClientCAs}}}
	if resp, err := c.Get(url + "/v1/versions"); err == nil {
		resp.Body.Close()
		t.Fatal("a request without a client certificate was answered")
	}
}
