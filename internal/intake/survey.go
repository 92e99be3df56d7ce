package intake

import (
	"fmt"
	"io"
	"strconv"

	"github.com/ontschot/ontschot/internal/kluis"
)

// SurveyColumns is the header of a client-experience survey file (the
// cliëntervaringsonderzoek a municipality holds among its Wmo and youth-care
// clients): per person, the provider it is about and the score (1–5).
// referentie identifies the answer within the survey (e.g. "CEO2024-0413").
var SurveyColumns = []string{"onderzoek", "referentie", "bsn", "agb", "score"}

// SurveyAnswer is one answer of a client-experience survey. The BSN goes
// only to the kluis.
type SurveyAnswer struct {
	Line       int
	Onderzoek  string
	Referentie string
	BSN        string
	AGB        string
	Score      int
}

// ParseSurvey reads a client-experience survey file.
func ParseSurvey(r io.Reader, emit func(*SurveyAnswer) error, reject func(Rejection)) (int, error) {
	return eachRow(r, SurveyColumns, nil, reject, func(f *csvFile, rec []string, line int) (*Rejection, error) {
		if rej := required(f, rec, line, SurveyColumns...); rej != nil {
			return rej, nil
		}
		a := &SurveyAnswer{Line: line, Onderzoek: f.get(rec, "onderzoek"), Referentie: f.get(rec, "referentie"), AGB: f.get(rec, "agb")}
		switch {
		case !validCode(a.Onderzoek, 40):
			return fieldError(line, "onderzoek", fmt.Sprintf("%q is geen geldige code van een onderzoek (letters, cijfers, - en _, hooguit 40)", a.Onderzoek), fmt.Sprintf("%q is not a valid survey code", a.Onderzoek)), nil
		case !validCode(a.Referentie, 64) || kluis.MaskFreeText(a.Referentie) != a.Referentie:
			return fieldError(line, "referentie", "referentie is geen geldig kenmerk (letters, cijfers, - en _, geen BSN)", "reference is not a valid key (letters, digits, - and _, no BSN)"), nil
		case !validCode(a.AGB, 8):
			return fieldError(line, "agb", fmt.Sprintf("%q is geen geldige AGB-code", a.AGB), fmt.Sprintf("%q is not a valid AGB code", a.AGB)), nil
		}
		bsn := f.get(rec, "bsn")
		n, err := kluis.NormalizeBSN(bsn)
		if err != nil {
			return fieldError(line, "bsn", "ongeldig BSN "+kluis.MaskBSN(bsn)+": "+dutch(err), "invalid BSN "+kluis.MaskBSN(bsn)+": "+english(err)), nil
		}
		a.BSN = n
		s, err := strconv.Atoi(f.get(rec, "score"))
		if err != nil || s < 1 || s > 5 {
			return fieldError(line, "score", fmt.Sprintf("%q is geen score van 1 tot 5", f.get(rec, "score")), fmt.Sprintf("%q is not a score from 1 to 5", f.get(rec, "score"))), nil
		}
		a.Score = s
		return nil, emit(a)
	})
}
