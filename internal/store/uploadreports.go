package store

import (
	"context"
	"database/sql"
	"errors"
)

// What a provider sees of its own uploads: the files and their rejected
// lines. Every read is a method of PersonalReader, inside the access
// transaction that allowed it.

const importCols = `id, kind, file_name, format, uploaded_by, agb, rows_total, accepted, duplicates, rejected, created_at`

// ImportsOfProvider lists the uploads of one provider, newest first.
func (r *PersonalReader) ImportsOfProvider(ctx context.Context, agb string) ([]ImportInfo, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+importCols+` FROM imports WHERE agb = $1 ORDER BY id DESC LIMIT 200`, agb)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ImportInfo
	for rows.Next() {
		var i ImportInfo
		if err := rows.Scan(&i.ID, &i.Kind, &i.FileName, &i.Format, &i.UploadedBy, &i.AGB, &i.Rows, &i.Accepted, &i.Duplicates, &i.Rejected, &i.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// ImportByID returns one import.
func (r *PersonalReader) ImportByID(ctx context.Context, id int64) (ImportInfo, error) {
	var i ImportInfo
	err := r.q.QueryRowContext(ctx, `SELECT `+importCols+` FROM imports WHERE id = $1`, id).
		Scan(&i.ID, &i.Kind, &i.FileName, &i.Format, &i.UploadedBy, &i.AGB, &i.Rows, &i.Accepted, &i.Duplicates, &i.Rejected, &i.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return i, ErrNotFound
	}
	return i, err
}

// ImportRejections returns the rejected lines of one import, at most limit.
func (r *PersonalReader) ImportRejections(ctx context.Context, importID int64, limit int) ([]RejectionRow, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT line, field, reason, reason_en FROM rejections WHERE import_id = $1 ORDER BY line LIMIT $2`, importID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RejectionRow
	for rows.Next() {
		var rej RejectionRow
		if err := rows.Scan(&rej.Line, &rej.Field, &rej.Reason, &rej.ReasonEN); err != nil {
			return nil, err
		}
		out = append(out, rej)
	}
	return out, rows.Err()
}
