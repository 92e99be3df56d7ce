package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
)

// What a provider sees of its own uploads: the files and their rejected
// lines. Every read is a method of PersonalReader, inside the access
// transaction that allowed it.

const importCols = `id, kind, file_name, format, uploaded_by, agb, rows_total, accepted, duplicates, rejected, created_at, channel`

func scanImport(row interface{ Scan(...any) error }, i *ImportInfo) error {
	if err := row.Scan(&i.ID, &i.Kind, &i.FileName, &i.Format, &i.UploadedBy, &i.AGB, &i.Rows, &i.Accepted, &i.Duplicates, &i.Rejected, &i.CreatedAt, &i.Channel); err != nil {
		return err
	}
	if i.Channel == "" { // imported before channels were recorded
		i.Channel = "cli"
		if i.AGB != "" {
			i.Channel = "web"
		}
	}
	return nil
}

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
		if err := scanImport(rows, &i); err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// ProviderHistory lists, newest first, what one provider has delivered
// through every channel: its own uploads (web, API) and the files the
// municipality read in that hold its rows — declarations and delivery files
// by `ontschot import`, flows whose bron is its AGB code. For those the
// counts are the provider's stored rows only (the file's rejections name
// no provider), and there is no report to open.
func (r *PersonalReader) ProviderHistory(ctx context.Context, agb string) ([]model.Delivered, error) {
	own, err := r.ImportsOfProvider(ctx, agb)
	if err != nil {
		return nil, err
	}
	var out []model.Delivered
	for _, i := range own {
		out = append(out, model.Delivered{ImportInfo: i, Own: true})
	}
	for _, q := range []string{
		`SELECT import_id, COUNT(*) FROM deliveries WHERE agb = $1 GROUP BY import_id`,
		`SELECT import_id, COUNT(*) FROM flows WHERE bron = $1 GROUP BY import_id`,
	} {
		counts, err := r.countsByImport(ctx, q, agb)
		if err != nil {
			return nil, err
		}
		for id, n := range counts {
			var i ImportInfo
			err := scanImport(r.q.QueryRowContext(ctx, `SELECT `+importCols+` FROM imports WHERE id = $1 AND agb <> $2`, id, agb), &i)
			if errors.Is(err, sql.ErrNoRows) {
				continue // one of its own uploads, listed above
			}
			if err != nil {
				return nil, err
			}
			i.AGB, i.UploadedBy = "", ""
			i.Rows, i.Accepted, i.Duplicates, i.Rejected = n, n, 0, 0
			out = append(out, model.Delivered{ImportInfo: i})
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID > out[b].ID })
	if len(out) > 200 {
		out = out[:200]
	}
	return out, nil
}

func (r *PersonalReader) countsByImport(ctx context.Context, q, agb string) (map[int64]int, error) {
	rows, err := r.q.QueryContext(ctx, q, agb)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// ImportByID returns one import.
func (r *PersonalReader) ImportByID(ctx context.Context, id int64) (ImportInfo, error) {
	var i ImportInfo
	err := scanImport(r.q.QueryRowContext(ctx, `SELECT `+importCols+` FROM imports WHERE id = $1`, id), &i)
	if errors.Is(err, sql.ErrNoRows) {
		return i, ErrNotFound
	}
	return i, err
}

// ImportRejections returns the rejected lines of one import, at most limit.
func (r *PersonalReader) ImportRejections(ctx context.Context, importID int64, limit int) ([]RejectionRow, error) {
	var out []RejectionRow
	err := r.eachRejection(ctx, importID, limit, func(rej RejectionRow) error {
		out = append(out, rej)
		return nil
	})
	return out, err
}

// EachImportRejection calls fn for every rejection of one import (every
// problem of every line), in line order: the whole list, for the download.
func (r *PersonalReader) EachImportRejection(ctx context.Context, importID int64, fn func(RejectionRow) error) error {
	return r.eachRejection(ctx, importID, -1, fn)
}

func (r *PersonalReader) eachRejection(ctx context.Context, importID int64, limit int, fn func(RejectionRow) error) error {
	q := `SELECT line, field, reason, reason_en, value FROM rejections WHERE import_id = $1 ORDER BY line`
	args := []any{importID}
	if limit >= 0 {
		q += ` LIMIT $2`
		args = append(args, limit)
	}
	rows, err := r.q.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rej RejectionRow
		if err := rows.Scan(&rej.Line, &rej.Field, &rej.Reason, &rej.ReasonEN, &rej.Value); err != nil {
			return err
		}
		if err := fn(rej); err != nil {
			return err
		}
	}
	return rows.Err()
}

// reportGroupsJSON is what an import stores of its report's groups: the
// JSON of []model.RejectionGroup, "" when nothing was rejected.
func reportGroupsJSON(groups []intake.Group) (string, error) {
	if len(groups) == 0 {
		return "", nil
	}
	out := make([]model.RejectionGroup, len(groups))
	for i, g := range groups {
		out[i] = model.RejectionGroup{Field: g.Field, Rule: g.Rule, Count: g.Count}
		for _, r := range g.First {
			out[i].First = append(out[i].First, RejectionRow{Line: r.Line, Field: r.Field, Reason: r.Reason, ReasonEN: r.ReasonEN, Value: r.Value})
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// ImportRejectionGroups groups the rejections of one import by field and
// kind of problem (intake.RuleOf), most frequent first, with the first
// perGroup lines of each: as the import counted them, or for an import
// stored before it did, from its rejections (by their reason when they
// have no rule).
func (r *PersonalReader) ImportRejectionGroups(ctx context.Context, importID int64, perGroup int) ([]model.RejectionGroup, error) {
	var stored string
	if err := r.q.QueryRowContext(ctx, `SELECT report_groups FROM imports WHERE id = $1`, importID).Scan(&stored); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if stored != "" {
		var groups []model.RejectionGroup
		if err := json.Unmarshal([]byte(stored), &groups); err != nil {
			return nil, fmt.Errorf("rapport van import %d / report of import %d: %w", importID, importID, err)
		}
		for i := range groups {
			groups[i].First = groups[i].First[:min(len(groups[i].First), perGroup)]
		}
		return groups, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT field, grp, n, line, reason, reason_en, value FROM (
		SELECT field, grp, line, reason, reason_en, value,
			ROW_NUMBER() OVER (PARTITION BY field, grp ORDER BY line) AS k,
			COUNT(*) OVER (PARTITION BY field, grp) AS n
		FROM (SELECT field, CASE WHEN rule = '' THEN reason ELSE rule END AS grp, line, reason, reason_en, value
			FROM rejections WHERE import_id = $1) r
	) t WHERE k <= $2 ORDER BY n DESC, field, grp, line`, importID, perGroup)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.RejectionGroup
	for rows.Next() {
		var field, grp string
		var n int
		var rej RejectionRow
		if err := rows.Scan(&field, &grp, &n, &rej.Line, &rej.Reason, &rej.ReasonEN, &rej.Value); err != nil {
			return nil, err
		}
		rej.Field = field
		if k := len(out) - 1; k >= 0 && out[k].Field == field && out[k].Rule == grp {
			out[k].First = append(out[k].First, rej)
			continue
		}
		out = append(out, model.RejectionGroup{Field: field, Rule: grp, Count: n, First: []RejectionRow{rej}})
	}
	// The order of intake.Grouper, whatever the database's collation.
	sort.SliceStable(out, func(a, b int) bool {
		x, y := &out[a], &out[b]
		if x.Count != y.Count {
			return x.Count > y.Count
		}
		if x.Field != y.Field {
			return x.Field < y.Field
		}
		return x.Rule < y.Rule
	})
	return out, rows.Err()
}
