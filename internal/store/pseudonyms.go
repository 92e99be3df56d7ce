package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Key rotation in the store. After `ontschot kluis rotate`, a BRP import
// records old and new pseudonyms side by side (AddPseudonymPairs);
// MigratePseudonyms then relabels every stored pseudonym of the old
// version, in every text column of every table, in one transaction.

// AddPseudonymPairs records old → new pseudonyms in the import's
// transaction. A pair already known is kept.
func (imp *Import) AddPseudonymPairs(ctx context.Context, pairs [][2]string) error {
	for _, p := range pairs {
		if p[0] == p[1] || p[0] == "" {
			continue
		}
		if _, err := imp.tx.ExecContext(ctx, `INSERT INTO pseudonym_map (old, new) VALUES ($1, $2) ON CONFLICT (old) DO NOTHING`, p[0], p[1]); err != nil {
			return fmt.Errorf("pseudoniemenpaar vastleggen / record pseudonym pair: %w", err)
		}
	}
	return nil
}

// PseudonymMigration is what MigratePseudonyms did.
type PseudonymMigration struct {
	Old       []string       `json:"old_labels"`          // e.g. "hp1", "ha1"
	Mapped    int            `json:"mapped"`              // distinct old pseudonyms with a new one
	Unlinked  int            `json:"unlinked"`            // old pseudonyms no BRP extract gave a new one for
	Columns   map[string]int `json:"columns"`             // table.column → values relabelled
	AuditFrom int64          `json:"audit_resealed_from"` // first audit record re-sealed (0: none)
	Remaining int            `json:"remaining"`           // old-version pseudonyms left (always 0 on success)
}

var pseudonymToken = regexp.MustCompile(`h[pa][0-9]+:[a-z2-7]{52}`)

var b32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// keyedTables name, per table and pseudonym column, the other columns of a
// key the column is part of: a row whose new pseudonym already has a row
// (the BRP extract after rotation stored it) is dropped as a duplicate
// instead of breaking the key.
var keyedTables = map[string][]string{
	"persons.pseudonym":   nil,
	"address_buurt.house": nil,
	"residences.person":   {"peildatum", "bron"},
	"authorities.parent":  {"child", "peildatum"},
	"authorities.child":   {"parent", "peildatum"},
}

// MigratePseudonyms relabels every pseudonym whose label is in old (e.g.
// "hp1", "ha1") to its new pseudonym from pseudonym_map, in every text
// column of every table. An old pseudonym without a new one (someone who
// left before the last BRP extract) becomes an unlinkable label ("hpx:"/
// "hax:" + a hash of the old one): it still groups that person's history,
// but no key can ever produce it again. The audit log's hash chain is
// re-sealed from the first record that changed, with rehash, and a record
// says so. It all happens in one transaction, which is rolled back if any
// old-version pseudonym remains; the pair table is emptied.
func (s *Store) MigratePseudonyms(ctx context.Context, old []string, rehash func(AuditRecord) string) (PseudonymMigration, error) {
	res := PseudonymMigration{Old: old, Columns: map[string]int{}}
	if len(old) == 0 {
		return res, fmt.Errorf("geen oude sleutelversie om van te migreren / no old key version to migrate from")
	}
	isOld := func(tok string) bool {
		for _, o := range old {
			if strings.HasPrefix(tok, o+":") {
				return true
			}
		}
		return false
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	pairs := map[string]string{}
	rows, err := tx.QueryContext(ctx, `SELECT old, new FROM pseudonym_map`)
	if err != nil {
		return res, err
	}
	for rows.Next() {
		var o, n string
		if err := rows.Scan(&o, &n); err != nil {
			rows.Close()
			return res, err
		}
		pairs[o] = n
	}
	rows.Close()
	if len(pairs) == 0 {
		return res, fmt.Errorf("er zijn geen oude en nieuwe pseudoniemen naast elkaar; importeer eerst een BRP-uittreksel na het roteren / no side-by-side pseudonyms yet: import a BRP extract after rotating")
	}
	unlinked := map[string]bool{}
	relabel := func(tok string) string {
		if !isOld(tok) {
			return tok
		}
		if n, ok := pairs[tok]; ok {
			return n
		}
		unlinked[tok] = true
		sum := sha256.Sum256([]byte("ontschot-unlinked:" + tok))
		return tok[:2] + "x:" + b32.EncodeToString(sum[:])
	}
	cols, err := s.textColumns(ctx, tx)
	if err != nil {
		return res, err
	}
	like := make([]string, len(old))
	for i, o := range old {
		like[i] = fmt.Sprintf("%%%s:%%", o)
	}
	if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE pm_relabel (old TEXT PRIMARY KEY, new TEXT NOT NULL)`); err != nil {
		return res, err
	}
	for _, tc := range cols {
		table, col := tc[0], tc[1]
		if table == "pseudonym_map" || table == "pm_relabel" {
			continue
		}
		vals, err := distinctLike(ctx, tx, table, col, like)
		if err != nil {
			return res, err
		}
		if len(vals) == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pm_relabel`); err != nil {
			return res, err
		}
		for _, v := range vals {
			nv := pseudonymToken.ReplaceAllStringFunc(v, relabel)
			if _, err := tx.ExecContext(ctx, `INSERT INTO pm_relabel (old, new) VALUES ($1, $2)`, v, nv); err != nil {
				return res, err
			}
		}
		if table == "pseudonyms" && col == "pseudonym" {
			// Deliveries point at a pseudonym by id. Where the new
			// pseudonym already has an id (a delivery came in between
			// rotation and migration), the old id's deliveries move to it
			// and the old row goes; the rest are relabelled below.
			if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET person_id = (SELECT n.id FROM pseudonyms o JOIN pm_relabel r ON r.old = o.pseudonym JOIN pseudonyms n ON n.pseudonym = r.new WHERE o.id = deliveries.person_id)
				WHERE person_id IN (SELECT o.id FROM pseudonyms o JOIN pm_relabel r ON r.old = o.pseudonym JOIN pseudonyms n ON n.pseudonym = r.new)`); err != nil {
				return res, fmt.Errorf("leveringen naar het nieuwe pseudoniem / deliveries to the new pseudonym: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM pseudonyms WHERE pseudonym IN (SELECT old FROM pm_relabel)
				AND EXISTS (SELECT 1 FROM pseudonyms n WHERE n.pseudonym = (SELECT new FROM pm_relabel WHERE old = pseudonyms.pseudonym))`); err != nil {
				return res, fmt.Errorf("dubbele pseudoniemen opruimen / drop duplicate pseudonyms: %w", err)
			}
		}
		if others, keyed := keyedTables[table+"."+col]; keyed {
			q := fmt.Sprintf(`DELETE FROM %[1]s WHERE %[2]s IN (SELECT old FROM pm_relabel) AND EXISTS (SELECT 1 FROM %[1]s n WHERE n.%[2]s = (SELECT new FROM pm_relabel WHERE old = %[1]s.%[2]s)`, table, col)
			for _, o := range others {
				q += fmt.Sprintf(` AND n.%[2]s = %[1]s.%[2]s`, table, o)
			}
			if _, err := tx.ExecContext(ctx, q+`)`); err != nil {
				return res, fmt.Errorf("%s.%s: dubbele rijen opruimen / drop duplicate rows: %w", table, col, err)
			}
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE %[1]s SET %[2]s = (SELECT new FROM pm_relabel WHERE old = %[1]s.%[2]s) WHERE %[2]s IN (SELECT old FROM pm_relabel)`, table, col)); err != nil {
			return res, fmt.Errorf("%s.%s herlabelen / relabel: %w", table, col, err)
		}
		res.Columns[table+"."+col] = len(vals)
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE pm_relabel`); err != nil {
		return res, err
	}
	if res.Columns["audit_log.client"] > 0 || res.Columns["audit_log.detail"] > 0 || res.Columns["audit_log.on_behalf"] > 0 {
		if res.AuditFrom, err = resealAudit(ctx, tx, rehash, old); err != nil {
			return res, err
		}
	}
	res.Unlinked = len(unlinked)
	for o := range pairs {
		if isOld(o) {
			res.Mapped++
		}
	}
	for _, tc := range cols {
		if tc[0] == "pseudonym_map" {
			continue // emptied below
		}
		vals, err := distinctLike(ctx, tx, tc[0], tc[1], like)
		if err != nil {
			return res, err
		}
		res.Remaining += len(vals)
	}
	if res.Remaining > 0 {
		return res, fmt.Errorf("na het migreren staan er nog %d oude pseudoniemen; niets gewijzigd / %d old pseudonyms remain; nothing changed", res.Remaining, res.Remaining)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM pseudonym_map`); err != nil {
		return res, err
	}
	return res, tx.Commit()
}

// textColumns lists (table, column) of every text column of every table.
func (s *Store) textColumns(ctx context.Context, tx *sql.Tx) ([][2]string, error) {
	var out [][2]string
	if s.dialect == Postgres {
		rows, err := tx.QueryContext(ctx, `SELECT c.table_name, c.column_name FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'character varying')
			ORDER BY 1, 2`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var t, c string
			if err := rows.Scan(&t, &c); err != nil {
				return nil, err
			}
			out = append(out, [2]string{t, c})
		}
		return out, rows.Err()
	}
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	for _, t := range tables {
		rows, err := tx.QueryContext(ctx, `SELECT name, type FROM pragma_table_info($1)`, t)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c, typ string
			if err := rows.Scan(&c, &typ); err != nil {
				rows.Close()
				return nil, err
			}
			if typ == "" || strings.Contains(strings.ToUpper(typ), "TEXT") || strings.Contains(strings.ToUpper(typ), "CHAR") {
				out = append(out, [2]string{t, c})
			}
		}
		rows.Close()
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0]+"."+out[i][1] < out[j][0]+"."+out[j][1] })
	return out, nil
}

func distinctLike(ctx context.Context, tx *sql.Tx, table, col string, like []string) ([]string, error) {
	var conds []string
	args := make([]any, len(like))
	for i, l := range like {
		conds = append(conds, fmt.Sprintf(`%s LIKE $%d`, col, i+1))
		args[i] = l
	}
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT DISTINCT %s FROM %s WHERE %s`, col, table, strings.Join(conds, " OR ")), args...)
	if err != nil {
		return nil, fmt.Errorf("%s.%s doorzoeken / scan: %w", table, col, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v sql.NullString
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		if v.Valid {
			out = append(out, v.String)
		}
	}
	return out, rows.Err()
}

// resealAudit recomputes the audit chain from the first record whose hash
// no longer matches (its pseudonyms were relabelled), then appends a
// record that says the chain was re-sealed, from where, and over which
// old head. Returns the first re-sealed seq.
func resealAudit(ctx context.Context, tx *sql.Tx, rehash func(AuditRecord) string, old []string) (int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, err
	}
	var recs []AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		recs = append(recs, r)
	}
	rows.Close()
	var from int64
	prev, oldHead := "", ""
	for _, r := range recs {
		oldHead = r.Hash
		r.PrevHash = prev
		h := rehash(r)
		if h != r.Hash || from != 0 {
			if from == 0 {
				from = r.Seq
			}
			if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3`, prev, h, r.Seq); err != nil {
				return 0, err
			}
		}
		prev = h
	}
	if from == 0 {
		return 0, nil
	}
	r := AuditRecord{Seq: int64(len(recs)) + 1, At: now(), Event: "kluis: pseudoniemen gemigreerd", Outcome: "allow", Username: "ontschot kluis migrate", Role: "system",
		Purpose: "sleutelrotatie", Basis: "beheer",
		Detail:   fmt.Sprintf("sleutelversies %s vervangen; keten opnieuw verzegeld vanaf regel %d; oude kop %s / chain re-sealed from record %d, old head %s", strings.Join(old, ","), from, oldHead, from, oldHead),
		PrevHash: prev}
	if len(recs) > 0 {
		r.Seq = recs[len(recs)-1].Seq + 1
	}
	r.Hash = rehash(r)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (`+auditCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		r.Seq, r.At, r.Event, r.Outcome, r.Username, r.Role, r.OnBehalf, r.Purpose, r.Client, r.Basis, r.Detail, r.PrevHash, r.Hash, r.Source, r.Session)
	return from, err
}
