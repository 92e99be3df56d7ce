package kluis

import (
	"errors"
	"strings"
)

// BSN errors. Their texts never contain the number itself.
var (
	ErrBSNLength   = errors.New("BSN moet 9 cijfers hebben (of 8 met een voorloopnul weggelaten) / BSN must have 9 digits")
	ErrBSNDigits   = errors.New("BSN bevat andere tekens dan cijfers / BSN contains non-digits")
	ErrBSNZero     = errors.New("BSN 000000000 is ongeldig / BSN 000000000 is invalid")
	ErrBSNElfProef = errors.New("BSN voldoet niet aan de elfproef / BSN fails the 11-check")
)

// NormalizeBSN checks s as a BSN and returns its 9-digit form. An 8-digit
// number is read as having lost its leading zero (as spreadsheets do).
// The 11-proef uses weights 9..2 and −1 for the last digit.
func NormalizeBSN(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) == 8 {
		s = "0" + s
	}
	if len(s) != 9 {
		return "", ErrBSNLength
	}
	sum := 0
	zero := true
	for i := 0; i < 9; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return "", ErrBSNDigits
		}
		d := int(c - '0')
		if d != 0 {
			zero = false
		}
		if i == 8 {
			sum -= d
		} else {
			sum += d * (9 - i)
		}
	}
	if zero {
		return "", ErrBSNZero
	}
	if sum%11 != 0 {
		return "", ErrBSNElfProef
	}
	return s, nil
}

// ValidBSN reports whether s passes NormalizeBSN.
func ValidBSN(s string) bool {
	_, err := NormalizeBSN(s)
	return err == nil
}

// MaskBSN returns a form of s safe for logs and messages: only the last
// three characters stay, e.g. "******782". Anything shorter is fully masked.
func MaskBSN(s string) string {
	if len(s) <= 3 {
		return strings.Repeat("*", len(s))
	}
	return strings.Repeat("*", len(s)-3) + s[len(s)-3:]
}

// SyntheticBSN returns the n-th synthetic BSN (0 ≤ n < 4,500,000) that
// passes the 11-proef. They come from the 9-range used for test persons, so
// generated data does not collide with a real person's number by design.
// Distinct n give distinct numbers: n owns the two 8-digit prefixes 2n and
// 2n+1 (which differ only in their last digit, weight 2), and at most one of
// them lacks a valid check digit.
func SyntheticBSN(n int) string {
	var p int
	if n < 500000 {
		p = 99000000 + 2*n
	} else {
		p = 90000000 + 2*(n-500000)
	}
	for _, q := range []int{p, p + 1} {
		sum := 0
		v := q
		for w := 2; w <= 9; w++ {
			sum += (v % 10) * w
			v /= 10
		}
		if d := sum % 11; d < 10 {
			return itoa9(q*10 + d)
		}
	}
	panic("unreachable: two adjacent prefixes both lack a check digit")
}

func itoa9(v int) string {
	var b [9]byte
	for i := 8; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[:])
}

// MaskFreeText masks every BSN in free text before it is stored or logged:
// each run of exactly nine digits (not part of a longer run of digits) that
// passes the 11-proef becomes "******782". Other numbers stay as they are,
// so an invoice number or a date reads the same. Text without a BSN is
// returned unchanged without allocating.
func MaskFreeText(s string) string {
	var b []byte // nil until the first BSN is found
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j-i == 9 && ValidBSN(s[i:j]) {
			if b == nil {
				b = []byte(s)
			}
			copy(b[i:j-3], "******")
		}
		i = j
	}
	if b == nil {
		return s
	}
	return string(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
