package money

import "testing"

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		in   Cents
		want string
	}{
		{0, "€ 0,00"},
		{5, "€ 0,05"},
		{123450, "€ 1.234,50"},
		{-123450, "-€ 1.234,50"},
		{100000000, "€ 1.000.000,00"},
		{-1, "-€ 0,01"},
	} {
		if got := Format(tc.in); got != tc.want {
			t.Errorf("Format(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEuros(t *testing.T) {
	for _, tc := range []struct {
		in   Cents
		want int64
	}{{149, 1}, {150, 2}, {-150, -2}, {-149, -1}, {0, 0}} {
		if got := tc.in.Euros(); got != tc.want {
			t.Errorf("Cents(%d).Euros() = %d, want %d", tc.in, got, tc.want)
		}
	}
	if got := FormatEuros(-1234567); got != "-€ 1.234.567" {
		t.Errorf("FormatEuros = %q", got)
	}
}
