package web

// All money per area, declared and lump sum: where a release carries the
// extra funding_spread for the map's level, the map page shows beside its
// table what was declared, the lump-sum budget spread over the volume the
// providers reported there ("waarvan verdeeld lumpsumbudget") and the
// total. Without a lump sum nothing changes.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"

	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

type spreadRow struct {
	Code, Name                                 string
	Declared, Spread, Total, Households, PerHH string
	Suppressed                                 bool
	Reason, SeeLabel, SeeHref                  string
}

type spreadView struct {
	Level, Caption string
	Rows           []spreadRow
	Withheld       int
	Declared       string
	Spread, Total  string
}

// decodeSpread reads the spread cells of one level from a release's
// funding_spread extras.
func decodeSpread(xs []model.ReleaseExtra, level string) ([]model.SpreadCell, bool, error) {
	for _, x := range xs {
		if x.Level != level {
			continue
		}
		var cells []model.SpreadCell
		if err := json.Unmarshal([]byte(x.Body), &cells); err != nil {
			return nil, false, fmt.Errorf("verdeeld lumpsumbudget lezen / read funding spread: %w", err)
		}
		return cells, true, nil
	}
	return nil, false, nil
}

// spreadFor is the spread section of the map page, or nil when the release
// has no spread for the map's level (or the map shows a breakdown: the
// lump sum is not declared per funding stream or care type).
func (a *analystPages) spreadFor(ctx context.Context, v mapView) (*spreadView, error) {
	if v.Q.By != "total" {
		return nil, nil
	}
	xs, err := a.rel.ReleaseExtras(ctx, v.Release.ID, model.FundingSpreadExtra)
	if err != nil || len(xs) == 0 {
		return nil, err
	}
	cells, ok, err := decodeSpread(xs, v.Q.Level)
	if err != nil || !ok {
		return nil, err
	}
	shown := map[string]string{}
	for _, r := range v.Rows {
		shown[r.Area] = r.Name
	}
	sv := &spreadView{Level: v.Q.Level, Caption: fmt.Sprintf("Gedeclareerd en verdeeld lumpsumbudget per %s, meting %s (versie %d)", v.Q.Level, v.Release.Period, v.Release.Version)}
	var declared, spread, total money.Cents
	for _, c := range cells {
		name, ok := shown[c.Area]
		if !ok {
			continue // not on this map (another part of the municipality)
		}
		row := spreadRow{Code: c.Area, Name: name, Declared: wholeEurosP(c.Declared), Spread: wholeEurosP(c.Spread), Total: wholeEurosP(c.Total),
			Households: "n.v.t.", PerHH: wholeEurosP(c.PerHousehold), Suppressed: c.Suppressed || c.Total == nil, Reason: c.Reason}
		if c.Households != nil {
			row.Households = money.Group(*c.Households)
		}
		if row.Suppressed {
			sv.Withheld++
			if v.Q.Level != "gemeente" {
				row.SeeLabel, row.SeeHref = "zie het totaal van de gemeente", "/gemeente/"+url.PathEscape(v.Release.Period)+"?niveau=gemeente"
			}
		} else {
			if c.Declared != nil {
				declared += *c.Declared
			}
			if c.Spread != nil {
				spread += *c.Spread
			}
			total += *c.Total
		}
		sv.Rows = append(sv.Rows, row)
	}
	if len(sv.Rows) == 0 {
		return nil, nil
	}
	sort.SliceStable(sv.Rows, func(i, j int) bool { return sv.Rows[i].Name < sv.Rows[j].Name })
	sv.Declared, sv.Spread, sv.Total = wholeEuros(declared), wholeEuros(spread), wholeEuros(total)
	return sv, nil
}
