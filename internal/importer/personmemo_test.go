package importer

import (
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
)

// The memo gives the kluis's own pseudonym, the same number for the same
// person, and stops numbering (but still pseudonymises) at its bound.
func TestPersonMemo(t *testing.T) {
	defer func(old int) { personMemoMax = old }(personMemoMax)
	personMemoMax = 3
	k := testKluis()
	var pm personMemo
	nos := map[int32]string{}
	for round := 0; round < 2; round++ {
		for i := 0; i < 5; i++ {
			bsn := kluis.SyntheticBSN(i)
			ps, no, ok := pm.get(k, bsn)
			if !ok || ps != k.Pseudonym(kluis.Person, bsn) {
				t.Fatalf("person %d: %q %v, want the kluis pseudonym", i, ps, ok)
			}
			switch {
			case i >= 3 && no != 0:
				t.Fatalf("person %d past the bound got number %d", i, no)
			case i < 3 && no != int32(i+1):
				t.Fatalf("person %d got number %d, want %d", i, no, i+1)
			}
			if no > 0 {
				if prev, ok := nos[no]; ok && prev != ps {
					t.Fatalf("number %d given to two persons", no)
				}
				nos[no] = ps
			}
		}
	}
	if _, _, ok := pm.get(k, "12345678"); ok {
		t.Fatal("a value that is not nine digits was memoised")
	}
}
