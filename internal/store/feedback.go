package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/internal/kluis"
)

// This file holds the family's feedback (what a provider sees of its own
// uploads is in uploadreports.go). Feedback goes to the professional and the provider, never to
// the analyst (SPEC §5.6): there is no aggregate query here. Every read is
// a method of PersonalReader and every write one of PersonalWriter, so both
// run inside the access transaction that allowed them (see AccessTx).

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

// AddSurveyAnswer stores one answer of a client-experience survey as
// feedback about a provider, written by the survey itself (author
// "onderzoek:<code>", body the answer's reference). The same answer again
// is a Duplicate; another score under the same reference a Conflict.
func (im *Import) AddSurveyAnswer(ctx context.Context, survey, ref, person, agb string, score int) (Outcome, error) {
	author := "onderzoek:" + survey
	var old int
	err := im.tx.QueryRowContext(ctx, `SELECT score FROM feedback WHERE author = $1 AND body = $2 AND delivery_id IS NULL`, author, ref).Scan(&old)
	switch {
	case err == nil && old == score:
		return Duplicate, nil
	case err == nil:
		return Conflict, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	_, err = im.tx.ExecContext(ctx, `INSERT INTO feedback (author, subject, agb, delivery_id, score, body, created_at) VALUES ($1, $2, $3, NULL, $4, $5, $6)`,
		author, person, agb, score, ref, now())
	if err != nil {
		return 0, fmt.Errorf("antwoord opslaan / store answer: %w", err)
	}
	return Accepted, nil
}
