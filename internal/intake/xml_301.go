package intake

// JW301/WMO301 assignments.

import (
	"encoding/xml"
	"fmt"
	"strconv"

	"github.com/ontschot/ontschot/internal/money"
)

func (p *xmlParser) client301() error {
	p.info.Clients = 1
	p.client = 1
	defer func() { p.client, p.prestatie = 0, 0 }()
	clientLine := p.line()
	var bsn string
	var bsnProblem *xmlProblem
	var adres *Adres
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
		case p.m(se, "Geboortedatum"), p.m(se, "Naam"), p.m(se, "Communicatie"), p.m(se, "Relaties"):
			err = p.skip()
		case p.m(se, "Geslacht"), p.m(se, "JuridischeStatus"), p.m(se, "WettelijkeVertegenwoordiging"), p.m(se, "Commentaar"):
			_, err = p.value(se)
		case p.m(se, "Contactgegevens"):
			err = p.children("Contactgegevens", func(c xml.StartElement) error {
				if !p.m(c, "Contact") {
					return p.unknown(c, "Contactgegevens")
				}
				a, err := p.contact()
				if a != nil && adres == nil {
					adres = a
				}
				return err
			})
		case p.m(se, "ToegewezenProducten"):
			if !seen["Bsn"] {
				return p.missing(p.line(), "Bsn", "Client (vóór ToegewezenProducten)")
			}
			n := 0
			err = p.children("ToegewezenProducten", func(c xml.StartElement) error {
				if !p.m(c, "ToegewezenProduct") {
					return p.unknown(c, "ToegewezenProducten")
				}
				n++
				p.prestatie = n
				err := p.product301(bsn, bsnProblem, adres)
				p.prestatie = 0
				return err
			})
			if err == nil && n == 0 {
				return p.missing(p.line(), "ToegewezenProduct", "ToegewezenProducten")
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
	if !seen["ToegewezenProducten"] {
		return p.missing(clientLine, "ToegewezenProducten", "Client")
	}
	return nil
}

// contact reads one Contact and returns its address when it is the BRP
// address (Soort 01) and readable. An unreadable BRP address does not
// refuse the assignment: the products are kept without the address link.
func (p *xmlParser) contact() (*Adres, error) {
	var soort string
	var a Adres
	var hasAdres, adresOK bool
	err := p.children("Contact", func(se xml.StartElement) error {
		var err error
		switch {
		case p.m(se, "Soort"):
			soort, err = p.value(se)
		case p.m(se, "Adres"):
			hasAdres = true
			adresOK = true
			var postcode, nummer string
			err = p.children("Adres", func(c xml.StartElement) error {
				var err error
				switch {
				case p.b(c, "Straatnaam"), p.b(c, "Plaatsnaam"), p.b(c, "LandCode"):
					_, err = p.value(c)
				case p.b(c, "Postcode"):
					postcode, err = p.value(c)
				case p.b(c, "Huis"):
					err = p.children("Huis", func(h xml.StartElement) error {
						var err error
						switch {
						case p.b(h, "Huisnummer"):
							nummer, err = p.value(h)
						case p.b(h, "Huisletter"):
							a.Huisletter, err = p.value(h)
						case p.b(h, "HuisnummerToevoeging"):
							a.Toevoeging, err = p.value(h)
						case p.b(h, "AanduidingWoonadres"):
							_, err = p.value(h)
						default:
							return p.unknown(h, "Huis")
						}
						return err
					})
				default:
					return p.unknown(c, "Adres")
				}
				return err
			})
			if err != nil {
				return err
			}
			var ok bool
			if a.Postcode, ok = xmlPostcode(postcode); !ok {
				adresOK = false
			}
			n, nerr := strconv.Atoi(nummer)
			if nerr != nil || n < 1 || n > 99999 {
				adresOK = false
			}
			a.Huisnummer = n
		case p.m(se, "Organisatie"), p.m(se, "Emailadres"):
			_, err = p.value(se)
		case p.m(se, "Telefoon"), p.m(se, "Periode"):
			err = p.skip()
		default:
			return p.unknown(se, "Contact")
		}
		return err
	})
	if err != nil || !hasAdres || !adresOK || (soort != "01" && soort != "1") {
		return nil, err
	}
	return &a, nil
}

func (p *xmlParser) product301(bsn string, bsnProblem *xmlProblem, adres *Adres) error {
	p.info.Prestaties++
	line := p.line()
	t := Toewijzing{Line: line, AGB: p.info.Ontvanger, Gemeente: p.info.Afzender, BSN: bsn, Geldstroom: p.soort.geldstroom, Bron: p.soort.bericht}
	if adres != nil {
		a := *adres
		t.Adres = &a
	}
	var pr xmlProblem
	if bsnProblem != nil {
		pr = *bsnProblem
		pr.line = line
	}
	seen := map[string]bool{}
	err := p.children("ToegewezenProduct", func(se xml.StartElement) error {
		if se.Name.Space == p.ns && seen[se.Name.Local] {
			return p.duplicate(se, "ToegewezenProduct")
		}
		seen[se.Name.Local] = true
		return p.product301Element(se, &t, &pr)
	})
	if err != nil {
		return err
	}
	for _, name := range []string{"ToewijzingNummer", "Toewijzingsdatum", "Ingangsdatum"} {
		if !seen[name] {
			pr.set(line, name, fmt.Sprintf("verplicht element <%s> ontbreekt", name), fmt.Sprintf("required element <%s> is missing", name))
		}
	}
	if t.Einddatum != 0 && t.Ingangsdatum != 0 && t.Einddatum < t.Ingangsdatum {
		pr.set(line, "Einddatum", fmt.Sprintf("Einddatum %s ligt vóór Ingangsdatum %s", t.Einddatum, t.Ingangsdatum), fmt.Sprintf("Einddatum %s is before Ingangsdatum %s", t.Einddatum, t.Ingangsdatum))
	}
	if pr.hasProblem {
		p.reject(pr)
		return nil
	}
	return p.sink.Toewijzing(&t)
}

// product301Element reads one child of a ToegewezenProduct into t.
func (p *xmlParser) product301Element(se xml.StartElement, t *Toewijzing, pr *xmlProblem) error {
	l := p.line()
	switch {
	case p.m(se, "ToewijzingNummer"):
		v, err := p.value(se)
		if err == nil && (v == "" || len(v) > 20) {
			pr.set(l, "ToewijzingNummer", fmt.Sprintf("ToewijzingNummer %q is leeg of langer dan 20 tekens", v), fmt.Sprintf("ToewijzingNummer %q is empty or longer than 20 characters", v))
		}
		t.ToewijzingNummer = v
		return err
	case p.m(se, "ReferentieAanbieder"):
		var err error
		t.ReferentieAanbieder, err = p.value(se)
		return err
	case p.m(se, "Toewijzingstijd"), p.m(se, "Commentaar"):
		_, err := p.value(se)
		return err
	case p.m(se, "Product"):
		var err error
		t.Categorie, t.Productcode, err = p.product(l, pr)
		return err
	case p.m(se, "Toewijzingsdatum"), p.m(se, "Ingangsdatum"), p.m(se, "Einddatum"):
		v, err := p.value(se)
		if err != nil {
			return err
		}
		dt, ok := xmlDate(v)
		if !ok {
			pr.set(l, se.Name.Local, fmt.Sprintf("%s %q is geen datum JJJJ-MM-DD", se.Name.Local, v), fmt.Sprintf("%s %q is not a date YYYY-MM-DD", se.Name.Local, v))
		}
		switch se.Name.Local {
		case "Ingangsdatum":
			t.Ingangsdatum = dt
		case "Einddatum":
			t.Einddatum = dt
		}
		return nil
	case p.m(se, "RedenWijziging"):
		var err error
		t.Reden, err = p.value(se)
		return err
	case p.m(se, "Omvang"):
		return p.omvang(l, t, pr)
	case p.m(se, "Budget"):
		v, err := p.value(se)
		if err != nil {
			return err
		}
		c, ok := xmlCents(v)
		if !ok {
			pr.set(l, "Budget", fmt.Sprintf("Budget %q is geen geheel aantal eurocent", v), fmt.Sprintf("Budget %q is not a whole number of eurocents", v))
		}
		t.Budget = money.Cents(c)
		return nil
	}
	return p.unknown(se, "ToegewezenProduct")
}

// omvang reads an Omvang (Volume, Eenheid, Frequentie) just opened.
func (p *xmlParser) omvang(l int, t *Toewijzing, pr *xmlProblem) error {
	var volume string
	err := p.children("Omvang", func(c xml.StartElement) error {
		var err error
		switch {
		case p.b(c, "Volume"):
			volume, err = p.value(c)
		case p.b(c, "Eenheid"):
			t.Eenheid, err = p.value(c)
		case p.b(c, "Frequentie"):
			t.Frequentie, err = p.value(c)
		default:
			return p.unknown(c, "Omvang")
		}
		return err
	})
	if err != nil {
		return err
	}
	var ok bool
	if t.Volume, ok = xmlCents(volume); !ok || t.Volume < 1 {
		pr.set(l, "Volume", fmt.Sprintf("Volume %q is geen positief geheel getal", volume), fmt.Sprintf("Volume %q is not a positive whole number", volume))
	} else if _, ok := Eenheden[t.Eenheid]; !ok {
		pr.set(l, "Eenheid", fmt.Sprintf("Eenheid %q staat niet in codelijst WJ756 (01, 04, 14, 16, 82, 83, 84)", t.Eenheid), fmt.Sprintf("Eenheid %q is not in code list WJ756 (01, 04, 14, 16, 82, 83, 84)", t.Eenheid))
	} else if _, ok := xmlFrequenties[t.Frequentie]; !ok {
		pr.set(l, "Frequentie", fmt.Sprintf("Frequentie %q staat niet in codelijst WMO757 (1, 2, 4, 6)", t.Frequentie), fmt.Sprintf("Frequentie %q is not in code list WMO757 (1, 2, 4, 6)", t.Frequentie))
	}
	return nil
}
