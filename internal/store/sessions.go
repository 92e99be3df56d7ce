package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Sessions and API tokens, by the hash of their token.

// InsertSession stores a session under the hash of its token.
func (s *Store) InsertSession(ctx context.Context, tokenHash string, userID int64, kind, csrf string, expires time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, kind, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		tokenHash, userID, kind, csrf, now(), expires.UTC().Format(time.RFC3339Nano))
	return err
}

// SessionByHash returns the unexpired session with this token hash and its
// user; ErrNotFound when there is none, it expired or the user is disabled.
func (s *Store) SessionByHash(ctx context.Context, tokenHash string) (Session, error) {
	row := s.db.QueryRowContext(ctx, `SELECT s.token_hash, s.kind, s.csrf, s.expires_at, `+prefixed("u", userCols)+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash)
	var ss Session
	var exp string
	var dis int64
	u := &ss.User
	err := row.Scan(&ss.TokenHash, &ss.Kind, &ss.CSRF, &exp, &u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.DisplayName, &u.Person, &u.AGB, &dis, &u.CreatedAt, &u.Gemeente)
	if errors.Is(err, sql.ErrNoRows) {
		return ss, ErrNotFound
	}
	if err != nil {
		return ss, err
	}
	u.Disabled = dis == 1
	ss.ExpiresAt, err = time.Parse(time.RFC3339Nano, exp)
	if err != nil || time.Now().After(ss.ExpiresAt) || u.Disabled {
		return ss, ErrNotFound
	}
	return ss, nil
}

func prefixed(alias, cols string) string {
	out := ""
	for i, c := range splitCols(cols) {
		if i > 0 {
			out += ", "
		}
		out += alias + "." + c
	}
	return out
}

func splitCols(cols string) []string {
	var out []string
	cur := ""
	for _, r := range cols {
		switch r {
		case ',':
			out = append(out, cur)
			cur = ""
		case ' ':
		default:
			cur += string(r)
		}
	}
	return append(out, cur)
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// DeleteUserSessions ends every session of one kind of a user (a provider
// replacing its upload token).
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64, kind string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND kind = $2`, userID, kind)
	return err
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, now())
	return err
}
