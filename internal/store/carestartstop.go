package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
)

// StartStop is a started (305) or stopped (307) product as stored: the
// BSN replaced by the person pseudonym.
type StartStop struct {
	Line             int
	Stop             bool
	AGB, Gemeente    string
	ToewijzingNummer string
	Person           string
	Geldstroom       string
	Categorie        string
	Productcode      string
	Toewijzing       model.Date // ToewijzingIngangsdatum, 0 when not given
	Begindatum       model.Date
	Einddatum        model.Date // stop only
	Reden            string     // stop only
	Status           string     // COD467: 1 first, 2 changed, 3 withdrawn
	Bron             string
	Hash             int64
}

func (z *StartStop) soort() string {
	if z.Stop {
		return "stop"
	}
	return "start"
}

// AddStartStop offers one start or stop of care. The same content again
// is a duplicate; a StatusAanlevering 2 or 3 replaces what was stored for
// the same assignment and begin date; a first delivery (status 1) that
// differs from the stored one is a conflict, rejected naming where the
// stored one came from.
func (im *Import) AddStartStop(ctx context.Context, z StartStop) (Outcome, error) {
	var hash, importID, line int64
	err := im.tx.QueryRowContext(ctx, `SELECT content_hash, import_id, line FROM zorg_start_stop WHERE agb = $1 AND toewijzingnummer = $2 AND soort = $3 AND begindatum = $4`,
		z.AGB, z.ToewijzingNummer, z.soort(), int64(z.Begindatum)).Scan(&hash, &importID, &line)
	args := []any{z.Gemeente, z.Person, z.Geldstroom, z.Categorie, z.Productcode, int64(z.Toewijzing), int64(z.Einddatum), z.Reden, z.Status, z.Bron, z.Hash, im.ID, int64(z.Line),
		z.AGB, z.ToewijzingNummer, z.soort(), int64(z.Begindatum)}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = im.tx.ExecContext(ctx, `INSERT INTO zorg_start_stop (gemeente, person, geldstroom, categorie, productcode, toewijzing_ingangsdatum, einddatum, reden, status, bron, content_hash, import_id, line, agb, toewijzingnummer, soort, begindatum)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`, args...)
	case err != nil:
	case hash == z.Hash:
		return Duplicate, nil
	case z.Status == "1":
		where, whereEN := im.earlier(ctx, importID, line)
		wat := map[bool]string{false: "start", true: "stop"}[z.Stop]
		return Conflict, im.Reject(ctx, intake.Rejection{Line: z.Line, Field: "StatusAanlevering",
			Reason:   fmt.Sprintf("de %s van toewijzing %s per %s is al gemeld (%s) met andere inhoud; stuur StatusAanlevering 2 (gewijzigd) of 3 (verwijderen)", wat, z.ToewijzingNummer, z.Begindatum, where),
			ReasonEN: fmt.Sprintf("the %s of assignment %s on %s was already reported (%s) with different content; send StatusAanlevering 2 (changed) or 3 (withdrawn)", wat, z.ToewijzingNummer, z.Begindatum, whereEN)})
	default:
		_, err = im.tx.ExecContext(ctx, `UPDATE zorg_start_stop SET gemeente = $1, person = $2, geldstroom = $3, categorie = $4, productcode = $5, toewijzing_ingangsdatum = $6, einddatum = $7, reden = $8, status = $9, bron = $10, content_hash = $11, import_id = $12, line = $13
			WHERE agb = $14 AND toewijzingnummer = $15 AND soort = $16 AND begindatum = $17`, args...)
	}
	if err != nil {
		return 0, fmt.Errorf("start/stop zorg opslaan / store start/stop of care: %w", err)
	}
	return Accepted, nil
}

// CareEvent is one start or stop of care as the trajectories read it.
type CareEvent struct {
	Person           string
	AGB              string
	ToewijzingNummer string
	Geldstroom       string
	Categorie        string
	Productcode      string
	Begindatum       model.Date // the day care began
	Einddatum        model.Date // stops: the day care ended
	Reden            string     // stops: JZ588 / WMO588
}

// CareStarts returns every reported start of care (JW305/WMO305) that was
// not withdrawn, by person and begin date. Like the release reads it is
// household-level data: only code that aggregates may call it.
func (s *Store) CareStarts(ctx context.Context) ([]CareEvent, error) {
	return s.careEvents(ctx, "start")
}

// CareStops returns every reported stop of care (JW307/WMO307) that was
// not withdrawn, by person and begin date.
func (s *Store) CareStops(ctx context.Context) ([]CareEvent, error) {
	return s.careEvents(ctx, "stop")
}

func (s *Store) careEvents(ctx context.Context, soort string) ([]CareEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT person, agb, toewijzingnummer, geldstroom, categorie, productcode, begindatum, einddatum, reden
		FROM zorg_start_stop WHERE soort = $1 AND status <> '3' ORDER BY person, begindatum, agb, toewijzingnummer`, soort)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CareEvent
	for rows.Next() {
		var e CareEvent
		var begin, eind int64
		if err := rows.Scan(&e.Person, &e.AGB, &e.ToewijzingNummer, &e.Geldstroom, &e.Categorie, &e.Productcode, &begin, &eind, &e.Reden); err != nil {
			return nil, err
		}
		e.Begindatum, e.Einddatum = model.Date(begin), model.Date(eind)
		out = append(out, e)
	}
	return out, rows.Err()
}
