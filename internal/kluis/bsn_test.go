package kluis

import (
	"strings"
	"testing"
)

func TestNormalizeBSN(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{"111222333", "111222333", nil},
		{"123456782", "123456782", nil},
		{"23456782", "", ErrBSNElfProef},
		{"12345678", "012345678", ErrBSNElfProef},
		{" 111222333 ", "111222333", nil},
		{"000000000", "", ErrBSNZero},
		{"123456789", "", ErrBSNElfProef},
		{"12345", "", ErrBSNLength},
		{"12345678a", "", ErrBSNDigits},
		{"1234567820", "", ErrBSNLength},
	} {
		got, err := NormalizeBSN(tc.in)
		if err != tc.err {
			t.Errorf("NormalizeBSN(%q) error = %v, want %v", tc.in, err, tc.err)
			continue
		}
		if err == nil && got != tc.want {
			t.Errorf("NormalizeBSN(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	s := SyntheticBSN(0)
	if !ValidBSN(s) || len(s) != 9 {
		t.Fatalf("SyntheticBSN(0) = %q is not a valid BSN", s)
	}
}

func TestEightDigitsGetLeadingZero(t *testing.T) {
	// 012345672: 0*9+1*8+2*7+3*6+4*5+5*4+6*3+7*2 = 112, 112-2 = 110 = 10*11.
	got, err := NormalizeBSN("12345672")
	if err != nil || got != "012345672" {
		t.Fatalf("NormalizeBSN(12345672) = %q, %v; want 012345672", got, err)
	}
}

func TestSyntheticBSNUniqueAndValid(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range []int{0, 1, 2, 499999, 500000, 500001, 4499999} {
		s := SyntheticBSN(n)
		if !ValidBSN(s) {
			t.Errorf("SyntheticBSN(%d) = %q fails the 11-proef", n, s)
		}
	}
	for n := 0; n < 200000; n++ {
		s := SyntheticBSN(n)
		if seen[s] {
			t.Fatalf("SyntheticBSN(%d) = %q repeats", n, s)
		}
		seen[s] = true
	}
}

func TestMaskBSN(t *testing.T) {
	m := MaskBSN("123456782")
	if m != "******782" || strings.Contains(m, "123456") {
		t.Fatalf("MaskBSN = %q", m)
	}
}

func TestMaskFreeText(t *testing.T) {
	bsn := SyntheticBSN(7)
	for _, tc := range []struct{ in, want string }{
		{"geen nummer", "geen nummer"},
		{bsn, "******" + bsn[6:]},
		{"zie bsn " + bsn + ".xml", "zie bsn ******" + bsn[6:] + ".xml"},
		{"a" + bsn + "b" + bsn, "a******" + bsn[6:] + "b******" + bsn[6:]},
		{"1" + bsn, "1" + bsn},     // ten digits: not a BSN
		{"123456789", "123456789"}, // fails the 11-proef
		{"factuur 2025-000123", "factuur 2025-000123"},
	} {
		if got := MaskFreeText(tc.in); got != tc.want {
			t.Errorf("MaskFreeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
