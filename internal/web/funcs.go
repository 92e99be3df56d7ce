package web

import (
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/chart"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// categorical is the chart palette, for colours that must match a chart.
var categorical = chart.Categorical

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

var maanden = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
var maandenKort = []string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// datum formats YYYYMMDD the Dutch way: "3 maart 2025".
func datum(d int64) string { return model.Datum(d) }

func datumKort(d int64) string {
	m := int(d / 100 % 100)
	if d <= 0 || m < 1 || m > 12 {
		return "—"
	}
	return fmt.Sprintf("%d %s %d", d%100, maandenKort[m-1], d/10000)
}

func isoDate(d int64) string { return intake.Date(d).String() }

// geldstroomNaam is the plain Dutch name of a funding stream.
func geldstroomNaam(code string) string { return model.GeldstroomNaam(code) }

// zorgsoorten names the iJw (31–55) and iWmo (01–18) categories in plain Dutch.

// zorgsoortNaam names a care type for tables and legends: "Jeugdhulp ambulant (45)".
func zorgsoortNaam(code string) string { return model.ZorgsoortNaam(code) }

// zorgsoortPlain is the name without its code, for families.
func zorgsoortPlain(code string) string {
	if n, ok := intake.ZorgsoortNaam(code); ok {
		return n
	}
	return "zorg of ondersteuning"
}

func categoryName(by, code string) string { return model.CategoryName(by, code) }

func eenheidNaam(code string) string {
	if n, ok := intake.Eenheden[code]; ok {
		return n
	}
	return code
}

// volumeTekst says how much was delivered in words: "12 uur", "3 etmalen".
func volumeTekst(v int64, eenheid string) string {
	n := money.Group(v)
	switch eenheid {
	case "01":
		return n + " minuten"
	case "04":
		return n + " uur"
	case "14":
		if v == 1 {
			return "1 etmaal"
		}
		return n + " etmalen"
	case "16":
		if v == 1 {
			return "1 dagdeel"
		}
		return n + " dagdelen"
	case "83":
		return eur(money.FormatEuros(v))
	case "82", "84":
		return n + " stuks"
	}
	return n + " " + eenheid
}

// ageOn returns the age in whole years on date of someone born on birth.
func ageOn(birth, date int64) int {
	if birth <= 0 {
		return -1
	}
	return int((date - birth) / 10000)
}

// personLabel names a person without naming them: the store has no names.
func personLabel(birth, today int64, i int) string {
	age := ageOn(birth, today)
	switch {
	case age < 0:
		return fmt.Sprintf("Persoon %d", i+1)
	case age < 18:
		return fmt.Sprintf("Kind, %d jaar", age)
	}
	return fmt.Sprintf("Volwassene, %d jaar", age)
}

// shortID shows the end of a pseudonym: enough to tell two apart, too short
// to copy around as an identifier.
func shortID(p string) string {
	if i := strings.IndexByte(p, ':'); i >= 0 {
		p = p[i+1:]
	}
	if len(p) > 6 {
		p = p[:6]
	}
	return strings.ToLower(p)
}

func pct(f float64) string { return money.Percent(f) }

func pctSigned(f float64) string {
	s := pct(f)
	if f > 0 {
		return "+" + s
	}
	return s
}

func decimal(f float64, digits int) string { return money.Decimal(f, digits) }

// cents formats an amount in eurocents: a money.Cents, or an int64 from a
// type that has not moved to money.Cents yet.
func cents(c any) (string, error) {
	switch c := c.(type) {
	case money.Cents:
		return eur(money.Format(c)), nil
	case int64:
		return eur(money.Format(money.Cents(c))), nil
	}
	return "", fmt.Errorf("cents: %T is geen bedrag in eurocent", c)
}

func templateFuncs(assets map[string]string) template.FuncMap {
	return template.FuncMap{
		"asset":      func(name string) string { return assets[name] },
		"cents":      cents,
		"euros":      func(e int64) string { return eur(money.FormatEuros(e)) },
		"group":      money.Group,
		"nbspEur":    func(s string) string { return strings.ReplaceAll(s, "€ ", "€\u00a0") },
		"groupInt":   func(n int) string { return money.Group(int64(n)) },
		"datum":      datum,
		"datumKort":  datumKort,
		"iso":        isoDate,
		"roleName":   access.RoleName,
		"geldstroom": geldstroomNaam,
		"zorgsoort":  zorgsoortNaam,
		"eenheid":    eenheidNaam,
		"volume":     volumeTekst,
		"shortID":    shortID,
		"pct":        pct,
		"pctSigned":  pctSigned,
		"category":   categoryName,
		"deref": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"derefF": func(p *float64) float64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"perInt": func(p *float64) int64 {
			if p == nil {
				return 0
			}
			return int64(math.Round(*p))
		},
		"outcome": func(o string) string {
			switch o {
			case "allow":
				return "toegestaan"
			case "deny":
				return "geweigerd"
			}
			return o
		},
		"when":     when,
		"event":    eventName,
		"roleWord": roleWord,
		"stars":    func(n int) string { return strings.Repeat("★", n) + strings.Repeat("☆", 5-n) },
		"seq": func(n int) []int {
			s := make([]int, n)
			for i := range s {
				s[i] = i + 1
			}
			return s
		},
	}
}

// eur keeps the euro sign on the line of its amount: "€ 1.234" wraps as a
// whole in a sentence or a narrow cell.
// A negative amount has one form everywhere: a minus sign (U+2212) before
// the euro sign, "−€ 2.000.000".
func eur(s string) string { return strings.Replace(minusSign(s), "€ ", "€\u00a0", 1) }

// minusSign writes a negative amount with U+2212: "-€ 5" → "−€ 5".
func minusSign(s string) string {
	if strings.HasPrefix(s, "-€") {
		return "−" + s[1:]
	}
	return s
}
