package store

import (
	"context"
	"fmt"

	"github.com/ontschot/ontschot/internal/model"
)

// Aggregation inside the database (issue 16, point 4): one cell table of a
// release computed by a GROUP BY instead of reading every delivery out. It
// exists to be measured against the release's read-out path
// (release.LoadInput and its aggregation); docs/scale.md has the figures.
// Like the bulk reads of periods.go it touches household-level data and is
// for the release package only: it returns unrounded, unsuppressed sums,
// which disclosure control must still take in hand.

// BuurtCell is the unrounded figures of one buurt × geldstroom cell.
type BuurtCell struct {
	Buurt, Geldstroom string
	Households        int64 // distinct addresses with a delivery of the geldstroom
	Persons           int64
	AmountCents       int64 // signed: credits count negative
}

// BuurtGeldstroomCells computes households, persons and amount per buurt
// and geldstroom for the deliveries that begin within [from, to] with id ≤
// maxDel, counting each person at their residence as the release does
// (release.placesOf): a BRP registration before an assignment's address,
// within each the latest on or before to, else the earliest after it; a
// secret or unknown address, an address without a buurt, a buurt without
// a wijk or gemeente, or without a blok of that year counts at no buurt.
func (s *Store) BuurtGeldstroomCells(ctx context.Context, from, to model.Date, maxDel, maxImp int64, year int) ([]BuurtCell, error) {
	q := `WITH ranked AS (
		SELECT person, address, house, pc6, secret, ROW_NUMBER() OVER (PARTITION BY person ORDER BY
			(CASE WHEN bron = 'brp' THEN 0 ELSE 2 END) + (CASE WHEN peildatum > $1 THEN 1 ELSE 0 END),
			CASE WHEN peildatum > $1 THEN peildatum ELSE -peildatum END, bron) AS rn
		FROM residences WHERE import_id <= $2
	), place AS (
		SELECT r.person, r.address, ab.buurt
		FROM ranked r
		JOIN address_buurt ab ON ab.house = r.house AND ab.import_id <= $2
		JOIN areas a ON a.code = ab.buurt AND a.level = 'buurt' AND a.wijk <> '' AND a.gemeente <> ''
		WHERE r.rn = 1 AND r.secret = 0 AND r.address <> ''
		  AND EXISTS (SELECT 1 FROM bloks b WHERE b.year = $3 AND b.buurt = ab.buurt AND (b.pc6 = r.pc6 OR b.pc6 = ab.pc6))
	)
	SELECT pl.buurt, COALESCE(NULLIF(d.geldstroom, ''), 'onbekend'), COUNT(DISTINCT pl.address), COUNT(DISTINCT d.person_id),
		SUM(CASE WHEN d.credit = 1 THEN -d.bedrag_cent ELSE d.bedrag_cent END)
	FROM deliveries d
	JOIN pseudonyms p ON p.id = d.person_id
	JOIN place pl ON pl.person = p.pseudonym
	WHERE d.begindatum >= $4 AND d.begindatum <= $5 AND d.id <= $6
	GROUP BY 1, 2 ORDER BY 1, 2`
	rows, err := s.db.QueryContext(ctx, q, int64(to), maxImp, year, int64(from), int64(to), maxDel)
	if err != nil {
		return nil, fmt.Errorf("cellen per buurt tellen / aggregate cells per buurt: %w", err)
	}
	defer rows.Close()
	var out []BuurtCell
	for rows.Next() {
		var c BuurtCell
		if err := rows.Scan(&c.Buurt, &c.Geldstroom, &c.Households, &c.Persons, &c.AmountCents); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
