package areas

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// EncodeGeometry returns the storage form of a geometry: WKB, little-endian, which both
// SQLite (as a blob) and PostgreSQL (bytea, or PostGIS should it come) keep as is.
// A nil or empty geometry is stored as nil.
func EncodeGeometry(mp orb.MultiPolygon) ([]byte, error) {
	if len(mp) == 0 {
		return nil, nil
	}
	b, err := wkb.Marshal(mp)
	if err != nil {
		return nil, fmt.Errorf("geometrie coderen: %v / encoding geometry: %v", err, err)
	}
	return b, nil
}

// DecodeGeometry reads what EncodeGeometry wrote; a Polygon is returned as a MultiPolygon
// of one, and empty input as nil.
func DecodeGeometry(b []byte) (orb.MultiPolygon, error) {
	if len(b) == 0 {
		return nil, nil
	}
	g, err := wkb.Unmarshal(b)
	if err != nil {
		return nil, fmt.Errorf("geometrie decoderen: %v / decoding geometry: %v", err, err)
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		if len(g) == 0 {
			return nil, nil
		}
		return g, nil
	case orb.Polygon:
		return orb.MultiPolygon{g}, nil
	}
	return nil, fmt.Errorf("geometrie is %s, verwacht (Multi)Polygon / geometry is %s, expected (Multi)Polygon", g.GeoJSONType(), g.GeoJSONType())
}
