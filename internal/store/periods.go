package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ontschot/ontschot/internal/model"
)

// These are the bulk reads of the release freeze. They read household-level
// data and exist only so the release package can aggregate it; no web
// handler may call them (the web package gets release tables only).

// MaxIDs returns the highest delivery and import ids: a release records
// them, so the data it was frozen from can be read again exactly (rows are
// only ever added, never changed in place).
func (s *Store) MaxIDs(ctx context.Context) (maxDelivery, maxImport int64, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE((SELECT MAX(id) FROM deliveries), 0), COALESCE((SELECT MAX(id) FROM imports), 0)`).Scan(&maxDelivery, &maxImport)
	return
}

// CountDeliveries counts the deliveries that begin within [from, to].
func (s *Store) CountDeliveries(ctx context.Context, from, to model.Date) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries WHERE begindatum >= $1 AND begindatum <= $2`, int64(from), int64(to)).Scan(&n)
	return n, err
}

// PeriodDelivery is one delivery as the freeze needs it. The byte slices
// are only valid during the callback (they point into the driver's row
// buffer), so the freeze can look them up without allocating a string for
// each of a million rows.
type PeriodDelivery struct {
	Person     []byte
	AGB        []byte
	Geldstroom []byte
	Categorie  []byte
	Amount     int64 // signed eurocents
}

// EachPeriodDelivery calls fn for every delivery that begins within
// [from, to] and has id ≤ maxID, in id order.
func (s *Store) EachPeriodDelivery(ctx context.Context, from, to model.Date, maxID int64, fn func(d *PeriodDelivery) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT p.pseudonym, d.agb, d.geldstroom, d.categorie, CASE WHEN d.credit = 1 THEN -d.bedrag_cent ELSE d.bedrag_cent END
		FROM deliveries d JOIN pseudonyms p ON p.id = d.person_id WHERE d.begindatum >= $1 AND d.begindatum <= $2 AND d.id <= $3 ORDER BY d.id`, int64(from), int64(to), maxID)
	if err != nil {
		return fmt.Errorf("leveringen lezen / read deliveries: %w", err)
	}
	defer rows.Close()
	var d PeriodDelivery
	var person, agb, geld, cat sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&person, &agb, &geld, &cat, &d.Amount); err != nil {
			return err
		}
		d.AGB = agb
		d.Person, d.Geldstroom, d.Categorie = person, geld, cat
		if err := fn(&d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ResidenceRow is a stored residence as the freeze and the household
// pages need it.
type ResidenceRow struct {
	Person    string
	Peildatum model.Date
	Bron      string
	Address   string
	House     string
	PC6       string
	Secret    bool
}

// EachResidence calls fn for every residence imported up to maxImport.
func (s *Store) EachResidence(ctx context.Context, maxImport int64, fn func(r *ResidenceRow) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT person, peildatum, bron, address, house, pc6, secret FROM residences WHERE import_id <= $1`, maxImport)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r ResidenceRow
	for rows.Next() {
		var peil, secret int64
		if err := rows.Scan(&r.Person, &peil, &r.Bron, &r.Address, &r.House, &r.PC6, &secret); err != nil {
			return err
		}
		r.Peildatum, r.Secret = model.Date(peil), secret == 1
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// HouseBuurt is one row of the address → buurt table.
type HouseBuurt struct{ House, PC6, Buurt string }

// EachHouseBuurt calls fn for every address → buurt row imported up to maxImport.
func (s *Store) EachHouseBuurt(ctx context.Context, maxImport int64, fn func(h *HouseBuurt) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT house, pc6, buurt FROM address_buurt WHERE import_id <= $1`, maxImport)
	if err != nil {
		return err
	}
	defer rows.Close()
	var h HouseBuurt
	for rows.Next() {
		if err := rows.Scan(&h.House, &h.PC6, &h.Buurt); err != nil {
			return err
		}
		if err := fn(&h); err != nil {
			return err
		}
	}
	return rows.Err()
}

// BlokRow places the part of one pc6 inside one buurt in a blok.
type BlokRow = model.BlokRow

// Bloks returns the frozen bloks of a release year (nil when not frozen yet).
func (s *Store) Bloks(ctx context.Context, year int) ([]BlokRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT buurt, pc6, blok FROM bloks WHERE year = $1 ORDER BY buurt, pc6`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BlokRow
	for rows.Next() {
		var b BlokRow
		if err := rows.Scan(&b.Buurt, &b.PC6, &b.Blok); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// FreezeBloks stores the bloks of a release year once; a year that is
// already frozen keeps its bloks (the call is then a no-op).
func (s *Store) FreezeBloks(ctx context.Context, year int, bloks []BlokRow) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bloks WHERE year = $1`, year).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	for i := 0; i < len(bloks); i += 200 {
		end := min(i+200, len(bloks))
		q := `INSERT INTO bloks (year, buurt, pc6, blok) VALUES `
		args := make([]any, 0, (end-i)*4)
		for j, b := range bloks[i:end] {
			if j > 0 {
				q += ","
			}
			q += s.placeholders(len(args), 4)
			args = append(args, year, b.Buurt, b.PC6, b.Blok)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("blokken vastleggen / freeze bloks: %w", err)
		}
	}
	return tx.Commit()
}
