package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The transaction of one access decision: the checks it needs, the audit
// record it appends and the personal reads or writes it allows.

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
