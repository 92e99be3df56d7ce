package demo

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/money"
)

// writeXML writes the deliveries marked for XML as one JW323/WMO323
// declaration per provider per month, and a WMO301 assignment for a few
// of their clients, so every input format is in the demo (the JW301s come
// with their JW315 requests: writeReferrals).
//
// What it writes validates against the official iJw/iWmo 3.2 XSDs and
// follows the rules the writer cannot check alone: a declaration is dated
// after its month but never in the future (TR135, TR137), and an
// assignment covers every month its declarations bill (TR307, TR308) with
// an Omvang and Budget the declared volumes and amounts fit in (TR321,
// TR322, TR369).
func writeXML(dir string, c *City, care []careRow, eps []*episode, p *population, xmlProv map[*Provider]bool, firstYear int) ([]string, error) {
	// Every message goes to (or comes from) the client's own gemeente, by
	// its iStandaarden code (0642); a region's second gemeente gets its own
	// files.
	gemeenteOf := c.gemeenteByBSN(p)
	addrOf := map[*Person]*Address{}
	for _, h := range p.households {
		for _, q := range h.persons() {
			addrOf[q] = h.Addr
		}
	}
	now := timeNow()
	today := intake.MakeDate(now.Year(), int(now.Month()), now.Day())
	type key struct {
		prov  *Provider
		month int
		gem   *Gemeente
	}
	groups := map[key][]intake.Delivery{}
	for _, c := range care {
		if c.xml {
			k := key{c.prov, int(c.d.Begin) / 100, gemeenteOf(c.d.BSN)}
			groups[k] = append(groups[k], c.d)
		}
	}
	var keys []key
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].prov.AGB != keys[j].prov.AGB {
			return keys[i].prov.AGB < keys[j].prov.AGB
		}
		if keys[i].month != keys[j].month {
			return keys[i].month < keys[j].month
		}
		return keys[i].gem.Code > keys[j].gem.Code // the lead gemeente (GM0642) first
	})
	var files []string
	for n, k := range keys {
		ds := groups[k]
		byClient := map[string][]intake.Delivery{}
		var order []string
		for _, d := range ds {
			if _, ok := byClient[d.BSN]; !ok {
				order = append(order, d.BSN)
			}
			byClient[d.BSN] = append(byClient[d.BSN], d)
		}
		y, m := k.month/100, k.month%100
		msg := intake.Declaratiebericht{
			Afzender: k.prov.AGB, Ontvanger: strings.TrimPrefix(k.gem.Code, "GM"), Identificatie: fmt.Sprintf("%c%s%06d", idLetter(c, k.gem, 'D'), k.prov.AGB[4:], k.month),
			Dagtekening: notAfter(intake.MakeDate(y+m/12, m%12+1, 1), today), DeclaratieNummer: fmt.Sprintf("%d%03d", k.month, n),
			Periode: [2]intake.Date{intake.MakeDate(y, m, 1), intake.MakeDate(y, m, intake.DaysInMonth(y, m))},
		}
		for _, b := range order {
			msg.Clients = append(msg.Clients, intake.DeclClient{BSN: b, Prestaties: byClient[b]})
		}
		bericht := "JW323"
		write := intake.WriteJW323
		if k.prov.Geldstroom == "wmo" {
			bericht, write = "WMO323", intake.WriteWMO323
		}
		path := filepath.Join(dir, fmt.Sprintf("%s_%s_%d%s.xml", bericht, k.prov.AGB, k.month, suffixOf(c, k.gem)))
		if err := writeMessage(path, func(w io.Writer) error { return write(w, msg) }); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	// Assignments for the first few clients of the XML providers.
	done := map[*Provider]int{}
	for _, e := range eps {
		// Youth-care assignments answer a request (JW315) and are written
		// with it by writeReferrals.
		if !xmlProv[e.prov] || e.prov.Geldstroom == "jeugdwet" || e.toewijzing == "" || done[e.prov] >= 2 || e.person.Secret || addrOf[e.person] == nil {
			continue
		}
		done[e.prov]++
		msg := assignmentMessage(e, addrOf[e.person], gemeenteOf(e.person.BSN), firstYear, today)
		bericht, write := "JW301", intake.WriteJW301
		if e.prov.Geldstroom == "wmo" {
			bericht, write = "WMO301", intake.WriteWMO301
		}
		path := filepath.Join(dir, fmt.Sprintf("%s_%s_%s.xml", bericht, e.prov.AGB, e.toewijzing))
		if err := writeMessage(path, func(w io.Writer) error { return write(w, msg) }); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	return files, nil
}

// suffixOf marks the files and message ids of a region's other gemeenten
// (the lead gemeente's keep their names): "_0531".
func suffixOf(c *City, g *Gemeente) string {
	if g == c.Gemeenten[0] {
		return ""
	}
	return "_" + strings.TrimPrefix(g.Code, "GM")
}

// idLetter is the first letter of a message id: the lead gemeente's own
// (D for a declaration), H for the region's other gemeente, so that ids
// stay unique and as long as the standard allows.
func idLetter(c *City, g *Gemeente, own byte) byte {
	if g == c.Gemeenten[0] {
		return own
	}
	return 'H'
}

// gemeenteByBSN returns the gemeente of a person's (first) address; the
// lead gemeente for a person without one.
func (c *City) gemeenteByBSN(p *population) func(string) *Gemeente {
	gemOf := map[string]*Gemeente{}
	for _, h := range p.households {
		for _, q := range h.persons() {
			gemOf[q.BSN] = c.gemeenteOf(h.Addr.Buurt)
		}
	}
	return func(bsn string) *Gemeente {
		if g := gemOf[bsn]; g != nil {
			return g
		}
		return c.Gemeenten[0]
	}
}

// assignmentMessage is the JW301/WMO301 of one episode, sent to the
// client's address a in gemeente g.
func assignmentMessage(e *episode, a *Address, g *Gemeente, firstYear int, today intake.Date) intake.Toewijzingbericht {
	// The assignment runs from the first to the last month of the
	// episode, so it covers every month declared on it.
	ing := intake.MakeDate(firstYear+e.start/12, e.start%12+1, 1)
	ey, em := firstYear+e.end/12, e.end%12+1
	end := intake.MakeDate(ey, em, intake.DaysInMonth(ey, em))
	// Omvang per month: the most a month may bill (31 days for a day
	// rate); Budget: what all months together bill.
	volume, budget := e.volume, money.Cents(0)
	for m := e.start; m <= e.end; m++ {
		v, b := e.monthVolume(firstYear+m/12, m%12+1)
		volume, budget = max(volume, v), budget+b
	}
	return intake.Toewijzingbericht{
		Afzender: strings.TrimPrefix(g.Code, "GM"), Ontvanger: e.prov.AGB, Identificatie: fmt.Sprintf("T%s", e.toewijzing),
		Dagtekening: notAfter(ing, today), BSN: e.person.BSN, Geboortedatum: e.person.Birth,
		Adres:      &intake.Adres{Postcode: a.Postcode, Huisnummer: a.Huisnummer, Huisletter: a.Huisletter},
		Straatnaam: "Demostraat", Plaatsnaam: g.Name,
		Producten: []intake.Toewijzing{{ToewijzingNummer: e.toewijzing, Categorie: e.categorie, Productcode: e.product,
			Ingangsdatum: ing, Einddatum: end, Volume: volume, Eenheid: e.eenheid, Frequentie: "4",
			Budget: budget}},
	}
}

// notAfter returns d, or today when d lies in the future (TR135).
func notAfter(d, today intake.Date) intake.Date {
	return min(d, today)
}

// writeMessage writes one XML message file.
func writeMessage(path string, write func(io.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(fh); err != nil {
		fh.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return fh.Close()
}
