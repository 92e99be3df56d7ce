package areas

import (
	"fmt"
	"sort"
	"strings"
)

// DefaultBlokMin is the least number of addresses in a blok (SPEC §2).
const DefaultBlokMin = 50

// BlokCluster is one blok: a cluster of whole postcode-6 areas inside one buurt. (It is not
// called Blok because that name is the Level constant.) It is the smallest area
// Ontschot publishes: a pc6 is never published on its own, and because bloks never cross
// a buurt border, no table can be subtracted from another to reveal a part of a blok.
type BlokCluster struct {
	Code      string   // "BL" + buurt code without "BU" + sequence: BL0642010101
	Buurt     string   // BU06420101
	Postcodes []string // ascending
	Addresses int
	// Small marks the single blok of a buurt that has fewer than min addresses in total;
	// its figures are suppressed like any cell under the threshold.
	Small bool
}

// Bloks clusters the postcode-6 areas of one buurt (pc6 → number of addresses in this
// buurt) into bloks of at least min addresses (DefaultBlokMin when min ≤ 0). Postcodes are
// taken in ascending order, because consecutive postcodes are neighbours on the ground, and
// a blok is closed as soon as it holds min addresses; a remainder under min joins the last
// blok. The result depends only on its input, so a release year's bloks can be rebuilt and
// checked; the store freezes them per release year so that they never move between the
// releases they are compared in.
//
// A pc6 that crosses a buurt border is counted with its addresses in each buurt: the blok
// holds the part of the pc6 inside its buurt, so nesting stays strict.
func Bloks(buurt string, pc6Counts map[string]int, min int) []BlokCluster {
	if min <= 0 {
		min = DefaultBlokMin
	}
	if len(pc6Counts) == 0 {
		return nil
	}
	pcs := make([]string, 0, len(pc6Counts))
	for pc := range pc6Counts {
		pcs = append(pcs, pc)
	}
	sort.Strings(pcs)
	count := func(pc string) int { return max(pc6Counts[pc], 0) }

	var bloks []BlokCluster
	var cur BlokCluster
	for _, pc := range pcs {
		cur.Postcodes = append(cur.Postcodes, pc)
		cur.Addresses += count(pc)
		if cur.Addresses >= min {
			bloks = append(bloks, cur)
			cur = BlokCluster{}
		}
	}
	switch {
	case len(cur.Postcodes) > 0 && len(bloks) > 0:
		last := &bloks[len(bloks)-1]
		last.Postcodes = append(last.Postcodes, cur.Postcodes...)
		last.Addresses += cur.Addresses
	case len(cur.Postcodes) > 0:
		cur.Small = true
		bloks = append(bloks, cur)
	}
	for i := range bloks {
		bloks[i].Buurt = buurt
		bloks[i].Code = BlokCode(buurt, i+1)
	}
	return bloks
}

// BlokCode returns the code of the seq-th blok (from 1) of a buurt: BU06420101, 1 →
// BL0642010101. The sequence has at least two digits; buurt codes have a fixed length, so
// a 100th blok cannot collide with another code.
func BlokCode(buurt string, seq int) string {
	return fmt.Sprintf("BL%s%02d", strings.TrimPrefix(buurt, "BU"), seq)
}

// BlokOf maps each pc6 of bloks to its blok code. Use it per buurt: a pc6 that crosses a
// buurt border is in a blok of each buurt.
func BlokOf(bloks []BlokCluster) map[string]string {
	m := make(map[string]string)
	for _, b := range bloks {
		for _, pc := range b.Postcodes {
			m[pc] = b.Code
		}
	}
	return m
}

// PC6Counts counts the addresses per buurt per pc6 (buurt → pc6 → addresses), the input of
// Bloks. Rows without a buurt (coordinates not yet located) are skipped; locate them first.
func PC6Counts(rows []AddressRow) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, r := range rows {
		if r.Buurt == "" || r.Postcode == "" {
			continue
		}
		m := out[r.Buurt]
		if m == nil {
			m = map[string]int{}
			out[r.Buurt] = m
		}
		m[r.Postcode]++
	}
	return out
}

// AllBloks runs Bloks for every buurt (buurt → pc6 → addresses), in buurt code order.
func AllBloks(counts map[string]map[string]int, min int) []BlokCluster {
	buurten := make([]string, 0, len(counts))
	for b := range counts {
		buurten = append(buurten, b)
	}
	sort.Strings(buurten)
	var out []BlokCluster
	for _, b := range buurten {
		out = append(out, Bloks(b, counts[b], min)...)
	}
	return out
}
