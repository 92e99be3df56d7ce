package store

import (
	"context"
	"fmt"
	"math"
)

// PC6Point is the point of one postcode-6 area within one buurt: the centroid
// of its addresses' points, in RD New metres. It places a pc6, never an
// address; blok outlines are drawn from it.
type PC6Point struct {
	Buurt, PC6 string
	X, Y       float64
}

// SetPC6Point stores (or moves) the point of a pc6 within a buurt.
func (im *Import) SetPC6Point(ctx context.Context, p PC6Point) error {
	x, y := int64(math.Round(p.X*10)), int64(math.Round(p.Y*10))
	_, err := im.tx.ExecContext(ctx, `INSERT INTO pc6_points (buurt, pc6, x_dm, y_dm) VALUES ($1, $2, $3, $4)
		ON CONFLICT (buurt, pc6) DO UPDATE SET x_dm = excluded.x_dm, y_dm = excluded.y_dm`, p.Buurt, p.PC6, x, y)
	if err != nil {
		return fmt.Errorf("postcodepunt opslaan / store pc6 point: %w", err)
	}
	return nil
}

// PC6Points returns every stored pc6 point, by buurt and pc6.
func (s *Store) PC6Points(ctx context.Context) ([]PC6Point, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT buurt, pc6, x_dm, y_dm FROM pc6_points ORDER BY buurt, pc6`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PC6Point
	for rows.Next() {
		var p PC6Point
		var x, y int64
		if err := rows.Scan(&p.Buurt, &p.PC6, &x, &y); err != nil {
			return nil, err
		}
		p.X, p.Y = float64(x)/10, float64(y)/10
		out = append(out, p)
	}
	return out, rows.Err()
}

// BlokOutline is the outline of one blok in the areas package's encoding.
type BlokOutline struct {
	Blok     string
	Geometry []byte
}

// FreezeBlokOutlines stores the blok outlines of a release year once, like
// FreezeBloks: a year that already has outlines keeps them.
func (s *Store) FreezeBlokOutlines(ctx context.Context, year int, outlines []BlokOutline) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM blok_outlines WHERE year = $1`, year).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	for _, o := range outlines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO blok_outlines (year, blok, geometry) VALUES ($1, $2, $3)`, year, o.Blok, o.Geometry); err != nil {
			return fmt.Errorf("blokgrenzen vastleggen / freeze blok outlines: %w", err)
		}
	}
	return tx.Commit()
}

// BlokOutlines returns the frozen blok outlines of a release year, by blok code.
func (s *Store) BlokOutlines(ctx context.Context, year int) (map[string][]byte, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT blok, geometry FROM blok_outlines WHERE year = $1`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var b string
		var g []byte
		if err := rows.Scan(&b, &g); err != nil {
			return nil, err
		}
		out[b] = g
	}
	return out, rows.Err()
}
