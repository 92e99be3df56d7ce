package intake

// Writers for iJw/iWmo 3.2 messages, for the demo, the tests and the
// benchmark. They write what ParseXML accepts and stream: a declaration of
// any size goes out client by client through DeclaratieWriter.

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// Declaratiebericht is the content of a JW323 or WMO323 message.
type Declaratiebericht struct {
	Afzender         string // the provider's AGB code, 8 digits
	Ontvanger        string // the municipality's CBS code, 4 digits ("0363")
	Identificatie    string // BerichtIdentificatie
	Dagtekening      Date   // of the message and the declaration
	DeclaratieNummer string
	Periode          [2]Date // DeclaratiePeriode
	Clients          []DeclClient
	// Compact writes each Prestatie on one line without indentation, as
	// much sending software does; the message is about 35% smaller.
	Compact bool
}

// DeclClient is one client's prestaties. Of each Delivery the writer uses
// Referentie, Toewijzing, Categorie, Productcode, Begin, Eind, Volume,
// Eenheid, Bedrag and Credit. A credit is written the 3.2 way: its own
// ReferentieNummer is Referentie+"C" and VorigReferentieNummer is
// Referentie, the debit it corrects.
type DeclClient struct {
	BSN        string
	Prestaties []Delivery
}

// Totaal returns the signed sum of all prestaties: the TotaalIngediendBedrag.
func (m *Declaratiebericht) Totaal() money.Cents {
	var t money.Cents
	for _, c := range m.Clients {
		for i := range c.Prestaties {
			t += c.Prestaties[i].Signed()
		}
	}
	return t
}

// WriteJW323 writes m as a JW323 (iJw 3.2) declaration.
func WriteJW323(w io.Writer, m Declaratiebericht) error { return writeDeclaratie(w, "JW323", m) }

// WriteWMO323 writes m as a WMO323 (iWmo 3.2) declaration.
func WriteWMO323(w io.Writer, m Declaratiebericht) error { return writeDeclaratie(w, "WMO323", m) }

func writeDeclaratie(w io.Writer, bericht string, m Declaratiebericht) error {
	dw, err := NewDeclaratieWriter(w, bericht, m, m.Totaal())
	if err != nil {
		return err
	}
	for _, c := range m.Clients {
		if err := dw.Client(c); err != nil {
			return err
		}
	}
	return dw.Close()
}

// DeclaratieWriter writes a 323 declaration client by client. The total
// comes first in the message, so the caller passes it up front.
type DeclaratieWriter struct {
	w       *bufio.Writer
	ns      string // prefix: "jw323" / "wmo323"
	basis   string // prefix: "ijw" / "iwmo"
	err     error
	closed  bool
	compact bool
	periode [2]Date
}

func xmlSoortVan(bericht string) (*xmlSoort, error) {
	for i := range xmlSoorten {
		if xmlSoorten[i].bericht == bericht {
			return &xmlSoorten[i], nil
		}
	}
	return nil, fmt.Errorf("onbekend berichttype %q", bericht)
}

// NewDeclaratieWriter starts a "JW323" or "WMO323" message with m's header
// and declaration (m.Clients is ignored) and the given signed total.
func NewDeclaratieWriter(w io.Writer, bericht string, m Declaratiebericht, totaal money.Cents) (*DeclaratieWriter, error) {
	s, err := xmlSoortVan(bericht)
	if err != nil || !s.declaratie {
		return nil, fmt.Errorf("geen declaratiebericht: %q", bericht)
	}
	if err := checkXMLHeader(m.Identificatie); err != nil {
		return nil, err
	}
	if !xmlAlnum(m.DeclaratieNummer, 12) {
		return nil, fmt.Errorf("DeclaratieNummer %q: 1 tot 12 letters of cijfers (LDT_IdentificatieDeclaratie, XSD)", m.DeclaratieNummer)
	}
	if m.Periode[1] < m.Periode[0] || m.Dagtekening < m.Periode[0] {
		return nil, fmt.Errorf("DeclaratiePeriode %s–%s en DeclaratieDagtekening %s: einde voor begin, of dagtekening voor het begin van de periode (TR137)",
			m.Periode[0], m.Periode[1], m.Dagtekening)
	}
	if totaal > xmlMaxTotaal || -totaal > xmlMaxTotaal {
		return nil, fmt.Errorf("TotaalIngediendBedrag %d eurocent past niet in het bericht (XSD)", totaal)
	}
	dw := &DeclaratieWriter{w: bufio.NewWriterSize(w, 64<<10), ns: s.naam, basis: s.standaard, compact: m.Compact, periode: m.Periode}
	dw.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	dw.raw(`<` + s.naam + `:Bericht xmlns:` + s.standaard + `="` + s.basisNamespace() + `" xmlns:` + s.naam + `="` + s.namespace() + `">` + "\n")
	xmlWriteHeader(dw.w, s, m.Afzender, m.Ontvanger, m.Identificatie, m.Dagtekening)
	dw.raw("\t<" + s.naam + ":Declaratie>\n")
	dw.el(2, dw.ns, "DeclaratieNummer", m.DeclaratieNummer)
	dw.open(2, dw.ns, "DeclaratiePeriode")
	dw.el(3, dw.basis, "Begindatum", m.Periode[0].String())
	dw.el(3, dw.basis, "Einddatum", m.Periode[1].String())
	dw.close(2, dw.ns, "DeclaratiePeriode")
	dw.el(2, dw.ns, "DeclaratieDagtekening", m.Dagtekening.String())
	dw.open(2, dw.ns, "TotaalIngediendBedrag")
	dc := "D"
	if totaal < 0 {
		dc, totaal = "C", -totaal
	}
	dw.el(3, dw.basis, "TotaalBedrag", strconv.FormatInt(int64(totaal), 10))
	dw.el(3, dw.basis, "DebetCredit", dc)
	dw.close(2, dw.ns, "TotaalIngediendBedrag")
	dw.open(2, dw.ns, "Clienten")
	return dw, dw.err
}

// Client writes one client with its prestaties.
func (dw *DeclaratieWriter) Client(c DeclClient) error {
	for i := range c.Prestaties {
		if err := dw.checkPrestatie(&c.Prestaties[i]); err != nil {
			if dw.err == nil {
				dw.err = err
			}
			return err
		}
	}
	dw.open(3, dw.ns, "Client")
	dw.el(4, dw.ns, "Bsn", c.BSN)
	dw.open(4, dw.ns, "Prestaties")
	for i := range c.Prestaties {
		d := &c.Prestaties[i]
		dw.open(5, dw.ns, "Prestatie")
		dw.open(6, dw.ns, "ProductReferentie")
		if d.Credit {
			dw.el(7, dw.basis, "ReferentieNummer", d.Referentie+"C")
			dw.el(7, dw.basis, "VorigReferentieNummer", d.Referentie)
		} else {
			dw.el(7, dw.basis, "ReferentieNummer", d.Referentie)
		}
		dw.close(6, dw.ns, "ProductReferentie")
		dw.el(6, dw.ns, "ToewijzingNummer", d.Toewijzing)
		dw.el(6, dw.ns, "ProductCategorie", d.Categorie)
		dw.el(6, dw.ns, "ProductCode", d.Productcode)
		dw.open(6, dw.ns, "ProductPeriode")
		dw.el(7, dw.basis, "Begindatum", d.Begin.String())
		dw.el(7, dw.basis, "Einddatum", d.Eind.String())
		dw.close(6, dw.ns, "ProductPeriode")
		dw.el(6, dw.ns, "GeleverdVolume", strconv.FormatInt(d.Volume, 10))
		dw.el(6, dw.ns, "Eenheid", d.Eenheid)
		if d.Eenheid != "83" {
			dw.el(6, dw.ns, "ProductTarief", strconv.FormatInt(int64(d.Tarief()), 10))
		}
		dw.open(6, dw.ns, "IngediendBedrag")
		dw.el(7, dw.basis, "Bedrag", strconv.FormatInt(int64(d.Bedrag), 10))
		dc := "D"
		if d.Credit {
			dc = "C"
		}
		dw.el(7, dw.basis, "DebetCredit", dc)
		dw.close(6, dw.ns, "IngediendBedrag")
		dw.close(5, dw.ns, "Prestatie")
		if dw.compact {
			dw.raw("\n")
		}
	}
	dw.close(4, dw.ns, "Prestaties")
	dw.close(3, dw.ns, "Client")
	return dw.err
}

// checkPrestatie refuses what the official XSD or the rules for a 323
// would refuse, so the writer never sends a message a municipality's
// software rejects.
func (dw *DeclaratieWriter) checkPrestatie(d *Delivery) error {
	waar := fmt.Sprintf("prestatie %q", d.Referentie)
	switch {
	case d.Referentie == "" || len(d.Referentie)+1 > 36:
		return fmt.Errorf("%s: ReferentieNummer is leeg of langer dan 35 tekens (LDT_Referentie, XSD)", waar)
	case d.Categorie == "" || d.Productcode == "":
		return fmt.Errorf("%s: ProductCategorie en ProductCode zijn verplicht in een declaratie (XSD)", waar)
	case !xmlLDTNummer(d.Toewijzing):
		return fmt.Errorf("%s: ToewijzingNummer %q is geen geheel getal van 0 tot 999999999 (LDT_Nummer, XSD)", waar, d.Toewijzing)
	case d.Eind < d.Begin:
		return fmt.Errorf("%s: ProductPeriode eindigt voor zij begint", waar)
	case d.Eind > dw.periode[1]:
		return fmt.Errorf("%s: ProductPeriode %s–%s ligt na de DeclaratiePeriode (TR319)", waar, d.Begin, d.Eind)
	case d.Volume < 0 || d.Volume > 99999999 || d.Bedrag < 0 || d.Bedrag > 99999999:
		return fmt.Errorf("%s: GeleverdVolume of Bedrag buiten 0–99999999 (LDT_Volume/LDT_Bedrag, XSD)", waar)
	case d.Eenheid != "83" && (d.Volume == 0 && d.Bedrag != 0 || d.Volume > 0 && int64(d.Bedrag)%d.Volume != 0):
		return fmt.Errorf("%s: Bedrag %d is niet GeleverdVolume %d × een tarief in hele eurocenten (TR346, CD087)", waar, d.Bedrag, d.Volume)
	}
	return nil
}

// Tarief is the ProductTarief of a prestatie: Bedrag / Volume, which is
// whole when Bedrag = Volume × tarief (TR346); 0 when Volume is 0.
func (d *Delivery) Tarief() money.Cents {
	if d.Volume == 0 {
		return 0
	}
	return money.Cents(int64(d.Bedrag) / d.Volume)
}

// xmlMaxTotaal is the largest TotaalBedrag (LDT_TotaalBedrag in the XSD).
const xmlMaxTotaal = 999999999999

// xmlLDTNummer reports whether s is an LDT_Nummer: a whole number from 0
// to 999999999, as ToewijzingNummer must be.
func xmlLDTNummer(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// xmlAlnum reports whether s is 1 to max ASCII letters and digits.
func xmlAlnum(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// checkXMLHeader checks the BerichtIdentificatie (LDT_IdentificatieBericht).
func checkXMLHeader(identificatie string) error {
	if len(identificatie) == 0 || len(identificatie) > 12 || strings.TrimSpace(identificatie) == "" {
		return fmt.Errorf("BerichtIdentificatie %q: 1 tot 12 tekens, niet alleen spaties (LDT_IdentificatieBericht, XSD)", identificatie)
	}
	return nil
}

// Close ends the message and flushes it.
func (dw *DeclaratieWriter) Close() error {
	if dw.closed {
		return dw.err
	}
	dw.closed = true
	dw.close(2, dw.ns, "Clienten")
	dw.close(1, dw.ns, "Declaratie")
	dw.raw("</" + dw.ns + ":Bericht>\n")
	if dw.err == nil {
		dw.err = dw.w.Flush()
	}
	return dw.err
}

func (dw *DeclaratieWriter) raw(s string) {
	if dw.err == nil {
		_, dw.err = dw.w.WriteString(s)
	}
}

func (dw *DeclaratieWriter) open(depth int, prefix, name string) {
	if dw.compact && depth > 2 {
		depth = -1
	}
	if dw.err == nil {
		dw.err = xmlOpen(dw.w, depth, prefix, name)
	}
}

func (dw *DeclaratieWriter) close(depth int, prefix, name string) {
	if dw.compact && depth > 2 {
		depth = -1
	}
	if dw.err == nil {
		dw.err = xmlClose(dw.w, depth, prefix, name)
	}
}

func (dw *DeclaratieWriter) el(depth int, prefix, name, value string) {
	if dw.compact && depth > 2 {
		depth = -1
	}
	if dw.err == nil {
		dw.err = xmlElement(dw.w, depth, prefix, name, value)
	}
}

const xmlTabs = "\t\t\t\t\t\t\t\t\t\t"

// xmlIndent starts a line at depth; a negative depth writes compactly.
func xmlIndent(w *bufio.Writer, depth int) {
	if depth > 0 {
		w.WriteString(xmlTabs[:depth])
	}
}

func xmlEOL(w *bufio.Writer, depth int) error {
	if depth < 0 {
		return w.WriteByte('>')
	}
	_, err := w.WriteString(">\n")
	return err
}

func xmlOpen(w *bufio.Writer, depth int, prefix, name string) error {
	xmlIndent(w, depth)
	w.WriteByte('<')
	w.WriteString(prefix)
	w.WriteByte(':')
	w.WriteString(name)
	return xmlEOL(w, depth)
}

func xmlClose(w *bufio.Writer, depth int, prefix, name string) error {
	xmlIndent(w, depth)
	w.WriteString("</")
	w.WriteString(prefix)
	w.WriteByte(':')
	w.WriteString(name)
	return xmlEOL(w, depth)
}

// xmlElement writes <prefix:name>value</prefix:name> with value escaped.
func xmlElement(w *bufio.Writer, depth int, prefix, name, value string) error {
	xmlIndent(w, depth)
	w.WriteByte('<')
	w.WriteString(prefix)
	w.WriteByte(':')
	w.WriteString(name)
	w.WriteByte('>')
	if xmlPlain(value) {
		w.WriteString(value)
	} else {
		xml.EscapeText(w, []byte(value))
	}
	w.WriteString("</")
	w.WriteString(prefix)
	w.WriteByte(':')
	w.WriteString(name)
	return xmlEOL(w, depth)
}

func xmlPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || c < ' ' || c >= 0x80:
			return false
		}
	}
	return true
}

func xmlWriteHeader(w *bufio.Writer, s *xmlSoort, afzender, ontvanger, identificatie string, dagtekening Date) {
	m, b := s.naam, s.standaard
	xmlOpen(w, 1, m, "Header")
	xmlElement(w, 2, m, "BerichtCode", strconv.Itoa(s.code))
	xmlElement(w, 2, m, "BerichtVersie", xmlVersie)
	xmlElement(w, 2, m, "BerichtSubversie", xmlSubversie)
	xmlElement(w, 2, m, "Afzender", afzender)
	xmlElement(w, 2, m, "Ontvanger", ontvanger)
	xmlOpen(w, 2, m, "BerichtIdentificatie")
	xmlElement(w, 3, b, "Identificatie", identificatie)
	xmlElement(w, 3, b, "Dagtekening", dagtekening.String())
	xmlClose(w, 2, m, "BerichtIdentificatie")
	xmlOpen(w, 2, m, "XsdVersie")
	xmlElement(w, 3, b, "BasisschemaXsdVersie", "1.0.0")
	xmlElement(w, 3, b, "BerichtXsdVersie", "1.0.0")
	xmlClose(w, 2, m, "XsdVersie")
	xmlClose(w, 1, m, "Header")
}

// Toewijzingbericht is the content of a JW301 or WMO301 message: one
// client and the products assigned to one provider.
type Toewijzingbericht struct {
	Afzender      string // the municipality's CBS code, 4 digits
	Ontvanger     string // the provider's AGB code, 8 digits
	Identificatie string
	Dagtekening   Date // also the Toewijzingsdatum of the products
	BSN           string
	Geboortedatum Date
	Achternaam    string // "Jansen" when empty
	Voorletters   string
	Adres         *Adres // the BRP address, written as Contact Soort 01; required
	Straatnaam    string // required with Adres (CD034)
	Plaatsnaam    string // required with Adres (CD025)
	// Of each Toewijzing the writer uses ToewijzingNummer, ReferentieAanbieder (when set), Categorie,
	// Productcode, Ingangsdatum, Einddatum, Reden, Volume/Eenheid/
	// Frequentie (when Volume > 0) and Budget (when > 0).
	Producten []Toewijzing
}

// checkToewijzing refuses what the official XSD or the rules for a 301
// would refuse.
func checkToewijzing(m *Toewijzingbericht) error {
	if err := checkXMLHeader(m.Identificatie); err != nil {
		return err
	}
	if m.Geboortedatum == 0 {
		return errors.New("een toewijzing noemt de Geboortedatum van de cliënt (XSD)")
	}
	if m.Adres == nil {
		return errors.New("een toewijzing noemt een adres van de cliënt met Huis en Postcode (TR006, TR061)")
	}
	if m.Straatnaam == "" || m.Plaatsnaam == "" {
		return errors.New("een BRP-adres (Soort 01) heeft een Straatnaam en, in Nederland, een Plaatsnaam (CD034, CD025)")
	}
	if len(m.Producten) == 0 {
		return errors.New("een toewijzingsbericht heeft minstens één ToegewezenProduct (XSD)")
	}
	for i := range m.Producten {
		t := &m.Producten[i]
		waar := fmt.Sprintf("toewijzing %q", t.ToewijzingNummer)
		switch {
		case !xmlLDTNummer(t.ToewijzingNummer):
			return fmt.Errorf("%s: ToewijzingNummer is geen geheel getal van 0 tot 999999999 (LDT_Nummer, XSD)", waar)
		case t.Einddatum != 0 && t.Einddatum < t.Ingangsdatum:
			return fmt.Errorf("%s: Einddatum ligt voor de Ingangsdatum", waar)
		case t.Productcode != "" && t.Volume <= 0:
			return fmt.Errorf("%s: met een ProductCode is de Omvang verplicht (TR411)", waar)
		case t.Volume > 0 && (t.Eenheid == "" || t.Frequentie == ""):
			return fmt.Errorf("%s: een Omvang heeft een Eenheid en een Frequentie (XSD)", waar)
		}
	}
	return nil
}

// WriteJW301 writes m as a JW301 (iJw 3.2) assignment.
func WriteJW301(w io.Writer, m Toewijzingbericht) error { return writeToewijzing(w, "JW301", m) }

// WriteWMO301 writes m as a WMO301 (iWmo 3.2) assignment.
func WriteWMO301(w io.Writer, m Toewijzingbericht) error { return writeToewijzing(w, "WMO301", m) }

func writeToewijzing(out io.Writer, bericht string, m Toewijzingbericht) error {
	s, err := xmlSoortVan(bericht)
	if err != nil {
		return err
	}
	if err := checkToewijzing(&m); err != nil {
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
	achternaam, voorletters := m.Achternaam, m.Voorletters
	if achternaam == "" {
		achternaam = "Jansen"
	}
	xmlOpen(w, 2, n, "Naam")
	xmlOpen(w, 3, b, "Geslachtsnaam")
	el(4, b, "Achternaam", achternaam)
	xmlClose(w, 3, b, "Geslachtsnaam")
	if voorletters != "" {
		el(3, b, "Voorletters", voorletters)
	}
	el(3, b, "NaamGebruik", "1")
	xmlClose(w, 2, n, "Naam")
	xmlOpen(w, 2, n, "Contactgegevens")
	xmlOpen(w, 3, n, "Contact")
	el(4, n, "Soort", "01")
	xmlOpen(w, 4, n, "Adres")
	xmlOpen(w, 5, b, "Huis")
	el(6, b, "Huisnummer", strconv.Itoa(m.Adres.Huisnummer))
	if m.Adres.Huisletter != "" {
		el(6, b, "Huisletter", m.Adres.Huisletter)
	}
	if m.Adres.Toevoeging != "" {
		el(6, b, "HuisnummerToevoeging", m.Adres.Toevoeging)
	}
	xmlClose(w, 5, b, "Huis")
	el(5, b, "Postcode", m.Adres.Postcode)
	el(5, b, "Straatnaam", m.Straatnaam)
	el(5, b, "Plaatsnaam", m.Plaatsnaam)
	el(5, b, "LandCode", "NL")
	xmlClose(w, 4, n, "Adres")
	xmlClose(w, 3, n, "Contact")
	xmlClose(w, 2, n, "Contactgegevens")
	xmlOpen(w, 2, n, "ToegewezenProducten")
	for i := range m.Producten {
		t := &m.Producten[i]
		xmlOpen(w, 3, n, "ToegewezenProduct")
		el(4, n, "ToewijzingNummer", t.ToewijzingNummer)
		if t.ReferentieAanbieder != "" {
			el(4, n, "ReferentieAanbieder", t.ReferentieAanbieder)
		}
		if t.Categorie != "" {
			xmlOpen(w, 4, n, "Product")
			el(5, b, "Categorie", t.Categorie)
			if t.Productcode != "" {
				el(5, b, "Code", t.Productcode)
			}
			xmlClose(w, 4, n, "Product")
		}
		el(4, n, "Toewijzingsdatum", m.Dagtekening.String())
		el(4, n, "Toewijzingstijd", "09:00:00")
		el(4, n, "Ingangsdatum", t.Ingangsdatum.String())
		if t.Einddatum != 0 {
			el(4, n, "Einddatum", t.Einddatum.String())
		}
		if t.Reden != "" {
			el(4, n, "RedenWijziging", t.Reden)
		}
		if t.Volume > 0 {
			xmlOpen(w, 4, n, "Omvang")
			el(5, b, "Volume", strconv.FormatInt(t.Volume, 10))
			el(5, b, "Eenheid", t.Eenheid)
			el(5, b, "Frequentie", t.Frequentie)
			xmlClose(w, 4, n, "Omvang")
		}
		if t.Budget > 0 {
			el(4, n, "Budget", strconv.FormatInt(int64(t.Budget), 10))
		}
		xmlClose(w, 3, n, "ToegewezenProduct")
	}
	xmlClose(w, 2, n, "ToegewezenProducten")
	xmlClose(w, 1, n, "Client")
	w.WriteString("</" + n + ":Bericht>\n")
	return w.Flush()
}
