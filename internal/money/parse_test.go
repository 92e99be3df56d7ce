package money

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Cents
	}{
		{"1.234,50", 1_234_50}, {"€ 1.234", 1_234_00}, {"€1.234", 1_234_00}, {"2500", 2_500_00}, {"0,5", 50}, {"0,05", 5}, {"-75", -75_00},
		{"−75", -75_00}, {"-€ 12,00", -12_00}, {"€ -12", -12_00}, {"1.234.567,89", 1_234_567_89}, {" 12 ", 12_00}, {"€\u00a01.234", 1_234_00},
		{"1 234,50", 1_234_50}, {"999999999999999", 999_999_999_999_999_00}, {"12,", 0},
	} {
		got, err := Parse(tc.in)
		if tc.in == "12," {
			if err == nil {
				t.Errorf("Parse(%q) accepted", tc.in)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for in, hint := range map[string]string{
		"":                 "geen bedrag",
		"   ":              "geen bedrag",
		"1234.50":          "gebruik een komma voor de centen (1234,50)",
		"12.5":             "gebruik een komma voor de centen (12,5)",
		"1,234":            "hoogstens twee cijfers",
		"1.23,00":          "groepjes van drie",
		"1.2345":           "groepjes van drie",
		"1,2,3":            "één komma",
		"abc":              "geen bedrag in euro",
		"12a":              "geen bedrag in euro",
		"1,a":              "alleen cijfers",
		"1e5":              "geen bedrag in euro",
		"1234567890123456": "te groot",
		"€":                "geen bedrag",
	} {
		_, err := Parse(in)
		if err == nil || !strings.Contains(err.Error(), hint) {
			t.Errorf("Parse(%q): %v; want an error with %q", in, err, hint)
		}
	}
}

// TestParseFormatRoundTrip: what Format writes, Parse reads back.
func TestParseFormatRoundTrip(t *testing.T) {
	for _, c := range []Cents{0, 1, 99, 100, 1_234_50, -7_500, 100_000_000_00, -1} {
		if got, err := Parse(Format(c)); err != nil || got != c {
			t.Errorf("Parse(Format(%d)) = %d, %v (%q)", c, got, err, Format(c))
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1.234,50", "€ 1.234", "1234.50", "-€ 12,00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		// Whatever is accepted formats and parses back to the same cents.
		if back, err := Parse(Format(c)); err != nil || back != c {
			t.Fatalf("%q → %d → %q → %d, %v", s, c, Format(c), back, err)
		}
	})
}
