package intake

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/kluis"
)

// NazorgColumns is the header of an aftercare file (issue 13 item 6): per
// conversation, the contract whose support it looks back on, the person
// spoken to, the date, a score 1–5 and whether the support helped
// (ja/nee). The BSN goes only to the kluis.
var NazorgColumns = []string{"contract", "bsn", "datum", "score", "geholpen"}

// Nazorg is one aftercare conversation.
type Nazorg struct {
	Line     int
	Contract string
	BSN      string
	Datum    Date
	Score    int
	Geholpen bool
}

// ParseNazorg reads an aftercare file.
func ParseNazorg(r io.Reader, emit func(*Nazorg) error, reject func(Rejection)) (int, error) {
	return eachRow(r, NazorgColumns, nil, reject, func(f *csvFile, rec []string, line int) (*Rejection, error) {
		if rej := required(f, rec, line, NazorgColumns...); rej != nil {
			return rej, nil
		}
		n := &Nazorg{Line: line, Contract: f.get(rec, "contract")}
		if !validCode(n.Contract, 40) {
			return fieldError(line, "contract", fmt.Sprintf("%q is geen geldige contractcode", n.Contract), fmt.Sprintf("%q is not a valid contract code", n.Contract)), nil
		}
		bsn := f.get(rec, "bsn")
		b, err := kluis.NormalizeBSN(bsn)
		if err != nil {
			return fieldError(line, "bsn", "ongeldig BSN "+kluis.MaskBSN(bsn)+": "+dutch(err), "invalid BSN "+kluis.MaskBSN(bsn)+": "+english(err)), nil
		}
		n.BSN = b
		var ok bool
		if n.Datum, ok = ParseDate(f.get(rec, "datum")); !ok {
			return fieldError(line, "datum", fmt.Sprintf("%q is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)", f.get(rec, "datum")), fmt.Sprintf("%q is not a date (YYYY-MM-DD or DD-MM-YYYY)", f.get(rec, "datum"))), nil
		}
		s, err := strconv.Atoi(f.get(rec, "score"))
		if err != nil || s < 1 || s > 5 {
			return fieldError(line, "score", fmt.Sprintf("%q is geen score van 1 tot 5", f.get(rec, "score")), fmt.Sprintf("%q is not a score from 1 to 5", f.get(rec, "score"))), nil
		}
		n.Score = s
		switch strings.ToLower(f.get(rec, "geholpen")) {
		case "ja", "j", "1", "yes":
			n.Geholpen = true
		case "nee", "n", "0", "no":
		default:
			return fieldError(line, "geholpen", fmt.Sprintf("%q is geen ja of nee", f.get(rec, "geholpen")), fmt.Sprintf("%q is not ja (yes) or nee (no)", f.get(rec, "geholpen"))), nil
		}
		return nil, emit(n)
	})
}
