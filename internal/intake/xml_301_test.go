package intake

import (
	"reflect"
	"testing"
)

func TestParseXMLJW301(t *testing.T) {
	info, sink := mustParseXMLFile(t, "jw301.xml")
	if info.Bericht != "JW301" || info.BerichtCode != 436 || info.Afzender != "0363" || info.Ontvanger != "98761234" || info.Prestaties != 2 {
		t.Errorf("info = %+v", info)
	}
	if len(sink.toewijzingen) != 2 || len(sink.rejections) != 0 {
		t.Fatalf("toewijzingen %d, rejections %+v", len(sink.toewijzingen), sink.rejections)
	}
	// The BRP address (Soort 01) of the client, not the correspondence
	// address and not the relation's address.
	adres := &Adres{Postcode: "1091GH", Huisnummer: 12, Huisletter: "a", Toevoeging: "2"}
	want := []Toewijzing{
		{Line: 94, AGB: "98761234", Gemeente: "0363", ToewijzingNummer: "40001873", BSN: "999900031", Geldstroom: "jeugdwet",
			Categorie: "45", Productcode: "45A48", Ingangsdatum: MakeDate(2025, 1, 1), Einddatum: MakeDate(2025, 6, 30),
			Volume: 8, Eenheid: "04", Frequentie: "4", Adres: adres, Bron: "JW301", ReferentieAanbieder: "DL-VOT-2024-311"},
		{Line: 111, AGB: "98761234", Gemeente: "0363", ToewijzingNummer: "40001874", BSN: "999900031", Geldstroom: "jeugdwet",
			Categorie: "54", Ingangsdatum: MakeDate(2025, 1, 1), Einddatum: MakeDate(2025, 12, 31),
			Volume: 250000, Eenheid: "83", Frequentie: "6", Budget: 250000, Adres: adres, Bron: "JW301"},
	}
	if !reflect.DeepEqual(sink.toewijzingen, want) {
		for _, tw := range sink.toewijzingen {
			t.Logf("got %+v adres %+v", tw, tw.Adres)
		}
		t.Fatal("toewijzingen differ")
	}
	if sink.toewijzingen[0].Adres == sink.toewijzingen[1].Adres {
		t.Error("products share one *Adres; a sink that keeps them must not see one change the other")
	}
	if got := sink.toewijzingen[0].Adres.Key(); got != "1091GH|12|A|2" {
		t.Errorf("Adres.Key() = %q", got)
	}
}

func TestParseXMLWMO301AndJoinWithDeclaration(t *testing.T) {
	_, toew := mustParseXMLFile(t, "wmo301.xml")
	_, decl := mustParseXMLFile(t, "wmo323.xml")
	if len(toew.toewijzingen) != 1 {
		t.Fatalf("toewijzingen %+v rejections %+v", toew.toewijzingen, toew.rejections)
	}
	tw := toew.toewijzingen[0]
	if tw.Geldstroom != "wmo" || tw.Bron != "WMO301" || tw.Einddatum != 0 || tw.Frequentie != "2" || tw.Adres == nil || tw.Adres.HouseKey() != "3511LX|45" {
		t.Errorf("toewijzing = %+v", tw)
	}
	// The household view joins assigned and delivered on (AGB, ToewijzingNummer).
	var joined int
	for _, d := range decl.deliveries {
		if d.AGB == tw.AGB && d.Toewijzing == tw.ToewijzingNummer && d.BSN == tw.BSN {
			joined++
		}
	}
	if joined != 1 {
		t.Errorf("%d prestaties join assignment %s, want 1", joined, tw.ToewijzingNummer)
	}
}
