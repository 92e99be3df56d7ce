package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// NewRelease is a release to publish.
type NewRelease struct {
	Period        string
	CreatedBy     string
	Rules         string
	MaxDeliveryID int64
	MaxImportID   int64
	Households    int64
	Deliveries    int64
	Cells         []ReleaseCell
	Extras        []ReleaseExtra
}

// PublishRelease stores a release as the next version of its period, in one
// transaction. Published versions are never changed: there is no update
// path for release tables.
func (s *Store) PublishRelease(ctx context.Context, r NewRelease) (ReleaseInfo, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ReleaseInfo{}, err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM releases WHERE period = $1`, r.Period).Scan(&version); err != nil {
		return ReleaseInfo{}, err
	}
	info := ReleaseInfo{Period: r.Period, Version: version, CreatedAt: now(), CreatedBy: r.CreatedBy, Rules: r.Rules,
		MaxDeliveryID: r.MaxDeliveryID, MaxImportID: r.MaxImportID, Households: r.Households, Deliveries: r.Deliveries}
	err = tx.QueryRowContext(ctx, `INSERT INTO releases (period, version, created_at, created_by, rules, max_delivery_id, max_import_id, households, deliveries) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		r.Period, version, info.CreatedAt, r.CreatedBy, r.Rules, r.MaxDeliveryID, r.MaxImportID, r.Households, r.Deliveries).Scan(&info.ID)
	if err != nil {
		return ReleaseInfo{}, fmt.Errorf("meting opslaan / store release: %w", err)
	}
	const per = 100
	for i := 0; i < len(r.Cells); i += per {
		end := min(i+per, len(r.Cells))
		q := `INSERT INTO release_cells (release_id, level, area, breakdown, category, households, persons, amount_eur, suppressed, reason, rule) VALUES `
		args := make([]any, 0, (end-i)*11)
		for j, c := range r.Cells[i:end] {
			if j > 0 {
				q += ","
			}
			q += s.placeholders(len(args), 11)
			args = append(args, info.ID, c.Level, c.Area, c.By, c.Category, nullable(c.Households), nullable(c.Persons), nullable(c.AmountEUR), b2i(c.Suppressed), c.Reason, c.Rule)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return ReleaseInfo{}, fmt.Errorf("cellen opslaan / store cells: %w", err)
		}
	}
	for _, x := range r.Extras {
		if _, err := tx.ExecContext(ctx, `INSERT INTO release_extras (release_id, kind, level, area, body) VALUES ($1, $2, $3, $4, $5)`, info.ID, x.Kind, x.Level, x.Area, x.Body); err != nil {
			return ReleaseInfo{}, err
		}
	}
	return info, tx.Commit()
}

func nullable(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// Releases lists every release version, newest period first, newest version first.
func (s *Store) Releases(ctx context.Context) ([]ReleaseInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, period, version, created_at, created_by, households, deliveries, max_delivery_id, max_import_id, rules FROM releases ORDER BY period DESC, version DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReleaseInfo
	for rows.Next() {
		var r ReleaseInfo
		if err := rows.Scan(&r.ID, &r.Period, &r.Version, &r.CreatedAt, &r.CreatedBy, &r.Households, &r.Deliveries, &r.MaxDeliveryID, &r.MaxImportID, &r.Rules); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Release returns one release version of period; version 0 means the latest.
func (s *Store) Release(ctx context.Context, period string, version int) (ReleaseInfo, error) {
	q := `SELECT id, period, version, created_at, created_by, households, deliveries, max_delivery_id, max_import_id, rules FROM releases WHERE period = $1 AND version = $2`
	args := []any{period, version}
	if version == 0 {
		q = `SELECT id, period, version, created_at, created_by, households, deliveries, max_delivery_id, max_import_id, rules FROM releases WHERE period = $1 ORDER BY version DESC LIMIT 1`
		args = args[:1]
	}
	var r ReleaseInfo
	err := s.db.QueryRowContext(ctx, q, args...).Scan(&r.ID, &r.Period, &r.Version, &r.CreatedAt, &r.CreatedBy, &r.Households, &r.Deliveries, &r.MaxDeliveryID, &r.MaxImportID, &r.Rules)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	return r, err
}

// ReleaseCells returns the cells of one release for a level and breakdown
// ("" for all), ordered by area and category.
func (s *Store) ReleaseCells(ctx context.Context, releaseID int64, level, by string) ([]ReleaseCell, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT level, area, breakdown, category, households, persons, amount_eur, suppressed, reason, rule FROM release_cells
		WHERE release_id = $1 AND ($2 = '' OR level = $2) AND ($3 = '' OR breakdown = $3) ORDER BY level, area, breakdown, category`, releaseID, level, by)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReleaseCell
	for rows.Next() {
		var c ReleaseCell
		var hh, ps, am sql.NullInt64
		var sup int64
		if err := rows.Scan(&c.Level, &c.Area, &c.By, &c.Category, &hh, &ps, &am, &sup, &c.Reason, &c.Rule); err != nil {
			return nil, err
		}
		c.Households, c.Persons, c.AmountEUR = ptr(hh), ptr(ps), ptr(am)
		c.Suppressed = sup == 1
		out = append(out, c)
	}
	return out, rows.Err()
}

func ptr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// ReleaseExtras returns the extra figure sets of a release of one kind.
func (s *Store) ReleaseExtras(ctx context.Context, releaseID int64, kind string) ([]ReleaseExtra, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, level, area, body FROM release_extras WHERE release_id = $1 AND kind = $2 ORDER BY level, area`, releaseID, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReleaseExtra
	for rows.Next() {
		var x ReleaseExtra
		if err := rows.Scan(&x.Kind, &x.Level, &x.Area, &x.Body); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Areas returns all stored areas (with geometry), ordered by level and code.
func (s *Store) Areas(ctx context.Context) ([]Area, error) {
	return s.queryAreas(ctx, `SELECT code, level, name, gemeente, wijk, inhabitants, households, geometry FROM areas ORDER BY level, code`)
}
