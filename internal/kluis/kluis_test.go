package kluis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyFileCreatedPrivateAndStable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", KeyFileName)
	k1, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode = %o, want 600", st.Mode().Perm())
	}
	k2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	bsn := SyntheticBSN(7)
	p1, p2 := k1.Pseudonym(Person, bsn), k2.Pseudonym(Person, bsn)
	if p1 != p2 {
		t.Fatalf("pseudonym changed after reopening: %s vs %s", p1, p2)
	}
	if !strings.HasPrefix(p1, "hp1:") || len(p1) != 4+52 || strings.Contains(p1, bsn) {
		t.Fatalf("pseudonym %q has the wrong form", p1)
	}
	if a := k1.Pseudonym(Address, bsn); a == p1 || !strings.HasPrefix(a, "ha1:") {
		t.Fatalf("address domain must use its own key: %s", a)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); err == nil {
		t.Fatal("Open accepted a key file readable by others")
	}
}

func TestRotateIssuesSideBySide(t *testing.T) {
	path := filepath.Join(t.TempDir(), KeyFileName)
	k, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	bsn := SyntheticBSN(3)
	old := k.Pseudonym(Person, bsn)
	v, err := k.Rotate(Person)
	if err != nil || v != 2 {
		t.Fatalf("Rotate = %d, %v", v, err)
	}
	if got := k.PseudonymVersion(Person, 1, bsn); got != old {
		t.Fatalf("old version pseudonym changed")
	}
	nw := k.Pseudonym(Person, bsn)
	if nw == old || !strings.HasPrefix(nw, "hp2:") {
		t.Fatalf("new pseudonym %q", nw)
	}
	k2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if k2.Pseudonym(Person, bsn) != nw {
		t.Fatal("rotation not persisted")
	}
}

func TestDifferentKeysDifferentPseudonyms(t *testing.T) {
	a := New(make([]byte, 32), make([]byte, 32))
	kb := make([]byte, 32)
	kb[0] = 1
	b := New(kb, kb)
	bsn := SyntheticBSN(1)
	if a.Pseudonym(Person, bsn) == b.Pseudonym(Person, bsn) {
		t.Fatal("two keys gave the same pseudonym")
	}
	if _, err := a.PseudonymBSN("123456789"); err == nil {
		t.Fatal("invalid BSN accepted")
	}
}

func BenchmarkPseudonym(b *testing.B) {
	k := New(make([]byte, 32), make([]byte, 32))
	bsn := SyntheticBSN(1)
	b.ReportAllocs()
	for b.Loop() {
		k.Pseudonym(Person, bsn)
	}
}
