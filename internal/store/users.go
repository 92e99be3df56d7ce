package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/kluis"
)

// The questions the access package asks about users. The decision itself
// (who may see what) is made in package access; the store only answers.

const userCols = `id, username, password_hash, role, display_name, person, agb, disabled, created_at, gemeente`

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var dis int64
	err := sc.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.DisplayName, &u.Person, &u.AGB, &dis, &u.CreatedAt, &u.Gemeente)
	u.Disabled = dis == 1
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	return u, err
}

// ErrExists is returned when a unique name is taken.
var ErrExists = errors.New("bestaat al / already exists")

// InsertUser stores a new user and returns its id.
func (s *Store) InsertUser(ctx context.Context, u User) (int64, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username = $1`, u.Username).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, fmt.Errorf("gebruiker %q: %w", u.Username, ErrExists)
	}
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO users (username, password_hash, role, display_name, person, agb, disabled, created_at, gemeente)
		VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8) RETURNING id`, u.Username, u.PasswordHash, u.Role, kluis.MaskFreeText(u.DisplayName), u.Person, u.AGB, now(), u.Gemeente).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("gebruiker opslaan / store user: %w", err)
	}
	return id, nil
}

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
	return err
}

// SetUserGemeente sets the gemeente an analyst is scoped to ("" = the
// whole region).
func (s *Store) SetUserGemeente(ctx context.Context, userID int64, gemeente string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE users SET gemeente = $1 WHERE id = $2`, gemeente, userID)
	return err
}

// UserByName returns the user with this user name.
func (s *Store) UserByName(ctx context.Context, username string) (User, error) {
	return scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = $1`, username))
}

// UserByID returns the user with this id.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	return scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
}

// Users lists every user by role and name.
func (s *Store) Users(ctx context.Context) ([]User, error) { return users(ctx, s.db) }

// Users lists every user by role and name.
func (r *PersonalReader) Users(ctx context.Context) ([]User, error) { return users(ctx, r.q) }

func users(ctx context.Context, q querier) ([]User, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY role, username`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
