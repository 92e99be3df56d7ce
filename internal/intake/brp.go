package intake

import (
	"fmt"
	"io"
	"strings"

	"github.com/ontschot/ontschot/internal/kluis"
)

// BRPColumns are the required columns of the BRP extract (SPEC §3.1).
var BRPColumns = []string{"bsn", "geboortedatum", "postcode", "huisnummer", "huisletter", "toevoeging", "geheim_adres", "peildatum"}

// BRPOptional are its optional columns.
var BRPOptional = []string{"adres_id", "gezag_over"}

// Persoon is one row of the BRP extract.
type Persoon struct {
	Line          int
	BSN           string
	Geboortedatum Date
	Adres         Adres // empty for a secret address without one
	AdresID       string
	GezagOver     []string // normalised BSNs of minors this person has authority over
	Geheim        bool
	Peildatum     Date
}

// ParseBRP reads the BRP extract; each valid row goes to emit, each invalid
// one to reject. It returns the number of data rows.
func ParseBRP(r io.Reader, emit func(*Persoon) error, reject func(Rejection)) (rows int, err error) {
	f, err := openCSV(r, BRPColumns, BRPOptional)
	if err != nil {
		return 0, err
	}
	for {
		rec, line, rej, err := f.next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, fmt.Errorf("regel %d lezen / read line %d: %w", line, line, err)
		}
		rows++
		var p Persoon
		if rej == nil {
			rej = parseBRPRow(f, rec, line, &p)
		}
		if rej != nil {
			reject(*rej)
			continue
		}
		if err := emit(&p); err != nil {
			return rows, err
		}
	}
}

func parseBRPRow(f *csvFile, rec []string, line int, p *Persoon) *Rejection {
	p.Line = line
	raw := f.get(rec, "bsn")
	if raw == "" {
		return fieldError(line, "bsn", "verplicht veld is leeg", "required field is empty")
	}
	bsn, err := kluis.NormalizeBSN(raw)
	if err != nil {
		return fieldError(line, "bsn", "ongeldig BSN "+kluis.MaskBSN(raw)+": "+dutch(err), "invalid BSN "+kluis.MaskBSN(raw)+": "+english(err))
	}
	p.BSN = bsn
	var ok bool
	if p.Geboortedatum, ok = ParseDate(f.get(rec, "geboortedatum")); !ok {
		return dateError(line, "geboortedatum", f.get(rec, "geboortedatum"))
	}
	if p.Peildatum, ok = ParseDate(f.get(rec, "peildatum")); !ok {
		return dateError(line, "peildatum", f.get(rec, "peildatum"))
	}
	if p.Geboortedatum > p.Peildatum {
		return fieldError(line, "geboortedatum", "geboortedatum ligt na de peildatum", "date of birth is after the reference date")
	}
	switch f.get(rec, "geheim_adres") {
	case "0", "":
	case "1":
		p.Geheim = true
	default:
		return fieldError(line, "geheim_adres", fmt.Sprintf("%q is geen 0 of 1", f.get(rec, "geheim_adres")), fmt.Sprintf("%q is not 0 or 1", f.get(rec, "geheim_adres")))
	}
	pc := f.get(rec, "postcode")
	nr := f.get(rec, "huisnummer")
	if !(p.Geheim && pc == "" && nr == "") {
		if p.Adres.Postcode, ok = NormalizePostcode(pc); !ok {
			return fieldError(line, "postcode", fmt.Sprintf("%q is geen postcode (1234AB)", pc), fmt.Sprintf("%q is not a postcode (1234AB)", pc))
		}
		n, ok := parseCount(nr)
		if !ok || n < 1 || n > 99999 {
			return fieldError(line, "huisnummer", fmt.Sprintf("%q is geen huisnummer", nr), fmt.Sprintf("%q is not a house number", nr))
		}
		p.Adres.Huisnummer = int(n)
		p.Adres.Huisletter = strings.ToUpper(f.get(rec, "huisletter"))
		if len(p.Adres.Huisletter) > 1 {
			return fieldError(line, "huisletter", "huisletter is één letter", "house letter is one letter")
		}
		p.Adres.Toevoeging = strings.ToUpper(f.get(rec, "toevoeging"))
		if len(p.Adres.Toevoeging) > 4 {
			return fieldError(line, "toevoeging", "toevoeging is langer dan 4 tekens", "addition is longer than 4 characters")
		}
	}
	p.AdresID = f.get(rec, "adres_id")
	if g := f.get(rec, "gezag_over"); g != "" {
		for _, c := range strings.Split(g, ";") {
			cb, err := kluis.NormalizeBSN(c)
			if err != nil {
				return fieldError(line, "gezag_over", "ongeldig BSN "+kluis.MaskBSN(strings.TrimSpace(c))+" in gezag_over: "+dutch(err), "invalid BSN "+kluis.MaskBSN(strings.TrimSpace(c))+" in gezag_over: "+english(err))
			}
			if cb == bsn {
				return fieldError(line, "gezag_over", "iemand kan geen gezag over zichzelf hebben", "a person cannot have authority over themselves")
			}
			p.GezagOver = append(p.GezagOver, cb)
		}
	}
	return nil
}
