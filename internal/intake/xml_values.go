package intake

// The values and code lists of the iJw/iWmo 3.2 messages.

import (
	"strings"

	"github.com/ontschot/ontschot/internal/model"

	"github.com/ontschot/ontschot/internal/kluis"
)

// JZ020 and WMO020 live in model, with the other code lists.
var (
	xmlJZ020  = model.JZ020
	xmlWMO020 = model.WMO020
)

// WMO757 frequencies, used in the Omvang of both standards.
var xmlFrequenties = map[string]string{"1": "per dag", "2": "per week", "4": "per maand", "6": "totaal binnen geldigheidsduur toewijzing"}

// JZ588 (iJw 3.2) and WMO588 (iWmo 3.2) reasons care ended, as the 3.2
// basisschema enumerates LDT_RedenBeeindiging.
var (
	xmlJZ588 = map[string]string{"02": "overlijden", "20": "levering tijdelijk beëindigd", "31": "levering volgens plan beëindigd",
		"32": "voortijdig afgesloten door cliënt", "33": "voortijdig afgesloten door aanbieder", "34": "voortijdig afgesloten in overleg",
		"35": "voortijdig afgesloten, externe oorzaak", "36": "geïnitieerd door de gemeente", "37": "in verband met wijzigingsverzoek",
		"38": "overstap naar andere aanbieder", "39": "uitstroom naar ander domein"}
	xmlWMO588 = map[string]string{"02": "overlijden", "19": "levering volgens plan beëindigd", "20": "levering tijdelijk beëindigd",
		"21": "eenzijdig door cliënt beëindigd", "22": "eenzijdig door aanbieder beëindigd", "23": "in overeenstemming voortijdig beëindigd",
		"31": "verhuizing naar een andere gemeente", "36": "geïnitieerd door de gemeente", "37": "in verband met wijzigingsverzoek",
		"38": "overstap naar andere aanbieder", "39": "uitstroom naar ander domein"}
)

// COD467 StatusAanlevering, as LDT_StatusAanlevering enumerates it.
var xmlStatusAanlevering = map[string]string{"1": "eerste aanlevering", "2": "gewijzigde aanlevering", "3": "verwijderen aanlevering", "9": "niet van toepassing"}

// xmlClientBSN checks a client's Bsn; a bad one rejects all the client's rows.
func xmlClientBSN(v string) (string, *xmlProblem) {
	bsn, err := kluis.NormalizeBSN(v)
	if err != nil || len(strings.TrimSpace(v)) != 9 {
		reason := "BSN moet 9 cijfers hebben / BSN must have 9 digits"
		if err != nil {
			reason = err.Error()
		}
		nl, en, _ := strings.Cut(reason, " / ")
		return "", &xmlProblem{field: "Bsn", nl: nl + " (" + kluis.MaskBSN(strings.TrimSpace(v)) + ")", en: en, hasProblem: true, clientBSNProblem: true}
	}
	return bsn, nil
}

// xmlDate reads an xs:date without time zone, "2025-01-31".
func xmlDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := xmlAtoi(s[0:4])
	m, ok2 := xmlAtoi(s[5:7])
	d, ok3 := xmlAtoi(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1900 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m) {
		return 0, false
	}
	return MakeDate(y, m, d), true
}

func xmlAtoi(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// xmlCents reads a non-negative whole number (eurocents, volumes); the
// 3.2 amounts have no decimal point and at most 10 digits (LDT_Bedrag).
func xmlCents(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 12 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func xmlDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	_, ok := xmlAtoi(s)
	return ok
}

func xmlProductcode(s string) bool {
	if len(s) < 1 || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// xmlPostcode normalises a Dutch postcode to "1234AB".
func xmlPostcode(s string) (string, bool) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if len(s) != 6 || s[0] == '0' {
		return "", false
	}
	for i := 0; i < 6; i++ {
		c := s[i]
		if i < 4 && (c < '0' || c > '9') || i >= 4 && (c < 'A' || c > 'Z') {
			return "", false
		}
	}
	return s, true
}
