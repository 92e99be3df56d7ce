package kluis

import (
	"bytes"
	"strings"
	"testing"
)

func TestMaskKey(t *testing.T) {
	k := New(bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32))
	a, b := SyntheticBSN(10), ""
	for i := 11; ; i++ { // another BSN with the same last three digits
		if c := SyntheticBSN(i); c[6:] == a[6:] {
			b = c
			break
		}
	}
	ma, mb := k.MaskKey("REF-"+a+"-1"), k.MaskKey("REF-"+b+"-1")
	if strings.Contains(ma, a) || !strings.HasPrefix(ma, "REF-******"+a[6:]+"~") || !strings.HasSuffix(ma, "-1") {
		t.Errorf("MaskKey = %q", ma)
	}
	if ma == mb {
		t.Errorf("two BSNs with the same last digits mask alike: %q", ma)
	}
	if again := k.MaskKey("REF-" + a + "-1"); again != ma {
		t.Errorf("not deterministic: %q, %q", ma, again)
	}
	for _, s := range []string{"R1", "TW0108395490", "123456789", "2025-03-01", ""} {
		if got := k.MaskKey(s); got != s {
			t.Errorf("MaskKey(%q) = %q; text without a BSN stays as it is", s, got)
		}
	}
}

// A masked key survives a rotation of the person key: a file imported
// before and after it still imports once.
func TestMaskKeyStableAcrossRotation(t *testing.T) {
	k, err := Open(t.TempDir() + "/" + KeyFileName)
	if err != nil {
		t.Fatal(err)
	}
	before := k.MaskKey("TW" + SyntheticBSN(7))
	if _, err := k.Rotate(Person); err != nil {
		t.Fatal(err)
	}
	if after := k.MaskKey("TW" + SyntheticBSN(7)); after != before {
		t.Errorf("rotation changed a masked key: %q → %q", before, after)
	}
}
