package model

import (
	"fmt"
	"strconv"
	"strings"
)

// The Dutch names that pages, tables and reports print for codes and dates.

var maanden = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// Datum formats YYYYMMDD the Dutch way: "3 maart 2025".
func Datum(d int64) string {
	if d <= 0 {
		return "—"
	}
	m := int(d / 100 % 100)
	if m < 1 || m > 12 {
		return strconv.FormatInt(d, 10)
	}
	return fmt.Sprintf("%d %s %d", d%100, maanden[m-1], d/10000)
}

// GeldstroomNaam is the plain Dutch name of a funding stream.
func GeldstroomNaam(code string) string {
	switch strings.ToLower(code) {
	case "jeugdwet":
		return "Jeugdwet"
	case "wmo":
		return "Wmo 2015"
	case "participatiewet":
		return "Participatiewet"
	case "wlz":
		return "Wet langdurige zorg"
	case "zvw":
		return "Zorgverzekeringswet"
	case "schuldhulp":
		return "Schuldhulpverlening"
	case "lumpsum":
		return "Subsidie / lumpsum"
	case "totaal":
		return "Totaal"
	}
	if code == "" {
		return "—"
	}
	return strings.ToUpper(code[:1]) + code[1:]
}

// ZorgsoortNaam names a care type for tables and legends: "Jeugdhulp
// ambulant (45)".
func ZorgsoortNaam(code string) string {
	if code == "totaal" {
		return "Totaal"
	}
	if n, ok := ZorgsoortOmschrijving(code); ok {
		return Capitalize(n) + " (" + code + ")"
	}
	if code == "" {
		return "—"
	}
	return "Zorgsoort " + code
}

// CategoryName names the category of a released cell for its breakdown.
func CategoryName(by, code string) string {
	switch by {
	case "geldstroom":
		return GeldstroomNaam(code)
	case "zorgsoort":
		return ZorgsoortNaam(code)
	}
	return "Totaal"
}

// Capitalize upper-cases the first letter of s (ASCII).
func Capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
