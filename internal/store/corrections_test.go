package store_test

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
)

func TestMaskGroupedBSN(t *testing.T) {
	b := kluis.SyntheticBSN(31)
	cases := []struct{ in, want string }{
		{"geen nummer", "geen nummer"},
		{"bsn " + b, "bsn ******" + b[6:]},
		{"bsn " + b[:3] + " " + b[3:6] + " " + b[6:] + ".", "bsn *** *** " + b[6:] + "."},
		{b[:4] + "." + b[4:6] + "." + b[6:], "****.**." + b[6:]},
		{"tel 06-1234-5678", "tel 06-1234-5678"},           // ten digits: not a BSN
		{"zaak 2025-001 en 12 3", "zaak 2025-001 en 12 3"}, // too few digits
		{"123 456 789", "123 456 789"},                     // fails the 11-proef
		{"x " + b[:3] + " " + b[3:6] + " " + b[6:] + " 12", "x *** *** " + b[6:] + " 12"},
	}
	for _, c := range cases {
		if got := store.MaskGroupedBSN(c.in); got != c.want {
			t.Errorf("MaskGroupedBSN(%q) = %q, want %q", kluis.MaskFreeText(c.in), got, c.want)
		}
		if strings.Contains(store.MaskGroupedBSN(c.in), b) {
			t.Errorf("the BSN survives in %q", c.in)
		}
	}
}
