package web

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access/accesstest"
)

// The fixture's 2025 release publishes own begeleiding (02) against
// contracted care, a withheld category 43 and one provider's waiting time.
func TestTrajectoriesPage(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	resp, body := cl.get("/gemeente/2025/trajecten")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	const nb = "\u00a0"
	for _, w := range []string{
		"eigen trajecten kosten de helft (48% van gecontracteerde zorg, 95%-interval 41%–55%), cliënten even tevreden (4,1 tegen 4,0)",
		"<dd>41% – 55%</dd>", "48%</span>", "<dd>4,1 / 4,0</dd>", "<dd>300 dagen / 450 dagen</dd>",
		"€" + nb + "3.800", "€" + nb + "8.000", "€" + nb + "16.000", `<span class="ontschot-row-note">eigen team</span>`, `<span class="ontschot-row-note">gecontracteerd</span>`,
		`<td colspan="8"><span class="ontschot-suppressed">n.v.t.</span> — minder dan 10 afgesloten trajecten</td>`,
		"AGB " + accesstest.AGB1, "23 dagen", "Uurtarief eigen team: €" + nb + "75,00",
		`href="/gemeente/2025/trajecten.csv"`, `href="/gemeente/trajecten" aria-current="page"`,
		// Youth care by referrer (JW315).
		"Jeugdhulp naar verwijzer", "<th scope=\"row\">Huisarts</th><td class=\"num\">95</td><td class=\"num\">€" + nb + "538.000</td>",
		`<meter min="0" max="1" value="0.4" aria-hidden="true"></meter>40%`,
		"<th scope=\"row\">Gecertificeerde instelling</th><td class=\"num\"><span class=\"ontschot-suppressed\">n.v.t.</span>",
		"<th scope=\"row\">Medisch specialist</th><td class=\"num\">15</td><td class=\"num\"><span class=\"ontschot-suppressed\">n.v.t.</span>",
		"uitgaven secundair afgeschermd", "geen JW315 gekoppeld", `href="/gemeente/2025/verwijzers.csv"`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}

	resp, body = cl.get("/gemeente/2025/trajecten.csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, w := range []string{
		"soort,categorie,naam,trajecten,instroom,uitstroom,kosten_gemiddeld_eur,kosten_mediaan_eur",
		"eigen,02,", ",40,45,40,4100,3800,6700,300,4.1,25,5,0,0,\n",
		"gecontracteerd,43,", ",,,,,,,,,,,,1,minder dan 10 afgesloten trajecten",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("csv lacks %q:\n%s", w, body)
		}
	}
	resp, body = cl.get("/gemeente/2025/verwijzers.csv")
	if resp.StatusCode != 200 || !strings.Contains(body, "verwijzer,naam,trajecten,uitgaven_eur,aandeel_uitgaven_pct,onderdrukt,reden\n") ||
		!strings.Contains(body, "02,Huisarts,95,538000,40,0,\n") || !strings.Contains(body, "04,Gecertificeerde instelling,,,,1,minder dan 10 trajecten\n") {
		t.Errorf("referrer csv: status %d:\n%s", resp.StatusCode, body)
	}
	resp, _ = cl.get("/gemeente/2025/trajecten.xlsx")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != typeXLSX {
		t.Fatalf("xlsx: status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp, _ := cl.get("/gemeente/1999/trajecten"); resp.StatusCode != 404 {
		t.Errorf("unknown period: status %d, want 404", resp.StatusCode)
	}

	token := h.apiToken("analist")
	resp, body = h.api("GET", "/api/v1/releases/2025/trajectories", token, nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("api: status %d: %s", resp.StatusCode, body)
	}
	var got struct {
		Period  string `json:"period"`
		Version int    `json:"version"`
		Cells   []struct {
			Type          string `json:"type"`
			CostMedianEUR *int64 `json:"cost_median_eur"`
			Suppressed    bool   `json:"suppressed"`
		} `json:"cells"`
		Comparisons []struct {
			CostRatio float64 `json:"cost_ratio"`
		} `json:"comparisons"`
		Referrers []struct {
			Referrer string `json:"referrer"`
			SpendEUR *int64 `json:"spend_eur"`
		} `json:"referrers"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Period != "2025" || got.Version != 1 || len(got.Cells) != 3 || *got.Cells[0].CostMedianEUR != 3800 ||
		got.Cells[2].CostMedianEUR != nil || !got.Cells[2].Suppressed || got.Comparisons[0].CostRatio != 0.48 ||
		len(got.Referrers) != 5 || got.Referrers[1].Referrer != "02" || *got.Referrers[1].SpendEUR != 538000 || got.Referrers[2].SpendEUR != nil {
		t.Errorf("api = %s", body)
	}
	if resp, _ := h.api("GET", "/api/v1/releases/2025/trajectories", h.apiToken("hulpverlener"), nil, ""); resp.StatusCode != 403 {
		t.Errorf("professional: status %d, want 403", resp.StatusCode)
	}
}
