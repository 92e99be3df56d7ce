package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ontschot/ontschot/internal/kluis"
)

// This file holds what the log-in throttle, account management and the
// approval of assignments need from the database (issue 11).

// Throttle is the failed log-ins counted under one key.
type Throttle struct {
	Failures int
	Last     time.Time
}

// throttleForget is how long a quiet key keeps its count.
const throttleForget = 24 * time.Hour

// LoginFailures returns the counts of keys; a key without failures is absent.
func (s *Store) LoginFailures(ctx context.Context, keys []string) (map[string]Throttle, error) {
	out := map[string]Throttle{}
	cutoff := time.Now().Add(-throttleForget).UnixMilli()
	for _, k := range keys {
		var n int
		var last int64
		err := s.db.QueryRowContext(ctx, `SELECT failures, last_at FROM login_throttle WHERE key = $1 AND last_at >= $2`, k, cutoff).Scan(&n, &last)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[k] = Throttle{Failures: n, Last: time.UnixMilli(last)}
	}
	return out, nil
}

// AddLoginFailure counts one failed log-in under each key (a count older
// than a day starts again at one) and forgets keys that were quiet a day.
func (s *Store) AddLoginFailure(ctx context.Context, keys []string) error {
	nowMs := time.Now().UnixMilli()
	cutoff := time.Now().Add(-throttleForget).UnixMilli()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM login_throttle WHERE last_at < $1`, cutoff); err != nil {
		return err
	}
	for _, k := range keys {
		_, err := s.db.ExecContext(ctx, `INSERT INTO login_throttle (key, failures, last_at) VALUES ($1, 1, $2)
			ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures + 1, last_at = excluded.last_at`, k, nowMs)
		if err != nil {
			return fmt.Errorf("mislukte inlog tellen / count failed log-in: %w", err)
		}
	}
	return nil
}

// ClearLoginFailures forgets the counts of keys (after a good log-in).
func (s *Store) ClearLoginFailures(ctx context.Context, keys []string) error {
	for _, k := range keys {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM login_throttle WHERE key = $1`, k); err != nil {
			return err
		}
	}
	return nil
}

// SetDisabled disables (or enables) a user; disabling also ends every
// session and API token of the user, in one transaction.
func (s *Store) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v := 0
	if disabled {
		v = 1
	}
	res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, v, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if disabled {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// DeleteOtherSessions ends every session of a user but the one with keepHash
// (after a password change).
func (s *Store) DeleteOtherSessions(ctx context.Context, userID int64, keepHash string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keepHash)
	return err
}

// AssignmentByID returns one assignment.
func (s *Store) AssignmentByID(ctx context.Context, id int64) (Assignment, error) {
	var a Assignment
	err := s.db.QueryRowContext(ctx, `SELECT a.id, a.user_id, u.username, a.household, a.valid_from, a.valid_to, a.legal_basis, a.created_by, a.created_at, a.approved_by, a.approved_at
		FROM assignments a JOIN users u ON u.id = a.user_id WHERE a.id = $1`, id).
		Scan(&a.ID, &a.UserID, &a.Username, &a.Household, &a.ValidFrom, &a.ValidTo, &a.LegalBasis, &a.CreatedBy, &a.CreatedAt, &a.ApprovedBy, &a.ApprovedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	return a, err
}

// ApproveAssignment records who approved an assignment; ErrNotFound when
// there is no such assignment waiting for approval.
func (s *Store) ApproveAssignment(ctx context.Context, id int64, by string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE assignments SET approved_by = $1, approved_at = $2 WHERE id = $3 AND approved_by = ''`, by, now(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// maskJSON masks BSNs in every string of a JSON document (a plan, a
// business case), leaving numbers as they are; text that is not JSON is
// masked as a whole.
func maskJSON(body string) string {
	if kluis.MaskFreeText(body) == body {
		return body
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return kluis.MaskFreeText(body)
	}
	b, err := json.Marshal(maskValue(v))
	if err != nil {
		return kluis.MaskFreeText(body)
	}
	return string(b)
}

func maskValue(v any) any {
	switch x := v.(type) {
	case string:
		return kluis.MaskFreeText(x)
	case []any:
		for i := range x {
			x[i] = maskValue(x[i])
		}
	case map[string]any:
		for k, e := range x {
			x[k] = maskValue(e)
		}
	}
	return v
}
