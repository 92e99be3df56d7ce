package budget

import (
	"sort"

	"github.com/ontschot/ontschot/internal/money"
)

// Spread divides amount over keys in proportion to their volume (hours, or
// clients where no volume is reported), to the cent: the parts always add
// up to amount exactly (largest remainder; ties go to the larger volume,
// then the smaller key, so the result does not depend on map order). Keys
// with no volume get nothing; with no volume at all nothing is spread and
// the result is empty — the caller shows the amount as not spread.
//
// This is how a lump sum becomes visible per area: the spread share is an
// estimate, never a declaration, and callers must label it as such.
func Spread(amount money.Cents, volume map[string]int64) map[string]money.Cents {
	var total int64
	keys := make([]string, 0, len(volume))
	for k, v := range volume {
		if v > 0 {
			total += v
			keys = append(keys, k)
		}
	}
	out := map[string]money.Cents{}
	if total == 0 || amount == 0 {
		return out
	}
	sign := money.Cents(1)
	if amount < 0 {
		sign, amount = -1, -amount
	}
	sort.Slice(keys, func(i, j int) bool {
		if volume[keys[i]] != volume[keys[j]] {
			return volume[keys[i]] > volume[keys[j]]
		}
		return keys[i] < keys[j]
	})
	type part struct {
		key string
		rem int64
	}
	parts := make([]part, len(keys))
	var given money.Cents
	for i, k := range keys {
		// amount × v / total without overflow for amounts up to €92 billion
		// and volumes up to 10^8 per key: split the product.
		q, r := mulDiv(int64(amount), volume[k], total)
		out[k] = money.Cents(q)
		given += money.Cents(q)
		parts[i] = part{k, r}
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].rem > parts[j].rem })
	for i := 0; given < amount; i++ {
		out[parts[i].key]++
		given++
	}
	if sign < 0 {
		for k := range out {
			out[k] = -out[k]
		}
	}
	return out
}

// mulDiv returns a×b/c and the remainder, for non-negative values, without
// overflowing int64 in the product where a×b would.
func mulDiv(a, b, c int64) (q, r int64) {
	// a = qa×c + ra, so a×b/c = qa×b + ra×b/c.
	qa, ra := a/c, a%c
	hi := qa * b
	lo := ra * b // ra < c, so ra×b < c×b: safe while c×b fits
	return hi + lo/c, lo % c
}
