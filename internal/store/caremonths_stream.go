package store

import (
	"context"
	"database/sql"
	"fmt"
)

// EachCareMonthByPerson is EachCareMonth with every person's rows together
// (ordered by the person's internal id, not by pseudonym), so a caller can
// build per person without holding all months (issue 16 point 4). The
// rows of one person share one pseudonym string, and the provider,
// category and money-flow codes are shared across rows, so what a caller
// keeps of a row costs no string of its own.
func (s *Store) EachCareMonthByPerson(ctx context.Context, maxDel int64, fn func(CareMonth) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT g.person_id, p.pseudonym, g.agb, g.categorie, g.geldstroom, g.ym, g.amount
		FROM (SELECT person_id, agb, categorie, geldstroom, begindatum / 100 AS ym,
				SUM(CASE WHEN credit = 1 THEN -bedrag_cent ELSE bedrag_cent END) AS amount
			FROM deliveries WHERE id <= $1 GROUP BY person_id, agb, categorie, geldstroom, begindatum / 100) g
		JOIN pseudonyms p ON p.id = g.person_id
		ORDER BY g.person_id`, maxDel)
	if err != nil {
		return fmt.Errorf("zorgmaanden lezen / read care months: %w", err)
	}
	defer rows.Close()
	codes := map[string]string{}
	code := func(b []byte) string {
		if s, ok := codes[string(b)]; ok {
			return s
		}
		s := string(b)
		codes[s] = s
		return s
	}
	var (
		id, last       int64 = 0, -1
		person         string
		pseudo         sql.RawBytes
		agb, cat, geld sql.RawBytes
		c              CareMonth
	)
	for rows.Next() {
		if err := rows.Scan(&id, &pseudo, &agb, &cat, &geld, &c.YearMonth, &c.Amount); err != nil {
			return err
		}
		if id != last {
			person, last = string(pseudo), id
		}
		c.Person, c.AGB, c.Categorie, c.Geldstroom = person, code(agb), code(cat), code(geld)
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}
