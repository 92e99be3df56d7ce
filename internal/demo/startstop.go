package demo

import (
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"time"

	"github.com/ontschot/ontschot/internal/intake"
)

// waitDays is the typical wait from an assignment to the start of care at
// the providers that report starts and stops, so the waiting times differ
// per provider as they do in practice.
var waitDays = []int{21, 45, 14}

// writeStartStops writes a JW305/WMO305 for every episode of a few
// providers that starts inside the data, dated the day care began (some
// days after the assignment's start), and a JW307/WMO307 for every such
// episode that ended before the data's last month. Starts and stops give
// the trajectories their real first and last days and the waiting times.
func writeStartStops(dir string, c *City, gemeenteOf func(bsn string) *Gemeente, seed uint64, eps []*episode, reporters []*Provider, firstYear, years int) ([]string, error) {
	r := rand.New(rand.NewPCG(seed, 0x305307))
	now := timeNow()
	today := intake.MakeDate(now.Year(), int(now.Month()), now.Day())
	months := years * 12
	wait := map[*Provider]int{}
	for i, p := range reporters {
		wait[p] = waitDays[i%len(waitDays)]
	}
	var files []string
	for _, e := range eps {
		base, ok := wait[e.prov]
		if !ok || e.toewijzing == "" || e.start == 0 || e.person.Secret {
			continue
		}
		y, m := firstYear+e.start/12, e.start%12+1
		begin := time.Date(y, time.Month(m), 1+r.IntN(15), 0, 0, 0, 0, time.UTC)
		assigned := begin.AddDate(0, 0, -(base/2 + r.IntN(base+1)))
		p := intake.StartStop{ToewijzingNummer: e.toewijzing, Categorie: e.categorie, Productcode: e.product,
			Toewijzing: dateOf(assigned), Begindatum: dateOf(begin)}
		msg := intake.StartStopbericht{Afzender: e.prov.AGB, Ontvanger: strings.TrimPrefix(gemeenteOf(e.person.BSN).Code, "GM"), Dagtekening: notAfter(dateOf(begin.AddDate(0, 0, 3)), today),
			BSN: e.person.BSN, Geboortedatum: e.person.Birth, Producten: []intake.StartStop{p}}
		jeugd := e.prov.Geldstroom == "jeugdwet"
		msg.Identificatie = "S" + e.toewijzing
		bericht, write := "WMO305", intake.WriteWMO305
		if jeugd {
			bericht, write = "JW305", intake.WriteJW305
		}
		path := filepath.Join(dir, fmt.Sprintf("%s_%s_%s.xml", bericht, e.prov.AGB, e.toewijzing))
		if err := writeMessage(path, func(w io.Writer) error { return write(w, msg) }); err != nil {
			return nil, err
		}
		files = append(files, path)
		if e.end >= months-1 {
			continue // still in care when the data ends
		}
		ey, em := firstYear+e.end/12, e.end%12+1
		end := time.Date(ey, time.Month(em), 10+r.IntN(intake.DaysInMonth(ey, em)-9), 0, 0, 0, 0, time.UTC)
		if end.Before(begin) {
			end = begin
		}
		p.Einddatum, p.Reden = dateOf(end), "19" // WMO588: levering volgens plan beëindigd
		bericht, write = "WMO307", intake.WriteWMO307
		if jeugd {
			p.Reden = "31" // JZ588: levering volgens plan beëindigd
			bericht, write = "JW307", intake.WriteJW307
		}
		msg.Producten = []intake.StartStop{p}
		msg.Identificatie = "E" + e.toewijzing
		msg.Dagtekening = notAfter(dateOf(end.AddDate(0, 0, 3)), today)
		path = filepath.Join(dir, fmt.Sprintf("%s_%s_%s.xml", bericht, e.prov.AGB, e.toewijzing))
		if err := writeMessage(path, func(w io.Writer) error { return write(w, msg) }); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	return files, nil
}

func dateOf(t time.Time) intake.Date { return intake.MakeDate(t.Year(), int(t.Month()), t.Day()) }
