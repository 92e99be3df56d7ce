package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
)

// attack301 is a JW301 "from the municipality" to the logged-in provider
// for bsn, with household A's address (1234AB 1) and an Ingangsdatum
// after the BRP extract.
func attack301(t *testing.T, bsn, nummer string) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := intake.WriteJW301(&buf, intake.Toewijzingbericht{Afzender: "0363", Ontvanger: accesstest.AGB1, Identificatie: "X" + nummer,
		Dagtekening: intake.MakeDate(2025, 5, 20), BSN: bsn, Geboortedatum: intake.MakeDate(1990, 10, 10),
		Adres: &intake.Adres{Postcode: "1234AB", Huisnummer: 1}, Straatnaam: "Proefstraat", Plaatsnaam: "Proefdorp",
		Producten: []intake.Toewijzing{{ToewijzingNummer: nummer, Categorie: "45", Productcode: "45A48",
			Ingangsdatum: intake.MakeDate(2025, 6, 1), Volume: 8, Eenheid: "04", Frequentie: "4"}}})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Attack (issue 11.1): a provider uploads a JW301 for persons it never
// served, a stranger (C1) and a person at a secret address, with household
// A's address and a later Ingangsdatum, through the upload form and the
// API. Both refuse the file with a reason; nobody moves into household A,
// so the professional assigned to A sees no stranger's care.
func TestProviderUploadOf301CannotMovePeople(t *testing.T) {
	h := newHarness(t)
	f := h.f
	ctx := context.Background()
	hhOf := func(bsn string) string {
		t.Helper()
		hh, err := f.Store.HouseholdOf(ctx, f.Kluis.Pseudonym(kluis.Person, bsn), access.Today())
		if err != nil {
			t.Fatal(err)
		}
		return hh
	}
	if hhOf(accesstest.BSN(6)) != f.HouseholdC || hhOf(accesstest.BSN(7)) != "" {
		t.Fatal("fixture: C1 lives in C, the secret person in no household")
	}

	// The upload form.
	pro := h.login("aanbieder")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", pro.csrf)
	fw, _ := mw.CreateFormFile("bestand", "toewijzing.xml")
	fw.Write(attack301(t, accesstest.BSN(6), "9001"))
	mw.Close()
	req, _ := http.NewRequest("POST", h.srv.URL+"/aanlevering", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, body := pro.do(req)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "301") || !strings.Contains(body, "gemeente") {
		t.Errorf("form upload of a JW301: %d, want 400 naming the 301 and the municipality:\n%.600s", resp.StatusCode, body)
	}

	// The API.
	tok := h.apiToken("aanbieder")
	resp, body = h.api("POST", "/api/v1/uploads?name=toewijzing.xml", tok, bytes.NewReader(attack301(t, accesstest.BSN(7), "9002")), "application/xml")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "301") {
		t.Errorf("API upload of a JW301: %d %s, want 422 naming the 301", resp.StatusCode, body)
	}
	if strings.Contains(body, accesstest.BSN(7)) {
		t.Errorf("the refusal prints the BSN: %s", body)
	}

	if got := hhOf(accesstest.BSN(6)); got != f.HouseholdC {
		t.Errorf("the provider's 301 moved C1 to household %q", got)
	}
	if got := hhOf(accesstest.BSN(7)); got != "" {
		t.Errorf("the provider's 301 placed the person at a secret address in household %q", got)
	}
	var n int
	if err := f.Store.DB().QueryRow(`SELECT COUNT(*) FROM residences WHERE bron <> 'brp'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the provider's 301s stored %d addresses (%v)", n, err)
	}
	if err := f.Store.DB().QueryRow(`SELECT COUNT(*) FROM toewijzingen`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the provider's 301s stored %d assignments (%v)", n, err)
	}
}
