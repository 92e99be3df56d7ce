package importer

import "github.com/ontschot/ontschot/internal/kluis"

// personMemo remembers, for the duration of one import, the pseudonym of
// each person (BSN) met so far and gives each a number (1, 2, …) that the
// store finds the person's id by (store.Delivery.PersonNo). With monthly
// rows a person comes back a dozen times a year, so the keyed hash runs
// once per person instead of once per row, and every row of a person
// shares one pseudonym string. It lives in memory only, keyed by the BSN
// as an integer; it is never logged or stored, and is dropped with the
// import. Bounded like the store's person cache: past personMemoMax
// persons a new person is hashed per row again and gets no number.
type personMemo struct {
	m map[uint64]memoEntry
}

type memoEntry struct {
	pseudonym string
	no        int32
}

// personMemoMax bounds the memo at ≈ 100 bytes a person with its
// pseudonym, ≈ 10 MB live (the import's heap may be three times its live
// size, GOGC=200). A bound of 300,000 took a 3M-row file of 300,000
// persons to 421 MB peak RSS (269 MB without the memo).
var personMemoMax = 100_000

// get returns the pseudonym and number of bsn, computing and remembering
// it the first time. It says false with a kluis service (whose calls are
// batched per chunk, see kluisbatch.go) or for a value that is not nine
// digits (the parser only passes valid BSNs).
func (pm *personMemo) get(k *kluis.Kluis, bsn string) (string, int32, bool) {
	if k.Remote() || len(bsn) != 9 {
		return "", 0, false
	}
	var n uint64
	for i := 0; i < len(bsn); i++ {
		c := bsn[i] - '0'
		if c > 9 {
			return "", 0, false
		}
		n = n*10 + uint64(c)
	}
	if e, ok := pm.m[n]; ok {
		return e.pseudonym, e.no, true
	}
	ps := k.Pseudonym(kluis.Person, bsn)
	if pm.m == nil {
		pm.m = make(map[uint64]memoEntry, 1<<12)
	}
	if len(pm.m) >= personMemoMax {
		return ps, 0, true
	}
	e := memoEntry{ps, int32(len(pm.m) + 1)}
	pm.m[n] = e
	return e.pseudonym, e.no, true
}
