package intake

// JW323/WMO323 declarations.

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

func (p *xmlParser) declaratie() error {
	line := p.line()
	seen := map[string]bool{}
	err := p.children("Declaratie", func(se xml.StartElement) error {
		if se.Name.Space == p.ns && seen[se.Name.Local] {
			return p.duplicate(se, "Declaratie")
		}
		if !p.m(se, "Clienten") {
			if p.info.Clients > 0 {
				return p.fail(p.line(), fmt.Sprintf("<%s> na Clienten", se.Name.Local), fmt.Sprintf("<%s> after Clienten", se.Name.Local))
			}
		}
		var err error
		switch {
		case p.m(se, "DeclaratieNummer"):
			p.info.Declaratie, err = p.value(se)
			if err == nil && p.info.Declaratie == "" {
				return p.fail(p.line(), "DeclaratieNummer is leeg", "DeclaratieNummer is empty")
			}
		case p.m(se, "DeclaratiePeriode"):
			var nl, en, field string
			p.info.Periode, field, nl, en, err = p.periode(se)
			if err == nil && nl != "" {
				return p.fail(p.line(), "DeclaratiePeriode/"+field+": "+nl, "DeclaratiePeriode/"+field+": "+en)
			}
		case p.m(se, "DeclaratieDagtekening"):
			var v string
			v, err = p.value(se)
			if err == nil {
				if _, ok := xmlDate(v); !ok {
					return p.fail(p.line(), fmt.Sprintf("DeclaratieDagtekening %q is geen datum JJJJ-MM-DD", v), fmt.Sprintf("DeclaratieDagtekening %q is not a date YYYY-MM-DD", v))
				}
			}
		case p.m(se, "TotaalIngediendBedrag"):
			err = p.totaalIngediendBedrag()
		case p.m(se, "Clienten"):
			for _, name := range []string{"DeclaratieNummer", "DeclaratiePeriode", "DeclaratieDagtekening", "TotaalIngediendBedrag"} {
				if !seen[name] {
					return p.missing(p.line(), name, "Declaratie")
				}
			}
			p.nsDecls = append(p.nsDecls, se.Attr...)
			err = p.clienten()
			if err == nil && p.info.Clients == 0 {
				return p.missing(p.line(), "Client", "Clienten")
			}
		default:
			return p.unknown(se, "Declaratie")
		}
		seen[se.Name.Local] = true
		return err
	})
	if err != nil {
		return err
	}
	if !seen["Clienten"] {
		return p.missing(line, "Clienten", "Declaratie")
	}
	return nil
}

// totaalIngediendBedrag reads the declared total (TotaalBedrag, DebetCredit).
func (p *xmlParser) totaalIngediendBedrag() error {
	p.totaalLine = p.line()
	var totaalDC string
	var totaalBedrag int64
	totaalOK := false
	err := p.children("TotaalIngediendBedrag", func(c xml.StartElement) error {
		var err error
		var v string
		switch {
		case p.b(c, "TotaalBedrag"):
			v, err = p.value(c)
			if err == nil {
				if totaalBedrag, totaalOK = xmlCents(v); !totaalOK {
					return p.fail(p.line(), fmt.Sprintf("TotaalBedrag %q is geen geheel aantal eurocent", v), fmt.Sprintf("TotaalBedrag %q is not a whole number of eurocents", v))
				}
			}
		case p.b(c, "DebetCredit"):
			totaalDC, err = p.value(c)
		default:
			return p.unknown(c, "TotaalIngediendBedrag")
		}
		return err
	})
	if err != nil {
		return err
	}
	if !totaalOK || (totaalDC != "D" && totaalDC != "C") {
		return p.fail(p.line(), "TotaalIngediendBedrag heeft een TotaalBedrag en DebetCredit D of C nodig", "TotaalIngediendBedrag needs a TotaalBedrag and DebetCredit D or C")
	}
	p.info.Totaal = money.Cents(totaalBedrag)
	if totaalDC == "C" {
		p.info.Totaal = -p.info.Totaal
	}
	return nil
}

// periode reads a CDT_GeslotenPeriode (Begindatum, Einddatum). A content
// problem comes back as field/nl/en, a structural one as err.
func (p *xmlParser) periode(se xml.StartElement) (per [2]Date, field, nl, en string, err error) {
	var begin, eind string
	var hasBegin, hasEind bool
	for {
		c, ok, err := p.next(se.Name.Local)
		if err != nil {
			return per, "", "", "", err
		}
		if !ok {
			break
		}
		switch {
		case p.b(c, "Begindatum") && !hasBegin:
			begin, err = p.value(c)
			hasBegin = true
		case p.b(c, "Einddatum") && !hasEind:
			eind, err = p.value(c)
			hasEind = true
		case p.b(c, "Begindatum"), p.b(c, "Einddatum"):
			err = p.duplicate(c, se.Name.Local)
		default:
			err = p.unknown(c, se.Name.Local)
		}
		if err != nil {
			return per, "", "", "", err
		}
	}
	var ok bool
	if per[0], ok = xmlDate(begin); !ok {
		return per, "Begindatum", fmt.Sprintf("%q is geen datum JJJJ-MM-DD", begin), fmt.Sprintf("%q is not a date YYYY-MM-DD", begin), nil
	}
	if per[1], ok = xmlDate(eind); !ok {
		return per, "Einddatum", fmt.Sprintf("%q is geen datum JJJJ-MM-DD", eind), fmt.Sprintf("%q is not a date YYYY-MM-DD", eind), nil
	}
	if per[1] < per[0] {
		return per, "Einddatum", fmt.Sprintf("einddatum %s ligt vóór begindatum %s", per[1], per[0]), fmt.Sprintf("end date %s is before start date %s", per[1], per[0]), nil
	}
	return per, "", "", "", nil
}

func (p *xmlParser) client323() error {
	p.info.Clients++
	p.client, p.prestatie = p.info.Clients, 0
	defer func() { p.client, p.prestatie = 0, 0 }()
	clientLine := p.line()
	var bsn string
	var bsnProblem *xmlProblem
	seenBsn, seenPrestaties := false, false
	for {
		se, ok, err := p.next("Client")
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch {
		case p.m(se, "Bsn"):
			if seenBsn {
				return p.duplicate(se, "Client")
			}
			seenBsn = true
			v, err := p.value(se)
			if err != nil {
				return err
			}
			bsn, bsnProblem = xmlClientBSN(v)
		case p.m(se, "Prestaties"):
			if seenPrestaties {
				return p.duplicate(se, "Client")
			}
			seenPrestaties = true
			if !seenBsn {
				return p.missing(p.line(), "Bsn", "Client (vóór Prestaties)")
			}
			n := 0
			for {
				c, ok, err := p.next("Prestaties")
				if err != nil {
					return err
				}
				if !ok {
					break
				}
				if !p.m(c, "Prestatie") {
					return p.unknown(c, "Prestaties")
				}
				n++
				p.prestatie = n
				if err := p.prestatie323(bsn, bsnProblem); err != nil {
					return err
				}
				p.prestatie = 0
			}
			if n == 0 {
				return p.missing(p.line(), "Prestatie", "Prestaties")
			}
		default:
			return p.unknown(se, "Client")
		}
	}
	if !seenPrestaties {
		return p.missing(clientLine, "Prestaties", "Client")
	}
	return nil
}

// The children of a Prestatie, in schema order.
var xmlPrestatieElementen = [...]string{"ProductReferentie", "ToewijzingNummer", "ProductCategorie", "ProductCode",
	"ProductPeriode", "GeleverdVolume", "Eenheid", "ProductTarief", "IngediendBedrag"}

// Indexes into xmlPrestatieElementen.
const (
	xmlProductReferentie = iota
	xmlToewijzingNummer
	xmlProductCategorie
	xmlProductCode
	xmlProductPeriode
	xmlGeleverdVolume
	xmlEenheid
	xmlProductTarief
	xmlIngediendBedrag
)

// xmlPrestatie is one Prestatie as far as it has been read.
type xmlPrestatie struct {
	d                   Delivery
	pr                  xmlProblem
	seen                [len(xmlPrestatieElementen)]bool
	refNummer, vorigRef string
	amountOK            bool
}

// prestatie323 reads one Prestatie and sends it to the sink. It is the hot
// path of a large declaration, so it loops instead of using closures.
func (p *xmlParser) prestatie323(bsn string, bsnProblem *xmlProblem) error {
	p.info.Prestaties++
	line := p.line()
	x := xmlPrestatie{d: Delivery{Line: line, AGB: p.info.Afzender, BSN: bsn, Geldstroom: p.soort.geldstroom, Bron: p.soort.bericht, Gemeente: p.info.Ontvanger}}
	if bsnProblem != nil {
		x.pr = *bsnProblem
		x.pr.line = line
	}
	for {
		se, ok, err := p.next("Prestatie")
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		idx := p.prestatieIndex(se)
		if idx < 0 {
			return p.unknown(se, "Prestatie")
		}
		if x.seen[idx] {
			return p.duplicate(se, "Prestatie")
		}
		x.seen[idx] = true
		if err := p.prestatieElement(idx, se, &x); err != nil {
			return err
		}
	}
	p.finishPrestatie(line, &x)
	if x.pr.hasProblem {
		p.reject(x.pr)
		return nil
	}
	return p.sink.Delivery(&x.d)
}

func (p *xmlParser) prestatieIndex(se xml.StartElement) int {
	if se.Name.Space != p.ns {
		return -1
	}
	for i, name := range xmlPrestatieElementen {
		if se.Name.Local == name {
			return i
		}
	}
	return -1
}

// prestatieElement reads child idx of a Prestatie into x.
func (p *xmlParser) prestatieElement(idx int, se xml.StartElement, x *xmlPrestatie) error {
	l := p.line()
	d := &x.d
	var err error
	switch idx {
	case xmlProductReferentie:
		return p.productReferentie(l, x)
	case xmlToewijzingNummer:
		if d.Toewijzing, err = p.value(se); err == nil && (d.Toewijzing == "" || len(d.Toewijzing) > 20) {
			x.pr.set(l, "ToewijzingNummer", fmt.Sprintf("ToewijzingNummer %q is leeg of langer dan 20 tekens", d.Toewijzing), fmt.Sprintf("ToewijzingNummer %q is empty or longer than 20 characters", d.Toewijzing))
		}
	case xmlProductCategorie:
		if d.Categorie, err = p.value(se); err == nil {
			if _, ok := p.soort.categorieen[d.Categorie]; !ok {
				x.pr.set(l, "ProductCategorie", p.categorieNL(d.Categorie), p.categorieEN(d.Categorie))
			}
		}
	case xmlProductCode:
		if d.Productcode, err = p.value(se); err == nil && !xmlProductcode(d.Productcode) {
			x.pr.set(l, "ProductCode", fmt.Sprintf("ProductCode %q moet 1 tot 5 letters of cijfers zijn", d.Productcode), fmt.Sprintf("ProductCode %q must be 1 to 5 letters or digits", d.Productcode))
		}
	case xmlProductPeriode:
		return p.productPeriode(l, se, x)
	case xmlGeleverdVolume:
		var v string
		if v, err = p.value(se); err == nil {
			// LDT_Aantal: 0 to 99999999; 0 is what a credit or a no-show day may carry.
			var ok bool
			if d.Volume, ok = xmlCents(v); !ok || d.Volume > 99999999 {
				x.pr.set(l, "GeleverdVolume", fmt.Sprintf("GeleverdVolume %q is geen geheel getal van 0 tot 99999999", v), fmt.Sprintf("GeleverdVolume %q is not a whole number from 0 to 99999999", v))
			}
		}
	case xmlEenheid:
		if d.Eenheid, err = p.value(se); err == nil {
			if _, ok := Eenheden[d.Eenheid]; !ok {
				x.pr.set(l, "Eenheid", fmt.Sprintf("Eenheid %q staat niet in codelijst WJ756 (01, 04, 14, 16, 82, 83, 84)", d.Eenheid), fmt.Sprintf("Eenheid %q is not in code list WJ756 (01, 04, 14, 16, 82, 83, 84)", d.Eenheid))
			}
		}
	case xmlProductTarief:
		var v string
		if v, err = p.value(se); err == nil {
			if _, ok := xmlCents(v); !ok {
				x.pr.set(l, "ProductTarief", fmt.Sprintf("ProductTarief %q is geen geheel aantal eurocent", v), fmt.Sprintf("ProductTarief %q is not a whole number of eurocents", v))
			}
		}
	case xmlIngediendBedrag:
		return p.ingediendBedrag(l, x)
	}
	return err
}

// productReferentie reads ReferentieNummer and VorigReferentieNummer.
func (p *xmlParser) productReferentie(l int, x *xmlPrestatie) error {
	var hasRef, hasVorig bool
	for {
		c, ok, err := p.next("ProductReferentie")
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch {
		case p.b(c, "ReferentieNummer") && !hasRef:
			x.refNummer, err = p.value(c)
			hasRef = true
		case p.b(c, "VorigReferentieNummer") && !hasVorig:
			x.vorigRef, err = p.value(c)
			hasVorig = true
		case p.b(c, "ReferentieNummer"), p.b(c, "VorigReferentieNummer"):
			err = p.duplicate(c, "ProductReferentie")
		default:
			err = p.unknown(c, "ProductReferentie")
		}
		if err != nil {
			return err
		}
	}
	if x.refNummer == "" {
		x.pr.set(l, "ReferentieNummer", "ReferentieNummer ontbreekt of is leeg", "ReferentieNummer is missing or empty")
	}
	return nil
}

// productPeriode reads the ProductPeriode. TR319: a declaration holds
// prestaties of its own or an earlier declaration period, so only a period
// that ends after the DeclaratiePeriode is refused. A credit (IV091)
// repeats the period of the debit it corrects, which lies months back.
func (p *xmlParser) productPeriode(l int, se xml.StartElement, x *xmlPrestatie) error {
	per, field, nl, en, err := p.periode(se)
	if err != nil {
		return err
	}
	d := &x.d
	d.Begin, d.Eind = per[0], per[1]
	switch {
	case nl != "":
		x.pr.set(l, field, "ProductPeriode: "+nl, "ProductPeriode: "+en)
	case d.Eind > p.info.Periode[1]:
		x.pr.set(l, "ProductPeriode", fmt.Sprintf("ProductPeriode %s–%s loopt door na de DeclaratiePeriode %s–%s; een declaratie bevat alleen prestaties uit de huidige of een eerdere declaratieperiode (TR319)", d.Begin, d.Eind, p.info.Periode[0], p.info.Periode[1]),
			fmt.Sprintf("ProductPeriode %s–%s runs past the DeclaratiePeriode %s–%s; a declaration holds only prestaties of the current or an earlier declaration period (TR319)", d.Begin, d.Eind, p.info.Periode[0], p.info.Periode[1]))
	}
	return nil
}

// ingediendBedrag reads the IngediendBedrag (Bedrag, DebetCredit).
func (p *xmlParser) ingediendBedrag(l int, x *xmlPrestatie) error {
	var bedrag, dc string
	var hasBedrag, hasDC bool
	for {
		c, ok, err := p.next("IngediendBedrag")
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch {
		case p.b(c, "Bedrag") && !hasBedrag:
			bedrag, err = p.value(c)
			hasBedrag = true
		case p.b(c, "DebetCredit") && !hasDC:
			dc, err = p.value(c)
			hasDC = true
		case p.b(c, "Bedrag"), p.b(c, "DebetCredit"):
			err = p.duplicate(c, "IngediendBedrag")
		default:
			err = p.unknown(c, "IngediendBedrag")
		}
		if err != nil {
			return err
		}
	}
	cents, ok := xmlCents(bedrag)
	switch {
	case !ok:
		x.pr.set(l, "Bedrag", fmt.Sprintf("IngediendBedrag %q is geen geheel aantal eurocent", bedrag), fmt.Sprintf("IngediendBedrag %q is not a whole number of eurocents", bedrag))
	case dc != "D" && dc != "C":
		x.pr.set(l, "DebetCredit", fmt.Sprintf("DebetCredit %q moet D of C zijn", dc), fmt.Sprintf("DebetCredit %q must be D or C", dc))
	default:
		x.amountOK = true
		x.d.Bedrag = money.Cents(cents)
		x.d.Credit = dc == "C"
	}
	return nil
}

// finishPrestatie checks what needs the whole Prestatie, adds its amount
// to the running total and sets the reference the store keys it by.
func (p *xmlParser) finishPrestatie(line int, x *xmlPrestatie) {
	for i, name := range xmlPrestatieElementen {
		if !x.seen[i] && i != xmlProductTarief {
			x.pr.set(line, name, fmt.Sprintf("verplicht element <%s> ontbreekt", name), fmt.Sprintf("required element <%s> is missing", name))
		}
	}
	if x.amountOK {
		p.sum += x.d.Signed()
	} else {
		p.sumUnknown = true
	}
	// A credit corrects an earlier debit (IV091). In 3.2 it names that debit
	// in VorigReferentieNummer; a credit that reuses the debit's own
	// ReferentieNummer means the same. Either way the Delivery carries the
	// debit's reference, so (AGB, Geldstroom, Referentie) joins the pair, whichever
	// declaration brought each of them.
	x.d.Referentie = x.refNummer
	if x.vorigRef != "" {
		if !x.d.Credit && x.amountOK {
			x.pr.set(line, "VorigReferentieNummer", "VorigReferentieNummer hoort alleen bij een creditprestatie (DebetCredit C)", "VorigReferentieNummer belongs only to a credit prestatie (DebetCredit C)")
		}
		x.d.Referentie = x.vorigRef
	}
}

func (p *xmlParser) reject(pr xmlProblem) {
	msg := p.info.Bericht
	if p.info.Identificatie != "" {
		msg += " " + p.info.Identificatie
	}
	p.sink.Reject(Rejection{Line: pr.line, Field: pr.field, Reason: pr.nl, ReasonEN: pr.en, Message: msg, Client: p.client, Prestatie: p.prestatie, Value: quotedValue(pr.nl)})
	for _, m := range pr.more {
		p.sink.Reject(Rejection{Line: m.line, Field: m.field, Reason: m.nl, ReasonEN: m.en, Message: msg, Client: p.client, Prestatie: p.prestatie, Value: quotedValue(m.nl), Further: true})
	}
}

// quotedValue is the value an XML problem quotes (%q), for the report's
// value column; "" when it quotes none (a BSN is never quoted: its
// problems show it masked).
func quotedValue(reason string) string {
	i := strings.IndexByte(reason, '"')
	if i < 0 {
		return ""
	}
	for j := i + 1; j < len(reason); j++ {
		switch reason[j] {
		case '\\':
			j++
		case '"':
			if v, err := strconv.Unquote(reason[i : j+1]); err == nil {
				return maskedValue("", v)
			}
			return ""
		}
	}
	return ""
}

func (p *xmlParser) categorieNL(c string) string {
	lijst := "JZ020"
	if p.soort.standaard == "iwmo" {
		lijst = "WMO020"
	}
	return fmt.Sprintf("productcategorie %q staat niet in codelijst %s", c, lijst)
}

func (p *xmlParser) categorieEN(c string) string {
	lijst := "JZ020"
	if p.soort.standaard == "iwmo" {
		lijst = "WMO020"
	}
	return fmt.Sprintf("product category %q is not in code list %s", c, lijst)
}

// client301 reads the one Client of a 301 message. The parts Ontschot does
// not use (name, birth date, relations, phone numbers) are skipped without
// checking their content; their place in the Client is still checked.
