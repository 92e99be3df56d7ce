package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// A family's requests to correct something ("klopt er iets niet?"). Like
// feedback they are personal: every read is a method of PersonalReader and
// every write one of PersonalWriter, inside the access transaction that
// allowed it. The text is the family's own words, so every BSN in it is
// masked before it is stored — also one typed in groups ("123 456 782",
// "1234.56.782"), which kluis.MaskFreeText alone would let through.

// InsertCorrection stores a correction request and returns its id.
func (w *PersonalWriter) InsertCorrection(ctx context.Context, c model.CorrectionRequest) (int64, error) {
	var id int64
	var del any
	if c.DeliveryID != nil {
		del = *c.DeliveryID
	}
	err := w.tx.QueryRowContext(ctx, `INSERT INTO correction_requests (household, subject, author, delivery_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		c.Household, c.Subject, c.Author, del, MaskGroupedBSN(c.Body), now()).Scan(&id)
	return id, err
}

// HandleCorrection marks request id handled by by. With a household it
// must be a request of that household (a professional handles only those
// of a household they are assigned to); "" is any (the admin). ErrNotFound
// when there is no such open request.
func (w *PersonalWriter) HandleCorrection(ctx context.Context, id int64, household, by string) error {
	res, err := w.tx.ExecContext(ctx, `UPDATE correction_requests SET handled_by = $1, handled_at = $2 WHERE id = $3 AND handled_by = '' AND ($4 = '' OR household = $4)`,
		by, now(), id, household)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

const correctionCols = `c.id, c.household, c.subject, c.author, c.delivery_id, c.body, c.created_at, c.handled_by, c.handled_at,
	d.agb, d.geldstroom, d.categorie, d.begindatum, d.einddatum, d.bedrag_cent, d.credit`

const correctionFrom = ` FROM correction_requests c LEFT JOIN deliveries d ON d.id = c.delivery_id`

func scanCorrections(rows *sql.Rows, extra ...any) ([]model.CorrectionRequest, error) {
	defer rows.Close()
	var out []model.CorrectionRequest
	for rows.Next() {
		var c model.CorrectionRequest
		var del, begin, eind, amount, credit sql.NullInt64
		var agb, stroom, cat sql.NullString
		dest := []any{&c.ID, &c.Household, &c.Subject, &c.Author, &del, &c.Body, &c.CreatedAt, &c.HandledBy, &c.HandledAt,
			&agb, &stroom, &cat, &begin, &eind, &amount, &credit}
		var assigned int64
		if len(extra) > 0 {
			dest = append(dest, &assigned)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		c.Assigned = assigned > 0
		if del.Valid {
			id := del.Int64
			c.DeliveryID = &id
			if agb.Valid {
				d := model.DeliveryRow{ID: id, Person: c.Subject, AGB: agb.String, Geldstroom: stroom.String, Categorie: cat.String,
					Begin: begin.Int64, Eind: eind.Int64, AmountCent: money.Cents(amount.Int64), Credit: credit.Int64 == 1}
				if d.Credit {
					d.AmountCent = -d.AmountCent
				}
				c.Delivery = &d
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CorrectionsOfHousehold returns the correction requests of a household,
// open ones first, newest first within each.
func (r *PersonalReader) CorrectionsOfHousehold(ctx context.Context, household string) ([]model.CorrectionRequest, error) {
	if household == "" {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT `+correctionCols+correctionFrom+` WHERE c.household = $1 ORDER BY CASE WHEN c.handled_by = '' THEN 0 ELSE 1 END, c.id DESC`, household)
	if err != nil {
		return nil, err
	}
	return scanCorrections(rows)
}

// CorrectionsAbout returns the correction requests about any of the
// persons (what a family asked), newest first.
func (r *PersonalReader) CorrectionsAbout(ctx context.Context, persons []string) ([]model.CorrectionRequest, error) {
	if len(persons) == 0 {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT `+correctionCols+correctionFrom+` WHERE c.subject IN (`+inList(1, len(persons))+`) ORDER BY c.id DESC`, anys(persons)...)
	if err != nil {
		return nil, err
	}
	return scanCorrections(rows)
}

// OpenCorrections counts the open correction requests of a household.
func (r *PersonalReader) OpenCorrections(ctx context.Context, household string) (int, error) {
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM correction_requests WHERE household = $1 AND handled_by = ''`, household).Scan(&n)
	return n, err
}

// AllCorrections returns every correction request, open ones first, with
// whether a professional is assigned to its household on date (the admin
// routes those without one).
func (r *PersonalReader) AllCorrections(ctx context.Context, date int64) ([]model.CorrectionRequest, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+correctionCols+`,
		(SELECT COUNT(*) FROM assignments a WHERE a.household = c.household AND c.household <> '' AND a.valid_from <= $1 AND a.valid_to >= $1 AND a.approved_by <> '')`+
		correctionFrom+` ORDER BY CASE WHEN c.handled_by = '' THEN 0 ELSE 1 END, c.id DESC LIMIT 500`, date)
	if err != nil {
		return nil, err
	}
	return scanCorrections(rows, true)
}

// DeliveryPeriod returns the first begin date and the last end date of the
// persons' deliveries (0, 0 when there are none): the period a total of
// them covers.
func (r *PersonalReader) DeliveryPeriod(ctx context.Context, persons []string) (first, last int64, err error) {
	if len(persons) == 0 {
		return 0, 0, nil
	}
	cond, args := personFilter(persons)
	var f, l sql.NullInt64
	err = r.q.QueryRowContext(ctx, `SELECT MIN(begindatum), MAX(einddatum) FROM deliveries WHERE `+cond, args...).Scan(&f, &l)
	return f.Int64, l.Int64, err
}

// MaskGroupedBSN masks every BSN in free text like kluis.MaskFreeText, and
// also one typed in groups of digits separated by single spaces, dots or
// dashes ("123 456 782", "1234.56.782"): any run of such groups that
// together hold nine digits passing the 11-proef keeps only its last three
// digits.
func MaskGroupedBSN(s string) string {
	s = kluis.MaskFreeText(s)
	b := []byte(s)
	type group struct{ start, end int }
	i := 0
	for i < len(b) {
		if !isDigitByte(b[i]) {
			i++
			continue
		}
		// Collect the groups of one separated run.
		var gs []group
		j := i
		for {
			k := j
			for k < len(b) && isDigitByte(b[k]) {
				k++
			}
			gs = append(gs, group{j, k})
			if k+1 < len(b) && strings.IndexByte(" .-", b[k]) >= 0 && isDigitByte(b[k+1]) {
				j = k + 1
				continue
			}
			i = k
			break
		}
		for x := range gs {
			digits := ""
			for y := x; y < len(gs) && len(digits) < 9; y++ {
				digits += string(b[gs[y].start:gs[y].end])
				if len(digits) == 9 && y > x && kluis.ValidBSN(digits) {
					maskDigits(b, gs[x].start, gs[y].end, 6)
				}
			}
		}
	}
	return string(b)
}

// maskDigits replaces the first n digits in b[from:to] by '*'.
func maskDigits(b []byte, from, to, n int) {
	for p := from; p < to && n > 0; p++ {
		if isDigitByte(b[p]) {
			b[p] = '*'
			n--
		}
	}
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }
