package intake

// JW315 (verzoek om toewijzing): a provider asks the municipality to
// assign care and names who referred the client (the Verwijzer; in iJw 3.2
// it is here and not in the JW301). Ontschot keeps per requested product
// the provider's ReferentieAanbieder — the JW301 that answers repeats it
// (IV094, IV097) — and the kind of referrer (COD327). The referrer's Naam
// and ZorgverlenerCode, the client's name and the comments are read past
// and never handed on. ToewijzingEinddatum and Omvang are not used: they
// are what the provider asks for, the JW301 says what was assigned (the
// official example even carries the impossible date 2027-06-31 there).

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/internal/model"
)

// client315 reads the one Client of a JW315.
func (p *xmlParser) client315() error {
	p.info.Clients = 1
	p.client = 1
	defer func() { p.client, p.prestatie = 0, 0 }()
	clientLine := p.line()
	var bsn string
	var bsnProblem *xmlProblem
	seen := map[string]bool{}
	err := p.children("Client", func(se xml.StartElement) error {
		if se.Name.Space == p.ns && seen[se.Name.Local] {
			return p.duplicate(se, "Client")
		}
		var err error
		switch {
		case p.m(se, "Bsn"):
			var v string
			v, err = p.value(se)
			bsn, bsnProblem = xmlClientBSN(v)
		case p.m(se, "Geboortedatum"), p.m(se, "Naam"):
			err = p.skip()
		case p.m(se, "Geslacht"), p.m(se, "GezagsdragerBekend"), p.m(se, "Commentaar"):
			_, err = p.value(se)
		case p.m(se, "AangevraagdeProducten"):
			if !seen["Bsn"] {
				return p.missing(p.line(), "Bsn", "Client (vóór AangevraagdeProducten)")
			}
			n := 0
			err = p.children("AangevraagdeProducten", func(c xml.StartElement) error {
				if !p.m(c, "AangevraagdProduct") {
					return p.unknown(c, "AangevraagdeProducten")
				}
				n++
				p.prestatie = n
				err := p.product315(bsn, bsnProblem)
				p.prestatie = 0
				return err
			})
			if err == nil && n == 0 {
				return p.missing(p.line(), "AangevraagdProduct", "AangevraagdeProducten")
			}
		default:
			return p.unknown(se, "Client")
		}
		seen[se.Name.Local] = true
		return err
	})
	if err != nil {
		return err
	}
	if !seen["AangevraagdeProducten"] {
		return p.missing(clientLine, "AangevraagdeProducten", "Client")
	}
	return nil
}

// product315 reads one AangevraagdProduct and sends it to the sink, or
// rejects it with its first problem.
func (p *xmlParser) product315(bsn string, bsnProblem *xmlProblem) error {
	p.info.Prestaties++
	line := p.line()
	v := Verzoek{Line: line, AGB: p.info.Afzender, Gemeente: p.info.Ontvanger, BSN: bsn, Geldstroom: p.soort.geldstroom, Bron: p.soort.bericht}
	var pr xmlProblem
	if bsnProblem != nil {
		pr = *bsnProblem
		pr.line = line
	}
	seen := map[string]bool{}
	err := p.children("AangevraagdProduct", func(se xml.StartElement) error {
		if se.Name.Space == p.ns && seen[se.Name.Local] {
			return p.duplicate(se, "AangevraagdProduct")
		}
		seen[se.Name.Local] = true
		return p.product315Element(se, &v, &pr)
	})
	if err != nil {
		return err
	}
	for _, name := range []string{"ReferentieAanbieder", "ToewijzingIngangsdatum", "Verwijzer"} {
		if !seen[name] {
			pr.set(line, name, fmt.Sprintf("verplicht element <%s> ontbreekt", name), fmt.Sprintf("required element <%s> is missing", name))
		}
	}
	if pr.hasProblem {
		p.reject(pr)
		return nil
	}
	return p.sink.Verzoek(&v)
}

// product315Element reads one child of an AangevraagdProduct into v.
func (p *xmlParser) product315Element(se xml.StartElement, v *Verzoek, pr *xmlProblem) error {
	l := p.line()
	switch {
	case p.m(se, "ReferentieAanbieder"):
		r, err := p.value(se)
		if err == nil && (strings.TrimSpace(r) == "" || len(r) > 36) {
			pr.set(l, "ReferentieAanbieder", fmt.Sprintf("ReferentieAanbieder %q is leeg of langer dan 36 tekens", r), fmt.Sprintf("ReferentieAanbieder %q is empty or longer than 36 characters", r))
		}
		v.ReferentieAanbieder = r
		return err
	case p.m(se, "Product"):
		var err error
		v.Categorie, v.Productcode, err = p.product(l, pr)
		return err
	case p.m(se, "ToewijzingIngangsdatum"):
		s, err := p.value(se)
		if err != nil {
			return err
		}
		d, ok := xmlDate(s)
		if !ok {
			pr.set(l, "ToewijzingIngangsdatum", fmt.Sprintf("ToewijzingIngangsdatum %q is geen datum JJJJ-MM-DD", s), fmt.Sprintf("ToewijzingIngangsdatum %q is not a date YYYY-MM-DD", s))
		}
		v.Ingangsdatum = d
		return nil
	case p.m(se, "BeschikkingNummer"), p.m(se, "BeschikkingIngangsdatum"), p.m(se, "ToewijzingEinddatum"),
		p.m(se, "Budget"), p.m(se, "Raamcontract"), p.m(se, "Commentaar"):
		_, err := p.value(se)
		return err
	case p.m(se, "Omvang"):
		return p.skip()
	case p.m(se, "Verwijzer"):
		return p.verwijzer(l, v, pr)
	}
	return p.unknown(se, "AangevraagdProduct")
}

// verwijzer reads a CDT_Verwijzer just opened: its Type is kept, its Naam
// and ZorgverlenerCode are not.
func (p *xmlParser) verwijzer(l int, v *Verzoek, pr *xmlProblem) error {
	hasType := false
	err := p.children("Verwijzer", func(c xml.StartElement) error {
		var err error
		switch {
		case p.b(c, "Type"):
			hasType = true
			v.Verwijzer, err = p.value(c)
		case p.b(c, "Naam"), p.b(c, "ZorgverlenerCode"):
			_, err = p.value(c)
		default:
			return p.unknown(c, "Verwijzer")
		}
		return err
	})
	if err != nil {
		return err
	}
	if !hasType {
		pr.set(l, "Verwijzer", "verplicht element <Type> ontbreekt in Verwijzer", "required element <Type> is missing in Verwijzer")
	} else if _, ok := model.COD327[v.Verwijzer]; !ok {
		pr.set(l, "Verwijzer", fmt.Sprintf("Verwijzer Type %q staat niet in codelijst COD327 (01–06, 08)", v.Verwijzer),
			fmt.Sprintf("Verwijzer Type %q is not in code list COD327 (01–06, 08)", v.Verwijzer))
	}
	return nil
}
