package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/paulmach/orb"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
)

// Person is one synthetic resident. BSNs come from kluis.SyntheticBSN.
type Person struct {
	N        int
	BSN      string
	Birth    intake.Date
	Secret   bool // geheim adres: e.g. in a shelter
	NotInBRP bool // gets care but is registered elsewhere: "adres onbekend"
}

// Address is one residential address.
type Address struct {
	Buurt      *Buurt
	Postcode   string
	Huisnummer int
	Huisletter string
	X, Y       float64
}

// Household is the persons living at one address.
type Household struct {
	ID      int
	Addr    *Address
	Adults  []*Person
	Kids    []*Person
	Moved   *Address    // moved here on MovedAt (nil when they never moved)
	MovedAt intake.Date // peildatum of the move
	Need    float64     // social-economic need factor of the wijk, 0.6–1.6
}

func (h *Household) persons() []*Person { return append(append([]*Person{}, h.Adults...), h.Kids...) }

type population struct {
	addresses  []*Address
	households []*Household
	outsiders  []*Person // receive care, not in the BRP extract
	nextPerson int
}

func (p *population) newPerson(r *rand.Rand, birth intake.Date) *Person {
	n := p.nextPerson
	p.nextPerson++
	return &Person{N: n, BSN: kluis.SyntheticBSN(n), Birth: birth}
}

func birthDate(r *rand.Rand, age int, ref int) intake.Date {
	y := ref - age
	m := 1 + r.IntN(12)
	d := 1 + r.IntN(28)
	return intake.MakeDate(y, m, d)
}

func newPopulation(r *rand.Rand, c *City, seed uint64, households, firstYear int) *population {
	p := &population{}
	// Spread addresses over buurten by their share of the wijk's CBS
	// households; 4% stay vacant so that people can move. Every wijk gets a
	// seeded social-economic need factor of 0.6–1.6.
	type slot struct {
		b    *Buurt
		need float64
		n    int
		frac float64
	}
	var slots []slot
	cbsTotal := 0
	for _, w := range c.Wijken {
		cbsTotal += w.CBSHouseholds
	}
	nAddr := int(float64(households)*1.04) + 1
	sum := 0
	for _, w := range c.Wijken {
		need := 0.6 + noise(seed, w.Code)
		for _, b := range w.Buurten {
			exact := b.share * float64(w.CBSHouseholds) / float64(cbsTotal) * float64(nAddr)
			slots = append(slots, slot{b: b, need: need, n: int(exact), frac: exact - math.Floor(exact)})
			sum += int(exact)
		}
	}
	// Hand the addresses lost to rounding down to the largest remainders, so
	// there are always at least as many addresses as households.
	byFrac := make([]int, len(slots))
	for i := range byFrac {
		byFrac[i] = i
	}
	sort.SliceStable(byFrac, func(i, j int) bool { return slots[byFrac[i]].frac > slots[byFrac[j]].frac })
	for k := 0; sum < nAddr; k++ {
		slots[byFrac[k%len(byFrac)]].n++
		sum++
	}
	ref := firstYear - 1
	nextLetter := map[int]int{} // per PC4: postcodes are numbered across the buurten sharing it
	for _, s := range slots {
		// Postcodes: the wijk's PC4, letters in order, 8–30 addresses each,
		// around a street point inside the buurt.
		pc4 := s.b.PC4
		var sizes []int
		var streets []orb.Point
		for left := s.n; left > 0; {
			size := min(left, 8+r.IntN(23))
			left -= size
			sizes = append(sizes, size)
			streets = append(streets, randomPoint(r, s.b))
		}
		// Consecutive postcodes are neighbours on the ground (as areas.Bloks
		// assumes): number the streets along the buurt's longer side.
		bound := s.b.Geometry.Bound()
		axis := 0
		if bound.Max[1]-bound.Min[1] > bound.Max[0]-bound.Min[0] {
			axis = 1
		}
		sort.Slice(streets, func(i, j int) bool { return streets[i][axis] < streets[j][axis] })
		for i, size := range sizes {
			letters := nextLetter[pc4]
			nextLetter[pc4]++
			pc := fmt.Sprintf("%04d%c%c", pc4+letters/676, 'A'+byte(letters/26%26), 'A'+byte(letters%26))
			for k := 0; k < size; k++ {
				a := &Address{Buurt: s.b, Postcode: pc, Huisnummer: 1 + k*2}
				if k%7 == 3 {
					a.Huisletter = "A"
				}
				pt := pointNear(r, s.b, streets[i], 35)
				a.X, a.Y = pt[0], pt[1]
				p.addresses = append(p.addresses, a)
			}
		}
	}
	// Fill addresses with households in a shuffled order; the rest is vacant.
	order := r.Perm(len(p.addresses))
	needOf := map[*Buurt]float64{}
	for _, s := range slots {
		needOf[s.b] = s.need
	}
	for i := 0; i < households && i < len(order); i++ {
		a := p.addresses[order[i]]
		h := &Household{ID: i, Addr: a, Need: needOf[a.Buurt]}
		kind := r.Float64()
		switch {
		case kind < 0.36: // single adult
			h.Adults = []*Person{p.newPerson(r, birthDate(r, 20+r.IntN(70), ref))}
		case kind < 0.64: // couple without children at home
			age := 22 + r.IntN(65)
			h.Adults = []*Person{p.newPerson(r, birthDate(r, age, ref)), p.newPerson(r, birthDate(r, age-3+r.IntN(7), ref))}
		case kind < 0.93: // couple with children
			age := 28 + r.IntN(22)
			h.Adults = []*Person{p.newPerson(r, birthDate(r, age, ref)), p.newPerson(r, birthDate(r, age-3+r.IntN(7), ref))}
			for k := 0; k < 1+r.IntN(3); k++ {
				h.Kids = append(h.Kids, p.newPerson(r, birthDate(r, r.IntN(min(18, age-20)), ref)))
			}
		default: // single parent
			age := 24 + r.IntN(26)
			h.Adults = []*Person{p.newPerson(r, birthDate(r, age, ref))}
			for k := 0; k < 1+r.IntN(2); k++ {
				h.Kids = append(h.Kids, p.newPerson(r, birthDate(r, r.IntN(min(18, age-18)), ref)))
			}
		}
		p.households = append(p.households, h)
	}
	// A few people live at a secret address (a shelter): registered, never
	// placed in a household or area below the gemeente.
	for _, h := range p.households {
		if r.Float64() < 0.003 {
			for _, q := range h.persons() {
				q.Secret = true
			}
		}
	}
	// About 3% of households move within the city during the years.
	vacant := order[min(households, len(order)):]
	for _, h := range p.households {
		if len(vacant) == 0 {
			break
		}
		if r.Float64() < 0.03 && !h.Adults[0].Secret {
			h.Moved = p.addresses[vacant[0]]
			vacant = vacant[1:]
			h.MovedAt = intake.MakeDate(firstYear+r.IntN(3), 1+r.IntN(12), 1)
		}
	}
	return p
}

// countInhabitants fills the CBS-style population figures of the areas.
func (p *population) countInhabitants(c *City) {
	byBuurt := map[*Buurt][2]int{}
	for _, h := range p.households {
		v := byBuurt[h.Addr.Buurt]
		v[0] += len(h.Adults) + len(h.Kids)
		v[1]++
		byBuurt[h.Addr.Buurt] = v
	}
	for _, w := range c.Wijken {
		w.Inhabitants, w.Households = 0, 0
		for _, b := range w.Buurten {
			v := byBuurt[b]
			// CBS rounds to 5; do the same so the figures look familiar.
			b.Inhabitants, b.Households = (v[0]+2)/5*5, (v[1]+2)/5*5
			w.Inhabitants += b.Inhabitants
			w.Households += b.Households
		}
	}
}

// sortedAddresses returns the addresses ordered by postcode and number.
func (p *population) sortedAddresses() []*Address {
	out := append([]*Address{}, p.addresses...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Postcode != out[j].Postcode {
			return out[i].Postcode < out[j].Postcode
		}
		return out[i].Huisnummer < out[j].Huisnummer
	})
	return out
}
