// Package areas reads the CBS area hierarchy (gemeente > wijk > buurt) from GeoJSON,
// maps addresses to buurten (by the CBS postcode + huisnummer table or by point-in-polygon),
// clusters postcode-6 areas into bloks, and draws areas as SVG paths.
//
// It is pure code: it takes readers and plain values and returns plain values, and it
// never touches the store. Everything it returns is in RD New (EPSG:28992) metres, so that
// every later computation and drawing is planar.
//
// The hierarchy must stay strictly nested (SPEC §2): a blok never crosses a buurt, a buurt
// never crosses its wijk. Published tables on nested levels cannot be differenced into a
// smaller area; tables on overlapping areas could. That is why input that breaks the nesting
// is refused here instead of repaired later.
package areas

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb"
)

// Level is a level of the area hierarchy.
type Level string

// The levels, from largest to smallest.
const (
	Gemeente Level = "gemeente"
	Wijk     Level = "wijk"
	Buurt    Level = "buurt"
	Blok     Level = "blok"
)

// Levels lists the levels from largest to smallest.
var Levels = []Level{Gemeente, Wijk, Buurt, Blok}

// ParseLevel parses a level name (case-insensitive, surrounding spaces ignored).
func ParseLevel(s string) (Level, error) {
	switch l := Level(strings.ToLower(strings.TrimSpace(s))); l {
	case Gemeente, Wijk, Buurt, Blok:
		return l, nil
	}
	return "", fmt.Errorf("onbekend gebiedsniveau %q (gemeente, wijk, buurt of blok) / unknown area level %q (gemeente, wijk, buurt or blok)", s, s)
}

// Child returns the next smaller level; Blok has none and returns "".
func (l Level) Child() Level {
	switch l {
	case Gemeente:
		return Wijk
	case Wijk:
		return Buurt
	case Buurt:
		return Blok
	}
	return ""
}

// Parent returns the next larger level; Gemeente has none and returns "".
func (l Level) Parent() Level {
	switch l {
	case Wijk:
		return Gemeente
	case Buurt:
		return Wijk
	case Blok:
		return Buurt
	}
	return ""
}

// rank orders levels from largest (0) to smallest; unknown levels sort last.
func (l Level) rank() int {
	for i, x := range Levels {
		if x == l {
			return i
		}
	}
	return len(Levels)
}

// Area is one gemeente, wijk or buurt.
type Area struct {
	Code  string // CBS code: GM0642, WK064201, BU06420101
	Name  string
	Level Level
	// Parent codes; "" where not applicable (a gemeente has neither, a wijk no Wijk).
	Gemeente, Wijk string
	// Inhabitants and Households are -1 when unknown: CBS publishes negative values for
	// figures that are secret or missing, and we never turn those into a zero.
	Inhabitants, Households int
	// Geometry in RD New metres. Nil for a derived area whose children carry no geometry.
	Geometry orb.MultiPolygon
	// AgePct is the share of inhabitants (percent) aged 0–15, 15–25, 25–45,
	// 45–65 and 65+, as CBS publishes it; -1 where unknown or secret.
	AgePct [5]float64
	// Derived is true for an area that was not in the file but is implied by its children
	// (a gemeente from a file of wijken). Its geometry is the collection of its children's
	// polygons and its figures are unknown (-1); a real record for the same code wins.
	Derived bool
}

// unknownAges is the age make-up of an area CBS gave none for.
var unknownAges = [5]float64{-1, -1, -1, -1, -1}

// KnownAges reports whether all five age percentages are known.
func (a Area) KnownAges() bool {
	for _, p := range a.AgePct {
		if p < 0 {
			return false
		}
	}
	return true
}
