package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// schema is what a dialect's migrations built: per table, its columns
// (name → type class) and its explicit indexes (name → columns).
type schema struct {
	columns map[string]map[string]string
	indexes map[string]map[string]string
	keys    []string // "primary key t (a,b)" and "unique t (a)", by columns
}

// typeClass folds an engine's column type into the class both engines
// share: the same value must be stored in the same class on both.
func typeClass(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	switch {
	case t == "":
		return "?"
	case strings.Contains(t, "int") || t == "serial" || t == "bigserial":
		return "integer"
	case strings.Contains(t, "char") || strings.Contains(t, "text"):
		return "text"
	case strings.Contains(t, "blob") || t == "bytea":
		return "bytes"
	case strings.Contains(t, "real") || strings.Contains(t, "double") || strings.Contains(t, "float") || strings.Contains(t, "numeric"):
		return "real"
	case strings.Contains(t, "bool"):
		return "boolean"
	case strings.Contains(t, "timestamp") || t == "date":
		return "time"
	}
	return t
}

// indexColumn names an indexed column; an expression has no name on
// either engine.
func indexColumn(c sql.NullString) string {
	if !c.Valid || c.String == "" {
		return "(expression)"
	}
	return c.String
}

func readSchema(t *testing.T, s *store.Store) schema {
	t.Helper()
	ctx := context.Background()
	db := s.DB()
	sc := schema{columns: map[string]map[string]string{}, indexes: map[string]map[string]string{}}
	tables, err := s.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		sc.columns[tb], sc.indexes[tb] = map[string]string{}, map[string]string{}
	}
	query := func(q string, args []any, scan func(r *sql.Rows) error) {
		t.Helper()
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	// names answers a one-column question, a name per row (an expression
	// has none: see indexColumn).
	names := func(q string, arg any) []string {
		var out []string
		query(q, []any{arg}, func(r *sql.Rows) error {
			var c sql.NullString
			err := r.Scan(&c)
			out = append(out, indexColumn(c))
			return err
		})
		return out
	}
	switch s.Dialect() {
	case store.SQLite:
		for _, tb := range tables {
			query(`SELECT name, type FROM pragma_table_info($1)`, []any{tb}, func(r *sql.Rows) error {
				var name, typ string
				err := r.Scan(&name, &typ)
				sc.columns[tb][name] = typeClass(typ)
				return err
			})
			// Explicit indexes only (sql not null): the ones PRIMARY KEY and
			// UNIQUE make are constraints, compared as keys by their columns.
			for _, ix := range names(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL`, tb) {
				sc.indexes[tb][ix] = strings.Join(names(`SELECT name FROM pragma_index_info($1) ORDER BY seqno`, ix), ",")
			}
			if pk := names(`SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk`, tb); len(pk) > 0 {
				sc.keys = append(sc.keys, fmt.Sprintf("primary key %s (%s)", tb, strings.Join(pk, ",")))
			}
			for _, ix := range names(`SELECT name FROM pragma_index_list($1) WHERE origin = 'u'`, tb) {
				cols := names(`SELECT name FROM pragma_index_info($1) ORDER BY seqno`, ix)
				sc.keys = append(sc.keys, fmt.Sprintf("unique %s (%s)", tb, strings.Join(cols, ",")))
			}
		}
	case store.Postgres:
		query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()`, nil, func(r *sql.Rows) error {
			var tb, name, typ string
			err := r.Scan(&tb, &name, &typ)
			if sc.columns[tb] != nil {
				sc.columns[tb][name] = typeClass(typ)
			}
			return err
		})
		// Explicit indexes only: not the ones behind a PRIMARY KEY or UNIQUE
		// constraint.
		query(`SELECT t.relname, i.relname, a.attname
			FROM pg_index x
			JOIN pg_class i ON i.oid = x.indexrelid
			JOIN pg_class t ON t.oid = x.indrelid
			JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
			JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
			LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
			WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
			ORDER BY t.relname, i.relname, k.ord`, nil, func(r *sql.Rows) error {
			var tb, ix string
			var col sql.NullString
			err := r.Scan(&tb, &ix, &col)
			if sc.indexes[tb] != nil {
				if prev := sc.indexes[tb][ix]; prev != "" {
					sc.indexes[tb][ix] = prev + "," + indexColumn(col)
				} else {
					sc.indexes[tb][ix] = indexColumn(col)
				}
			}
			return err
		})
		query(`SELECT c.contype, t.relname, string_agg(a.attname, ',' ORDER BY k.ord)
			FROM pg_constraint c
			JOIN pg_class t ON t.oid = c.conrelid
			JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
			JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) ON true
			JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
			WHERE c.contype IN ('p', 'u') AND NOT t.relispartition
			GROUP BY c.oid, c.contype, t.relname`, nil, func(r *sql.Rows) error {
			var typ, tb, cols string
			err := r.Scan(&typ, &tb, &cols)
			kind := map[string]string{"p": "primary key", "u": "unique"}[typ]
			sc.keys = append(sc.keys, fmt.Sprintf("%s %s (%s)", kind, tb, cols))
			return err
		})
	}
	return sc
}

func (sc schema) lines() []string {
	var out []string
	for tb, cols := range sc.columns {
		for c, class := range cols {
			out = append(out, fmt.Sprintf("column %s.%s %s", tb, c, class))
		}
		out = append(out, "table "+tb)
	}
	for tb, ixs := range sc.indexes {
		for ix, cols := range ixs {
			out = append(out, fmt.Sprintf("index %s.%s (%s)", tb, ix, cols))
		}
	}
	out = append(out, sc.keys...)
	sort.Strings(out)
	return out
}

// deliberateDifferences are the schema lines one dialect has and the other
// has not, on purpose, each with why. Otherwise both dialects build the
// same tables, columns (by type class), keys and indexes. Add a line here
// only with a comment that says why the engines must differ.
var deliberateDifferences = map[string]string{
	// PostgreSQL partitions deliveries by gemeente (migration 021), and a
	// partitioned table's primary key must hold the partition key; SQLite
	// keeps its rowid as the key, which a composite key would lose.
	"primary key deliveries (id)":          "sqlite: rowid key",
	"primary key deliveries (id,gemeente)": "postgres: partitioned by gemeente",
}

// schemaDiff lists the lines only one side has, minus the allowed ones.
func schemaDiff(sqlite, postgres []string, allow map[string]string) []string {
	in := func(lines []string) map[string]bool {
		m := map[string]bool{}
		for _, l := range lines {
			m[l] = true
		}
		return m
	}
	s, p := in(sqlite), in(postgres)
	var out []string
	for _, l := range sqlite {
		if !p[l] && allow[l] == "" {
			out = append(out, "only in sqlite: "+l)
		}
	}
	for _, l := range postgres {
		if !s[l] && allow[l] == "" {
			out = append(out, "only in postgres: "+l)
		}
	}
	return out
}

// TestMigrationsAgree applies every migration of both dialects to a fresh
// database and compares what they built: the same tables, columns (name
// and type class), primary keys, unique constraints and indexes (name and
// columns). The two files of one migration are kept in step by this test,
// not by a comment.
func TestMigrationsAgree(t *testing.T) {
	lite, _ := storetest.OpenSQLite(t)
	sl := readSchema(t, lite).lines()
	count := func(prefix string) int {
		n := 0
		for _, l := range sl {
			if strings.HasPrefix(l, prefix) {
				n++
			}
		}
		return n
	}
	// A reader gone blind would make two empty schemas agree.
	if count("table ") < 20 || count("column ") < 200 || count("index ") < 10 || count("primary key ") < 20 {
		t.Fatalf("read too little of the SQLite schema: %d tables, %d columns, %d indexes, %d primary keys",
			count("table "), count("column "), count("index "), count("primary key "))
	}
	pg, _ := storetest.OpenPostgres(t) // skips visibly without PostgreSQL
	for _, d := range schemaDiff(sl, readSchema(t, pg).lines(), deliberateDifferences) {
		t.Error(d)
	}
}

// TestSchemaDiffCatches feeds the comparison schemas that differ, so a
// comparison gone blind fails here.
func TestSchemaDiffCatches(t *testing.T) {
	a := []string{"table t", "column t.a integer", "index t.t_a (a)"}
	for _, c := range []struct {
		name string
		b    []string
		want string
	}{
		{"type class", []string{"table t", "column t.a text", "index t.t_a (a)"}, "only in sqlite: column t.a integer"},
		{"index columns", []string{"table t", "column t.a integer", "index t.t_a (a,b)"}, "only in sqlite: index t.t_a (a)"},
		{"missing table", []string{"column t.a integer", "index t.t_a (a)"}, "only in sqlite: table t"},
	} {
		got := schemaDiff(a, c.b, nil)
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("%s: got %q, want first %q", c.name, got, c.want)
		}
	}
	if got := schemaDiff(a, a[:2], map[string]string{"index t.t_a (a)": "test"}); len(got) != 0 {
		t.Errorf("an allowed difference is reported: %q", got)
	}
	if typeClass("BIGSERIAL") != "integer" || typeClass("bigint") != "integer" || typeClass("TEXT") != "text" || typeClass("bytea") != "bytes" || typeClass("BLOB") != "bytes" {
		t.Error("typeClass folds the engines' types wrongly")
	}
}
