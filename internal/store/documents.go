package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ontschot/ontschot/internal/model"
)

// errPersonalKind refuses household plans outside the access decision.
var errPersonalKind = errors.New("store: household plans are personal data; use PersonalReader/PersonalWriter")

// Documents lists the documents of one kind by name.
func (s *Store) Documents(ctx context.Context, kind string) ([]Document, error) {
	if kind == planKind {
		return nil, errPersonalKind
	}
	rows, err := s.db.QueryContext(ctx, `SELECT kind, name, body, updated_at, updated_by FROM documents WHERE kind = $1 ORDER BY name`, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		var d Document
		if err := rows.Scan(&d.Kind, &d.Name, &d.Body, &d.UpdatedAt, &d.UpdatedBy); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Document returns one document, or ErrNotFound.
func (s *Store) Document(ctx context.Context, kind, name string) (Document, error) {
	var d Document
	if kind == planKind {
		return d, errPersonalKind
	}
	err := s.db.QueryRowContext(ctx, `SELECT kind, name, body, updated_at, updated_by FROM documents WHERE kind = $1 AND name = $2`, kind, name).
		Scan(&d.Kind, &d.Name, &d.Body, &d.UpdatedAt, &d.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	return d, err
}

// CreateDocument stores a new document and reports whether it did: an
// existing document of the same kind and name is left as it is.
func (s *Store) CreateDocument(ctx context.Context, d Document) (bool, error) {
	if d.Kind == planKind {
		return false, errPersonalKind
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO documents (kind, name, body, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, name) DO NOTHING`,
		d.Kind, d.Name, maskJSON(d.Body), now(), d.UpdatedBy)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UpdateDocument replaces the body of an existing document; ErrNotFound when
// there is none (a deleted document is not brought back by a late save).
func (s *Store) UpdateDocument(ctx context.Context, d Document) error {
	if d.Kind == planKind {
		return errPersonalKind
	}
	res, err := s.db.ExecContext(ctx, `UPDATE documents SET body = $1, updated_at = $2, updated_by = $3 WHERE kind = $4 AND name = $5`,
		maskJSON(d.Body), now(), d.UpdatedBy, d.Kind, d.Name)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		return ErrNotFound
	}
	return err
}

// DeleteDocument removes a document; removing one that is not there is not an error.
func (s *Store) DeleteDocument(ctx context.Context, kind, name string) error {
	if kind == planKind {
		return errPersonalKind
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM documents WHERE kind = $1 AND name = $2`, kind, name)
	return err
}

// DocumentName is model.DocumentName.
func DocumentName(title string) string { return model.DocumentName(title) }
