package store

import (
	"context"
	"fmt"

	"github.com/ontschot/ontschot/internal/money"
)

// These reads hand person-level rows (by pseudonym) to the trajectory
// computation, which publishes only disclosure-controlled cells; like the
// release freeze, only code that aggregates may call them. Each reads the
// snapshot of a release: deliveries up to maxDel, imports up to maxImp.

// CareMonth is one month of declared care for one person by one provider
// in one category, summed (credits negative).
type CareMonth struct {
	Person, AGB, Categorie, Geldstroom string
	YearMonth                          int // yyyymm of the delivery's begin date
	Amount                             money.Cents
}

// EachCareMonth calls fn for every person × provider × category × month of
// delivered care.
func (s *Store) EachCareMonth(ctx context.Context, maxDel int64, fn func(CareMonth) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT p.pseudonym, g.agb, g.categorie, g.geldstroom, g.ym, g.amount
		FROM (SELECT person_id, agb, categorie, geldstroom, begindatum / 100 AS ym,
				SUM(CASE WHEN credit = 1 THEN -bedrag_cent ELSE bedrag_cent END) AS amount
			FROM deliveries WHERE id <= $1 GROUP BY person_id, agb, categorie, geldstroom, begindatum / 100) g
		JOIN pseudonyms p ON p.id = g.person_id`, maxDel)
	if err != nil {
		return fmt.Errorf("zorgmaanden lezen / read care months: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c CareMonth
		if err := rows.Scan(&c.Person, &c.AGB, &c.Categorie, &c.Geldstroom, &c.YearMonth, &c.Amount); err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// TeamMonth is one month of work of a team (a flow per person, e.g. an own
// wijkteam's hours) for one person in one category.
type TeamMonth struct {
	Person, Bron, Categorie, Geldstroom string
	YearMonth                           int
	Minutes                             int64 // volume in minutes (eenheid 01) or hours × 60 (04); 0 when another unit
	Amount                              money.Cents
}

// EachTeamMonth calls fn for every person × reporter × category × month of
// flows without a declaration per person.
func (s *Store) EachTeamMonth(ctx context.Context, maxImp int64, fn func(TeamMonth) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT person, bron, categorie, geldstroom, begindatum / 100,
			SUM(CASE WHEN eenheid = '01' THEN volume WHEN eenheid = '04' THEN volume * 60 ELSE 0 END * CASE WHEN credit = 1 THEN -1 ELSE 1 END),
			SUM(CASE WHEN credit = 1 THEN -bedrag_cent ELSE bedrag_cent END)
		FROM flows WHERE person <> '' AND import_id <= $1 GROUP BY person, bron, categorie, geldstroom, begindatum / 100`, maxImp)
	if err != nil {
		return fmt.Errorf("teamuren lezen / read team months: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t TeamMonth
		if err := rows.Scan(&t.Person, &t.Bron, &t.Categorie, &t.Geldstroom, &t.YearMonth, &t.Minutes, &t.Amount); err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ReportedStartStop is a start or stop of care as the trajectories need it.
type ReportedStartStop struct {
	Person, AGB, Categorie string
	Stop                   bool
	Date                   int // begin date of a start, end date of a stop
	Assigned               int // the assignment's start, 0 when not given
}

// StartStops returns the reported starts and stops of care (not withdrawn)
// imported up to maxImp.
func (s *Store) StartStops(ctx context.Context, maxImp int64) ([]ReportedStartStop, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT person, agb, categorie, soort, begindatum, einddatum, toewijzing_ingangsdatum
		FROM zorg_start_stop WHERE status <> '3' AND import_id <= $1`, maxImp)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReportedStartStop
	for rows.Next() {
		var r ReportedStartStop
		var soort string
		var begin, end, assigned int64
		if err := rows.Scan(&r.Person, &r.AGB, &r.Categorie, &soort, &begin, &end, &assigned); err != nil {
			return nil, err
		}
		r.Stop = soort == "stop"
		r.Date, r.Assigned = int(begin), int(assigned)
		if r.Stop {
			r.Date = int(end)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Score is one feedback score a person gave a provider.
type Score struct {
	Person, AGB string
	Score       int
}

// Scores returns every feedback score given to a provider.
func (s *Store) Scores(ctx context.Context) ([]Score, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT subject, agb, score FROM feedback WHERE agb <> ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Score
	for rows.Next() {
		var sc Score
		if err := rows.Scan(&sc.Person, &sc.AGB, &sc.Score); err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// OwnTeams returns the codes of the providers marked as the
// municipality's own teams.
func (s *Store) OwnTeams(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT agb FROM providers WHERE eigen = 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var agb string
		if err := rows.Scan(&agb); err != nil {
			return nil, err
		}
		out[agb] = true
	}
	return out, rows.Err()
}
