package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
)

// Verwijzing is one requested product of a JW315 as stored: the provider's
// reference (masked), the client's pseudonym and the kind of referrer.
type Verwijzing struct {
	Line          int
	AGB, Gemeente string
	Geldstroom    string
	Referentie    string // ReferentieAanbieder, masked (kluis.MaskKey)
	Person        string
	Categorie     string
	Productcode   string
	Ingangsdatum  model.Date
	Verwijzer     string // COD327
	Bron          string
	Hash          int64
}

// AddVerwijzing offers one requested product of a JW315. The same content
// again is a duplicate; other content under the same reference is a
// conflict (TR347: a ReferentieAanbieder is unique per provider within
// the legal domain), rejected naming where the stored one came from.
func (im *Import) AddVerwijzing(ctx context.Context, v Verwijzing) (Outcome, error) {
	var hash, importID, line int64
	err := im.tx.QueryRowContext(ctx, `SELECT content_hash, import_id, line FROM verwijzingen WHERE agb = $1 AND geldstroom = $2 AND referentie = $3`,
		v.AGB, v.Geldstroom, v.Referentie).Scan(&hash, &importID, &line)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = im.tx.ExecContext(ctx, `INSERT INTO verwijzingen (agb, gemeente, geldstroom, referentie, person, categorie, productcode, ingangsdatum, verwijzer, bron, content_hash, import_id, line)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			v.AGB, v.Gemeente, v.Geldstroom, v.Referentie, v.Person, v.Categorie, v.Productcode, int64(v.Ingangsdatum), v.Verwijzer, v.Bron, v.Hash, im.ID, int64(v.Line))
	case err != nil:
	case hash == v.Hash:
		return Duplicate, nil
	default:
		where, whereEN := im.earlier(ctx, importID, line)
		return Conflict, im.Reject(ctx, intake.Rejection{Line: v.Line, Field: "ReferentieAanbieder",
			Reason:   fmt.Sprintf("ReferentieAanbieder %s is al gebruikt (%s) voor een ander verzoek; een referentie is uniek per aanbieder (TR347)", v.Referentie, where),
			ReasonEN: fmt.Sprintf("ReferentieAanbieder %s was already used (%s) for another request; a reference is unique per provider (TR347)", v.Referentie, whereEN)})
	}
	if err != nil {
		return 0, fmt.Errorf("verzoek om toewijzing opslaan / store request for assignment: %w", err)
	}
	return Accepted, nil
}

// Referral is an assignment that answers a request naming a referrer: for
// whom, at which provider, in which category and from when to when it was
// assigned, and the kind of referrer (COD327).
type Referral struct {
	Person, AGB, Categorie string
	From, To               int // the assignment's ingangsdatum and einddatum (0: open-ended), yyyymmdd
	Verwijzer              string
}

// Referrals returns every assignment imported up to maxImp that answers a
// JW315 of the same provider for the same client imported up to maxImp.
// Like the release reads it is person-level data: only code that
// aggregates may call it.
func (s *Store) Referrals(ctx context.Context, maxImp int64) ([]Referral, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.person, t.agb, t.categorie, t.ingangsdatum, t.einddatum, v.verwijzer
		FROM toewijzingen t JOIN verwijzingen v ON v.agb = t.agb AND v.geldstroom = t.geldstroom AND v.referentie = t.referentie_aanbieder AND v.person = t.person
		WHERE t.referentie_aanbieder <> '' AND t.import_id <= $1 AND v.import_id <= $1
		ORDER BY t.person, t.agb, t.ingangsdatum`, maxImp)
	if err != nil {
		return nil, fmt.Errorf("verwijzers lezen / read referrers: %w", err)
	}
	defer rows.Close()
	var out []Referral
	for rows.Next() {
		var r Referral
		var from, to int64
		if err := rows.Scan(&r.Person, &r.AGB, &r.Categorie, &from, &to, &r.Verwijzer); err != nil {
			return nil, err
		}
		r.From, r.To = int(from), int(to)
		out = append(out, r)
	}
	return out, rows.Err()
}
