package store

import (
	"context"
	"database/sql"
)

// The hash-chained audit log, read back.

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
