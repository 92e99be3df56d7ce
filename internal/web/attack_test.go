package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access/accesstest"
)

// TestAttacks tries what a curious or hostile user would try; each attempt
// must be refused and leave a deny in the audit log.
func TestAttacks(t *testing.T) {
	h := newHarness(t)
	pro, mem, ana, prov := h.apiToken("hulpverlener"), h.apiToken("gezin"), h.apiToken("analist"), h.apiToken("aanbieder")
	cases := []struct {
		name, method, path, token, body string
		want                            int
	}{
		{"professional, another household", "GET", "/api/v1/households/" + h.f.HouseholdB, pro, "", 403},
		{"professional, expired assignment", "GET", "/api/v1/households/" + h.f.HouseholdC, pro, "", 403},
		{"professional, SQL in the id", "GET", "/api/v1/households/" + url.PathEscape("ha1:x' OR '1'='1"), pro, "", 403},
		{"professional, member endpoint", "GET", "/api/v1/me", pro, "", 403},
		{"member, another person's feedback", "POST", "/api/v1/feedback", mem, fmt.Sprintf(`{"person":%q,"agb":%q,"score":1}`, h.f.BChild, accesstest.AGB2), 403},
		{"member, partner (adult) data", "POST", "/api/v1/feedback", mem, fmt.Sprintf(`{"person":%q,"agb":%q,"score":1}`, h.f.A2, accesstest.AGB1), 403},
		{"member, households", "GET", "/api/v1/households", mem, "", 403},
		{"analyst, households", "GET", "/api/v1/households", ana, "", 403},
		{"analyst, a household", "GET", "/api/v1/households/" + h.f.HouseholdA, ana, "", 403},
		{"provider, another provider's upload", "GET", fmt.Sprintf("/api/v1/uploads/%d", h.f.ImportAGB2), prov, "", 403},
		{"provider, SQL in the upload id", "GET", "/api/v1/uploads/" + url.PathEscape("1 OR 1=1"), prov, "", 400},
		{"provider, releases", "GET", "/api/v1/releases", prov, "", 403},
		{"anonymous, households", "GET", "/api/v1/households", "", "", 401},
		{"forged token", "GET", "/api/v1/me", "not-a-token", "", 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := h.auditCount()
			var body *strings.Reader
			ctype := ""
			if c.body != "" {
				body, ctype = strings.NewReader(c.body), "application/json"
			} else {
				body = strings.NewReader("")
			}
			resp, text := h.api(c.method, c.path, c.token, body, ctype)
			if resp.StatusCode != c.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.want, text)
			}
			if h.auditCount() == before {
				t.Error("attempt not in the audit log")
			}
			recs, _ := h.f.Store.RecentAudit(t.Context(), 1)
			if recs[0].Outcome != "deny" {
				t.Errorf("last audit record %+v, want a deny", recs[0])
			}
		})
	}

	t.Run("upload rows for another provider are rejected", func(t *testing.T) {
		resp, text := h.api("POST", "/api/v1/uploads?name=x.csv", prov, strings.NewReader(csvBody+accesstest.AGB2+",EVIL,"+accesstest.BSN(1)+",wmo,02,02A01,2025-05-01,2025-05-31,1,04,1000,D\n"), "text/csv")
		if resp.StatusCode != 201 || !strings.Contains(text, `"rejected": 1`) {
			t.Fatalf("%d %s", resp.StatusCode, text)
		}
	})

	t.Run("form without CSRF token", func(t *testing.T) {
		c := h.login("gezin")
		before := h.auditCount()
		resp, _ := c.post("/mijn/feedback", url.Values{"doel": {h.f.A1 + "|agb:" + accesstest.AGB1}, "score": {"5"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", resp.StatusCode)
		}
		resp, _ = c.post("/mijn/feedback", url.Values{"csrf": {"guess"}, "doel": {h.f.A1 + "|agb:" + accesstest.AGB1}, "score": {"5"}})
		if resp.StatusCode != http.StatusForbidden || h.auditCount() < before+2 {
			t.Fatalf("wrong token: %d", resp.StatusCode)
		}
	})

	t.Run("session fixation", func(t *testing.T) {
		c := h.anon()
		u, _ := url.Parse(h.srv.URL)
		c.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: "attacker-chosen-session-id", Path: "/"}})
		_, body := c.get("/inloggen")
		m := csrfRe.FindStringSubmatch(body)
		resp, _ := c.post("/inloggen", url.Values{"csrf": {m[1]}, "gebruikersnaam": {"gezin"}, "wachtwoord": {accesstest.Password}})
		var got string
		for _, ck := range resp.Cookies() {
			if ck.Name == sessionCookie {
				got = ck.Value
			}
		}
		if got == "" || got == "attacker-chosen-session-id" {
			t.Fatalf("session cookie after log-in: %q", got)
		}
		// The planted id is worth nothing.
		a := h.anon()
		a.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: "attacker-chosen-session-id", Path: "/"}})
		if resp, _ := a.get("/mijn"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("planted session id: %d", resp.StatusCode)
		}
	})

	t.Run("log-in form posted from elsewhere", func(t *testing.T) {
		c := h.anon()
		resp, _ := c.post("/inloggen", url.Values{"gebruikersnaam": {"gezin"}, "wachtwoord": {accesstest.Password}})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", resp.StatusCode)
		}
	})

	t.Run("redirect after log-in stays on site", func(t *testing.T) {
		for _, bad := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
			if safeBack(bad) != "" {
				t.Errorf("safeBack(%q) = %q", bad, safeBack(bad))
			}
		}
	})
}

func TestAPIFlows(t *testing.T) {
	h := newHarness(t)
	ana := h.apiToken("analist")
	resp, body := h.api("GET", "/api/v1/releases/2025/cells?level=buurt&by=total", ana, nil, "")
	var cells struct {
		Period string `json:"period"`
		Cells  []struct {
			Area       string `json:"area"`
			Households *int64 `json:"households"`
			Suppressed bool   `json:"suppressed"`
		} `json:"cells"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &cells) != nil || len(cells.Cells) != 3 {
		t.Fatalf("cells: %d %s", resp.StatusCode, body)
	}
	for _, c := range cells.Cells {
		if c.Suppressed != (c.Households == nil) {
			t.Errorf("suppressed cell with numbers: %+v", c)
		}
	}
	resp, body = h.api("GET", "/api/v1/releases/2025/map?level=wijk", ana, nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"FeatureCollection"`) || !strings.Contains(body, `"MultiPolygon"`) {
		t.Fatalf("map: %d %.300s", resp.StatusCode, body)
	}
	resp, _ = h.api("GET", "/api/v1/releases/1999/cells", ana, nil, "")
	if resp.StatusCode != 404 {
		t.Errorf("unknown period: %d", resp.StatusCode)
	}

	pro := h.apiToken("hulpverlener")
	resp, body = h.api("GET", "/api/v1/households", pro, nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, h.f.HouseholdA) || strings.Contains(body, h.f.HouseholdC) {
		t.Fatalf("households: %d %s", resp.StatusCode, body)
	}
	resp, body = h.api("GET", "/api/v1/households/"+h.f.HouseholdA, pro, nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"total_cent": 815000`) {
		t.Fatalf("household: %d %s", resp.StatusCode, body)
	}

	mem := h.apiToken("gezin")
	resp, body = h.api("GET", "/api/v1/me", mem, nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, h.f.AChild) || strings.Contains(body, h.f.A2) || !strings.Contains(body, `"household_total_cent": null`) {
		t.Fatalf("me: %d %s", resp.StatusCode, body)
	}
	// The sole adult of household B sees the household total.
	resp, body = h.api("GET", "/api/v1/me", h.apiToken("gezin2"), nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"household_total_cent": 2520000`) {
		t.Fatalf("me (gezin2): %d %s", resp.StatusCode, body)
	}
	resp, body = h.api("POST", "/api/v1/feedback", mem, strings.NewReader(fmt.Sprintf(`{"person":%q,"agb":%q,"score":5,"body":"Prima"}`, h.f.A1, accesstest.AGB1)), "application/json")
	if resp.StatusCode != 201 {
		t.Fatalf("feedback: %d %s", resp.StatusCode, body)
	}
	resp, body = h.api("GET", "/api/v1/feedback", h.apiToken("aanbieder"), nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, "Prima") || strings.Contains(body, h.f.A1) {
		t.Fatalf("provider feedback: %d %s", resp.StatusCode, body)
	}
}
