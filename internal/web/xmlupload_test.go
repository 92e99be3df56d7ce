package web

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/store"
)

// A provider sends the JW323 it already sends the municipality, through the
// API: it is detected from its content and imported like a CSV; a message
// with a wrong total is refused whole.
func TestAPIUploadTakesJW323(t *testing.T) {
	h := newHarness(t)
	tok := h.apiToken("aanbieder")
	msg := intake.Declaratiebericht{Afzender: accesstest.AGB1, Ontvanger: "0363", Identificatie: "API-1", Dagtekening: intake.MakeDate(2025, 6, 5),
		DeclaratieNummer: "D1", Periode: [2]intake.Date{intake.MakeDate(2025, 5, 1), intake.MakeDate(2025, 5, 31)},
		Clients: []intake.DeclClient{{BSN: accesstest.BSN(1), Prestaties: []intake.Delivery{{Referentie: "X1", Toewijzing: "1", Categorie: "45", Productcode: "45A48",
			Begin: intake.MakeDate(2025, 5, 1), Eind: intake.MakeDate(2025, 5, 31), Volume: 4, Eenheid: "04", Bedrag: 39200}}}}}
	var buf bytes.Buffer
	if err := intake.WriteJW323(&buf, msg); err != nil {
		t.Fatal(err)
	}
	resp, body := h.api("POST", "/api/v1/uploads?name=declaratie.xml", tok, bytes.NewReader(buf.Bytes()), "application/xml")
	var sum store.Summary
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &sum) != nil || sum.Format != "JW323" || sum.Accepted != 1 {
		t.Fatalf("JW323 upload: %d %s", resp.StatusCode, body)
	}
	bad := strings.Replace(buf.String(), "<ijw:TotaalBedrag>39200<", "<ijw:TotaalBedrag>39300<", 1)
	if bad == buf.String() {
		t.Fatal("test message has no total to change")
	}
	resp, body = h.api("POST", "/api/v1/uploads?name=fout.xml", tok, strings.NewReader(bad), "application/xml")
	if resp.StatusCode != 422 || !strings.Contains(body, "TotaalIngediendBedrag") {
		t.Fatalf("wrong total: %d %s", resp.StatusCode, body)
	}
}

// A provider sends its own requests for an assignment (JW315) through the
// same channel: accepted for its AGB code, refused row by row for another's.
func TestAPIUploadTakesOwnJW315(t *testing.T) {
	h := newHarness(t)
	tok := h.apiToken("aanbieder")
	msg := intake.Verzoekbericht{Afzender: accesstest.AGB1, Ontvanger: "0363", Identificatie: "VOT-1", Dagtekening: intake.MakeDate(2025, 6, 5),
		BSN: accesstest.BSN(1), Geboortedatum: intake.MakeDate(2014, 2, 3),
		Producten: []intake.AangevraagdProduct{{Verzoek: intake.Verzoek{ReferentieAanbieder: "VOT-1", Categorie: "45", Ingangsdatum: intake.MakeDate(2025, 7, 1), Verwijzer: "02"},
			ZorgverlenerCode: "01990001"}}}
	var buf bytes.Buffer
	if err := intake.WriteJW315(&buf, msg); err != nil {
		t.Fatal(err)
	}
	resp, body := h.api("POST", "/api/v1/uploads?name=verzoek.xml", tok, bytes.NewReader(buf.Bytes()), "application/xml")
	var sum store.Summary
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &sum) != nil || sum.Format != "JW315" || sum.Accepted != 1 {
		t.Fatalf("own JW315 upload: %d %s", resp.StatusCode, body)
	}
	msg.Afzender, msg.Identificatie = accesstest.AGB2, "VOT-2"
	buf.Reset()
	if err := intake.WriteJW315(&buf, msg); err != nil {
		t.Fatal(err)
	}
	resp, body = h.api("POST", "/api/v1/uploads?name=ander.xml", tok, bytes.NewReader(buf.Bytes()), "application/xml")
	sum = store.Summary{}
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &sum) != nil || sum.Accepted != 0 || sum.Rejected != 1 || sum.Rejections[0].Field != "agb" {
		t.Fatalf("another provider's JW315: %d %s", resp.StatusCode, body)
	}
}
