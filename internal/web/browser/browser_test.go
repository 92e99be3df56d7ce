// Package browser holds Ontschot's browser tests: a real Chromium logs in as
// each role, walks the main pages, drills down the map, uploads a file with
// a bad row, gives feedback, saves screenshots and runs axe-core on every
// page. They live apart from the handler tests because they need a browser;
// without one they skip and say so.
package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/web"
)

func repoRoot(t *testing.T) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

func findChromium() string {
	if p := os.Getenv("ONTSCHOT_CHROME"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

type env struct {
	t         *testing.T
	base      string
	f         *accesstest.Fixture
	opts      []chromedp.ExecAllocatorOption
	artifacts string
	axe       string
}

func setup(t *testing.T) *env {
	chrome := findChromium()
	if chrome == "" {
		t.Skip("BROWSER TESTS SKIPPED: no chromium binary found (apt-get install chromium, or set ONTSCHOT_CHROME); .ci/run installs it")
	}
	root := repoRoot(t)
	e := &env{t: t}
	if b, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js")); err == nil {
		e.axe = string(b)
	} else {
		t.Log("ACCESSIBILITY CHECK SKIPPED: node_modules/axe-core is missing (run npm ci at the repo root)")
	}
	e.artifacts = os.Getenv("ONTSCHOT_ARTIFACTS")
	if e.artifacts == "" {
		e.artifacts = filepath.Join(root, "test-artifacts")
	}
	e.artifacts = filepath.Join(e.artifacts, "browser")
	os.MkdirAll(e.artifacts, 0o755)

	e.f = accesstest.New(t)
	st := e.f.Store
	src := web.Sources{Gate: access.NewGate(st, e.f.Importer.Kluis), Releases: st, Documents: st, Uploads: e.f.Importer, ProviderNames: st.ProviderNames, Benchmark: accesstest.NewBenchmark()}
	h, err := web.New(src, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e.base = srv.URL
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900))
	e.opts = opts
	return e
}

// session is a browser of its own (own profile, own cookies).
func (e *env) session() (context.Context, context.CancelFunc) {
	dir, _ := os.MkdirTemp("", "ontschot-chrome-")
	alloc, cancel0 := chromedp.NewExecAllocator(context.Background(), append(e.opts, chromedp.UserDataDir(dir))...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancel2 := context.WithTimeout(ctx, envTimeout()) // a loaded CI machine walks the analyst pages slowly
	return ctx, func() { cancel2(); cancel(); cancel0(); os.RemoveAll(dir) }
}

func (e *env) run(ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		e.t.Fatal(err)
	}
}

// get runs one action that returns a value.
func get[T any](e *env, ctx context.Context, a chromedp.Action[T]) T {
	e.t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func (e *env) login(ctx context.Context, user string) {
	e.t.Helper()
	e.run(ctx,
		chromedp.Navigate(e.base+"/inloggen"),
		chromedp.WaitVisible(chromedp.CSS(`#gebruikersnaam`)),
		chromedp.SendKeys(chromedp.CSS(`#gebruikersnaam`), user),
		chromedp.SendKeys(chromedp.CSS(`#wachtwoord`), accesstest.Password),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.ontschot-role`)),
	)
}

// check photographs the current page at 1280 and at 390 px wide (a phone),
// runs axe-core at both widths and fails on a violation of any impact, and
// on a phone fails when the page scrolls sideways (a table may scroll
// inside its frame, the page may not).
func (e *env) check(ctx context.Context, name string) {
	e.t.Helper()
	for _, w := range []struct {
		suffix string
		width  int64
		height int64
		mobile bool
	}{{"1280", 1280, 900, false}, {"390", 390, 844, true}} {
		opts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
		if w.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(1))
		}
		e.run(ctx, chromedp.EmulateViewport(w.width, w.height, opts...))
		shot := name + "-" + w.suffix
		png := get(e, ctx, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(e.artifacts, shot+".png"), png, 0o644); err != nil {
			e.t.Fatal(err)
		}
		if w.mobile {
			over := get(e, ctx, chromedp.Evaluate[string](`(() => {
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= vw) return "";
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    if (r.right <= vw + 1) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
    }
    return true;
  }).slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
  return document.documentElement.scrollWidth + "px wide: " + wide.join(", ");
})()`))
			if over != "" {
				e.t.Errorf("%s: the page scrolls sideways at 390 px, %s", shot, over)
			}
		}
		if e.axe == "" {
			continue
		}
		script := e.axe + `;
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}}).then(r => JSON.stringify(
  r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))`
		res := get(e, ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
		var viol []map[string]any
		json.Unmarshal([]byte(res), &viol)
		if len(viol) > 0 {
			b, _ := json.MarshalIndent(viol, "", "  ")
			e.t.Errorf("axe: %s has %d violations:\n%s", shot, len(viol), b)
		}
		os.WriteFile(filepath.Join(e.artifacts, shot+".axe.json"), []byte(res), 0o644)
	}
	e.run(ctx, chromedp.EmulateViewport(1280, 900))
}

func (e *env) visit(ctx context.Context, path, wait, name string) {
	e.t.Helper()
	e.run(ctx, chromedp.Navigate(e.base+path), chromedp.WaitVisible(chromedp.CSS(wait)))
	e.check(ctx, name)
}

func TestBrowser(t *testing.T) {
	e := setup(t)

	t.Run("anonymous", func(t *testing.T) {
		ctx, cancel := e.session()
		defer cancel()
		e.t = t
		e.visit(ctx, "/inloggen", "#gebruikersnaam", "00-inloggen")
		e.visit(ctx, "/toegankelijkheid", "h1", "00-toegankelijkheid")
		e.visit(ctx, "/bestaat-niet", "h1", "01-niet-gevonden")
	})

	t.Run("analyst", func(t *testing.T) {
		e.t = t
		ctx, cancel := e.session()
		defer cancel()
		e.login(ctx, "analist")
		e.check(ctx, "10-gemeente-wijk")
		// Drill down: click the first wijk, then the first buurt.
		e.run(ctx, chromedp.Click(chromedp.CSS(`svg.map a.area`)), chromedp.WaitVisible(chromedp.CSS(`#tabel`)))
		loc := get(e, ctx, chromedp.Location())
		if !strings.Contains(loc, "niveau=buurt") {
			t.Fatalf("drill-down to buurt went to %s", loc)
		}
		e.check(ctx, "11-gemeente-buurt")
		e.run(ctx, chromedp.Click(chromedp.CSS(`svg.map a.area`)), chromedp.WaitVisible(chromedp.CSS(`#tabel`)))
		loc = get(e, ctx, chromedp.Location())
		if !strings.Contains(loc, "niveau=blok") {
			t.Fatalf("drill-down to blok went to %s", loc)
		}
		e.check(ctx, "12-gemeente-blok")
		e.visit(ctx, "/gemeente/2025?niveau=buurt&maat=per1000", "#tabel", "13-gemeente-buurt-per1000")
		e.visit(ctx, "/gemeente/2025/trajecten", "#h-cellen", "17-gemeente-trajecten")
		e.visit(ctx, "/gemeente/vergelijking", "#h-groei", "18-gemeente-vergelijking")
		e.visit(ctx, "/gemeente/2025?niveau=wijk&naar=zorgsoort&categorie=45", "#tabel", "14-gemeente-zorgsoort")
		e.visit(ctx, "/gemeente/2025/concentratie", "h1", "15-concentratie")
		e.visit(ctx, "/gemeente/trend?niveau=buurt", "h1", "16-trend")
		e.visit(ctx, "/gemeente/2025/concentratie?niveau=buurt&gebied=WK000101", "h1", "17-concentratie-wijk")
		e.visit(ctx, "/gemeente/verschil?niveau=wijk&gebied=WK000101", "h1", "18-verschil-in-verschil")
		e.visit(ctx, "/gemeente/2025?niveau=buurt&in=WK000101&sorteer=-bedrag", "#tabel", "19-gemeente-gesorteerd")
		e.visit(ctx, "/businesscases", "h1", "1a-businesscases")
		e.visit(ctx, "/businesscases/nieuw", "h1", "1b-businesscase-nieuw")
		e.visit(ctx, "/wachtwoord", "h1", "1c-wachtwoord")
		// The analyst tries a household: 403.
		e.run(ctx, chromedp.Navigate(e.base+"/huishoudens/"+e.f.HouseholdA))
		body := get(e, ctx, chromedp.Text(chromedp.CSS(`main`)))
		if !strings.Contains(body, "Geen toegang") {
			t.Errorf("analyst on a household page sees: %s", body)
		}
	})

	// The funding pages (issue 13) in a session of their own: the analyst's
	// walk above fills most of its 90 seconds on a busy machine.
	t.Run("analyst funding", func(t *testing.T) {
		e.t = t
		ctx, cancel := e.session()
		defer cancel()
		e.login(ctx, "analist")
		e.visit(ctx, "/gemeente/2025/financiering", "#contracten", "1d-financiering")
		e.visit(ctx, "/gemeente/2025/financiering/"+accesstest.ContractPooled, "#partners", "1e-financiering-wijkbudget")
		e.visit(ctx, "/gemeente/2025/financiering/"+accesstest.ContractResults, "#resultaten", "1f-financiering-resultaat")
		e.visit(ctx, "/gemeente/2025/financiering/"+accesstest.ContractSmall, "h1", "1g-financiering-onderdrukt")
		e.visit(ctx, "/gemeente/2025/populatiebudget", "#populatie", "1h-populatiebudget")
		e.visit(ctx, "/gemeente/2024/populatiebudget", "h1", "1i-populatiebudget-zonder")
		e.visit(ctx, "/gemeente/2025?niveau=wijk", "#lumpsum", "1j-gemeente-lumpsum")
	})

	// In a session of its own: the analyst's walk above is long already.
	t.Run("analyst stacking", func(t *testing.T) {
		e.t = t
		ctx, cancel := e.session()
		defer cancel()
		e.login(ctx, "analist")
		e.visit(ctx, "/gemeente/2025/stapeling", "#h-gebieden", "1k-gemeente-stapeling")
		e.visit(ctx, "/gemeente/2025/stapeling?niveau=buurt", "#h-gebieden", "1l-gemeente-stapeling-buurt")
	})

	t.Run("member gives feedback, professional reads it", func(t *testing.T) {
		e.t = t
		ctx, cancel := e.session()
		defer cancel()
		e.login(ctx, "gezin")
		e.check(ctx, "20-gezin-portaal")
		e.run(ctx,
			chromedp.SetValue(chromedp.CSS(`#doel`), e.f.AChild+"|agb:"+accesstest.AGB1),
			chromedp.Click(chromedp.CSS(`input[name=score][value="5"]`)),
			chromedp.SendKeys(chromedp.CSS(`#toelichting`), "Onze zoon gaat met plezier naar de begeleiding."),
			chromedp.Submit(chromedp.CSS(`#toelichting`)),
			chromedp.WaitVisible(chromedp.CSS(`.utrecht-alert--ok`)),
		)
		e.check(ctx, "21-gezin-feedback-verstuurd")
		// Klopt er iets niet? The family asks for a correction — from a
		// fresh page, so the feedback's alert cannot answer for it.
		e.run(ctx,
			chromedp.Navigate(e.base+"/mijn"), chromedp.WaitVisible(chromedp.CSS(`#vraag`)),
			chromedp.SetValue(chromedp.CSS(`#over`), e.f.AChild),
			chromedp.SendKeys(chromedp.CSS(`#vraag`), "De begeleiding in mei is niet doorgegaan."),
			chromedp.Submit(chromedp.CSS(`#vraag`)),
			chromedp.WaitVisible(chromedp.CSS(`.utrecht-alert--ok`)),
		)
		e.check(ctx, "24-gezin-correctie-verstuurd")
		e.visit(ctx, "/mijn/inzage", "h1", "22-gezin-inzage")
		e.visit(ctx, "/wachtwoord", "h1", "23-gezin-wachtwoord")

		ctx2, cancel2 := e.session()
		defer cancel2()
		e.login(ctx2, "hulpverlener")
		e.check(ctx2, "30-hulpverlener-huishoudens")
		e.run(ctx2, chromedp.Click(chromedp.CSS(`table a.utrecht-link`)), chromedp.WaitVisible(chromedp.CSS(`#h-tijdlijn`)))
		text := get(e, ctx2, chromedp.Text(chromedp.CSS(`main`)))
		if !strings.Contains(text, "met plezier naar de begeleiding") {
			t.Error("the professional does not see the member's feedback")
		}
		if !strings.Contains(text, "De begeleiding in mei is niet doorgegaan.") {
			t.Error("the professional does not see the family's correction request")
		}
		e.check(ctx2, "31-hulpverlener-huishouden")
		e.visit(ctx2, "/huishoudens/"+e.f.HouseholdA+"/plan", "h1", "32-hulpverlener-plan")
		e.visit(ctx2, "/huishoudens?zoek=geen-zaak", "h1", "33-hulpverlener-zoeken")
	})

	t.Run("provider uploads a file with a bad row", func(t *testing.T) {
		e.t = t
		ctx, cancel := e.session()
		defer cancel()
		e.login(ctx, "aanbieder")
		e.check(ctx, "40-aanbieder")
		file := filepath.Join(t.TempDir(), "april.csv")
		os.WriteFile(file, []byte("agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n"+
			fmt.Sprintf("%s,A1,%s,wmo,02,02A01,2025-04-01,2025-04-30,5,04,40000,D\n", accesstest.AGB1, accesstest.BSN(1))+
			fmt.Sprintf("%s,A2,%s,wmo,02,02A01,2025-04-01,2025-04-30,5,04,12.50,D\n", accesstest.AGB1, accesstest.BSN(1))+
			// a line with three problems, and more lines of the same kinds
			fmt.Sprintf("%s,A3,123456789,wmo,02,02A01,2025-04-31,2025-04-30,5,99,40000,D\n", accesstest.AGB1)+
			fmt.Sprintf("%s,A4,123456789,wmo,02,02A01,2025-04-01,2025-04-30,5,04,40000,D\n", accesstest.AGB1)+
			fmt.Sprintf("%s,A5,%s,wmo,02,02A01,2025-04-01,2025-04-30,5,04,7.5,D\n", accesstest.AGB1, accesstest.BSN(1))), 0o644)
		e.run(ctx,
			chromedp.SetUploadFiles(chromedp.CSS(`#bestand`), []string{file}),
			chromedp.Submit(chromedp.CSS(`#bestand`)),
			chromedp.WaitVisible(chromedp.CSS(`#afwijzingen`)),
		)
		report := get(e, ctx, chromedp.Text(chromedp.CSS(`#afwijzingen`)))
		for _, want := range []string{"bedrag_cent", "regel 3:", "regel 6:", "bsn", "regel 4:", "regel 5:", "eenheid", "begindatum"} {
			if !strings.Contains(report, want) {
				t.Errorf("report grouped by kind of problem lacks %q:\n%s", want, report)
			}
		}
		e.check(ctx, "41-aanbieder-rapport")
		e.visit(ctx, "/aanlevering", "h1", "42-aanbieder-historie")
		e.visit(ctx, "/aanlevering/velden", "h1", "44-aanbieder-velden")
		e.visit(ctx, "/aanlevering/feedback", "h1", "43-aanbieder-feedback")
	})

	t.Run("admin", func(t *testing.T) {
		e.t = t
		ctx, cancel := e.session()
		defer cancel()
		e.login(ctx, "beheer")
		e.check(ctx, "50-beheer")
		e.visit(ctx, "/beheer/audit", "h1", "51-beheer-audit")
		e.visit(ctx, "/toewijzingen", "h1", "52-beheer-toewijzingen")
		e.visit(ctx, "/beheer/correcties", "h1", "53-beheer-correcties")

		ctx2, cancel2 := e.session()
		defer cancel2()
		e.login(ctx2, "teamleider")
		e.check(ctx2, "60-teamleider")
	})
}

// TestDemoScreenshots photographs the main pages of a running server with
// the demo loaded, for docs/: ONTSCHOT_DEMO_URL and ONTSCHOT_DEMO_LOGINS, the
// log-ins `ontschot demo` printed as "gemeente=PW hia=PW hulpverlener=PW
// gezin=PW aanbieder=PW beheer=PW".
func TestDemoScreenshots(t *testing.T) {
	base := os.Getenv("ONTSCHOT_DEMO_URL")
	if base == "" {
		t.Skip("set ONTSCHOT_DEMO_URL and ONTSCHOT_DEMO_LOGINS to photograph a running demo")
	}
	passwords := map[string]string{}
	for _, kv := range strings.Fields(os.Getenv("ONTSCHOT_DEMO_LOGINS")) {
		if u, p, ok := strings.Cut(kv, "="); ok {
			passwords[u] = p
		}
	}
	e := &env{t: t}
	chrome := findChromium()
	if chrome == "" {
		t.Skip("no chromium")
	}
	e.opts = append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900))
	e.base = base
	e.artifacts = filepath.Join(repoRoot(t), "test-artifacts", "demo")
	os.MkdirAll(e.artifacts, 0o755)
	login := func(ctx context.Context, user string) {
		e.run(ctx, chromedp.Navigate(base+"/inloggen"), chromedp.WaitVisible(chromedp.CSS(`#gebruikersnaam`)),
			chromedp.SendKeys(chromedp.CSS(`#gebruikersnaam`), user), chromedp.SendKeys(chromedp.CSS(`#wachtwoord`), passwords[user]),
			chromedp.Click(chromedp.CSS(`button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.ontschot-role`)))
	}
	shots := map[string][]string{
		"gemeente": {"/gemeente/2025?niveau=wijk", "/gemeente/2025?niveau=buurt", "/gemeente/2025?niveau=buurt&maat=per1000&naar=geldstroom&categorie=jeugdwet", "/gemeente/2025/concentratie", "/gemeente/trend?niveau=wijk",
			"/businesscases", "/businesscases/individuele-plaatsing-en-steun-ips", "/businesscases/intensief-behandelcentrum-ibc-jeugd", "/businesscases/nieuw",
			"/gemeente/verschil?niveau=wijk&gebied=WK064201&gebied=WK064202", "/gemeente/2024/trajecten", "/gemeente/vergelijking", "/gemeente/2024/stapeling", "/gemeente/financiering", "/gemeente/populatiebudget", "/gemeente/2025/financiering/POOL-WIJK", "/gemeente/2025/financiering/COOP-WIJK"},
		"hia":          {"/gemeente/2025?niveau=wijk", "/gemeente/2025/trajecten", "/gemeente/2025/financiering", "/gemeente/vergelijking", "/gemeente/2025/stapeling"},
		"hulpverlener": {"/huishoudens"},
		"gezin":        {"/mijn"},
		"beheer":       {"/beheer", "/beheer/correcties"},
		"aanbieder":    {"/aanlevering", "/aanlevering/velden"},
	}
	for user, paths := range shots {
		ctx, cancel := e.session()
		login(ctx, user)
		for i, p := range paths {
			e.run(ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
			png := get(e, ctx, chromedp.FullScreenshot(100))
			os.WriteFile(filepath.Join(e.artifacts, fmt.Sprintf("%s-%d.png", user, i)), png, 0o644)
			e.run(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile))
			png = get(e, ctx, chromedp.FullScreenshot(100))
			os.WriteFile(filepath.Join(e.artifacts, fmt.Sprintf("%s-%d-390.png", user, i)), png, 0o644)
			e.run(ctx, chromedp.EmulateViewport(1280, 900))
		}
		if user == "hulpverlener" {
			e.run(ctx, chromedp.Click(chromedp.CSS(`table a.utrecht-link`)), chromedp.WaitVisible(chromedp.CSS(`#h-tijdlijn`)))
			png := get(e, ctx, chromedp.FullScreenshot(100))
			os.WriteFile(filepath.Join(e.artifacts, "hulpverlener-huishouden.png"), png, 0o644)
		}
		cancel()
	}
}

func envTimeout() time.Duration {
	if v, err := time.ParseDuration(os.Getenv("BT_TIMEOUT")); err == nil {
		return v
	}
	return 180 * time.Second
}
