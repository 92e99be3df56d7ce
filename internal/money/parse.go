package money

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	thousands = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{3})+$`)
	pointCent = regexp.MustCompile(`^[0-9]+\.[0-9]{1,2}$`)
)

// Parse reads an amount in euros as a Dutch user types it into cents:
// "1.234,50", "€ 1.234", "2500", "0,5", "-75", "-€ 12,00" (what Format
// writes). The rules are strict, because a misread amount is worse than a
// refused one: a point only separates thousands, in groups of three; a
// comma starts the cents, at most two digits. "1234.50" is refused with a
// hint to write "1234,50" rather than read as 123.450 euros.
func Parse(s string) (Cents, error) {
	in := s
	s = strings.TrimSpace(s)
	neg := false
	for {
		switch {
		case strings.HasPrefix(s, "-"):
			s, neg = s[1:], !neg
		case strings.HasPrefix(s, "−"):
			s, neg = strings.TrimPrefix(s, "−"), !neg
		case strings.HasPrefix(s, "€"):
			s = strings.TrimPrefix(s, "€")
		case strings.HasPrefix(s, " "), strings.HasPrefix(s, "\u00a0"):
			s = strings.TrimLeft(s, " \u00a0")
		default:
			goto signDone
		}
	}
signDone:
	s = strings.NewReplacer(" ", "", "\u00a0", "").Replace(s)
	if s == "" {
		return 0, fmt.Errorf("geen bedrag ingevuld / no amount")
	}
	whole, frac, hasFrac := strings.Cut(s, ",")
	switch {
	case strings.Contains(frac, ","):
		return 0, fmt.Errorf("%q: één komma, voor de centen (1.234,50) / one decimal comma", in)
	case !hasFrac && pointCent.MatchString(whole) && !thousands.MatchString(whole):
		return 0, fmt.Errorf("%q: gebruik een komma voor de centen (%s); een punt scheidt alleen duizendtallen / use a comma for cents",
			in, strings.Replace(whole, ".", ",", 1))
	case strings.Contains(whole, "."):
		if !thousands.MatchString(whole) {
			return 0, fmt.Errorf("%q: een punt scheidt duizendtallen, in groepjes van drie (1.234.567,89) / thousands in groups of three", in)
		}
		whole = strings.ReplaceAll(whole, ".", "")
	}
	if whole == "" || strings.Trim(whole, "0123456789") != "" {
		return 0, fmt.Errorf("%q is geen bedrag in euro (bijvoorbeeld 1.234,50) / not an amount in euros", in)
	}
	if len(whole) > 15 {
		return 0, fmt.Errorf("%q: bedrag te groot / amount too large", in)
	}
	if hasFrac && (len(frac) == 0 || strings.Trim(frac, "0123456789") != "") {
		return 0, fmt.Errorf("%q: na de komma alleen cijfers (1.234,50) / digits after the comma", in)
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("%q: hoogstens twee cijfers achter de komma (centen) / at most two decimals", in)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	c, _ := strconv.ParseInt(frac, 10, 64)
	v := Cents(w*100 + c)
	if neg {
		v = -v
	}
	return v, nil
}
