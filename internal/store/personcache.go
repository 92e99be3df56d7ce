package store

// personCache maps a person pseudonym to its pseudonyms.id during one
// import. A kluis pseudonym ("hp1:" + 52 base32 letters, 56 bytes) is
// packed into a fixed 40-byte key — the label and all 260 bits of the
// letters, so two different pseudonyms never share a key — which keeps an
// entry at ≈ 60 bytes instead of ≈ 120 for a string-keyed map and costs no
// allocation per look-up. Anything else (a test's made-up pseudonym) goes
// into a small string-keyed map. Issue 16: with a 100,000-entry string
// cache a 3M-row file of 300,000 persons spent 27 s of 62 s of CPU looking
// persons up again (docs/decisions.md).
type personCache struct {
	packed map[personKey]int64
	other  map[string]int64
}

type personKey [40]byte

// personCacheMax bounds the cache, so memory stays flat in file size and
// in the number of persons: past it the cache starts over. At ≈ 60 bytes
// an entry that is ≈ 36 MB live at the bound (the CLI's import runs with
// GOGC=200, so the heap may be three times that). A municipality's file of
// a year has fewer persons than this (the largest, ≈ 250,000 households).
// Measured: with a 1.5M bound a 10M-row file of 2M persons (a national
// file) drove the client past 380 MB resident (docs/scale.md).
const personCacheMax = 600_000

func newPersonCache() *personCache {
	return &personCache{packed: make(map[personKey]int64, 1<<14), other: map[string]int64{}}
}

func (c *personCache) len() int { return len(c.packed) + len(c.other) }

func (c *personCache) get(p string) (int64, bool) {
	if k, ok := packPseudonym(p); ok {
		id, ok := c.packed[k]
		return id, ok
	}
	id, ok := c.other[p]
	return id, ok
}

func (c *personCache) put(p string, id int64) {
	if k, ok := packPseudonym(p); ok {
		c.packed[k] = id
		return
	}
	c.other[p] = id
}

// b32val is the value of each letter of the kluis's base32 alphabet
// (a–z, 2–7), 0xff for anything else.
var b32val = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i, c := range "abcdefghijklmnopqrstuvwxyz234567" {
		t[c] = byte(i)
	}
	return t
}()

// packPseudonym packs "label:" + 52 base32 letters (label of 1–6 bytes)
// into a key: byte 0 the label's length, bytes 1–6 the label, bytes 7–39
// the letters' 260 bits. It says false for any other shape.
func packPseudonym(p string) (personKey, bool) {
	var k personKey
	colon := len(p) - 53
	if colon < 1 || colon > 6 || p[colon] != ':' {
		return k, false
	}
	k[0] = byte(colon)
	copy(k[1:7], p[:colon])
	var acc uint64
	bits, out := 0, 7
	for i := colon + 1; i < len(p); i++ {
		v := b32val[p[i]]
		if v == 0xff {
			return k, false
		}
		acc = acc<<5 | uint64(v)
		bits += 5
		for bits >= 8 {
			bits -= 8
			k[out] = byte(acc >> bits)
			out++
		}
	}
	k[out] = byte(acc << (8 - bits)) // the last 4 bits
	return k, true
}
