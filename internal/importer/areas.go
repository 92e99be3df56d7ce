package importer

import (
	"bufio"
	"context"
	"fmt"
	"hash"

	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
)

// addresses imports the postcode + huisnummer → buurt table. Rows with
// coordinates instead of a buurt code are placed by point-in-polygon over
// the buurten already imported.
func (im *Importer) addresses(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, rejectRow func(intake.Rejection)) error {
		var loc *areas.Locator
		reject := func(line int, field, nl, en string) {
			rejectRow(intake.Rejection{Line: line, Field: field, Reason: nl, ReasonEN: en})
		}
		// The points of each pc6 within a buurt add up to its centroid, the
		// site of the blok outlines; no address's own point is stored.
		type sum struct {
			x, y float64
			n    int
		}
		sums := map[[2]string]*sum{}
		add, flush := prefetched(ctx, im.Kluis, func(row areas.AddressRow) (_, addresses []string) {
			return nil, []string{intake.Adres{Postcode: row.Postcode, Huisnummer: row.Huisnummer}.HouseKey()}
		}, func(row areas.AddressRow) error {
			buurt := row.Buurt
			if buurt == "" && row.HasXY {
				if loc == nil {
					bs, err := im.Store.AreasOfLevel(ctx, string(areas.Buurt))
					if err != nil {
						return err
					}
					list, err := decodeAreas(bs)
					if err != nil {
						return err
					}
					if len(list) == 0 {
						return &intake.FileError{Reason: "adressen met coördinaten vragen eerst een import van de buurten (import areas)", ReasonEN: "addresses with coordinates need the buurten imported first (import areas)"}
					}
					loc = areas.NewLocator(list, areas.Buurt)
				}
				b, ok := loc.Locate(row.X, row.Y)
				if !ok {
					reject(row.Line, "x,y", "het punt ligt in geen enkele bekende buurt", "the point lies in no known buurt")
					return nil
				}
				buurt = b
			}
			a := intake.Adres{Postcode: row.Postcode, Huisnummer: row.Huisnummer}
			house := im.Kluis.Pseudonym(kluis.Address, a.HouseKey())
			o, err := imp.AddAddressBuurt(ctx, house, row.Postcode, buurt)
			if err != nil {
				return err
			}
			for _, v := range im.Kluis.OldVersions(kluis.Address) { // after a key rotation: old and new side by side
				if err := imp.AddPseudonymPairs(ctx, [][2]string{{im.Kluis.PseudonymVersion(kluis.Address, v, a.HouseKey()), house}}); err != nil {
					return err
				}
			}
			imp.Counted(o)
			if row.HasXY {
				k := [2]string{buurt, row.Postcode}
				if sums[k] == nil {
					sums[k] = &sum{}
				}
				sums[k].x, sums[k].y, sums[k].n = sums[k].x+row.X, sums[k].y+row.Y, sums[k].n+1
			}
			return nil
		})
		_, err := areas.ReadAddressTable(br, add, reject)
		if err == nil {
			err = flush()
		}
		if err != nil {
			return err
		}
		for k, v := range sums {
			if err := imp.SetPC6Point(ctx, store.PC6Point{Buurt: k[0], PC6: k[1], X: v.x / float64(v.n), Y: v.y / float64(v.n)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// areas imports a CBS wijk/buurt GeoJSON. The areas package refuses the
// whole file on any bad feature, naming it; one feature is one row.
func (im *Importer) areas(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	meta.Format = "geojson"
	list, err := areas.ReadGeoJSON(br)
	if err != nil {
		return store.Summary{}, err // names the feature; nothing is stored
	}
	meta.FileSHA256 = fileHash(br, h)
	imp, err := im.Store.BeginImport(ctx, meta)
	if err != nil {
		return store.Summary{}, err
	}
	for _, a := range list {
		var geom []byte
		if a.Geometry != nil {
			if geom, err = areas.EncodeGeometry(a.Geometry); err != nil {
				imp.Rollback()
				return store.Summary{}, fmt.Errorf("gebied %s: %w", a.Code, err)
			}
		}
		o, err := imp.AddArea(ctx, store.Area{Code: a.Code, Level: string(a.Level), Name: a.Name, Gemeente: a.Gemeente, Wijk: a.Wijk,
			Inhabitants: int64(a.Inhabitants), Households: int64(a.Households), Geometry: geom, Derived: a.Derived})
		if err != nil {
			imp.Rollback()
			return store.Summary{}, err
		}
		if !a.Derived {
			imp.Counted(o)
		}
		if a.KnownAges() {
			if err := imp.SetAreaAges(ctx, a.Code, a.AgePct); err != nil {
				imp.Rollback()
				return store.Summary{}, err
			}
		}
	}
	return imp.Commit(ctx)
}

func decodeAreas(list []store.Area) ([]areas.Area, error) {
	out := make([]areas.Area, 0, len(list))
	for _, a := range list {
		g, err := areas.DecodeGeometry(a.Geometry)
		if err != nil {
			return nil, fmt.Errorf("gebied %s: %w", a.Code, err)
		}
		out = append(out, areas.Area{Code: a.Code, Name: a.Name, Level: areas.Level(a.Level), Gemeente: a.Gemeente, Wijk: a.Wijk,
			Inhabitants: int(a.Inhabitants), Households: int(a.Households), Geometry: g})
	}
	return out, nil
}
