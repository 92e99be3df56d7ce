package web

import (
	"strings"
	"testing"
)

// The fixture's releases: every released cell is 10% up from 2024 to 2025;
// Centrum 2.600.000 → 2.860.000, Oost 1.400.000 → 1.540.000 (wijk, total),
// 12.000 and 8.000 inhabitants; buurt Haven is suppressed in 2025.
func TestDiDPage(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	const nb = "\u00a0"
	cases := []struct {
		name, path string
		want       []string
		not        []string
	}{
		{"wijk, amount", "/gemeente/verschil?niveau=wijk&gebied=WK000101", []string{
			`<option value="2024" selected>2024 (nulmeting)</option>`, `<option value="2025" selected>2025</option>`,
			"€" + nb + "2.600.000", "€" + nb + "2.860.000", "&#43;€" + nb + "260.000", // intervention
			"€" + nb + "1.400.000", "€" + nb + "1.540.000", "&#43;€" + nb + "140.000", // rest
			"&#43;10,0%",
			"<dd>&#43;€" + nb + "120.000</dd>", // DiD = 260.000 − 140.000
			"<dd>0,0 procentpunt</dd>",         // both grew 10%
			"<dd>€" + nb + "2.860.000</dd>",    // expected = 2.600.000 × 1,10
			"<dd>€" + nb + "0</dd>",            // actual − expected
			`<svg class="chart"`, "verwacht zonder interventie", "parallelle trends",
		}, []string{"n.v.t.", "onvolledig"}},
		{"wijk, per 1.000 inhabitants", "/gemeente/verschil?niveau=wijk&gebied=WK000101&maat=per1000", []string{
			"€" + nb + "216.667", "€" + nb + "238.333", "€" + nb + "175.000", "€" + nb + "192.500",
			"<dd>&#43;€" + nb + "4.167</dd>", // 21.666,67 − 17.500
		}, []string{"n.v.t."}},
		{"wijk, geldstroom wmo", "/gemeente/verschil?niveau=wijk&gebied=WK000101&naar=geldstroom&categorie=wmo", []string{
			"€" + nb + "1.040.000", "€" + nb + "1.144.000", "€" + nb + "560.000", "€" + nb + "616.000",
			"<dd>&#43;€" + nb + "48.000</dd>", "Wmo 2015",
		}, []string{"n.v.t."}},
		{"buurt, intervention suppressed", "/gemeente/verschil?niveau=buurt&gebied=BU00010102", []string{
			"onvolledig: 1 cel(len) onderdrukt", "<dd>n.v.t.</dd>", "€" + nb + "600.000",
			"onderdrukt (minder dan 10 huishoudens)", "Geen grafiek",
		}, []string{`<svg class="chart"`}},
		{"buurt, rest suppressed", "/gemeente/verschil?niveau=buurt&gebied=BU00010101", []string{
			"onvolledig: 1 cel(len) onderdrukt", "<dd>n.v.t.</dd>", "&#43;€" + nb + "200.000",
		}, []string{`<svg class="chart"`}},
		{"no areas chosen", "/gemeente/verschil", []string{"Kies een of meer interventiegebieden", "Centrum", "Oost"}, []string{"<dd>"}},
		{"all areas chosen", "/gemeente/verschil?gebied=WK000101&gebied=WK000102", []string{"laat er minstens één over"}, []string{"<dd>"}},
		{"same release twice", "/gemeente/verschil?gebied=WK000101&basis=2025&vergelijk=2025", []string{"twee verschillende metingen"}, []string{"<dd>"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := cl.get(c.path)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(body, w) {
					t.Errorf("page has %q", w)
				}
			}
			if strings.Contains(body, "style=") || strings.Contains(body, "<script") {
				t.Error("inline style or script on the page (CSP)")
			}
		})
	}
}

func TestDiDPageAccessible(t *testing.T) {
	h := newHarness(t)
	_, body := h.login("analist").get("/gemeente/verschil?gebied=WK000101")
	for _, w := range []string{
		"<fieldset", "<legend>Interventiegebieden (per wijk)</legend>",
		`<input class="utrecht-checkbox" type="checkbox" id="gebied-WK000101" name="gebied" value="WK000101"`,
		`<label class="utrecht-form-label" for="gebied-WK000101">`,
		`<label class="utrecht-form-label" for="basis">`, `<label class="utrecht-form-label" for="vergelijk">`,
		"<caption>Verschil-in-verschil per wijk", `<th scope="col"`, `<th scope="row"`,
		`role="img" aria-labelledby="did-title"`,
		`<a href="/gemeente/verschil" aria-current="page">Verschil-in-verschil</a>`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	// Only the page itself is current in the navigation.
	if n := strings.Count(body, `aria-current="page">`); n != 2 { // the nav link and the level tab
		t.Errorf("%d elements are aria-current, want 2", n)
	}
}

func TestDiDCSV(t *testing.T) {
	h := newHarness(t)
	resp, body := h.login("analist").get("/gemeente/verschil?niveau=wijk&gebied=WK000101&formaat=csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, w := range []string{
		"Interventiegebieden,Centrum,wijk,bedrag,total,,2024,2025,2600000,2860000,260000,10.0000,",
		"Overige gebieden,Oost,wijk,bedrag,total,,2024,2025,1400000,1540000,140000,10.0000,",
		"verschil-in-verschil,,wijk,bedrag,total,,2024,2025,,,120000,0.0000,",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("csv lacks %q:\n%s", w, body)
		}
	}
}

func TestDiDOtherRoles(t *testing.T) {
	h := newHarness(t)
	for user, want := range map[string]int{"hulpverlener": 403, "gezin": 403, "aanbieder": 403, "beheer": 200, "analist": 200} {
		resp, _ := h.login(user).get("/gemeente/verschil?gebied=WK000101")
		if resp.StatusCode != want {
			t.Errorf("%s: status %d, want %d", user, resp.StatusCode, want)
		}
	}
	resp, _ := h.anon().get("/gemeente/verschil")
	if resp.StatusCode != 303 {
		t.Errorf("anonymous: status %d, want 303", resp.StatusCode)
	}
}
