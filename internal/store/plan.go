package store

import (
	"context"
	"database/sql"
	"errors"
)

// A household's plan (1Gezin1Plan1Budget: goals, agreed support, one
// budget) is kept in its own table, household_plans, by the household's
// address pseudonym (migration 008 moved it out of documents). Unlike the
// municipality's policy documents it is personal data, so it is read and
// written only through PersonalReader and PersonalWriter, inside the
// transaction of an access decision. It is handed out as a Document of
// kind "plan"; the documents methods refuse that kind.
const planKind = "plan"

// Plan returns the stored plan of household (its JSON body, who saved it
// and when), ErrNotFound when none was made yet.
func (r *PersonalReader) Plan(ctx context.Context, household string) (Document, error) {
	d := Document{Kind: planKind}
	err := r.q.QueryRowContext(ctx, `SELECT household, body, updated_at, updated_by FROM household_plans WHERE household = $1`, household).
		Scan(&d.Name, &d.Body, &d.UpdatedAt, &d.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	return d, err
}

// SavePlan stores the plan of household, replacing the one before: a
// household has one plan.
func (w *PersonalWriter) SavePlan(ctx context.Context, household, body, by string) error {
	_, err := w.tx.ExecContext(ctx, `INSERT INTO household_plans (household, body, updated_at, updated_by) VALUES ($1, $2, $3, $4)
		ON CONFLICT (household) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		household, maskJSON(body), now(), by)
	return err
}
