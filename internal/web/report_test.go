package web

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/export"
)

func TestReleaseReportRoute(t *testing.T) {
	h := newHarness(t)
	resp, body := h.login("analist").get("/gemeente/2025/rapport.pdf")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF") || len(body) < 3000 {
		t.Fatalf("status %d, type %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
	if resp, _ := h.login("beheer").get("/gemeente/2025/rapport.pdf?versie=1"); resp.StatusCode != 200 {
		t.Errorf("admin: status %d", resp.StatusCode)
	}
	for _, user := range []string{"hulpverlener", "gezin", "aanbieder"} {
		if resp, _ := h.login(user).get("/gemeente/2025/rapport.pdf"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", user, resp.StatusCode)
		}
	}
	if resp, _ := h.login("analist").get("/gemeente/1999/rapport.pdf"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown period: status %d, want 404", resp.StatusCode)
	}
	// The same report uncompressed, to read its text: no pseudonym of a
	// household or person, the suppressed buurt as "onderdrukt".
	rep, err := export.BuildReleaseReport(context.Background(), h.f.Store, "2025", 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := export.WriteReleasePDF(&buf, rep, false); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, secret := range []string{h.f.HouseholdA, h.f.A1, h.f.AChild, "hp1:", "ha1:"} {
		if strings.Contains(text, secret) {
			t.Errorf("report shows %q", secret)
		}
	}
	for _, s := range []string{"(Haven)", "(onderdrukt)", "(Kerkbuurt)", "(\x80 2.860.000)", "(+10,0%)"} {
		if !strings.Contains(text, s) {
			t.Errorf("report lacks %q", s)
		}
	}
	_, page := h.login("analist").get("/gemeente/2025?niveau=wijk")
	if !strings.Contains(page, `/gemeente/2025/rapport.pdf?versie=1`) || !strings.Contains(page, "Download rapport (PDF)") {
		t.Error("map page has no link to the report")
	}
}
