package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/model"
)

// This file holds the family's feedback and what a provider sees of its
// own uploads. Feedback goes to the professional and the provider, never to
// the analyst (SPEC §5.6): there is no aggregate query here. Every read is
// a method of PersonalReader and every write one of PersonalWriter, so both
// run inside the access transaction that allowed them (see AccessTx).

// Feedback is model.Feedback (kept so existing callers read on).
type Feedback = model.Feedback

// InsertFeedback stores feedback.
func (w *PersonalWriter) InsertFeedback(ctx context.Context, f Feedback) (int64, error) {
	var id int64
	var del any
	if f.DeliveryID != nil {
		del = *f.DeliveryID
	}
	err := w.tx.QueryRowContext(ctx, `INSERT INTO feedback (author, subject, agb, delivery_id, score, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		f.Author, f.Subject, f.AGB, del, f.Score, kluis.MaskFreeText(f.Body), now()).Scan(&id)
	return id, err
}

const feedbackCols = `id, author, subject, agb, delivery_id, score, body, created_at`

func scanFeedback(rows *sql.Rows) ([]Feedback, error) {
	defer rows.Close()
	var out []Feedback
	for rows.Next() {
		var f Feedback
		var del sql.NullInt64
		if err := rows.Scan(&f.ID, &f.Author, &f.Subject, &f.AGB, &del, &f.Score, &f.Body, &f.CreatedAt); err != nil {
			return nil, err
		}
		if del.Valid {
			v := del.Int64
			f.DeliveryID = &v
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// FeedbackAbout returns the feedback about any of the persons, newest first.
func (r *PersonalReader) FeedbackAbout(ctx context.Context, persons []string) ([]Feedback, error) {
	if len(persons) == 0 {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT `+feedbackCols+` FROM feedback WHERE subject IN (`+inList(1, len(persons))+`) ORDER BY id DESC`, anys(persons)...)
	if err != nil {
		return nil, err
	}
	return scanFeedback(rows)
}

// FeedbackForProvider returns the feedback about one provider, newest first.
// The subject pseudonym is left out: a provider reads what was said, not
// about whom beyond its own delivery.
func (r *PersonalReader) FeedbackForProvider(ctx context.Context, agb string) ([]Feedback, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+feedbackCols+` FROM feedback WHERE agb = $1 ORDER BY id DESC`, agb)
	if err != nil {
		return nil, err
	}
	fs, err := scanFeedback(rows)
	for i := range fs {
		fs[i].Subject, fs[i].Author = "", ""
	}
	return fs, err
}

// ImportInfo is model.ImportInfo (kept so existing callers read on).
type ImportInfo = model.ImportInfo

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

// RejectionRow is model.RejectionRow (kept so existing callers read on).
type RejectionRow = model.RejectionRow

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
