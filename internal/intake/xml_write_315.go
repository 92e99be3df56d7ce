package intake

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ontschot/ontschot/internal/model"
)

// Verzoekbericht is the content of a JW315 (verzoek om toewijzing): one
// client, the products one provider asks the municipality to assign.
type Verzoekbericht struct {
	Afzender      string // the provider's AGB code, 8 digits
	Ontvanger     string // the municipality's CBS code, 4 digits
	Identificatie string
	Dagtekening   Date
	BSN           string
	Geboortedatum Date
	Producten     []AangevraagdProduct
}

// AangevraagdProduct is one requested product as the writer writes it: of
// the Verzoek it uses ReferentieAanbieder, Categorie, Productcode,
// Ingangsdatum and Verwijzer; a referrer of type 02–05 (huisarts,
// jeugdarts, GI, medisch specialist) is named by its AGB code (CD067).
type AangevraagdProduct struct {
	Verzoek
	ZorgverlenerCode string
}

// WriteJW315 writes m as a JW315 (iJw 3.2) request for an assignment.
func WriteJW315(out io.Writer, m Verzoekbericht) error {
	s, err := xmlSoortVan("JW315")
	if err != nil {
		return err
	}
	if err := checkVerzoek(&m); err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	n, b := s.naam, s.standaard
	el := func(depth int, prefix, name, value string) { xmlElement(w, depth, prefix, name, value) }
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.WriteString(`<` + n + `:Bericht xmlns:` + b + `="` + s.basisNamespace() + `" xmlns:` + n + `="` + s.namespace() + `">` + "\n")
	xmlWriteHeader(w, s, m.Afzender, m.Ontvanger, m.Identificatie, m.Dagtekening)
	xmlOpen(w, 1, n, "Client")
	el(2, n, "Bsn", m.BSN)
	xmlOpen(w, 2, n, "Geboortedatum")
	el(3, b, "Datum", m.Geboortedatum.String())
	xmlClose(w, 2, n, "Geboortedatum")
	el(2, n, "Geslacht", "0")
	xmlOpen(w, 2, n, "Naam")
	xmlOpen(w, 3, b, "Geslachtsnaam")
	el(4, b, "Achternaam", "Jansen")
	xmlClose(w, 3, b, "Geslachtsnaam")
	xmlClose(w, 2, n, "Naam")
	xmlOpen(w, 2, n, "AangevraagdeProducten")
	for i := range m.Producten {
		v := &m.Producten[i]
		xmlOpen(w, 3, n, "AangevraagdProduct")
		el(4, n, "ReferentieAanbieder", v.ReferentieAanbieder)
		if v.Categorie != "" {
			xmlOpen(w, 4, n, "Product")
			el(5, b, "Categorie", v.Categorie)
			if v.Productcode != "" {
				el(5, b, "Code", v.Productcode)
			}
			xmlClose(w, 4, n, "Product")
		}
		el(4, n, "ToewijzingIngangsdatum", v.Ingangsdatum.String())
		xmlOpen(w, 4, n, "Verwijzer")
		el(5, b, "Type", v.Verwijzer)
		if v.ZorgverlenerCode != "" {
			el(5, b, "ZorgverlenerCode", v.ZorgverlenerCode)
		}
		xmlClose(w, 4, n, "Verwijzer")
		xmlClose(w, 3, n, "AangevraagdProduct")
	}
	xmlClose(w, 2, n, "AangevraagdeProducten")
	xmlClose(w, 1, n, "Client")
	w.WriteString("</" + n + ":Bericht>\n")
	return w.Flush()
}

// checkVerzoek refuses what the official XSD or the JW315 rules would
// refuse.
func checkVerzoek(m *Verzoekbericht) error {
	if err := checkXMLHeader(m.Identificatie); err != nil {
		return err
	}
	if m.Geboortedatum == 0 {
		return errors.New("een verzoek om toewijzing noemt de Geboortedatum van de cliënt (XSD)")
	}
	if len(m.Producten) == 0 {
		return errors.New("een verzoek om toewijzing heeft minstens één AangevraagdProduct (XSD)")
	}
	for i := range m.Producten {
		v := &m.Producten[i]
		waar := fmt.Sprintf("verzoek %q", v.ReferentieAanbieder)
		named := v.Verwijzer >= "02" && v.Verwijzer <= "05" // CD067, CD068
		switch {
		case strings.TrimSpace(v.ReferentieAanbieder) == "" || len(v.ReferentieAanbieder) > 36:
			return fmt.Errorf("%s: ReferentieAanbieder heeft 1 tot 36 tekens (LDT_Referentie, XSD)", waar)
		case v.Ingangsdatum == 0:
			return fmt.Errorf("%s: ToewijzingIngangsdatum is verplicht (XSD)", waar)
		case model.COD327[v.Verwijzer] == "":
			return fmt.Errorf("%s: Verwijzer Type %q staat niet in COD327", waar, v.Verwijzer)
		case named && !xmlDigits(v.ZorgverlenerCode, 8):
			return fmt.Errorf("%s: een verwijzer van type %s heeft een ZorgverlenerCode van 8 cijfers (CD067)", waar, v.Verwijzer)
		case !named && v.ZorgverlenerCode != "":
			return fmt.Errorf("%s: een verwijzer van type %s heeft geen ZorgverlenerCode (CD068)", waar, v.Verwijzer)
		}
	}
	return nil
}
