package store

import (
	"context"
	"fmt"

	"github.com/ontschot/ontschot/internal/kluis"
)

// Assignments of a professional to a household, with the second person
// who approved them.

// InsertAssignment stores an assignment.
func (s *Store) InsertAssignment(ctx context.Context, a Assignment) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO assignments (user_id, household, valid_from, valid_to, legal_basis, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, a.UserID, a.Household, a.ValidFrom, a.ValidTo, kluis.MaskFreeText(a.LegalBasis), a.CreatedBy, now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("toewijzing opslaan / store assignment: %w", err)
	}
	return id, nil
}

// Assignments lists assignments, all of them (userID 0) or of one user,
// newest first.
func (s *Store) Assignments(ctx context.Context, userID int64) ([]Assignment, error) {
	return assignments(ctx, s.db, userID)
}

// Assignments lists assignments, all of them (userID 0) or of one user,
// newest first.
func (r *PersonalReader) Assignments(ctx context.Context, userID int64) ([]Assignment, error) {
	return assignments(ctx, r.q, userID)
}

func assignments(ctx context.Context, q querier, userID int64) ([]Assignment, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.user_id, u.username, a.household, a.valid_from, a.valid_to, a.legal_basis, a.created_by, a.created_at, a.approved_by, a.approved_at
		FROM assignments a JOIN users u ON u.id = a.user_id WHERE ($1 = 0 OR a.user_id = $1) ORDER BY a.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		var a Assignment
		if err := rows.Scan(&a.ID, &a.UserID, &a.Username, &a.Household, &a.ValidFrom, &a.ValidTo, &a.LegalBasis, &a.CreatedBy, &a.CreatedAt, &a.ApprovedBy, &a.ApprovedAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
