package chart

import (
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// Categorical is the Okabe–Ito palette without its yellow (too light on
// white): distinguishable with every common colour-vision deficiency.
var Categorical = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"}

var maandenKort = []string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// wholeEuros shows an amount of a business case in whole euros: its figures
// are estimates, and cents would suggest a precision they do not have.
func wholeEuros(c int64) string { return minus(money.FormatEuros(money.Cents(c).Euros())) }

// minus writes a negative amount with the minus sign (U+2212) the pages
// use: "−€ 2.000.000".
func minus(s string) string {
	if strings.HasPrefix(s, "-€") {
		return "−" + s[1:]
	}
	return s
}

// nbsp keeps "€" and its amount on one line.
func nbsp(s string) string { return strings.Replace(minus(s), "€ ", "€\u00a0", 1) }
