package store

import (
	"context"
	"encoding/json"
)

// These reads feed the plan evaluation (internal/evaluation), which
// publishes only disclosure-controlled aggregates; like the release freeze
// they hand over person- and household-level rows by pseudonym, so only
// code that aggregates may call them.

// PlanStart is when a household's plan began.
type PlanStart struct {
	Household string // address pseudonym
	From      int    // yyyymmdd; 0 when the plan names no start
}

// PlanStarts returns the start of every household plan.
func (s *Store) PlanStarts(ctx context.Context) ([]PlanStart, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT household, body FROM household_plans ORDER BY household`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PlanStart
	for rows.Next() {
		var p PlanStart
		var body string
		if err := rows.Scan(&p.Household, &body); err != nil {
			return nil, err
		}
		var b struct {
			From int `json:"from"`
		}
		if json.Unmarshal([]byte(body), &b) == nil {
			p.From = b.From
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// BirthDates returns every known person's birth date (yyyymmdd).
func (s *Store) BirthDates(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT pseudonym, geboortedatum FROM persons`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var p string
		var d int64
		if err := rows.Scan(&p, &d); err != nil {
			return nil, err
		}
		out[p] = int(d)
	}
	return out, rows.Err()
}
