package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access/accesstest"
)

func TestPagesPerRole(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		user, path string
		want       []string
	}{
		{"analist", "/gemeente/2025?niveau=wijk", []string{"Centrum", "Oost", "<svg class=\"map\"", "Legenda", "Per 1.000 inwoners"}},
		{"analist", "/gemeente/2025?niveau=buurt&in=WK000101", []string{"Kerkbuurt", "Haven", "onderdrukt", "url(#hatch)"}},
		{"analist", "/gemeente/2025?niveau=blok&in=BU00010101", []string{"Blok 01", "Blok 02", "geen blokgrenzen vastgelegd"}},
		{"analist", "/gemeente/2025?niveau=wijk&naar=geldstroom&categorie=wmo&maat=per1000", []string{"Wmo 2015"}},
		{"analist", "/gemeente/2025/concentratie", []string{"Lorenzcurve", "Top 10%", "71,0%"}},
		{"analist", "/gemeente/trend?niveau=wijk", []string{"nulmeting", "2024", "2025", "10,0%"}},
		{"hulpverlener", "/huishoudens", []string{"Huishouden", "Jeugdwet art. 7.4.4"}},
		{"hulpverlener", "/huishoudens/" + h.f.HouseholdA, []string{"Tijdlijn", "Jeugdwet", "Participatiewet", "Kind, ", "correctie"}},
		{"gezin", "/mijn", []string{"Wat u kreeg", "Wat uw kind van", "Wat vond u ervan"}},
		{"gezin", "/mijn/inzage", []string{"Wie bekeek"}},
		{"aanbieder", "/aanlevering", []string{"Bestand uploaden", "API-token"}},
		{"beheer", "/beheer", []string{"Hulpverlener toewijzen", "hulpverlener"}},
		{"beheer", "/beheer/audit", []string{"hashketen is in orde"}},
	}
	for _, c := range cases {
		t.Run(c.user+c.path, func(t *testing.T) {
			cl := h.login(c.user)
			resp, body := cl.get(c.path)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.Contains(body, "style=") || strings.Contains(body, "<script") {
				t.Error("inline style or script on the page (CSP)")
			}
		})
	}
}

func TestAnalystNeverSeesPersonalData(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	for _, p := range []string{"/gemeente/2025?niveau=wijk", "/gemeente/2025?niveau=buurt", "/gemeente/2025/concentratie", "/gemeente/trend", "/gemeente/2025/tabel.csv?niveau=buurt"} {
		_, body := cl.get(p)
		for _, secret := range []string{h.f.HouseholdA, h.f.A1, h.f.AChild, "hp1:", "ha1:"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s shows %q", p, secret)
			}
		}
	}
}

func TestDownloads(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	resp, body := cl.get("/gemeente/2025/tabel.csv?niveau=buurt&in=WK000101")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "gebied,naam,niveau") || !strings.Contains(body, "BU00010102,Haven,buurt,total,totaal,,,,,1,minder dan 10 huishoudens") {
		t.Fatalf("csv %d:\n%s", resp.StatusCode, body)
	}
	resp, body = cl.get("/gemeente/2025/tabel.xlsx?niveau=wijk")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") || !strings.Contains(resp.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("xlsx %d %q", resp.StatusCode, resp.Header)
	}
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	h := newHarness(t)
	c := h.anon()
	resp, _ := c.get("/inloggen")
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	for _, hd := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if resp.Header.Get(hd) == "" {
			t.Errorf("missing %s", hd)
		}
	}
	cl := h.anon()
	_, body := cl.get("/inloggen")
	m := csrfRe.FindStringSubmatch(body)
	resp, _ = cl.post("/inloggen", url.Values{"csrf": {m[1]}, "gebruikersnaam": {"gezin"}, "wachtwoord": {accesstest.Password}})
	var found bool
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie && ck.Value != "" {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie %+v", ck)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
}

func TestLoginRateLimited(t *testing.T) {
	h := newHarness(t)
	c := h.anon()
	var last int
	for i := 0; i < 7; i++ {
		_, body := c.get("/inloggen")
		m := csrfRe.FindStringSubmatch(body)
		resp, _ := c.post("/inloggen", url.Values{"csrf": {m[1]}, "gebruikersnaam": {"gezin"}, "wachtwoord": {"fout-wachtwoord"}})
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("after 7 failures: %d, want 429", last)
	}
}

func TestUploadReportAndFeedbackFlow(t *testing.T) {
	h := newHarness(t)
	pro := h.login("aanbieder")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", pro.csrf)
	fw, _ := mw.CreateFormFile("bestand", "maart.csv")
	fw.Write([]byte("agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n" +
		accesstest.AGB1 + ",M1," + accesstest.BSN(1) + ",wmo,02,02A01,2025-03-01,2025-03-31,5,04,40000,D\n" +
		accesstest.AGB1 + ",M2,123456789,wmo,02,02A01,2025-03-01,2025-03-31,5,04,40000,D\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", h.srv.URL+"/aanlevering", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, _ := pro.do(req)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	resp, body := pro.get(resp.Header.Get("Location"))
	if resp.StatusCode != 200 || !strings.Contains(body, "Afgewezen, per soort probleem") || !strings.Contains(body, "<code class=\"ontschot-field\">bsn</code> <span class=\"ontschot-rule\">ongeldig BSN: BSN voldoet niet aan de elfproef</span></th><td class=\"num\">1</td><td><ul class=\"ontschot-lines\"><li>regel 3: <code>******789</code>") {
		t.Fatalf("report %d:\n%s", resp.StatusCode, body)
	}

	// Feedback by the member reaches the professional and the provider.
	m := h.login("gezin")
	resp, _ = m.post("/mijn/feedback", url.Values{"csrf": {m.csrf}, "doel": {h.f.AChild + "|agb:" + accesstest.AGB1}, "score": {"2"}, "toelichting": {"Te weinig uren, wel een fijne begeleider."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("feedback: %d", resp.StatusCode)
	}
	_, body = h.login("hulpverlener").get("/huishoudens/" + h.f.HouseholdA)
	if !strings.Contains(body, "Te weinig uren") {
		t.Error("professional does not see the feedback")
	}
	_, body = h.login("aanbieder").get("/aanlevering/feedback")
	if !strings.Contains(body, "Te weinig uren") {
		t.Error("provider does not see the feedback")
	}
	for _, p := range []string{"/gemeente/2025", "/gemeente/2025/concentratie", "/gemeente/trend"} {
		if _, body := h.login("analist").get(p); strings.Contains(body, "Te weinig uren") {
			t.Errorf("analyst sees feedback on %s", p)
		}
	}
	// Feedback about someone else's provider is refused.
	resp, _ = m.post("/mijn/feedback", url.Values{"csrf": {m.csrf}, "doel": {h.f.BChild + "|agb:" + accesstest.AGB2}, "score": {"1"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("feedback on another family: %d", resp.StatusCode)
	}
}

// Issue 11.8: an admin alone cannot give a professional access; the form
// answers the same for every valid BSN; the family sees who did what.
func TestAdminAssignsInUI(t *testing.T) {
	h := newHarness(t)
	pro := h.login("hulpverlener")
	if resp, _ := pro.get("/huishoudens/" + h.f.HouseholdB); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("before assignment: %d", resp.StatusCode)
	}
	adm := h.login("beheer")
	assign := func(household string) (int, string) {
		resp, body := adm.post("/beheer/toewijzingen", url.Values{"csrf": {adm.csrf}, "hulpverlener": {"hulpverlener"}, "huishouden": {household},
			"van": {"2024-01-01"}, "tot": {"2099-12-31"}, "grondslag": {"Wmo 2015 art. 2.3.2"}})
		m := regexp.MustCompile(`(?s)<div class="utrecht-alert[^>]*>(.*?)</div>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("assign %s: %d, no message", household, resp.StatusCode)
		}
		if strings.Contains(body, accesstest.BSN(6)) || strings.Contains(body, accesstest.BSN(7)) || strings.Contains(body, accesstest.BSN(99)) {
			t.Fatalf("a BSN is echoed back")
		}
		return resp.StatusCode, m[1]
	}
	code, msg := assign(h.f.HouseholdB)
	if code != 200 || !strings.Contains(msg, "goedkeur") {
		t.Fatalf("assign: %d %s", code, msg)
	}
	if resp, _ := pro.get("/huishoudens/" + h.f.HouseholdB); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("an unapproved assignment gave access: %d", resp.StatusCode)
	}
	// A household (6), a secret address (7), nobody (99): one answer.
	c6, m6 := assign(accesstest.BSN(6))
	c7, m7 := assign(accesstest.BSN(7))
	c99, m99 := assign(accesstest.BSN(99))
	if c6 != c7 || c7 != c99 || m6 != m7 || m7 != m99 {
		t.Fatalf("the form tells BSNs apart:\n%d %s\n%d %s\n%d %s", c6, m6, c7, m7, c99, m99)
	}
	// The admin cannot approve their own assignment.
	as, _ := h.f.Store.Assignments(context.Background(), h.f.Users["professional"].UserID)
	var idB int64
	for _, a := range as {
		if a.Household == h.f.HouseholdB {
			idB = a.ID
		}
	}
	resp, _ := adm.post(fmt.Sprintf("/toewijzingen/%d/goedkeuren", idB), url.Values{"csrf": {adm.csrf}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("own approval: %d, want 400", resp.StatusCode)
	}
	if resp, _ := pro.get("/huishoudens/" + h.f.HouseholdB); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("access after own approval: %d", resp.StatusCode)
	}
	tl := h.login("teamleider")
	_, page := tl.get("/toewijzingen")
	if !strings.Contains(page, fmt.Sprintf("/toewijzingen/%d/goedkeuren", idB)) {
		t.Fatalf("the teamleider does not see the waiting assignment")
	}
	resp, body := tl.post(fmt.Sprintf("/toewijzingen/%d/goedkeuren", idB), url.Values{"csrf": {tl.csrf}})
	if resp.StatusCode != 200 || !strings.Contains(body, "goedgekeurd") {
		t.Fatalf("approval: %d", resp.StatusCode)
	}
	if resp, _ := pro.get("/huishoudens/" + h.f.HouseholdB); resp.StatusCode != 200 {
		t.Fatalf("after approval: %d", resp.StatusCode)
	}
	// The family of B sees who assigned whom, and who approved it.
	fam := h.login("gezin2")
	_, log := fam.get("/mijn/inzage")
	if !strings.Contains(log, "beheer") || !strings.Contains(log, "teamleider") || !strings.Contains(log, "hulpverlener") {
		t.Fatalf("the family's access log does not say who assigned whom:\n%s", log)
	}
}

// TestExcelCSVDownload: beside the plain CSV, one that Dutch Excel opens
// (BOM, semicolons), with the same rows.
func TestExcelCSVDownload(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	resp, body := cl.get("/gemeente/2025/tabel.csv?niveau=buurt&in=WK000101&opmaak=excel")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "\ufeffgebied;naam;niveau") || !strings.Contains(body, "BU00010102;Haven;buurt;total;totaal;;;;;1;minder dan 10 huishoudens") {
		t.Fatalf("excel csv %d:\n%q", resp.StatusCode, body)
	}
	_, page := cl.get("/gemeente/2025?niveau=wijk")
	for _, want := range []string{"opmaak=excel", "CSV voor Excel", "CSV voor scripts"} {
		if !strings.Contains(page, want) {
			t.Errorf("map page lacks %q", want)
		}
	}
}

// TestMapTableSortsAndTotals: the table sorts on the server by a column
// header's link, withheld rows last, and ends with a totals row.
func TestMapTableSortsAndTotals(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	_, byName := cl.get("/gemeente/2025?niveau=buurt&in=WK000101")
	_, byAmount := cl.get("/gemeente/2025?niveau=buurt&in=WK000101&sorteer=-bedrag")
	if i, j := strings.Index(byName, "BU00010102</span>"), strings.Index(byName, "BU00010101</span>"); i < 0 || j < 0 || i > j {
		t.Errorf("by name: Haven should come before Kerkbuurt (%d, %d)", i, j)
	}
	if i, j := strings.Index(byAmount, "BU00010101</span>"), strings.Index(byAmount, "BU00010102</span>"); i < 0 || j < 0 || i > j {
		t.Errorf("by amount, descending: Kerkbuurt (amount) before Haven (withheld) (%d, %d)", i, j)
	}
	for _, want := range []string{`aria-sort="descending"`, `sorteer=bedrag`, "Totaal van de getoonde cellen", "zonder 1 onderdrukte cel", "zie het totaal van wijk"} {
		if !strings.Contains(byAmount, want) {
			t.Errorf("sorted page lacks %q", want)
		}
	}
}

// TestDutchWords: audit events, roles and times read as Dutch.
func TestDutchWords(t *testing.T) {
	for in, want := range map[string]string{"read audit": "auditlog inzien", "list households": "huishoudens overzicht", "write assignment": "koppeling wijzigen",
		"approve assignment": "koppeling goedkeuren", "login": "inloggen", "upload provider": "bestand aanleveren", "feedback person": "feedback geven over persoon", "iets nieuws": "iets nieuws",
		"correct person": "correctie vragen over persoon", "end assignment": "koppeling beëindigen", "write corrections": "vragen om correctie wijzigen"} {
		if got := eventName(in); got != want {
			t.Errorf("eventName(%q) = %q, want %q", in, got, want)
		}
	}
	if roleWord("analyst") != "Gemeente" || roleWord("-") != "—" {
		t.Error("roles")
	}
	// 10:15 UTC in March is 11:15 in Amsterdam; in July 12:15.
	if got := when("2026-03-02T10:15:00Z"); got != "2 mrt 2026, 11:15" {
		t.Errorf("winter: %q", got)
	}
	if got := when("2026-07-02T10:15:00Z"); got != "2 jul 2026, 12:15" {
		t.Errorf("summer: %q", got)
	}
	h := newHarness(t)
	_, body := h.login("beheer").get("/beheer/audit")
	for _, bad := range []string{"read audit", ">analyst<", ">admin<", " UTC"} {
		if strings.Contains(body, bad) {
			t.Errorf("audit page shows %q", bad)
		}
	}
}

// TestRateKeepsClassesOnDrillDown: a rate (per household, per 1.000
// inhabitants) colours a wijk's buurten with the classes of all buurten.
func TestRateKeepsClassesOnDrillDown(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	for _, m := range []string{"perhuishouden", "per1000"} {
		_, all := cl.get("/gemeente/2025?niveau=buurt&maat=" + m)
		_, part := cl.get("/gemeente/2025?niveau=buurt&in=WK000101&maat=" + m)
		if !strings.Contains(part, "De klassen zijn die van alle buurten") {
			t.Errorf("%s: drill-down does not say it keeps the classes", m)
		}
		legend := func(s string) []string {
			var out []string
			for _, l := range regexp.MustCompile(`ontschot-swatch-c\d"></span><span>([^<(]*)`).FindAllStringSubmatch(s, -1) {
				out = append(out, strings.TrimSpace(l[1]))
			}
			return out
		}
		if a, p := legend(all), legend(part); len(a) == 0 || strings.Join(a, "|") != strings.Join(p, "|") {
			t.Errorf("%s: classes differ: all %q, part %q", m, a, p)
		}
	}
}
