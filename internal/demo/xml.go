package demo

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/ontschot/ontschot/internal/intake"
)

// writeXML writes the deliveries marked for XML as one JW323/WMO323
// declaration per provider per month, and a JW301/WMO301 assignment for a
// few of their clients, so every input format is in the demo.
func writeXML(dir string, care []careRow, eps []*episode, p *population, xmlProv map[*Provider]bool) ([]string, error) {
	type key struct {
		prov  *Provider
		month int
	}
	groups := map[key][]intake.Delivery{}
	for _, c := range care {
		if c.xml {
			k := key{c.prov, int(c.d.Begin) / 100}
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
		return keys[i].month < keys[j].month
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
			Afzender: k.prov.AGB, Ontvanger: "1999", Identificatie: fmt.Sprintf("D%s%06d", k.prov.AGB[4:], k.month),
			Dagtekening: intake.MakeDate(y, m, intake.DaysInMonth(y, m)), DeclaratieNummer: fmt.Sprintf("%d%03d", k.month, n),
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
		path := filepath.Join(dir, fmt.Sprintf("%s_%s_%d.xml", bericht, k.prov.AGB, k.month))
		if err := writeMessage(path, func(w io.Writer) error { return write(w, msg) }); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	// Assignments for the first few clients of the XML providers.
	addrOf := map[*Person]*Address{}
	for _, h := range p.households {
		for _, q := range h.persons() {
			addrOf[q] = h.Addr
		}
	}
	done := map[*Provider]int{}
	for _, e := range eps {
		if !xmlProv[e.prov] || e.toewijzing == "" || done[e.prov] >= 2 || e.person.Secret || addrOf[e.person] == nil {
			continue
		}
		done[e.prov]++
		a := addrOf[e.person]
		first := care[0].d.Begin.Year()
		ing := intake.MakeDate(first+e.start/12, e.start%12+1, 1)
		end := intake.MakeDate(first+e.end/12, e.end%12+1, intake.DaysInMonth(first+e.end/12, e.end%12+1))
		msg := intake.Toewijzingbericht{
			Afzender: "1999", Ontvanger: e.prov.AGB, Identificatie: fmt.Sprintf("T%s%s", e.prov.AGB[4:], e.toewijzing[len(e.toewijzing)-4:]),
			Dagtekening: ing, BSN: e.person.BSN, Geboortedatum: e.person.Birth,
			Adres:      &intake.Adres{Postcode: a.Postcode, Huisnummer: a.Huisnummer, Huisletter: a.Huisletter},
			Straatnaam: "Demostraat", Plaatsnaam: "Ontschotten",
			Producten: []intake.Toewijzing{{ToewijzingNummer: e.toewijzing, Categorie: e.categorie, Productcode: e.product,
				Ingangsdatum: ing, Einddatum: end, Volume: e.volume, Eenheid: e.eenheid, Frequentie: "4",
				Budget: e.perMonth * 12}},
		}
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
