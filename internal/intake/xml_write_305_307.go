package intake

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// StartStopbericht is the content of a JW305/WMO305 (start zorg) or
// JW307/WMO307 (stop zorg) message: one client, the products whose care
// started or stopped at one provider.
type StartStopbericht struct {
	Afzender      string // the provider's AGB code, 8 digits
	Ontvanger     string // the municipality's CBS code, 4 digits
	Identificatie string
	Dagtekening   Date
	BSN           string
	Geboortedatum Date
	// Of each StartStop the writer uses ToewijzingNummer, Categorie,
	// Productcode, Toewijzing (ToewijzingIngangsdatum), Begindatum, and
	// for a stop Einddatum and Reden; StatusAanlevering is 1.
	Producten []StartStop
}

// WriteJW305 writes m as a JW305 (iJw 3.2) start of care.
func WriteJW305(w io.Writer, m StartStopbericht) error { return writeStartStop(w, "JW305", m) }

// WriteWMO305 writes m as a WMO305 (iWmo 3.2) start of care.
func WriteWMO305(w io.Writer, m StartStopbericht) error { return writeStartStop(w, "WMO305", m) }

// WriteJW307 writes m as a JW307 (iJw 3.2) stop of care.
func WriteJW307(w io.Writer, m StartStopbericht) error { return writeStartStop(w, "JW307", m) }

// WriteWMO307 writes m as a WMO307 (iWmo 3.2) stop of care.
func WriteWMO307(w io.Writer, m StartStopbericht) error { return writeStartStop(w, "WMO307", m) }

// checkStartStop refuses what the official XSD or the 305/307 rules would
// refuse.
func checkStartStop(stop bool, m *StartStopbericht) error {
	if err := checkXMLHeader(m.Identificatie); err != nil {
		return err
	}
	if m.Geboortedatum == 0 {
		return errors.New("een start- of stopbericht noemt de Geboortedatum van de cliënt (XSD)")
	}
	if len(m.Producten) == 0 {
		return errors.New("een start- of stopbericht heeft minstens één product (XSD)")
	}
	for i := range m.Producten {
		t := &m.Producten[i]
		waar := fmt.Sprintf("toewijzing %q", t.ToewijzingNummer)
		switch {
		case !xmlLDTNummer(t.ToewijzingNummer):
			return fmt.Errorf("%s: ToewijzingNummer is geen geheel getal van 0 tot 999999999 (LDT_Nummer, XSD)", waar)
		case t.Categorie == "" || t.Begindatum == 0:
			return fmt.Errorf("%s: Product en Begindatum zijn verplicht (XSD)", waar)
		case t.Toewijzing != 0 && t.Toewijzing > t.Begindatum:
			return fmt.Errorf("%s: de zorg begint niet voor de ToewijzingIngangsdatum", waar)
		case stop && (t.Einddatum == 0 || t.Einddatum < t.Begindatum || t.Reden == ""):
			return fmt.Errorf("%s: een stop noemt een Einddatum (niet voor de Begindatum) en een RedenBeeindiging", waar)
		}
	}
	return nil
}

func writeStartStop(out io.Writer, bericht string, m StartStopbericht) error {
	s, err := xmlSoortVan(bericht)
	if err != nil {
		return err
	}
	stop := s.zorg == "stop"
	if err := checkStartStop(stop, &m); err != nil {
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
	list, item := "StartProducten", "StartProduct"
	if stop {
		list, item = "StopProducten", "StopProduct"
	}
	xmlOpen(w, 2, n, list)
	for i := range m.Producten {
		t := &m.Producten[i]
		xmlOpen(w, 3, n, item)
		el(4, n, "ToewijzingNummer", t.ToewijzingNummer)
		xmlOpen(w, 4, n, "Product")
		el(5, b, "Categorie", t.Categorie)
		if t.Productcode != "" {
			el(5, b, "Code", t.Productcode)
		}
		xmlClose(w, 4, n, "Product")
		if t.Toewijzing != 0 {
			el(4, n, "ToewijzingIngangsdatum", t.Toewijzing.String())
		}
		el(4, n, "Begindatum", t.Begindatum.String())
		if stop {
			el(4, n, "RedenBeeindiging", t.Reden)
			el(4, n, "Einddatum", t.Einddatum.String())
		}
		el(4, n, "StatusAanlevering", "1")
		xmlClose(w, 3, n, item)
	}
	xmlClose(w, 2, n, list)
	xmlClose(w, 1, n, "Client")
	w.WriteString("</" + n + ":Bericht>\n")
	return w.Flush()
}
