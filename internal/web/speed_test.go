package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/store"
)

// benchStore opens the database named by ONTSCHOT_BENCH_DB (e.g. the one
// `ontschot demo` made), or skips.
func benchStore(tb testing.TB) *store.Store {
	path := os.Getenv("ONTSCHOT_BENCH_DB")
	if path == "" {
		tb.Skip("set ONTSCHOT_BENCH_DB to a database made by `ontschot demo` (e.g. ontschot-data/ontschot.db)")
	}
	st, err := store.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkBuurtMap renders the buurt-level map page of the latest release
// of the demo, server-side, through the whole handler stack.
//
//	ONTSCHOT_BENCH_DB=$PWD/ontschot-data/ontschot.db go test -run '^$' -bench BuurtMap ./internal/web/
func BenchmarkBuurtMap(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	rels, err := st.Releases(ctx)
	if err != nil || len(rels) == 0 {
		b.Skip("no releases in the bench database")
	}
	h, err := New(sourcesOf(st, nil), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	name := fmt.Sprintf("bench-analist-%d", time.Now().UnixNano())
	id, err := access.CreateUser(ctx, st, access.NewUser{Username: name, Password: "bench-password-123", Role: access.Analyst})
	if err != nil {
		b.Fatal(err)
	}
	tok, _, err := access.NewSession(ctx, st, id, access.SessionWeb)
	if err != nil {
		b.Fatal(err)
	}
	path := "/gemeente/" + url.PathEscape(rels[0].Period) + "?niveau=buurt&maat=bedrag&naar=total"
	do := func() time.Duration {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		d := time.Since(start)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
		return d
	}
	do() // warm the area cache, as a running server has it
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ds = append(ds, do())
	}
	b.StopTimer()
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "ms-median")
}

// TestLoadAnalyst runs 50 concurrent analysts for 60 s against a running
// server (ONTSCHOT_LOAD_URL, users ONTSCHOT_LOAD_USER/ONTSCHOT_LOAD_PASSWORD)
// and reports p50/p95 and errors. It is the load tool of docs/web.md.
func TestLoadAnalyst(t *testing.T) {
	base := os.Getenv("ONTSCHOT_LOAD_URL")
	if base == "" {
		t.Skip("set ONTSCHOT_LOAD_URL (and ONTSCHOT_LOAD_USER, ONTSCHOT_LOAD_PASSWORD) to run the load test")
	}
	users, _ := strconv.Atoi(os.Getenv("ONTSCHOT_LOAD_USERS"))
	if users == 0 {
		users = 50
	}
	dur := 60 * time.Second
	if d, err := time.ParseDuration(os.Getenv("ONTSCHOT_LOAD_DURATION")); err == nil {
		dur = d
	}
	period := os.Getenv("ONTSCHOT_LOAD_PERIOD")
	pages := []string{
		"/gemeente/" + period + "?niveau=wijk", "/gemeente/" + period + "?niveau=buurt",
		"/gemeente/" + period + "?niveau=buurt&maat=per1000&naar=geldstroom",
		"/gemeente/" + period + "/concentratie", "/gemeente/trend?niveau=buurt",
		"/gemeente/" + period + "/tabel.csv?niveau=buurt",
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	login := func() *http.Client {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
		resp, err := c.Get(base + "/inloggen")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := csrf.FindSubmatch(body)
		resp, err = c.PostForm(base+"/inloggen", url.Values{"csrf": {string(m[1])}, "gebruikersnaam": {os.Getenv("ONTSCHOT_LOAD_USER")}, "wachtwoord": {os.Getenv("ONTSCHOT_LOAD_PASSWORD")}})
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("log-in: %v %v", err, resp)
		}
		resp.Body.Close()
		return c
	}
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	var wg sync.WaitGroup
	stop := time.Now().Add(dur)
	for u := 0; u < users; u++ {
		c := login()
		wg.Add(1)
		go func(u int) {
			defer wg.Done()
			for i := u; time.Now().Before(stop); i++ {
				start := time.Now()
				resp, err := c.Get(base + pages[i%len(pages)])
				ok := err == nil && resp.StatusCode == 200
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				if !ok {
					errs++
				}
				mu.Unlock()
			}
		}(u)
	}
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
	t.Logf("load: %d users, %s, %d requests (%.0f/s), %d errors, p50 %s, p95 %s, p99 %s, max %s",
		users, dur, len(lat), float64(len(lat))/dur.Seconds(), errs, q(0.5).Round(time.Millisecond/10), q(0.95).Round(time.Millisecond/10), q(0.99).Round(time.Millisecond/10), lat[len(lat)-1].Round(time.Millisecond))
	if errs > 0 {
		t.Errorf("%d errors", errs)
	}
}
