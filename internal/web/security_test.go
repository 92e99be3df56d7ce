package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// The attacks of issue 11, one test each: every test performs the attack
// and asserts that it now does no harm.

func newHarnessWith(t *testing.T, opts Options) *harness {
	t.Helper()
	f := accesstest.New(t)
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := New(sourcesOf(f.Store, f.Importer), opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &harness{t: t, f: f, srv: srv}
}

func dirSize(t *testing.T, dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// bigMultipart is a form with a csrf field and a file of size bytes.
func bigMultipart(csrf string, size int, fileFirst bool) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	writeFile := func() {
		fw, _ := mw.CreateFormFile("bestand", "groot.csv")
		fw.Write(bytes.Repeat([]byte("a,"), size/2))
	}
	if fileFirst {
		writeFile()
	}
	if csrf != "" {
		mw.WriteField("csrf", csrf)
	}
	if !fileFirst {
		writeFile()
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// Issue 11.2: an anonymous multipart POST must not reach the disk.
func TestAttackDiskFillWithoutLogin(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	h := newHarnessWith(t, Options{MaxUploadBytes: 1 << 20})
	for _, path := range []string{"/doesnotexist", "/mijn/feedback", "/aanlevering", "/inloggen"} {
		body, ctype := bigMultipart("", 6<<20, false)
		req, _ := http.NewRequest("POST", h.srv.URL+path, body)
		req.Header.Set("Content-Type", ctype)
		resp, _ := h.anon().do(req)
		if resp.StatusCode < 300 || resp.StatusCode == http.StatusOK {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		if n := dirSize(t, tmp); n > 0 {
			t.Fatalf("%s: %d bytes left in the temp dir after an anonymous POST", path, n)
		}
	}
	// Logged in, but the body is over the cap and the token is wrong: no
	// file either.
	c := h.login("gezin")
	body, ctype := bigMultipart("fout", 6<<20, false)
	req, _ := http.NewRequest("POST", h.srv.URL+"/mijn/feedback", body)
	req.Header.Set("Content-Type", ctype)
	resp, _ := c.do(req)
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("logged-in big POST: status %d", resp.StatusCode)
	}
	if n := dirSize(t, tmp); n > 0 {
		t.Fatalf("%d bytes left in the temp dir after a logged-in POST", n)
	}
}

// Issue 11.2/11.3: a web upload streams, is capped, and the cap is stated.
func TestAttackUploadOverLimit(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	h := newHarnessWith(t, Options{MaxUploadBytes: 1 << 20})
	c := h.login("aanbieder")
	_, page := c.get("/aanlevering")
	if !strings.Contains(page, "1 MB") {
		t.Errorf("the upload page does not state the limit (1 MB)")
	}
	body, ctype := bigMultipart(c.csrf, 3<<20, false)
	req, _ := http.NewRequest("POST", h.srv.URL+"/aanlevering", body)
	req.Header.Set("Content-Type", ctype)
	resp, text := c.do(req)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(text, "1 MB") {
		t.Fatalf("upload over the limit: %d %.300s", resp.StatusCode, text)
	}
	// The token must come before the file: a file first is not read.
	body, ctype = bigMultipart(c.csrf, 1000, true)
	req, _ = http.NewRequest("POST", h.srv.URL+"/aanlevering", body)
	req.Header.Set("Content-Type", ctype)
	if resp, _ := c.do(req); resp.StatusCode != http.StatusForbidden {
		t.Errorf("file before token: %d, want 403", resp.StatusCode)
	}
	// A good upload still works and leaves nothing behind.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile("bestand", "mei.csv")
	fw.Write([]byte(csvBody + accesstest.AGB1 + ",MEI1," + accesstest.BSN(1) + ",wmo,02,02A01,2025-05-01,2025-05-31,1,04,1000,D\n"))
	mw.Close()
	req, _ = http.NewRequest("POST", h.srv.URL+"/aanlevering", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, text = c.do(req)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/aanlevering/") {
		t.Fatalf("good upload: %d %.300s", resp.StatusCode, text)
	}
	if n := dirSize(t, tmp); n > 0 {
		t.Fatalf("%d bytes left in the temp dir after uploads", n)
	}
}

func loginAttempt(h *harness, user, pw, xff string) int {
	c := h.anon()
	_, body := c.get("/inloggen")
	m := csrfRe.FindStringSubmatch(body)
	req, _ := http.NewRequest("POST", h.srv.URL+"/inloggen", strings.NewReader(url.Values{"csrf": {m[1]}, "gebruikersnaam": {user}, "wachtwoord": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	resp, _ := c.do(req)
	return resp.StatusCode
}

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// Issue 11.4: padded names from ever new (forged) addresses get no fresh attempts.
func TestAttackLoginThrottlePaddedNamesAndForgedAddresses(t *testing.T) {
	h := newHarnessWith(t, Options{TrustProxy: true, TrustedProxies: loopback})
	for i := 0; i < 12; i++ {
		name := strings.Repeat(" ", i) + "beheer" + strings.Repeat(" ", i%3)
		if i%2 == 1 {
			name = strings.ToUpper(name)
		}
		if i%2 == 0 {
			loginAttempt(h, name, "fout-wachtwoord", fmt.Sprintf("10.9.%d.%d", i, i))
			continue
		}
		req, _ := http.NewRequest("POST", h.srv.URL+"/api/v1/login", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":"fout-wachtwoord"}`, name)))
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.9.%d.%d", i, i))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if code := loginAttempt(h, "beheer", "nog-een-gok-123", "10.200.0.1"); code != http.StatusTooManyRequests {
		t.Fatalf("after 12 failures on one account from 12 addresses: %d, want 429", code)
	}
}

func TestClientIPTrustsOnlyConfiguredProxies(t *testing.T) {
	s := &server{opts: Options{TrustProxy: true, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24")}}}
	for _, c := range []struct{ remote, xff, want string }{
		{"192.0.2.7:5000", "1.1.1.1", "192.0.2.7"},                 // not a proxy: header ignored
		{"10.0.0.2:5000", "1.1.1.1, 198.51.100.9", "198.51.100.9"}, // rightmost untrusted
		{"10.0.0.2:5000", "198.51.100.9, 10.0.0.3", "198.51.100.9"},
		{"10.0.0.2:5000", "evil, 10.0.0.3", "10.0.0.3"},
		{"10.0.0.2:5000", "", "10.0.0.2"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := s.clientIP(r); got != c.want {
			t.Errorf("clientIP(%s, %q) = %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
}

// Issue 11.4: failures for other accounts from one office address do not
// lock out a colleague with the right password.
func TestAttackLoginNATLockout(t *testing.T) {
	h := newHarness(t)
	for _, u := range []string{"gezin2", "analist", "aanbieder", "niemand", "gezin2", "analist"} {
		loginAttempt(h, u, "fout-wachtwoord", "")
	}
	if code := loginAttempt(h, "gezin", accesstest.Password, ""); code != http.StatusSeeOther {
		t.Fatalf("right password after colleagues' failures: %d, want 303", code)
	}
}

// Issue 11.4: a restart does not reset the counters.
func TestLoginThrottleSurvivesRestart(t *testing.T) {
	h := newHarness(t)
	for i := 0; i < 12; i++ {
		loginAttempt(h, "beheer", "fout-wachtwoord", "")
	}
	h2, err := New(sourcesOf(h.f.Store, h.f.Importer), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h2)
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/api/v1/login", "application/json", strings.NewReader(`{"username":" BEHEER ","password":"nog-een-gok"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("API log-in after restart: %d, want 429", resp.StatusCode)
	}
}

// Issue 11.5: the redirect after log-in stays on this site.
func TestAttackOpenRedirect(t *testing.T) {
	h := newHarness(t)
	for _, back := range []string{"/\t/evil.example/x", "//evil.example/", "/%09/evil.example/x", "https://evil.example/", "/\\evil.example", "/niet-bestaand", "/\x00/x"} {
		c := h.anon()
		_, body := c.get("/inloggen?terug=" + url.QueryEscape(back))
		m := csrfRe.FindStringSubmatch(body)
		resp, _ := c.post("/inloggen", url.Values{"csrf": {m[1]}, "gebruikersnaam": {"gezin"}, "wachtwoord": {accesstest.Password}, "terug": {back}})
		if loc := resp.Header.Get("Location"); loc != "/mijn" {
			t.Errorf("terug=%q: redirected to %q, want /mijn", back, loc)
		}
	}
	c := h.anon()
	_, body := c.get("/inloggen")
	m := csrfRe.FindStringSubmatch(body)
	resp, _ := c.post("/inloggen", url.Values{"csrf": {m[1]}, "gebruikersnaam": {"gezin"}, "wachtwoord": {accesstest.Password}, "terug": {"/mijn/inzage"}})
	if loc := resp.Header.Get("Location"); loc != "/mijn/inzage" {
		t.Errorf("a known page: redirected to %q", loc)
	}
}

// Issue 11.6: a CSRF-failed log-in with a 64 KB name does not flood the log,
// and repeated anonymous failures collapse.
func TestAttackAuditFlooding(t *testing.T) {
	h := newHarness(t)
	before := h.auditCount()
	long := strings.Repeat("x", 60<<10) // under the log-in body cap: the CSRF check runs
	for i := 0; i < 40; i++ {
		c := h.anon()
		c.post("/inloggen", url.Values{"gebruikersnaam": {long}, "wachtwoord": {"x"}})
	}
	added := h.auditCount() - before
	if added == 0 {
		t.Fatal("the CSRF-failed log-ins left no audit record at all")
	}
	if added > 3 {
		t.Errorf("40 CSRF-failed log-ins wrote %d audit records", added)
	}
	recs, _ := h.f.Store.RecentAudit(context.Background(), 5)
	for _, r := range recs {
		for _, f := range []string{r.Username, r.Detail, r.Purpose, r.Event, r.Basis} {
			if len(f) > access.MaxAuditField {
				t.Fatalf("audit field of %d bytes: %.80s…", len(f), f)
			}
		}
	}
	if rep, err := access.VerifyAudit(context.Background(), h.f.Store); err != nil || !rep.OK {
		t.Fatalf("audit chain: %+v %v", rep, err)
	}
}

func TestMain(m *testing.M) { storetest.Main(m) }

// dumpStore returns the raw bytes of the SQLite files, or a text dump of
// every PostgreSQL table.
func dumpStore(t *testing.T, s *store.Store, path string) string {
	t.Helper()
	if s.Dialect() == store.SQLite {
		s.DB().Exec(`PRAGMA wal_checkpoint(FULL)`)
		var out []byte
		for _, suffix := range []string{"", "-wal", "-journal"} {
			b, _ := os.ReadFile(path + suffix)
			out = append(out, b...)
		}
		if len(out) == 0 {
			t.Fatal("no database files found")
		}
		return string(out)
	}
	tables, err := s.Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, tbl := range tables {
		rows, err := s.DB().Query(`SELECT t::text FROM ` + tbl + ` t`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var line string
			rows.Scan(&line)
			b.WriteString(line + "\n")
		}
		rows.Close()
	}
	return b.String()
}

// Issue 11.7: a BSN typed as a user name, in feedback or in a plan never
// reaches the store, on either engine.
func TestAttackBSNInFreeText(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store, path string) {
		f := accesstest.Seed(t, st)
		hd, err := New(sourcesOf(f.Store, f.Importer), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(hd)
		defer srv.Close()
		h := &harness{t: t, f: f, srv: srv}
		bsn, bsn2, bsn3 := kluis.SyntheticBSN(4242), kluis.SyntheticBSN(4243), kluis.SyntheticBSN(4244)
		loginAttempt(h, bsn, "fout-wachtwoord", "")
		h.anon().post("/inloggen", url.Values{"gebruikersnaam": {"x" + bsn2}, "wachtwoord": {"x"}}) // CSRF-failed
		mem := h.apiToken("gezin")
		resp, text := h.api("POST", "/api/v1/feedback", mem, strings.NewReader(fmt.Sprintf(`{"person":%q,"agb":%q,"score":4,"body":"Mijn BSN is %s, bel me"}`, f.A1, accesstest.AGB1, bsn3)), "application/json")
		if resp.StatusCode != 201 {
			t.Fatalf("feedback: %d %s", resp.StatusCode, text)
		}
		bsn4 := kluis.SyntheticBSN(4245)
		pro := h.login("hulpverlener")
		if resp, _ := pro.post("/huishoudens/"+f.HouseholdA+"/plan", planForm(pro.csrf, map[string]string{"doel-0-tekst": "Moeder (BSN " + bsn4 + ") aan het werk"})); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("plan: %d", resp.StatusCode)
		}
		dump := dumpStore(t, st, path)
		for _, b := range []string{bsn, bsn2, bsn3, bsn4} {
			if strings.Contains(dump, b) {
				t.Errorf("the database holds BSN %s", kluis.MaskBSN(b))
			}
		}
		for _, b := range []string{bsn3, bsn4} {
			if !strings.Contains(dump, kluis.MaskBSN(b)) {
				t.Errorf("the masked BSN %s is not stored", kluis.MaskBSN(b))
			}
		}
	})
}

// Issue 11.9: weak passwords are refused, also by the admin form.
func TestAttackWeakPasswordInAdminForm(t *testing.T) {
	h := newHarness(t)
	adm := h.login("beheer")
	for _, pw := range []string{"wachtwoord123", "Welkom2025!!", "kort"} {
		resp, body := adm.post("/beheer/gebruikers", url.Values{"csrf": {adm.csrf}, "gebruikersnaam": {"nieuwe.collega"}, "rol": {"analyst"}, "wachtwoord": {pw}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "wachtwoord") {
			t.Errorf("weak password %q: %d", pw, resp.StatusCode)
		}
	}
	if _, err := h.f.Store.UserByName(context.Background(), "nieuwe.collega"); err == nil {
		t.Fatal("a user with a weak password was created")
	}
}

// Issue 11.9: a user changes their password; the old one and their other
// sessions stop working.
func TestChangePassword(t *testing.T) {
	h := newHarness(t)
	other := h.apiToken("analist")
	c := h.login("analist")
	resp, page := c.get("/wachtwoord")
	if resp.StatusCode != 200 || !strings.Contains(page, `name="nieuw"`) {
		t.Fatalf("password page: %d", resp.StatusCode)
	}
	csrf := csrfRe.FindStringSubmatch(page)[1]
	if resp, _ := c.post("/wachtwoord", url.Values{"csrf": {csrf}, "huidig": {"fout"}, "nieuw": {"paars-fietsbel-onweer"}, "herhaal": {"paars-fietsbel-onweer"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("wrong current password: %d", resp.StatusCode)
	}
	if resp, _ := c.post("/wachtwoord", url.Values{"csrf": {csrf}, "huidig": {accesstest.Password}, "nieuw": {"wachtwoord123"}, "herhaal": {"wachtwoord123"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("weak new password: %d", resp.StatusCode)
	}
	resp, _ = c.post("/wachtwoord", url.Values{"csrf": {csrf}, "huidig": {accesstest.Password}, "nieuw": {"paars-fietsbel-onweer"}, "herhaal": {"paars-fietsbel-onweer"}})
	if resp.StatusCode != 200 {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	if resp, _ := c.get("/gemeente/2025"); resp.StatusCode != 200 {
		t.Errorf("the session that changed the password ended: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := h.api("GET", "/api/v1/releases", other, nil, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("another session survived the password change: %d", resp.StatusCode)
	}
	if code := loginAttempt(h, "analist", accesstest.Password, ""); code != http.StatusUnauthorized {
		t.Errorf("old password: %d", code)
	}
	if code := loginAttempt(h, "analist", "paars-fietsbel-onweer", ""); code != http.StatusSeeOther {
		t.Errorf("new password: %d", code)
	}
}

// Issue 11.9: an admin disables a user: sessions and tokens end at once.
func TestAdminDisablesUser(t *testing.T) {
	h := newHarness(t)
	tok := h.apiToken("aanbieder")
	web := h.login("aanbieder")
	adm := h.login("beheer")
	id := h.f.Users["provider"].UserID
	resp, _ := adm.post(fmt.Sprintf("/beheer/gebruikers/%d/blokkeren", id), url.Values{"csrf": {adm.csrf}})
	if resp.StatusCode != 200 {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	if resp, _ := h.api("GET", "/api/v1/uploads", tok, nil, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("API token after disable: %d", resp.StatusCode)
	}
	if resp, _ := web.get("/aanlevering"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("web session after disable: %d", resp.StatusCode)
	}
	if code := loginAttempt(h, "aanbieder", accesstest.Password, ""); code != http.StatusUnauthorized {
		t.Errorf("log-in after disable: %d", code)
	}
	n := 0
	h.f.Store.DB().QueryRow(`SELECT COUNT(*) FROM sessions WHERE user_id = $1`, id).Scan(&n)
	if n != 0 {
		t.Errorf("%d sessions left", n)
	}
}

// Issue 11.9: expired sessions are purged.
func TestExpiredSessionsPurged(t *testing.T) {
	h := newHarness(t)
	st := h.f.Store
	if err := st.InsertSession(context.Background(), "old-session-hash", h.f.Users["analyst"].UserID, access.SessionWeb, "x", time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	h.login("gezin")
	n := -1
	st.DB().QueryRow(`SELECT COUNT(*) FROM sessions WHERE token_hash = 'old-session-hash'`).Scan(&n)
	if n != 0 {
		t.Fatalf("expired session still stored (%d)", n)
	}
}

// Issue 11.9: a provider's machine token uploads and reads its upload
// reports, nothing else.
func TestAttackUploadTokenScope(t *testing.T) {
	h := newHarness(t)
	c := h.login("aanbieder")
	_, page := c.post("/aanlevering/token", url.Values{"csrf": {c.csrf}})
	m := regexp.MustCompile(`<code id="token">([^<]+)</code>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no token on the page")
	}
	tok := m[1]
	if resp, body := h.api("GET", "/api/v1/feedback", tok, nil, ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("token reads feedback: %d %s", resp.StatusCode, body)
	}
	if resp, _ := h.api("GET", "/api/v1/uploads", tok, nil, ""); resp.StatusCode != 200 {
		t.Errorf("token lists uploads: %d", resp.StatusCode)
	}
}

// Issue 11.10: one helper builds every download name; input cannot break
// out of it.
func TestAttackDownloadFileName(t *testing.T) {
	h := newHarness(t)
	c := h.login("analist")
	resp, _ := c.get("/gemeente/2025/tabel.csv?niveau=buurt&in=" + url.QueryEscape(`x";filename="e.exe`))
	cd := resp.Header.Get("Content-Disposition")
	if cd == "" {
		t.Fatalf("no Content-Disposition (status %d)", resp.StatusCode)
	}
	_, params, err := mime.ParseMediaType(cd)
	if err != nil || strings.ContainsAny(params["filename"], "\"\\/;\r\n ") || strings.Contains(cd, `"e.exe"`) || params["filename"] == "e.exe" {
		t.Fatalf("Content-Disposition %q: %v %v", cd, params, err)
	}
	for _, in := range []string{"ontschot-2025-v1-buurt-total.csv", "a\"b.csv", "../../etc/passwd", "rapport 2025 (1).pdf", "x\r\ny"} {
		got := downloadName(in)
		if got == "" || strings.ContainsAny(got, "\"\\/;\r\n ") {
			t.Errorf("downloadName(%q) = %q", in, got)
		}
	}
}

// Issue 11.10: a provider cannot tell an existing upload of another
// provider from one that does not exist.
func TestAttackUploadIDProbe(t *testing.T) {
	h := newHarness(t)
	tok := h.apiToken("aanbieder")
	r1, b1 := h.api("GET", fmt.Sprintf("/api/v1/uploads/%d", h.f.ImportAGB2), tok, nil, "")
	r2, b2 := h.api("GET", "/api/v1/uploads/987654", tok, nil, "")
	if r1.StatusCode != r2.StatusCode || b1 != b2 {
		t.Fatalf("existing: %d %s\nmissing: %d %s", r1.StatusCode, b1, r2.StatusCode, b2)
	}
}

// Issue 11.10: audit records carry the source address and the session
// (NEN 7513); a family's access log shows the reads of others, not its own
// page views.
func TestAuditSourceSessionAndFamilyLog(t *testing.T) {
	h := newHarness(t)
	pro := h.login("hulpverlener")
	if resp, _ := pro.get("/huishoudens/" + h.f.HouseholdA); resp.StatusCode != 200 {
		t.Fatalf("household: %d", resp.StatusCode)
	}
	recs, _ := h.f.Store.RecentAudit(context.Background(), 1)
	if recs[0].Source != "127.0.0.1" || len(recs[0].Session) < 8 || recs[0].Username != "hulpverlener" {
		t.Fatalf("last record %+v: want source 127.0.0.1 and a session", recs[0])
	}
	fam := h.login("gezin")
	fam.get("/mijn")
	fam.get("/mijn/inzage")
	_, page := fam.get("/mijn/inzage")
	if strings.Contains(page, "Uzelf") || strings.Contains(page, "bekeek dit overzicht") {
		t.Errorf("the family's own page views are in its access log")
	}
	if !strings.Contains(page, "hulpverlener") {
		t.Errorf("the professional's read is not in the family's access log")
	}
	if rep, err := access.VerifyAudit(context.Background(), h.f.Store); err != nil || !rep.OK {
		t.Fatalf("audit chain: %+v %v", rep, err)
	}
}

// approveAll approves every waiting assignment as the fixture's teamleider.
func approveAll(t *testing.T, h *harness) {
	t.Helper()
	as, err := h.f.Store.Assignments(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.ApprovedBy == "" && a.Household != "" {
			if err := access.ApproveAssignment(context.Background(), h.f.Store, a.ID, h.f.Users[access.TeamLead]); err != nil {
				t.Fatal(err)
			}
		}
	}
}
