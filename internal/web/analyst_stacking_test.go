package web

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access/accesstest"
)

// The fixture's releases publish stacking for the municipality and the
// wijken; Haven's stacking over geldstromen is withheld (too few), Kerkbuurt's
// with it (secondary), and the bloks are too small. Every withheld row says
// why and links to the nearest area up where the figures stand.
func TestStackingPage(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	resp, body := cl.get("/gemeente/2025/stapeling")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	for _, w := range []string{
		`<h2 class="utrecht-heading-2" id="h-top-` + accesstest.Gemeente + `">`, "<dt>Met twee of meer geldstromen, en hun aandeel in de uitgaven</dt><dd>90 ",
		`<meter min="0" max="1" value="0.58" aria-hidden="true"></meter>58%`,
		`<tr id="WK000101"><th scope="row">Centrum</th><td class="num">250</td><td class="num">60</td>`,
		`href="/gemeente/2025/stapeling.csv"`, `href="/gemeente/2025/stapeling.xlsx"`,
		`href="/gemeente/stapeling" aria-current="page"`, `href="?niveau=wijk" aria-current="page"`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("wijk page lacks %q", w)
		}
	}
	_, body = cl.get("/gemeente/2025/stapeling?niveau=buurt")
	for _, w := range []string{
		`<tr id="BU00010102"><th scope="row">Haven</th><td class="num">50</td><td class="num"><span class="ontschot-suppressed">n.v.t.</span>`,
		`minder dan 10 huishoudens met of zonder stapeling; zie <a class="utrecht-link" href="/gemeente/2025/stapeling?niveau=wijk#WK000101">Centrum</a>`,
		`secundair afgeschermd; zie <a class="utrecht-link" href="/gemeente/2025/stapeling?niveau=wijk#WK000101">Centrum</a>`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("buurt page lacks %q", w)
		}
	}
	if strings.Contains(body, `<tr id="WK000101">`) {
		t.Error("buurt page shows the wijken")
	}
	_, body = cl.get("/gemeente/2025/stapeling?niveau=blok")
	if !strings.Contains(body, `<th scope="row">Blok 1 in Kerkbuurt</th>`) || !strings.Contains(body, `minder dan 10 huishoudens; zie <a class="utrecht-link" href="/gemeente/2025/stapeling?niveau=wijk#WK000101">Centrum</a>`) {
		t.Errorf("blok page: %s", body)
	}

	resp, body = cl.get("/gemeente/2025/stapeling.csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, w := range []string{
		"niveau,gebied,naam,huishoudens,stapeling_geldstromen,aandeel_uitgaven_geldstromen_pct,stapeling_aanbieders,aandeel_uitgaven_aanbieders_pct,onderdrukt,reden\n",
		"gemeente,GM0001,", ",400,90,58,120,64,0,\n",
		"buurt,BU00010102,Haven,50,,,10,55,1,minder dan 10 huishoudens met of zonder stapeling\n",
		"blok,BL0001010101,Blok 1 in Kerkbuurt,,,,,,1,minder dan 10 huishoudens\n",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("csv lacks %q:\n%s", w, body)
		}
	}
	if resp, _ := cl.get("/gemeente/2025/stapeling.xlsx"); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != typeXLSX {
		t.Fatalf("xlsx: status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp, _ := cl.get("/gemeente/1999/stapeling"); resp.StatusCode != 404 {
		t.Errorf("unknown period: status %d, want 404", resp.StatusCode)
	}

	token := h.apiToken("analist")
	resp, body = h.api("GET", "/api/v1/releases/2025/stacking?level=buurt", token, nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("api: status %d: %s", resp.StatusCode, body)
	}
	var got struct {
		Period   string `json:"period"`
		Level    string `json:"level"`
		Stacking []struct {
			Area           string   `json:"area"`
			Streams        *int64   `json:"stacked_streams"`
			ProvidersShare *float64 `json:"stacked_providers_spend_pct"`
			Reason         string   `json:"reason"`
		} `json:"stacking"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Period != "2025" || got.Level != "buurt" || len(got.Stacking) != 3 || got.Stacking[1].Area != "BU00010102" ||
		got.Stacking[1].Streams != nil || *got.Stacking[1].ProvidersShare != 55 || got.Stacking[1].Reason == "" {
		t.Errorf("api = %s", body)
	}
	if resp, _ := h.api("GET", "/api/v1/releases/2025/stacking", h.apiToken("hulpverlener"), nil, ""); resp.StatusCode != 403 {
		t.Errorf("professional: status %d, want 403", resp.StatusCode)
	}
}
