package intake

import (
	"fmt"
	"io"
	"strings"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/money"
)

// DeliveryColumns is the header of the delivery CSV template (SPEC §3.2);
// toewijzing is optional.
var DeliveryColumns = []string{"agb", "referentie", "bsn", "geldstroom", "categorie", "productcode", "begindatum", "einddatum", "volume", "eenheid", "bedrag_cent", "debet_credit"}

// ParseDeliveriesCSV reads the delivery CSV template. Each valid row goes to
// sink.Delivery, each invalid one to sink.Reject with its first problem. It
// returns the number of data rows read. A wrong header is a *FileError.
func ParseDeliveriesCSV(r io.Reader, codes Codes, sink Sink) (rows int, err error) {
	f, err := openCSV(r, DeliveryColumns, []string{"toewijzing"})
	if err != nil {
		return 0, err
	}
	var d Delivery
	for {
		rec, line, rej, err := f.next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, fmt.Errorf("regel %d lezen / read line %d: %w", line, line, err)
		}
		rows++
		if rej == nil {
			d = Delivery{Line: line, Bron: "csv"}
			rej = parseDeliveryRow(f, rec, line, codes, &d)
		}
		if rej != nil {
			sink.Reject(*rej)
			continue
		}
		if err := sink.Delivery(&d); err != nil {
			return rows, err
		}
	}
}

func parseDeliveryRow(f *csvFile, rec []string, line int, codes Codes, d *Delivery) *Rejection {
	for _, c := range DeliveryColumns {
		if f.get(rec, c) == "" {
			return fieldError(line, c, "verplicht veld is leeg", "required field is empty")
		}
	}
	d.AGB = f.get(rec, "agb")
	if !isDigits(d.AGB) || len(d.AGB) != 8 {
		return fieldError(line, "agb", fmt.Sprintf("%q is geen AGB-code van 8 cijfers", d.AGB), fmt.Sprintf("%q is not an 8-digit AGB code", d.AGB))
	}
	d.Referentie = f.get(rec, "referentie")
	if len(d.Referentie) > 64 {
		return fieldError(line, "referentie", "referentie is langer dan 64 tekens", "reference is longer than 64 characters")
	}
	bsn, err := kluis.NormalizeBSN(f.get(rec, "bsn"))
	if err != nil {
		return fieldError(line, "bsn", "ongeldig BSN "+kluis.MaskBSN(f.get(rec, "bsn"))+": "+dutch(err), "invalid BSN "+kluis.MaskBSN(f.get(rec, "bsn"))+": "+english(err))
	}
	d.BSN = bsn
	d.Geldstroom = strings.ToLower(f.get(rec, "geldstroom"))
	if !codes.Geldstromen[d.Geldstroom] {
		return fieldError(line, "geldstroom", fmt.Sprintf("onbekende geldstroom %q; bekend: %s", d.Geldstroom, codes.list()), fmt.Sprintf("unknown funding stream %q; known: %s", d.Geldstroom, codes.list()))
	}
	d.Categorie = f.get(rec, "categorie")
	if !validCode(d.Categorie, 10) {
		return fieldError(line, "categorie", fmt.Sprintf("%q is geen geldige categorie (zorgsoort)", d.Categorie), fmt.Sprintf("%q is not a valid category", d.Categorie))
	}
	d.Productcode = f.get(rec, "productcode")
	if !validCode(d.Productcode, 20) {
		return fieldError(line, "productcode", fmt.Sprintf("%q is geen geldige productcode", d.Productcode), fmt.Sprintf("%q is not a valid product code", d.Productcode))
	}
	var ok bool
	if d.Begin, ok = ParseDate(f.get(rec, "begindatum")); !ok {
		return dateError(line, "begindatum", f.get(rec, "begindatum"))
	}
	if d.Eind, ok = ParseDate(f.get(rec, "einddatum")); !ok {
		return dateError(line, "einddatum", f.get(rec, "einddatum"))
	}
	if d.Eind < d.Begin {
		return fieldError(line, "einddatum", fmt.Sprintf("einddatum %s ligt voor begindatum %s", d.Eind, d.Begin), fmt.Sprintf("end date %s is before begin date %s", d.Eind, d.Begin))
	}
	if d.Volume, ok = parseCount(f.get(rec, "volume")); !ok {
		return fieldError(line, "volume", fmt.Sprintf("%q is geen geheel getal van 0 of meer", f.get(rec, "volume")), fmt.Sprintf("%q is not a non-negative whole number", f.get(rec, "volume")))
	}
	var rej *Rejection
	if d.Eenheid, rej = unitOf(f, rec, line); rej != nil {
		return rej
	}
	if d.Bedrag, d.Credit, rej = signedAmount(f, rec, line); rej != nil {
		return rej
	}
	d.Toewijzing = f.get(rec, "toewijzing")
	if len(d.Toewijzing) > 64 {
		return fieldError(line, "toewijzing", "toewijzingnummer is langer dan 64 tekens", "assignment number is longer than 64 characters")
	}
	return nil
}

func dateError(line int, field, v string) *Rejection {
	return fieldError(line, field,
		fmt.Sprintf("%q is geen bestaande datum (JJJJ-MM-DD of DD-MM-JJJJ)", v),
		fmt.Sprintf("%q is not a valid date (YYYY-MM-DD or DD-MM-YYYY)", v))
}

func (c Codes) list() string {
	var out []string
	for _, g := range Geldstromen {
		if c.Geldstromen[g] {
			out = append(out, g)
		}
	}
	for g := range c.Geldstromen {
		if !contains(Geldstromen, g) {
			out = append(out, g)
		}
	}
	return strings.Join(out, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// dutch and english split the kluis' bilingual error texts "nl / en".
func dutch(err error) string {
	s := err.Error()
	if i := strings.Index(s, " / "); i >= 0 {
		return s[:i]
	}
	return s
}

func english(err error) string {
	s := err.Error()
	if i := strings.Index(s, " / "); i >= 0 {
		return s[i+3:]
	}
	return s
}

// unitOf reads the eenheid column (WJ756); Excel drops the leading zero of
// 01 and 04, so a single digit gets it back.
func unitOf(f *csvFile, rec []string, line int) (string, *Rejection) {
	u := f.get(rec, "eenheid")
	if len(u) == 1 {
		u = "0" + u
	}
	if _, ok := Eenheden[u]; !ok {
		return "", fieldError(line, "eenheid", fmt.Sprintf("onbekende eenheid %q; toegestaan (WJ756): 01, 04, 14, 16, 82, 83, 84", f.get(rec, "eenheid")), fmt.Sprintf("unknown unit %q; allowed (WJ756): 01, 04, 14, 16, 82, 83, 84", f.get(rec, "eenheid")))
	}
	return u, nil
}

// signedAmount reads bedrag_cent (a non-negative whole number of cents)
// and debet_credit (D or C).
func signedAmount(f *csvFile, rec []string, line int) (money.Cents, bool, *Rejection) {
	cents, ok := parseCount(f.get(rec, "bedrag_cent"))
	if !ok {
		return 0, false, fieldError(line, "bedrag_cent", fmt.Sprintf("%q is geen geheel aantal eurocent van 0 of meer", f.get(rec, "bedrag_cent")), fmt.Sprintf("%q is not a non-negative whole number of eurocents", f.get(rec, "bedrag_cent")))
	}
	switch strings.ToUpper(f.get(rec, "debet_credit")) {
	case "D":
		return money.Cents(cents), false, nil
	case "C":
		return money.Cents(cents), true, nil
	}
	return 0, false, fieldError(line, "debet_credit", fmt.Sprintf("%q is geen D (debet) of C (credit)", f.get(rec, "debet_credit")), fmt.Sprintf("%q is not D (debit) or C (credit)", f.get(rec, "debet_credit")))
}
