package store

import (
	"context"
	"database/sql"
	"errors"
)

// A household's plan (1Gezin1Plan1Budget: goals, agreed support, one
// budget) is kept as one document of kind "plan", named by the household's
// address pseudonym. Unlike the municipality's policy documents it is
// personal data, so it is read and written only through PersonalReader and
// PersonalWriter, inside the transaction of an access decision.
const planKind = "plan"

// Plan returns the stored plan of household (its JSON body, who saved it
// and when), ErrNotFound when none was made yet.
func (r *PersonalReader) Plan(ctx context.Context, household string) (Document, error) {
	var d Document
	err := r.q.QueryRowContext(ctx, `SELECT kind, name, body, updated_at, updated_by FROM documents WHERE kind = $1 AND name = $2`, planKind, household).
		Scan(&d.Kind, &d.Name, &d.Body, &d.UpdatedAt, &d.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	return d, err
}

// SavePlan stores the plan of household, replacing the one before: a
// household has one plan.
func (w *PersonalWriter) SavePlan(ctx context.Context, household, body, by string) error {
	_, err := w.tx.ExecContext(ctx, `INSERT INTO documents (kind, name, body, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (kind, name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		planKind, household, maskJSON(body), now(), by)
	return err
}
