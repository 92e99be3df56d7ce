package areas

// The approximation formulas of Schreutelaar and Strang van Hees ("Benaderingsformules voor
// de transformatie tussen RD- en WGS84-kaartcoördinaten", 2005): polynomial series around the
// Amersfoort origin, within about 0.25 m of RDNAPTRANS across the Netherlands. That is far
// below the precision of the simplified CBS polygons, and needs no grid files.

const (
	rdX0   = 155000.0
	rdY0   = 463000.0
	rdLat0 = 52.15517440
	rdLon0 = 5.38720621
)

// term is one coefficient c·a^p·b^q of a series.
type term struct {
	p, q int
	c    float64
}

// Series RD → WGS84: K for latitude, L for longitude, in arc seconds, in dX, dY (1e5 m units).
var (
	rdK = []term{
		{0, 1, 3235.65389}, {2, 0, -32.58297}, {0, 2, -0.24750}, {2, 1, -0.84978},
		{0, 3, -0.06550}, {2, 2, -0.01709}, {1, 0, -0.00738}, {4, 0, 0.00530},
		{2, 3, -0.00039}, {4, 1, 0.00033}, {1, 1, -0.00012},
	}
	rdL = []term{
		{1, 0, 5260.52916}, {1, 1, 105.94684}, {1, 2, 2.45656}, {3, 0, -0.81885},
		{1, 3, 0.05594}, {3, 1, -0.05607}, {0, 1, 0.01199}, {3, 2, -0.00256},
		{1, 4, 0.00128}, {0, 2, 0.00022}, {2, 0, -0.00022}, {5, 0, 0.00026},
	}
)

// Series WGS84 → RD: R for x, S for y, in metres, in dφ, dλ (units of 10000 arc seconds).
var (
	rdR = []term{
		{0, 1, 190094.945}, {1, 1, -11832.228}, {2, 1, -114.221}, {0, 3, -32.391},
		{1, 0, -0.705}, {3, 1, -2.340}, {1, 3, -0.608}, {0, 2, -0.008}, {2, 3, 0.148},
	}
	rdS = []term{
		{1, 0, 309056.544}, {0, 2, 3638.893}, {2, 0, 73.077}, {1, 2, -157.984},
		{3, 0, 59.788}, {0, 1, 0.433}, {2, 2, -6.439}, {1, 1, -0.032}, {0, 4, 0.092},
		{1, 4, -0.054},
	}
)

func series(ts []term, a, b float64) float64 {
	var pa, pb [6]float64
	pa[0], pb[0] = 1, 1
	for i := 1; i < len(pa); i++ {
		pa[i] = pa[i-1] * a
		pb[i] = pb[i-1] * b
	}
	sum := 0.0
	for _, t := range ts {
		sum += t.c * pa[t.p] * pb[t.q]
	}
	return sum
}

// WGS84ToRD converts WGS84 latitude and longitude (degrees) to RD New x, y (metres).
func WGS84ToRD(lat, lon float64) (x, y float64) {
	dphi := 0.36 * (lat - rdLat0)
	dlam := 0.36 * (lon - rdLon0)
	return rdX0 + series(rdR, dphi, dlam), rdY0 + series(rdS, dphi, dlam)
}

// RDToWGS84 converts RD New x, y (metres) to WGS84 latitude and longitude (degrees).
func RDToWGS84(x, y float64) (lat, lon float64) {
	dx := (x - rdX0) * 1e-5
	dy := (y - rdY0) * 1e-5
	return rdLat0 + series(rdK, dx, dy)/3600, rdLon0 + series(rdL, dx, dy)/3600
}

// Bounds within which coordinates are accepted as Dutch. The RD box is the domain of
// RDNAPTRANS (land and territorial sea); the WGS84 box comfortably contains it, and the two
// boxes cannot be confused, which is what makes detection by range safe.
const (
	rdMinX, rdMaxX       = -7000.0, 300000.0
	rdMinY, rdMaxY       = 289000.0, 629000.0
	wgsMinLat, wgsMaxLat = 50.0, 56.0
	wgsMinLon, wgsMaxLon = 2.0, 8.0
)

func inRD(x, y float64) bool {
	return x >= rdMinX && x <= rdMaxX && y >= rdMinY && y <= rdMaxY
}

func inWGS84(lat, lon float64) bool {
	return lat >= wgsMinLat && lat <= wgsMaxLat && lon >= wgsMinLon && lon <= wgsMaxLon
}
