package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/model"
)

// blokReader is what the blok level needs beyond ReleaseReader: the bloks
// and their outlines frozen for a release year (not personal data: a blok
// holds at least 50 addresses). *store.Store has both; a reader without
// them draws the buurt alone, as before.
type blokReader interface {
	Bloks(ctx context.Context, year int) ([]model.BlokRow, error)
	BlokOutlines(ctx context.Context, year int) (map[string][]byte, error)
}

// bloksOf returns, for the bloks of buurt in the release year of period,
// their outlines (as areas to draw; nil when none was frozen) and the
// postcodes each covers.
func (a *analystPages) bloksOf(ctx context.Context, period, buurt string, codes []string, name func(string) string) ([]*geoArea, map[string][]string, error) {
	br, ok := a.rel.(blokReader)
	if !ok || len(period) < 4 {
		return nil, nil, nil
	}
	year, err := strconv.Atoi(period[:4])
	if err != nil {
		return nil, nil, nil
	}
	rows, err := br.Bloks(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	pcs := map[string][]string{}
	for _, r := range rows {
		if r.Buurt == buurt {
			pcs[r.Blok] = append(pcs[r.Blok], r.PC6)
		}
	}
	geoms, err := br.BlokOutlines(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	var list []*geoArea
	for _, c := range codes {
		raw, ok := geoms[c]
		if !ok {
			continue
		}
		g, err := areas.DecodeGeometry(raw)
		if err != nil {
			return nil, nil, err
		}
		list = append(list, &geoArea{Area: model.Area{Code: c, Name: name(c)}, Geom: g})
	}
	return list, pcs, nil
}

// postcodeSpan names the postcodes of a blok: all of them up to four, else
// the first and last with the count: "3331AA–3331AF (6 postcodes)".
func postcodeSpan(pcs []string) string {
	if len(pcs) <= 4 {
		return strings.Join(pcs, ", ")
	}
	return pcs[0] + "–" + pcs[len(pcs)-1] + " (" + strconv.Itoa(len(pcs)) + " postcodes)"
}
