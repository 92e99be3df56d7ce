package browser

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ontschot/ontschot/internal/access/accesstest"
)

// TestBrowserRegion walks the analyst's map of a region (two gemeenten):
// the region's analyst with the gemeente chooser and the gemeenten's
// borders, and an analyst of one gemeente, who sees only theirs.
func TestBrowserRegion(t *testing.T) {
	e := setup(t)
	accesstest.SeedRegion(t, e.f.Store)
	p := "/gemeente/" + accesstest.RegionPeriod

	t.Run("region analyst", func(t *testing.T) {
		e.t = t
		ctx, cancel := e.session()
		defer cancel()
		e.login(ctx, "analist")
		e.visit(ctx, p+"?niveau=wijk", "#tabel", "70-regio-wijk")
		nav := get(e, ctx, chromedp.Text(chromedp.CSS(`ul[aria-label="Gemeente"]`)))
		if !strings.Contains(nav, "Hele regio") || !strings.Contains(nav, "Tweede Gemeente") || !strings.Contains(nav, "Testgemeente") {
			t.Errorf("gemeente chooser: %q", nav)
		}
		e.visit(ctx, p+"?niveau=gemeente", "#tabel", "71-regio-gemeenten")
		e.visit(ctx, p+"?niveau=wijk&in="+accesstest.Gemeente2, "#tabel", "72-regio-een-gemeente")
		crumbs := get(e, ctx, chromedp.Text(chromedp.CSS(`nav[aria-label="Kruimelpad"]`)))
		if !strings.Contains(crumbs, "Regio") {
			t.Errorf("crumbs %q", crumbs)
		}
		e.visit(ctx, p+"/trajecten", "#h-cellen", "74-regio-trajecten")
		nav = get(e, ctx, chromedp.Text(chromedp.CSS(`ul[aria-label="Gemeente"]`)))
		if !strings.Contains(nav, "Hele regio") || !strings.Contains(nav, "Tweede Gemeente") {
			t.Errorf("trajectories' gemeente chooser: %q", nav)
		}
		e.visit(ctx, p+"/trajecten?gm="+accesstest.Gemeente2, "#h-cellen", "75-regio-trajecten-gemeente")
		e.visit(ctx, p+"/financiering", "#contracten", "77-regio-financiering")
		e.visit(ctx, "/gemeente/vergelijking", "h1", "79-regio-vergelijking")
	})

	t.Run("analyst of one gemeente", func(t *testing.T) {
		e.t = t
		ctx, cancel := e.session()
		defer cancel()
		e.login(ctx, "analist0002")
		e.visit(ctx, p+"?niveau=wijk", "#tabel", "73-gemeente-bereik-wijk")
		body := get(e, ctx, chromedp.Text(chromedp.CSS(`main`)))
		if strings.Contains(body, "Centrum") || strings.Contains(body, "Testgemeente") || strings.Contains(body, "Hele regio") {
			t.Errorf("the analyst of %s sees the other gemeente or the chooser: %s", accesstest.Gemeente2, body)
		}
		e.visit(ctx, p+"/trajecten", "#h-cellen", "76-gemeente-bereik-trajecten")
		body = get(e, ctx, chromedp.Text(chromedp.CSS(`main`)))
		if !strings.Contains(body, "GEMEENTE-TWEE") || strings.Contains(body, "REGIOBREED") || strings.Contains(body, "Hele regio") {
			t.Errorf("the analyst of %s does not see their own trajectories only: %s", accesstest.Gemeente2, body)
		}
		e.visit(ctx, p+"/financiering", "#contracten", "78-gemeente-bereik-financiering")
		body = get(e, ctx, chromedp.Text(chromedp.CSS(`main`)))
		if !strings.Contains(body, "CONTRACT-TWEE") || strings.Contains(body, "CONTRACT-EEN") || !strings.Contains(body, "hele regio") {
			t.Errorf("the analyst of %s: not their own contracts with the note: %s", accesstest.Gemeente2, body)
		}
	})
}
