package intake

// JW305/WMO305 (start zorg) and JW307/WMO307 (stop zorg): the provider
// tells the municipality the day care really began and ended. The parts
// of the Client Ontschot does not use (birth date, name) are skipped
// without checking their content; their place in the Client is checked.

import (
	"encoding/xml"
	"fmt"
)

// client305307 reads the one Client of a 305 or 307 message.
func (p *xmlParser) client305307() error {
	p.info.Clients = 1
	p.client = 1
	defer func() { p.client, p.prestatie = 0, 0 }()
	clientLine := p.line()
	list, item := "StartProducten", "StartProduct"
	if p.soort.zorg == "stop" {
		list, item = "StopProducten", "StopProduct"
	}
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
		case p.m(se, "Geslacht"):
			_, err = p.value(se)
		case p.m(se, list):
			if !seen["Bsn"] {
				return p.missing(p.line(), "Bsn", "Client (vóór "+list+")")
			}
			n := 0
			err = p.children(list, func(c xml.StartElement) error {
				if !p.m(c, item) {
					return p.unknown(c, list)
				}
				n++
				p.prestatie = n
				err := p.startStopProduct(item, bsn, bsnProblem)
				p.prestatie = 0
				return err
			})
			if err == nil && n == 0 {
				return p.missing(p.line(), item, list)
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
	if !seen[list] {
		return p.missing(clientLine, list, "Client")
	}
	return nil
}

// startStopProduct reads one StartProduct or StopProduct and sends it to
// the sink, or rejects it with its first problem.
func (p *xmlParser) startStopProduct(item, bsn string, bsnProblem *xmlProblem) error {
	p.info.Prestaties++
	line := p.line()
	z := StartStop{Line: line, AGB: p.info.Afzender, Gemeente: p.info.Ontvanger, BSN: bsn, Geldstroom: p.soort.geldstroom,
		Stop: p.soort.zorg == "stop", Bron: p.soort.bericht}
	var pr xmlProblem
	if bsnProblem != nil {
		pr = *bsnProblem
		pr.line = line
	}
	seen := map[string]bool{}
	err := p.children(item, func(se xml.StartElement) error {
		if se.Name.Space == p.ns && seen[se.Name.Local] {
			return p.duplicate(se, item)
		}
		seen[se.Name.Local] = true
		return p.startStopElement(item, se, &z, &pr)
	})
	if err != nil {
		return err
	}
	required := []string{"Begindatum", "StatusAanlevering"}
	if z.Stop {
		required = append(required, "RedenBeeindiging", "Einddatum")
	}
	for _, name := range required {
		if !seen[name] {
			pr.set(line, name, fmt.Sprintf("verplicht element <%s> ontbreekt", name), fmt.Sprintf("required element <%s> is missing", name))
		}
	}
	if !seen["ToewijzingNummer"] {
		pr.set(line, "ToewijzingNummer", "ToewijzingNummer ontbreekt; Ontschot koppelt start en stop van de zorg aan de toewijzing",
			"ToewijzingNummer is missing; Ontschot links the start and stop of care to the assignment")
	}
	if z.Stop && z.Einddatum != 0 && z.Begindatum != 0 && z.Einddatum < z.Begindatum {
		pr.set(line, "Einddatum", fmt.Sprintf("Einddatum %s ligt vóór Begindatum %s", z.Einddatum, z.Begindatum),
			fmt.Sprintf("Einddatum %s is before Begindatum %s", z.Einddatum, z.Begindatum))
	}
	if pr.hasProblem {
		p.reject(pr)
		return nil
	}
	return p.sink.StartStop(&z)
}

// startStopElement reads one child of a StartProduct or StopProduct into z.
func (p *xmlParser) startStopElement(item string, se xml.StartElement, z *StartStop, pr *xmlProblem) error {
	l := p.line()
	switch {
	case p.m(se, "ToewijzingNummer"):
		v, err := p.value(se)
		if err == nil && (v == "" || len(v) > 20) {
			pr.set(l, "ToewijzingNummer", fmt.Sprintf("ToewijzingNummer %q is leeg of langer dan 20 tekens", v), fmt.Sprintf("ToewijzingNummer %q is empty or longer than 20 characters", v))
		}
		z.ToewijzingNummer = v
		return err
	case p.m(se, "Product"):
		var err error
		z.Categorie, z.Productcode, err = p.product(l, pr)
		return err
	case p.m(se, "ToewijzingIngangsdatum"), p.m(se, "Begindatum"), p.m(se, "Einddatum"):
		v, err := p.value(se)
		if err != nil {
			return err
		}
		d, ok := xmlDate(v)
		if !ok {
			pr.set(l, se.Name.Local, fmt.Sprintf("%s %q is geen datum JJJJ-MM-DD", se.Name.Local, v), fmt.Sprintf("%s %q is not a date YYYY-MM-DD", se.Name.Local, v))
		}
		switch se.Name.Local {
		case "ToewijzingIngangsdatum":
			z.Toewijzing = d
		case "Begindatum":
			z.Begindatum = d
		default:
			z.Einddatum = d
		}
		return nil
	case p.m(se, "RedenBeeindiging") && z.Stop:
		v, err := p.value(se)
		lijst, codes := "JZ588", xmlJZ588
		if p.soort.standaard == "iwmo" {
			lijst, codes = "WMO588", xmlWMO588
		}
		if _, ok := codes[v]; err == nil && !ok {
			pr.set(l, "RedenBeeindiging", fmt.Sprintf("RedenBeeindiging %q staat niet in codelijst %s", v, lijst), fmt.Sprintf("RedenBeeindiging %q is not in code list %s", v, lijst))
		}
		z.Reden = v
		return err
	case p.m(se, "StatusAanlevering"):
		v, err := p.value(se)
		if _, ok := xmlStatusAanlevering[v]; err == nil && !ok {
			pr.set(l, "StatusAanlevering", fmt.Sprintf("StatusAanlevering %q staat niet in codelijst COD467 (1, 2, 3, 9)", v), fmt.Sprintf("StatusAanlevering %q is not in code list COD467 (1, 2, 3, 9)", v))
		}
		z.Status = v
		return err
	}
	return p.unknown(se, item)
}

// product reads a CDT_Product (Categorie, optional Code) just opened and
// checks it against the message's category list (JZ020 / WMO020).
func (p *xmlParser) product(line int, pr *xmlProblem) (categorie, code string, err error) {
	err = p.children("Product", func(c xml.StartElement) error {
		var err error
		switch {
		case p.b(c, "Categorie"):
			categorie, err = p.value(c)
		case p.b(c, "Code"):
			code, err = p.value(c)
		default:
			return p.unknown(c, "Product")
		}
		return err
	})
	if err != nil {
		return "", "", err
	}
	if _, ok := p.soort.categorieen[categorie]; !ok {
		pr.set(line, "Categorie", p.categorieNL(categorie), p.categorieEN(categorie))
	} else if code != "" && !xmlProductcode(code) {
		pr.set(line, "Code", fmt.Sprintf("productcode %q moet 1 tot 5 letters of cijfers zijn", code), fmt.Sprintf("product code %q must be 1 to 5 letters or digits", code))
	}
	return categorie, code, nil
}
