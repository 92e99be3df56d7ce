// Package money holds the one money type of Ontschot: integer eurocents.
// Stored and computed amounts are never floats; only ratios (business cases,
// per-1,000 figures) leave the integer world, and they never go back into storage.
package money

import (
	"math"
	"strconv"
	"strings"
)

// Cents is an amount in eurocents. Negative amounts are credits/corrections.
type Cents int64

// Euros returns c as whole euros, rounded half away from zero.
func (c Cents) Euros() int64 {
	if c >= 0 {
		return int64((c + 50) / 100)
	}
	return -int64((-c + 50) / 100)
}

// String formats c the Dutch way: "€ 1.234,50", "-€ 12,00".
func (c Cents) String() string { return Format(c) }

// Format formats c the Dutch way with cents: "€ 1.234,50"; negative amounts as "-€ 1.234,50".
func Format(c Cents) string {
	neg := c < 0
	u := uint64(c)
	if neg {
		u = uint64(-c)
	}
	s := "€ " + Group(int64(u/100)) + "," + pad2(u%100)
	if neg {
		return "-" + s
	}
	return s
}

// FormatEuros formats whole euros the Dutch way: "€ 1.234".
func FormatEuros(euros int64) string {
	if euros < 0 {
		return "-€ " + Group(-euros)
	}
	return "€ " + Group(euros)
}

// Group writes n with Dutch thousands separators: 1234567 → "1.234.567".
func Group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	first := len(s) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(s[:first])
	for i := first; i < len(s); i += 3 {
		b.WriteByte('.')
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

func pad2(v uint64) string {
	if v < 10 {
		return "0" + strconv.FormatUint(v, 10)
	}
	return strconv.FormatUint(v, 10)
}

// Decimal writes f the Dutch way with the given number of decimals and
// thousands separators: 1234.5 → "1.234,5"; NaN and infinities as "—".
// It is for ratios and shares; amounts are Cents and go through Format.
func Decimal(f float64, digits int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	s := strconv.FormatFloat(f, 'f', digits, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(intPart, 10, 64)
	out := Group(n)
	if strings.HasPrefix(intPart, "-") && n == 0 {
		out = "-0"
	}
	if frac != "" {
		out += "," + frac
	}
	return out
}

// Percent writes a share as a Dutch percentage with one decimal: 0.125 → "12,5%".
func Percent(f float64) string {
	return strings.Replace(strconv.FormatFloat(f*100, 'f', 1, 64), ".", ",", 1) + "%"
}
