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
	spill  map[string]int64 // once full: the current batch's other persons only
}

type personKey [40]byte

// personByNo is what a Delivery.PersonNo stands for in this import.
type personByNo struct {
	person string
	id     int64
}

// byNumber finds d's person id by d.PersonNo. The pseudonym is compared
// too (the importer hands the same string for every row of a person, so
// that compare is one pointer compare): a number given for another
// pseudonym is not trusted, and d is looked up by its pseudonym.
func (im *Import) byNumber(d *Delivery) (int64, bool) {
	if n := int(d.PersonNo); n > 0 && n < len(im.byNo) && im.byNo[n].id != 0 && im.byNo[n].person == d.Person {
		return im.byNo[n].id, true
	}
	return 0, false
}

// newNumber says whether d carries a number not given out yet in this
// import: its person cannot be one dropped from the person cache.
func (im *Import) newNumber(d *Delivery) bool {
	n := int(d.PersonNo)
	return n > 0 && (n >= len(im.byNo) || im.byNo[n].id == 0)
}

// numbered remembers id under d.PersonNo, the first time that number
// comes; the numbers are bounded like the person cache. It says whether
// d's person is now found by its number: personIDsOf then drops it from
// the person cache, which keeps the others (the importer's memo and byNo
// hold it already, and memory stays flat).
func (im *Import) numbered(d *Delivery, id int64) bool {
	n := int(d.PersonNo)
	if n <= 0 || n > personCacheMax {
		return false
	}
	if n >= len(im.byNo) {
		im.byNo = append(im.byNo, make([]personByNo, n+1-len(im.byNo))...)
	}
	if im.byNo[n].id == 0 {
		im.byNo[n] = personByNo{d.Person, id}
	}
	return im.byNo[n].person == d.Person
}

// personCacheMax bounds the cache, so memory stays flat in file size and
// in the number of persons: past it the cache keeps what it holds and
// remembers other persons for one batch only (a miss then costs one
// look-up of the batch's unknown persons). With monthly rows persons come
// round in the same order every month, so a cache that started over when
// full missed on every row after that. At ≈ 60 bytes an entry the bound is
// ≈ 18 MB live (the CLI's import runs with GOGC=200, so the heap may be
// three times that). Measured on a 1.5M-row file of 1M persons, SQLite,
// back to back: starting over at 600k 32.6 s / 280 MB, keeping 600k
// 29.3 s / 351 MB, keeping 300k 37.3 s / 268 MB (docs/decisions.md).
var personCacheMax = 300_000 // a variable only so a test can make it small

func newPersonCache() *personCache {
	return &personCache{packed: make(map[personKey]int64, 1<<14), other: map[string]int64{}}
}

func (c *personCache) len() int { return len(c.packed) + len(c.other) }

// full says the cache holds as many persons as it may.
func (c *personCache) full() bool { return c.len() >= personCacheMax }

// newBatch forgets the persons remembered for the previous batch only.
func (c *personCache) newBatch() { c.spill = nil }

func (c *personCache) get(p string) (int64, bool) {
	if k, ok := packPseudonym(p); ok {
		if id, ok := c.packed[k]; ok {
			return id, true
		}
	} else if id, ok := c.other[p]; ok {
		return id, true
	}
	id, ok := c.spill[p]
	return id, ok
}

// forget drops p (a numbered person, see Import.numbered).
func (c *personCache) forget(p string) {
	if k, ok := packPseudonym(p); ok {
		delete(c.packed, k)
	} else {
		delete(c.other, p)
	}
	delete(c.spill, p)
}

func (c *personCache) put(p string, id int64) {
	if c.full() {
		if c.spill == nil {
			c.spill = map[string]int64{}
		}
		c.spill[p] = id
		return
	}
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
