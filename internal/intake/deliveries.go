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
// sink.Delivery; an invalid one goes to sink.Reject with every problem it
// has (the second and later marked Further). It returns the number of data
// rows read. A wrong header is a *FileError.
func ParseDeliveriesCSV(r io.Reader, codes Codes, sink Sink) (rows int, err error) {
	f, err := openCSV(r, DeliveryColumns, []string{"toewijzing"})
	if err != nil {
		return 0, err
	}
	var d Delivery
	var all []Rejection
	for {
		rec, line, rej, err := f.next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, fmt.Errorf("regel %d lezen / read line %d: %w", line, line, err)
		}
		rows++
		if rej != nil {
			sink.Reject(*rej)
			continue
		}
		d = Delivery{Line: line, Bron: "csv"}
		if rej = parseDeliveryRow(f, rec, line, codes, &d); rej != nil {
			// Only a row that already failed is checked field by field
			// again, so the valid rows' path stays as fast as it was.
			all = deliveryProblems(f, rec, line, codes, all[:0])
			for i := range all {
				all[i].Further = i > 0
				sink.Reject(all[i])
			}
			continue
		}
		if err := sink.Delivery(&d); err != nil {
			return rows, err
		}
	}
}

// parseDeliveryRow reads one row into d and returns its first problem.
func parseDeliveryRow(f *csvFile, rec []string, line int, codes Codes, d *Delivery) *Rejection {
	ps := problems{}
	checkDeliveryRow(f, rec, line, codes, d, &ps)
	return ps.first
}

// deliveryProblems returns every problem of one row, each with the value
// it rejects (masked).
func deliveryProblems(f *csvFile, rec []string, line int, codes Codes, out []Rejection) []Rejection {
	ps := problems{all: true, list: out}
	checkDeliveryRow(f, rec, line, codes, &Delivery{}, &ps)
	for i := range ps.list {
		ps.list[i].Value = maskedValue(ps.list[i].Field, f.get(rec, ps.list[i].Field))
	}
	return ps.list
}

// problems collects what is wrong with a row: the first problem only
// (the fast path, which stops there), or all of them.
type problems struct {
	all   bool
	first *Rejection
	list  []Rejection
	empty uint32 // all: bit i set when DeliveryColumns[i] is empty
}

// add notes r; it says whether the check should stop.
func (ps *problems) add(r *Rejection) (stop bool) {
	if !ps.all {
		ps.first = r
		return true
	}
	ps.list = append(ps.list, *r)
	return false
}

// skip says whether column i is empty and so already reported.
func (ps *problems) skip(i int) bool { return ps.empty&(1<<i) != 0 }

// Indexes into DeliveryColumns.
const (
	colAGB = iota
	colReferentie
	colBSN
	colGeldstroom
	colCategorie
	colProductcode
	colBegindatum
	colEinddatum
	colVolume
	colEenheid
	colBedrag
	colDebetCredit
)

// checkDeliveryRow checks one row field by field in template order. With
// ps.all unset it stops at the first problem; with it set it checks every
// field (an empty required field only once: "verplicht veld is leeg").
func checkDeliveryRow(f *csvFile, rec []string, line int, codes Codes, d *Delivery, ps *problems) {
	for i, c := range DeliveryColumns {
		if f.get(rec, c) == "" {
			if ps.add(fieldError(line, c, "verplicht veld is leeg", "required field is empty")) {
				return
			}
			ps.empty |= 1 << i
		}
	}
	d.AGB = f.get(rec, "agb")
	if !ps.skip(colAGB) && (!isDigits(d.AGB) || len(d.AGB) != 8) {
		if ps.add(fieldError(line, "agb", fmt.Sprintf("%q is geen AGB-code van 8 cijfers", d.AGB), fmt.Sprintf("%q is not an 8-digit AGB code", d.AGB))) {
			return
		}
	}
	d.Referentie = f.get(rec, "referentie")
	if len(d.Referentie) > 64 {
		if ps.add(fieldError(line, "referentie", "referentie is langer dan 64 tekens", "reference is longer than 64 characters")) {
			return
		}
	}
	if !ps.skip(colBSN) {
		bsn, err := kluis.NormalizeBSN(f.get(rec, "bsn"))
		if err != nil {
			r := fieldError(line, "bsn", "ongeldig BSN "+kluis.MaskBSN(f.get(rec, "bsn"))+": "+dutch(err), "invalid BSN "+kluis.MaskBSN(f.get(rec, "bsn"))+": "+english(err))
			r.Rule = "ongeldig BSN: " + dutch(err)
			if ps.add(r) {
				return
			}
		}
		d.BSN = bsn
	}
	d.Geldstroom = strings.ToLower(f.get(rec, "geldstroom"))
	if !ps.skip(colGeldstroom) && !codes.Geldstromen[d.Geldstroom] {
		if ps.add(fieldError(line, "geldstroom", fmt.Sprintf("onbekende geldstroom %q; bekend: %s", d.Geldstroom, codes.list()), fmt.Sprintf("unknown funding stream %q; known: %s", d.Geldstroom, codes.list()))) {
			return
		}
	}
	d.Categorie = f.get(rec, "categorie")
	if !ps.skip(colCategorie) && !validCode(d.Categorie, 10) {
		if ps.add(fieldError(line, "categorie", fmt.Sprintf("%q is geen geldige categorie (zorgsoort)", d.Categorie), fmt.Sprintf("%q is not a valid category", d.Categorie))) {
			return
		}
	}
	d.Productcode = f.get(rec, "productcode")
	if !ps.skip(colProductcode) && !validCode(d.Productcode, 20) {
		if ps.add(fieldError(line, "productcode", fmt.Sprintf("%q is geen geldige productcode", d.Productcode), fmt.Sprintf("%q is not a valid product code", d.Productcode))) {
			return
		}
	}
	var beginOK, eindOK bool
	if d.Begin, beginOK = ParseDate(f.get(rec, "begindatum")); !beginOK && !ps.skip(colBegindatum) {
		if ps.add(dateError(line, "begindatum", f.get(rec, "begindatum"))) {
			return
		}
	}
	if d.Eind, eindOK = ParseDate(f.get(rec, "einddatum")); !eindOK && !ps.skip(colEinddatum) {
		if ps.add(dateError(line, "einddatum", f.get(rec, "einddatum"))) {
			return
		}
	}
	if beginOK && eindOK && d.Eind < d.Begin {
		if ps.add(fieldError(line, "einddatum", fmt.Sprintf("einddatum %s ligt voor begindatum %s", d.Eind, d.Begin), fmt.Sprintf("end date %s is before begin date %s", d.Eind, d.Begin))) {
			return
		}
	}
	var ok bool
	if d.Volume, ok = parseCount(f.get(rec, "volume")); !ok && !ps.skip(colVolume) {
		if ps.add(fieldError(line, "volume", fmt.Sprintf("%q is geen geheel getal van 0 of meer", f.get(rec, "volume")), fmt.Sprintf("%q is not a non-negative whole number", f.get(rec, "volume")))) {
			return
		}
	}
	var rej *Rejection
	if d.Eenheid, rej = unitOf(f, rec, line); rej != nil && !ps.skip(colEenheid) {
		if ps.add(rej) {
			return
		}
	}
	if d.Bedrag, rej = centsOf(f, rec, line); rej != nil && !ps.skip(colBedrag) {
		if ps.add(rej) {
			return
		}
	}
	if d.Credit, rej = creditOf(f, rec, line); rej != nil && !ps.skip(colDebetCredit) {
		if ps.add(rej) {
			return
		}
	}
	d.Toewijzing = f.get(rec, "toewijzing")
	if len(d.Toewijzing) > 64 {
		ps.add(fieldError(line, "toewijzing", "toewijzingnummer is langer dan 64 tekens", "assignment number is longer than 64 characters"))
	}
}

// maskedValue is what a report may show of a rejected value: a BSN
// masked but for its last three digits, any other value with the BSNs in
// it masked, and at most 80 characters of it.
func maskedValue(field, v string) string {
	if field == "bsn" {
		return kluis.MaskBSN(v)
	}
	v = kluis.MaskFreeText(v)
	if len(v) > 80 {
		v = strings.ToValidUTF8(v[:80], "") + "…"
	}
	return v
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
	cents, rej := centsOf(f, rec, line)
	if rej != nil {
		return 0, false, rej
	}
	credit, rej := creditOf(f, rec, line)
	if rej != nil {
		return 0, false, rej
	}
	return cents, credit, nil
}

func centsOf(f *csvFile, rec []string, line int) (money.Cents, *Rejection) {
	cents, ok := parseCount(f.get(rec, "bedrag_cent"))
	if !ok {
		return 0, fieldError(line, "bedrag_cent", fmt.Sprintf("%q is geen geheel aantal eurocent van 0 of meer", f.get(rec, "bedrag_cent")), fmt.Sprintf("%q is not a non-negative whole number of eurocents", f.get(rec, "bedrag_cent")))
	}
	return money.Cents(cents), nil
}

func creditOf(f *csvFile, rec []string, line int) (bool, *Rejection) {
	switch strings.ToUpper(f.get(rec, "debet_credit")) {
	case "D":
		return false, nil
	case "C":
		return true, nil
	}
	return false, fieldError(line, "debet_credit", fmt.Sprintf("%q is geen D (debet) of C (credit)", f.get(rec, "debet_credit")), fmt.Sprintf("%q is not D (debit) or C (credit)", f.get(rec, "debet_credit")))
}
