package demo

import (
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/ontschot/ontschot/internal/intake"
)

// referrerMix is who refers a child to youth care, as councils report it:
// the huisarts most often, then the gemeente's own toegang (wijkteam), a
// gecertificeerde instelling, the jeugdarts and a medisch specialist, a
// few without referrer. Residential care (43, 44) comes more often
// through a GI or the gemeente.
var referrerMix = []struct {
	code                  string
	ambulant, residential int // weights in percent
}{
	{"02", 42, 10}, // huisarts
	{"01", 26, 30}, // gemeente / wijkteam
	{"04", 12, 38}, // gecertificeerde instelling
	{"03", 10, 4},  // jeugdarts
	{"05", 7, 16},  // medisch specialist
	{"06", 3, 2},   // zelfverwijzer / geen verwijzer
}

func drawReferrer(r *rand.Rand, categorie string) string {
	residential := categorie == "43" || categorie == "44"
	x := r.IntN(100)
	for _, m := range referrerMix {
		w := m.ambulant
		if residential {
			w = m.residential
		}
		if x < w {
			return m.code
		}
		x -= w
	}
	return referrerMix[0].code
}

// writeReferrals writes for every youth-care episode of a client with a
// known address the provider's request (JW315, naming the referrer) and
// the municipality's assignment (JW301) that answers it with the same
// ReferentieAanbieder (IV094). The request is dated a few days to weeks
// before the assignment starts. Children placed here from elsewhere and
// secret addresses get neither: their care shows as "no JW315 known".
func writeReferrals(dir string, c *City, seed uint64, eps []*episode, p *population, firstYear int) ([]string, error) {
	r := rand.New(rand.NewPCG(seed, 0x315))
	now := timeNow()
	today := intake.MakeDate(now.Year(), int(now.Month()), now.Day())
	addrOf := map[*Person]*Address{}
	for _, h := range p.households {
		for _, q := range h.persons() {
			addrOf[q] = h.Addr
		}
	}
	gemeenteOf := c.gemeenteByBSN(p)
	var files []string
	for _, e := range eps {
		a := addrOf[e.person]
		if e.prov.Geldstroom != "jeugdwet" || e.toewijzing == "" || e.person.Secret || a == nil {
			continue
		}
		tw := assignmentMessage(e, a, gemeenteOf(e.person.BSN), firstYear, today)
		ref := "VOT" + e.toewijzing
		tw.Producten[0].ReferentieAanbieder = ref
		ing := tw.Producten[0].Ingangsdatum
		asked := time.Date(ing.Year(), time.Month(ing.Month()), ing.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(3 + r.IntN(25)))
		v := intake.AangevraagdProduct{Verzoek: intake.Verzoek{ReferentieAanbieder: ref, Categorie: e.categorie, Productcode: e.product,
			Ingangsdatum: ing, Verwijzer: drawReferrer(r, e.categorie)}}
		if v.Verwijzer >= "02" && v.Verwijzer <= "05" {
			// A made-up AGB code of the referring practice (CD067); Ontschot
			// does not keep it.
			v.ZorgverlenerCode = fmt.Sprintf("%02d99%04d", int(v.Verwijzer[1]-'0'), r.IntN(40))
		}
		vot := intake.Verzoekbericht{Afzender: e.prov.AGB, Ontvanger: tw.Afzender, Identificatie: "V" + e.toewijzing,
			Dagtekening: notAfter(dateOf(asked), today), BSN: e.person.BSN, Geboortedatum: e.person.Birth,
			Producten: []intake.AangevraagdProduct{v}}
		for _, m := range []struct {
			bericht string
			write   func(io.Writer) error
		}{
			{"JW315", func(w io.Writer) error { return intake.WriteJW315(w, vot) }},
			{"JW301", func(w io.Writer) error { return intake.WriteJW301(w, tw) }},
		} {
			path := filepath.Join(dir, fmt.Sprintf("%s_%s_%s.xml", m.bericht, e.prov.AGB, e.toewijzing))
			if err := writeMessage(path, m.write); err != nil {
				return nil, err
			}
			files = append(files, path)
		}
	}
	return files, nil
}
