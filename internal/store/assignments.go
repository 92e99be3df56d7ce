package store

import (
	"context"
	"fmt"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/model"
)

// Assignments of a professional to a household, with the second person
// who approved them, the professional's own case number (zaaknummer) and,
// when an admin ended one early, who ended it.

// InsertAssignment stores an assignment.
func (s *Store) InsertAssignment(ctx context.Context, a Assignment) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO assignments (user_id, household, valid_from, valid_to, legal_basis, created_by, created_at, zaaknummer)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, a.UserID, a.Household, a.ValidFrom, a.ValidTo, kluis.MaskFreeText(a.LegalBasis), a.CreatedBy, now(),
		kluis.MaskFreeText(a.Zaaknummer)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("toewijzing opslaan / store assignment: %w", err)
	}
	return id, nil
}

// EndAssignment ends assignment id early: valid_to becomes lastDay (never
// later than it was), and who ended it is kept. ErrNotFound when there is
// no such assignment.
func (s *Store) EndAssignment(ctx context.Context, id, lastDay int64, by string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE assignments SET valid_to = CASE WHEN valid_to < $1 THEN valid_to ELSE $1 END, ended_by = $2, ended_at = $3 WHERE id = $4`,
		lastDay, by, now(), id)
	if err != nil {
		return fmt.Errorf("toewijzing beëindigen / end assignment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
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
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.user_id, u.username, a.household, a.valid_from, a.valid_to, a.legal_basis, a.created_by, a.created_at, a.approved_by, a.approved_at,
		a.zaaknummer, a.ended_by, a.ended_at
		FROM assignments a JOIN users u ON u.id = a.user_id WHERE ($1 = 0 OR a.user_id = $1) ORDER BY a.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		var a Assignment
		if err := rows.Scan(&a.ID, &a.UserID, &a.Username, &a.Household, &a.ValidFrom, &a.ValidTo, &a.LegalBasis, &a.CreatedBy, &a.CreatedAt, &a.ApprovedBy, &a.ApprovedAt,
			&a.Zaaknummer, &a.EndedBy, &a.EndedAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Hulpverleners returns how to reach the professionals assigned to
// household on date (approved, not ended): the name and e-mail of each
// account, nothing else. A family sees this of its own household only.
func (r *PersonalReader) Hulpverleners(ctx context.Context, household string, date int64) ([]model.Contact, error) {
	if household == "" {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT DISTINCT u.display_name, u.email FROM assignments a JOIN users u ON u.id = a.user_id
		WHERE a.household = $1 AND a.valid_from <= $2 AND a.valid_to >= $2 AND a.approved_by <> '' AND u.disabled = 0 AND u.role = 'professional'
		ORDER BY u.display_name`, household, date)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Contact
	for rows.Next() {
		var c model.Contact
		if err := rows.Scan(&c.Name, &c.Email); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetUserEmail stores the e-mail address by which families reach a staff
// account ("" to clear it). ErrNotFound when there is no such user.
func (s *Store) SetUserEmail(ctx context.Context, userID int64, email string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET email = $1 WHERE id = $2`, kluis.MaskFreeText(email), userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
