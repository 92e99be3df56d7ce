package areas

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestGeometryRoundTrip(t *testing.T) {
	tests := []orb.MultiPolygon{
		nil,
		{{square(155000, 463000, 100)}},
		{{square(0, 0, 1000), square(400, 400, 200)}, {square(2000.125, 3000.5, 10)}},
	}
	for _, mp := range tests {
		b, err := EncodeGeometry(mp)
		if err != nil {
			t.Fatalf("EncodeGeometry(%v): %v", mp, err)
		}
		got, err := DecodeGeometry(b)
		if err != nil {
			t.Fatalf("DecodeGeometry: %v", err)
		}
		if !got.Equal(mp) {
			t.Errorf("round trip: got %v, want %v", got, mp)
		}
	}
}

func TestDecodeGeometryRefuses(t *testing.T) {
	point, err := EncodeGeometry(orb.MultiPolygon{{square(0, 0, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"garbage":   []byte("not wkb"),
		"truncated": point[:len(point)-5],
	} {
		if _, err := DecodeGeometry(b); err == nil {
			t.Errorf("%s: DecodeGeometry accepted it", name)
		}
	}
	// A polygon stored by another writer is accepted as a multipolygon of one.
	poly := []byte{1, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0}
	for _, p := range []orb.Point{{0, 0}, {1, 0}, {0, 1}, {0, 0}} {
		for _, v := range p {
			poly = appendFloat64LE(poly, v)
		}
	}
	got, err := DecodeGeometry(poly)
	if err != nil || len(got) != 1 || len(got[0][0]) != 4 {
		t.Errorf("DecodeGeometry(WKB polygon) = %v, %v; want one polygon of 4 points", got, err)
	}
}

func appendFloat64LE(b []byte, v float64) []byte {
	u := math.Float64bits(v)
	for i := range 8 {
		b = append(b, byte(u>>(8*i)))
	}
	return b
}
