package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/money"
)

// Aftercare is one aftercare conversation (nazorg, issue 13 item 6): how a
// household looked back on the support of a contract — a score 1–5 and
// whether it helped. Person is the kluis pseudonym; no BSN is stored.
type Aftercare struct {
	Contract string
	Person   string
	Datum    int // yyyymmdd
	Score    int
	Geholpen bool
	Line     int
}

// AddAftercare stores a conversation. (contract, person, datum) identifies
// it: the same again is a Duplicate, another outcome under the same key a
// Conflict (the import refuses it, naming the line).
func (im *Import) AddAftercare(ctx context.Context, a Aftercare) (Outcome, error) {
	var score, helped int
	err := im.tx.QueryRowContext(ctx, `SELECT score, geholpen FROM aftercare WHERE contract = $1 AND person = $2 AND datum = $3`,
		a.Contract, a.Person, a.Datum).Scan(&score, &helped)
	switch {
	case err == nil && score == a.Score && (helped == 1) == a.Geholpen:
		return Duplicate, nil
	case err == nil:
		return Conflict, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, fmt.Errorf("nazorggesprek opzoeken / look up aftercare: %w", err)
	}
	_, err = im.tx.ExecContext(ctx, `INSERT INTO aftercare (contract, person, datum, score, geholpen, import_id, line) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		a.Contract, a.Person, a.Datum, a.Score, b2i(a.Geholpen), im.ID, a.Line)
	if err != nil {
		return 0, fmt.Errorf("nazorggesprek opslaan / store aftercare: %w", err)
	}
	return Accepted, nil
}

// AftercareOf returns the conversations held in year jaar (0: every year)
// imported up to maxImp.
func (s *Store) AftercareOf(ctx context.Context, jaar int, maxImp int64) ([]Aftercare, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT contract, person, datum, score, geholpen, line FROM aftercare
		WHERE ($1 = 0 OR datum / 10000 = $1) AND import_id <= $2 ORDER BY contract, datum, person`, jaar, maxImp)
	if err != nil {
		return nil, fmt.Errorf("nazorggesprekken lezen / read aftercare: %w", err)
	}
	defer rows.Close()
	var out []Aftercare
	for rows.Next() {
		var a Aftercare
		var helped int
		if err := rows.Scan(&a.Contract, &a.Person, &a.Datum, &a.Score, &helped, &a.Line); err != nil {
			return nil, err
		}
		a.Geholpen = helped == 1
		out = append(out, a)
	}
	return out, rows.Err()
}

// PopulationNorm is one line of a year's population norms: a norm per
// inhabitant of an age band, or (Band "") a risk factor.
type PopulationNorm struct {
	Band       string
	Norm       money.Cents
	Factor     string
	Weight     float64
	Reference  float64
	Calibrated string // the release the norms were derived from, else ""
}

// SaveNorms replaces the population norms of a year.
func (s *Store) SaveNorms(ctx context.Context, jaar int, norms []PopulationNorm) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM population_norms WHERE jaar = $1`, jaar); err != nil {
		return fmt.Errorf("normen vervangen / replace norms: %w", err)
	}
	at := now()
	for _, n := range norms {
		if _, err := tx.ExecContext(ctx, `INSERT INTO population_norms (jaar, band, factor, norm_cent, gewicht, referentie, calibrated_on, saved_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, jaar, n.Band, n.Factor, int64(n.Norm), n.Weight, n.Reference, n.Calibrated, at); err != nil {
			return fmt.Errorf("normen opslaan / save norms: %w", err)
		}
	}
	return tx.Commit()
}

// Norms returns the population norms of a year (none: nil).
func (s *Store) Norms(ctx context.Context, jaar int) ([]PopulationNorm, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT band, factor, norm_cent, gewicht, referentie, calibrated_on FROM population_norms WHERE jaar = $1 ORDER BY band, factor`, jaar)
	if err != nil {
		return nil, fmt.Errorf("normen lezen / read norms: %w", err)
	}
	defer rows.Close()
	var out []PopulationNorm
	for rows.Next() {
		var n PopulationNorm
		if err := rows.Scan(&n.Band, &n.Factor, &n.Norm, &n.Weight, &n.Reference, &n.Calibrated); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
