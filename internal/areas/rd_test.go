package areas

import (
	"math"
	"testing"
)

// Reference points from Schreutelaar & Strang van Hees, "Benaderingsformules voor de
// transformatie tussen RD- en WGS84-kaartcoördinaten" (exact RD and WGS84 of church towers).
var rdReference = []struct {
	name     string
	x, y     float64
	lat, lon float64
}{
	{"Amersfoort, Onze Lieve Vrouwetoren (origin)", 155000, 463000, 52.15517440, 5.38720621},
	{"Amsterdam, Westertoren", 120700.723, 487525.501, 52.37453253, 4.88352559},
	{"Groningen, Martinitoren", 233883.131, 582065.167, 53.21938317, 6.56820053},
}

// metres returns the distance in metres between two WGS84 points (local flat approximation,
// exact enough at a metre).
func metres(lat1, lon1, lat2, lon2 float64) float64 {
	dy := (lat2 - lat1) * 111_320
	dx := (lon2 - lon1) * 111_320 * math.Cos(lat1*math.Pi/180)
	return math.Hypot(dx, dy)
}

func TestWGS84ToRD(t *testing.T) {
	for _, p := range rdReference {
		x, y := WGS84ToRD(p.lat, p.lon)
		if d := math.Hypot(x-p.x, y-p.y); d > 1 {
			t.Errorf("%s: WGS84ToRD(%v, %v) = %.3f, %.3f; want %.3f, %.3f (off by %.2f m)", p.name, p.lat, p.lon, x, y, p.x, p.y, d)
		}
	}
}

func TestRDToWGS84(t *testing.T) {
	for _, p := range rdReference {
		lat, lon := RDToWGS84(p.x, p.y)
		if d := metres(lat, lon, p.lat, p.lon); d > 1 {
			t.Errorf("%s: RDToWGS84(%v, %v) = %.8f, %.8f; want %.8f, %.8f (off by %.2f m)", p.name, p.x, p.y, lat, lon, p.lat, p.lon, d)
		}
	}
}

// The two series are independent approximations; across the country they must agree with
// each other to well under a metre, or one of the coefficients is wrong.
func TestRDRoundTrip(t *testing.T) {
	worst := 0.0
	for x := 10000.0; x <= 280000; x += 10000 {
		for y := 300000.0; y <= 620000; y += 10000 {
			lat, lon := RDToWGS84(x, y)
			x2, y2 := WGS84ToRD(lat, lon)
			worst = math.Max(worst, math.Hypot(x2-x, y2-y))
		}
	}
	if worst > 0.5 {
		t.Errorf("round trip RD → WGS84 → RD is off by up to %.3f m, want < 0.5 m", worst)
	}
}
