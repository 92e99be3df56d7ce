package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/ontschot/ontschot/internal/kluis"
	"time"
)

// This file holds the questions the access package asks: users, sessions,
// assignments and the audit log. The decision itself (who may see what) is
// made in package access; the store only answers and appends.

// User is a log-in account. PasswordHash is the argon2id PHC string.
type User struct {
	ID           int64
	Username     string
	PasswordHash string
	Role         string
	DisplayName  string
	Person       string // member: their person pseudonym
	AGB          string // provider: their AGB code
	Disabled     bool
	CreatedAt    string
}

const userCols = `id, username, password_hash, role, display_name, person, agb, disabled, created_at`

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var dis int64
	err := sc.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.DisplayName, &u.Person, &u.AGB, &dis, &u.CreatedAt)
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
	err := s.db.QueryRowContext(ctx, `INSERT INTO users (username, password_hash, role, display_name, person, agb, disabled, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id`, u.Username, u.PasswordHash, u.Role, kluis.MaskFreeText(u.DisplayName), u.Person, u.AGB, now()).Scan(&id)
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

// Session is a logged-in session or API token, found by the hash of its token.
type Session struct {
	TokenHash string
	Kind      string // "web", "api" or "token" (a provider's long-lived upload token)
	CSRF      string
	ExpiresAt time.Time
	User      User
}

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
	err := row.Scan(&ss.TokenHash, &ss.Kind, &ss.CSRF, &exp, &u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.DisplayName, &u.Person, &u.AGB, &dis, &u.CreatedAt)
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

// Assignment ties a professional to a household for a period, on a legal basis.
type Assignment struct {
	ID         int64
	UserID     int64
	Username   string
	Household  string
	ValidFrom  int64 // YYYYMMDD
	ValidTo    int64 // YYYYMMDD, inclusive
	LegalBasis string
	CreatedBy  string
	CreatedAt  string
	// ApprovedBy is the second person who approved it; until then it gives
	// no access.
	ApprovedBy string
	ApprovedAt string
}

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

// AuditRecord is one line of the audit log, with the NEN 7513 fields.
type AuditRecord struct {
	Seq      int64  `json:"seq"`
	At       string `json:"at"`
	Event    string `json:"event"`   // action and resource kind, e.g. "read household"
	Outcome  string `json:"outcome"` // "allow" or "deny"
	Username string `json:"user"`
	Role     string `json:"role"`
	OnBehalf string `json:"on_behalf"` // whose data or on whose behalf the user acts
	Purpose  string `json:"purpose"`
	Client   string `json:"client"` // person or household pseudonym
	Basis    string `json:"basis"`  // the authorisation basis
	Detail   string `json:"detail"`
	Source   string `json:"source,omitempty"`  // the client address of the request (NEN 7513)
	Session  string `json:"session,omitempty"` // a short hash of the session that made it
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

// AccessTx is one access decision in progress: the checks it needs, the
// audit record it appends and the reads (Read) or writes (Write) it allows
// run in one transaction, so an assignment cannot lapse between the check,
// the record and the read.
//
// SQLite: the transaction starts with the write lock (_txlock=immediate),
// so no other writer runs until it ends. PostgreSQL: the advisory lock
// serializes the audit chain, and ValidAssignment locks the assignment row
// it found (FOR SHARE), so nobody can end or change that assignment until
// the transaction ends; the reads see it still valid.
type AccessTx struct {
	s  *Store
	tx *sql.Tx
}

// Read returns the reader of personal data on this transaction. Callers
// read with it only after the decision allowed it (access.DecideAndRead).
func (a *AccessTx) Read() *PersonalReader { return &PersonalReader{q: a.tx} }

// PersonalWriter writes personal data inside one access transaction, and
// reads like PersonalReader (to check what it writes against).
type PersonalWriter struct {
	*PersonalReader
	tx *sql.Tx
}

// Write returns the writer of personal data on this transaction. Callers
// write with it only after the decision allowed it (access.DecideAndWrite).
func (a *AccessTx) Write() *PersonalWriter {
	return &PersonalWriter{PersonalReader: a.Read(), tx: a.tx}
}

// BeginAccess starts an access decision.
func (s *Store) BeginAccess(ctx context.Context) (*AccessTx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if s.dialect == Postgres {
		// The hash chain needs one writer at a time; SQLite has that already
		// (_txlock=immediate).
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7350513)`); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return &AccessTx{s: s, tx: tx}, nil
}

// Commit ends the decision.
func (a *AccessTx) Commit() error { return a.tx.Commit() }

// Rollback abandons it.
func (a *AccessTx) Rollback() { a.tx.Rollback() }

// ValidAssignment returns the assignment of userID to household valid on
// date, ErrNotFound when there is none.
func (a *AccessTx) ValidAssignment(ctx context.Context, userID int64, household string, date int64) (Assignment, error) {
	var as Assignment
	lock := ""
	if a.s.dialect == Postgres {
		// Hold the row until the transaction ends: ending the assignment
		// now waits for the read it allows (SQLite's write lock does this).
		lock = " FOR SHARE"
	}
	err := a.tx.QueryRowContext(ctx, `SELECT id, user_id, household, valid_from, valid_to, legal_basis, created_by, created_at FROM assignments
		WHERE user_id = $1 AND household = $2 AND valid_from <= $3 AND valid_to >= $3 AND approved_by <> '' ORDER BY valid_to DESC LIMIT 1`+lock, userID, household, date).
		Scan(&as.ID, &as.UserID, &as.Household, &as.ValidFrom, &as.ValidTo, &as.LegalBasis, &as.CreatedBy, &as.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return as, ErrNotFound
	}
	return as, err
}

// HouseholdOf returns the household (address pseudonym) of person on date,
// "" when the person lives at a secret address or is unknown.
func (a *AccessTx) HouseholdOf(ctx context.Context, person string, date int64) (string, error) {
	return householdOf(ctx, a.tx, person, date)
}

// HouseholdMembers returns the persons of household on date.
func (a *AccessTx) HouseholdMembers(ctx context.Context, household string, date int64) ([]HouseholdPerson, error) {
	return householdMembers(ctx, a.tx, household, date)
}

// HasAuthority says whether parent has authority over child on date.
func (a *AccessTx) HasAuthority(ctx context.Context, parent, child string, date int64) (bool, error) {
	kids, err := children(ctx, a.tx, parent, date)
	if err != nil {
		return false, err
	}
	for _, k := range kids {
		if k == child {
			return true, nil
		}
	}
	return false, nil
}

// MemberPersons returns which of persons have an enabled member account.
func (a *AccessTx) MemberPersons(ctx context.Context, persons []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, p := range persons {
		var n int
		if err := a.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'member' AND disabled = 0 AND person = $1`, p).Scan(&n); err != nil {
			return nil, err
		}
		out[p] = n > 0
	}
	return out, nil
}

// ImportAGB returns the provider of one import, ErrNotFound when there is none.
func (a *AccessTx) ImportAGB(ctx context.Context, importID int64) (string, error) {
	var agb string
	err := a.tx.QueryRowContext(ctx, `SELECT agb FROM imports WHERE id = $1`, importID).Scan(&agb)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return agb, err
}

// DeliveryOwner returns the person and provider of one delivery.
func (a *AccessTx) DeliveryOwner(ctx context.Context, id int64) (person, agb string, err error) {
	err = a.tx.QueryRowContext(ctx, `SELECT p.pseudonym, d.agb FROM deliveries d JOIN pseudonyms p ON p.id = d.person_id WHERE d.id = $1`, id).Scan(&person, &agb)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", ErrNotFound
	}
	return person, agb, err
}

// AppendAudit appends r to the audit log, chained to the last record:
// hash is computed by the caller's function from the previous hash and the
// record (with Seq and At filled in).
func (a *AccessTx) AppendAudit(ctx context.Context, r AuditRecord, hash func(AuditRecord) string) (AuditRecord, error) {
	var last sql.NullInt64
	var prev sql.NullString
	err := a.tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, err
	}
	r.Seq = last.Int64 + 1
	r.PrevHash = prev.String
	if r.At == "" {
		r.At = now()
	}
	r.Hash = hash(r)
	_, err = a.tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, event, outcome, username, role, on_behalf, purpose, client, basis, detail, prev_hash, hash, source, session)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		r.Seq, r.At, r.Event, r.Outcome, r.Username, r.Role, r.OnBehalf, r.Purpose, r.Client, r.Basis, r.Detail, r.PrevHash, r.Hash, r.Source, r.Session)
	if err != nil {
		return r, fmt.Errorf("auditregel schrijven / write audit record: %w", err)
	}
	return r, nil
}

const auditCols = `seq, at, event, outcome, username, role, on_behalf, purpose, client, basis, detail, prev_hash, hash, source, session`

func scanAudit(rows *sql.Rows) (AuditRecord, error) {
	var r AuditRecord
	err := rows.Scan(&r.Seq, &r.At, &r.Event, &r.Outcome, &r.Username, &r.Role, &r.OnBehalf, &r.Purpose, &r.Client, &r.Basis, &r.Detail, &r.PrevHash, &r.Hash, &r.Source, &r.Session)
	return r, err
}

// AuditLog calls fn for every audit record in chain order, for verification.
func (s *Store) AuditLog(ctx context.Context, fn func(AuditRecord) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RecentAudit returns the newest records, newest first, at most limit.
func (s *Store) RecentAudit(ctx context.Context, limit int) ([]AuditRecord, error) {
	return recentAudit(ctx, s.db, limit)
}

// RecentAudit returns the newest records, newest first, at most limit.
func (r *PersonalReader) RecentAudit(ctx context.Context, limit int) ([]AuditRecord, error) {
	return recentAudit(ctx, r.q, limit)
}

func recentAudit(ctx context.Context, q querier, limit int) ([]AuditRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AuditCount returns the number of audit records.
func (s *Store) AuditCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n)
	return n, err
}
