package store

import (
	"context"
	"fmt"

	"github.com/ontschot/ontschot/internal/model"
)

// Residence is one person's registration at an address on a peildatum, as
// stored: pseudonyms only. Secret addresses have no address, house or pc6.
type Residence struct {
	Person        string
	Geboortedatum model.Date
	Peildatum     model.Date
	Bron          string // "brp", or "JW301"/"WMO301" for an assignment's client address
	Address       string // address pseudonym (postcode+nr+letter+toevoeging)
	House         string // pseudonym of postcode+huisnummer, the key of the CBS buurt table
	PC6           string
	Secret        bool
	Children      []string // person pseudonyms of minors under this person's authority
}

// AddResidence stores one BRP row. The same row again is a Duplicate; the
// same person and peildatum with another address is a Conflict.
func (im *Import) AddResidence(ctx context.Context, r Residence) (Outcome, error) {
	tx := im.tx
	if r.Geboortedatum != 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO persons (pseudonym, geboortedatum, import_id) VALUES ($1, $2, $3) ON CONFLICT (pseudonym) DO NOTHING`,
			r.Person, int64(r.Geboortedatum), im.ID); err != nil {
			return 0, fmt.Errorf("persoon opslaan / store person: %w", err)
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO residences (person, peildatum, bron, address, house, pc6, secret, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (person, peildatum, bron) DO NOTHING`,
		r.Person, int64(r.Peildatum), r.Bron, r.Address, r.House, r.PC6, b2i(r.Secret), im.ID)
	if err != nil {
		return 0, fmt.Errorf("inschrijving opslaan / store residence: %w", err)
	}
	for _, c := range r.Children {
		if _, err := tx.ExecContext(ctx, `INSERT INTO authorities (parent, child, peildatum, import_id) VALUES ($1, $2, $3, $4) ON CONFLICT (parent, child, peildatum) DO NOTHING`,
			r.Person, c, int64(r.Peildatum), im.ID); err != nil {
			return 0, fmt.Errorf("gezag opslaan / store authority: %w", err)
		}
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return Accepted, nil
	}
	var addr string
	var secret int64
	if err := tx.QueryRowContext(ctx, `SELECT address, secret FROM residences WHERE person = $1 AND peildatum = $2 AND bron = $3`,
		r.Person, int64(r.Peildatum), r.Bron).Scan(&addr, &secret); err != nil {
		return 0, err
	}
	if addr == r.Address && (secret == 1) == r.Secret {
		return Duplicate, nil
	}
	return Conflict, nil
}

// AddAddressBuurt stores one row of the address → buurt table.
func (im *Import) AddAddressBuurt(ctx context.Context, house, pc6, buurt string) (Outcome, error) {
	res, err := im.tx.ExecContext(ctx, `INSERT INTO address_buurt (house, pc6, buurt, import_id) VALUES ($1, $2, $3, $4) ON CONFLICT (house) DO NOTHING`, house, pc6, buurt, im.ID)
	if err != nil {
		return 0, fmt.Errorf("adres opslaan / store address: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return Accepted, nil
	}
	var old string
	if err := im.tx.QueryRowContext(ctx, `SELECT buurt FROM address_buurt WHERE house = $1`, house).Scan(&old); err != nil {
		return 0, err
	}
	if old == buurt {
		return Duplicate, nil
	}
	// A new CBS year may move an address to another buurt: the newest wins.
	if _, err := im.tx.ExecContext(ctx, `UPDATE address_buurt SET buurt = $1, pc6 = $2, import_id = $3 WHERE house = $4`, buurt, pc6, im.ID, house); err != nil {
		return 0, err
	}
	return Accepted, nil
}

// AddArea stores an area; the same area again is a Duplicate, a changed
// one (a new CBS year) replaces the old. A derived area replaces only a
// derived one; a real area replaces either.
func (im *Import) AddArea(ctx context.Context, a Area) (Outcome, error) {
	derived := 0
	if a.Derived {
		derived = 1
	}
	res, err := im.tx.ExecContext(ctx, `INSERT INTO areas (code, level, name, gemeente, wijk, inhabitants, households, geometry, import_id, derived) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (code) DO NOTHING`,
		a.Code, a.Level, a.Name, a.Gemeente, a.Wijk, a.Inhabitants, a.Households, a.Geometry, im.ID, derived)
	if err != nil {
		return 0, fmt.Errorf("gebied opslaan / store area: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return Accepted, nil
	}
	var old Area
	var oldDerived int
	if err := im.tx.QueryRowContext(ctx, `SELECT level, name, gemeente, wijk, inhabitants, households, geometry, derived FROM areas WHERE code = $1`, a.Code).
		Scan(&old.Level, &old.Name, &old.Gemeente, &old.Wijk, &old.Inhabitants, &old.Households, &old.Geometry, &oldDerived); err != nil {
		return 0, err
	}
	if a.Derived && oldDerived == 0 {
		return Duplicate, nil // a real CBS record stays
	}
	if old.Level == a.Level && old.Name == a.Name && old.Gemeente == a.Gemeente && old.Wijk == a.Wijk &&
		old.Inhabitants == a.Inhabitants && old.Households == a.Households && string(old.Geometry) == string(a.Geometry) {
		return Duplicate, nil
	}
	_, err = im.tx.ExecContext(ctx, `UPDATE areas SET level = $1, name = $2, gemeente = $3, wijk = $4, inhabitants = $5, households = $6, geometry = $7, import_id = $8, derived = $9 WHERE code = $10`,
		a.Level, a.Name, a.Gemeente, a.Wijk, a.Inhabitants, a.Households, a.Geometry, im.ID, derived, a.Code)
	if err != nil {
		return 0, err
	}
	return Accepted, nil
}

// Toewijzing is an assigned product as stored.
type Toewijzing struct {
	Line             int
	AGB, Gemeente    string
	ToewijzingNummer string
	Person           string
	Geldstroom       string
	Categorie        string
	Productcode      string
	Ingangsdatum     model.Date
	Einddatum        model.Date
	Volume           int64
	Eenheid          string
	Frequentie       string
	Budget           int64
	Bron             string
	Hash             int64
	// ReferentieAanbieder (masked) is the request (JW315) the assignment
	// answers; empty when the municipality assigned on its own initiative.
	ReferentieAanbieder string
}

// AddToewijzing stores one assigned product (JW301/WMO301). A changed
// assignment with the same number (a WMO/JW301 with a RedenWijziging)
// replaces the earlier one, but keeps the request it answered when the
// change names none (IV097).
func (im *Import) AddToewijzing(ctx context.Context, t Toewijzing) (Outcome, error) {
	res, err := im.tx.ExecContext(ctx, `INSERT INTO toewijzingen (agb, gemeente, toewijzingnummer, person, geldstroom, categorie, productcode, ingangsdatum, einddatum, volume, eenheid, frequentie, budget_cent, bron, content_hash, import_id, line, referentie_aanbieder)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) ON CONFLICT (agb, toewijzingnummer) DO NOTHING`,
		t.AGB, t.Gemeente, t.ToewijzingNummer, t.Person, t.Geldstroom, t.Categorie, t.Productcode, int64(t.Ingangsdatum), int64(t.Einddatum),
		t.Volume, t.Eenheid, t.Frequentie, t.Budget, t.Bron, t.Hash, im.ID, int64(t.Line), t.ReferentieAanbieder)
	if err != nil {
		return 0, fmt.Errorf("toewijzing opslaan / store assignment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return Accepted, nil
	}
	var hash int64
	if err := im.tx.QueryRowContext(ctx, `SELECT content_hash FROM toewijzingen WHERE agb = $1 AND toewijzingnummer = $2`, t.AGB, t.ToewijzingNummer).Scan(&hash); err != nil {
		return 0, err
	}
	if hash == t.Hash {
		return Duplicate, nil
	}
	_, err = im.tx.ExecContext(ctx, `UPDATE toewijzingen SET gemeente = $1, person = $2, geldstroom = $3, categorie = $4, productcode = $5, ingangsdatum = $6, einddatum = $7, volume = $8, eenheid = $9, frequentie = $10, budget_cent = $11, bron = $12, content_hash = $13, import_id = $14, line = $15,
			referentie_aanbieder = CASE WHEN CAST($18 AS TEXT) = '' THEN referentie_aanbieder ELSE CAST($18 AS TEXT) END WHERE agb = $16 AND toewijzingnummer = $17`,
		t.Gemeente, t.Person, t.Geldstroom, t.Categorie, t.Productcode, int64(t.Ingangsdatum), int64(t.Einddatum), t.Volume, t.Eenheid, t.Frequentie, t.Budget, t.Bron, t.Hash, im.ID, int64(t.Line), t.AGB, t.ToewijzingNummer, t.ReferentieAanbieder)
	if err != nil {
		return 0, err
	}
	return Accepted, nil
}

// AreasOfLevel returns every stored area of one level, ordered by code.
func (s *Store) AreasOfLevel(ctx context.Context, level string) ([]Area, error) {
	return s.queryAreas(ctx, `SELECT code, level, name, gemeente, wijk, inhabitants, households, geometry FROM areas WHERE level = $1 ORDER BY code`, level)
}

func (s *Store) queryAreas(ctx context.Context, q string, args ...any) ([]Area, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Area
	for rows.Next() {
		var a Area
		if err := rows.Scan(&a.Code, &a.Level, &a.Name, &a.Gemeente, &a.Wijk, &a.Inhabitants, &a.Households, &a.Geometry); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
