// Package store is Ontschot's database: one Store over SQLite (embedded,
// the default) or PostgreSQL, with embedded migrations per dialect and
// hand-written SQL with $N placeholders where the dialects agree.
//
// The store holds pseudonyms, never a BSN, name or address. Personal data is
// read from it only through the access package's decision (web) or by the
// release freeze (which aggregates before anything leaves). Package web
// never imports it: cli hands web narrow views of it (web.Sources), and
// household data only through access.Gate. One file per entity:
// access.go (users, sessions, assignments, audit), documents.go (policy
// documents), plan.go (household plans, own table since migration 008),
// household.go, feedback.go, releases.go, people.go, periods.go, …; the
// two dialects' migrations are compared by TestMigrationsAgree.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/ontschot/ontschot/internal/model"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the database. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	dialect Dialect
	dsn     string
}

// ErrNotFound is returned when a looked-up record does not exist.
var ErrNotFound = model.ErrNotFound

// Open opens the database named by url — "postgres://…" or "postgresql://…"
// for PostgreSQL, otherwise a SQLite file path — and applies the migrations.
func Open(ctx context.Context, url string) (*Store, error) {
	s := &Store{dsn: url}
	var err error
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		s.dialect = Postgres
		s.db, err = sql.Open("pgx", url)
		if err == nil {
			s.db.SetMaxOpenConns(8)
		}
	} else {
		s.dialect = SQLite
		if err := os.MkdirAll(filepath.Dir(url), 0o700); err != nil {
			return nil, fmt.Errorf("map voor database maken / create database directory: %w", err)
		}
		dsn := "file:" + url + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=cache_size(-32768)&_pragma=temp_store(MEMORY)&_txlock=immediate"
		s.db, err = sql.Open("sqlite", dsn)
		if err == nil {
			// One writer at a time is SQLite's rule; readers share the pool.
			s.db.SetMaxOpenConns(4)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("database openen / open database: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.db.PingContext(pingCtx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("database niet bereikbaar / database unreachable (%s): %w", s.dialect, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Dialect says which engine this store runs on.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB exposes the handle for tests and for the few dialect-specific bulk paths.
func (s *Store) DB() *sql.DB { return s.db }

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migraties / migrations: %w", err)
	}
	names, err := fs.Glob(migrationFiles, "migrations/"+string(s.dialect)+"_*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		short := strings.TrimPrefix(strings.TrimSuffix(filepath.Base(name), ".sql"), string(s.dialect)+"_")
		if migrateUpTo != "" && short > migrateUpTo {
			break
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, short).Scan(&n); err != nil {
			return fmt.Errorf("migraties / migrations: %w", err)
		}
		if n > 0 {
			continue
		}
		body, _ := migrationFiles.ReadFile(name)
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if s.dialect == Postgres {
			// Two processes starting at once must not both migrate.
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7350101)`); err != nil {
				tx.Rollback()
				return err
			}
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, short).Scan(&n); err != nil || n > 0 {
				tx.Rollback()
				if err != nil {
					return err
				}
				continue
			}
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migratie %s mislukt / migration failed: %w", short, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, short, now()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// migrateUpTo, when set (by upgrade tests), stops the migrations after
// the one of that name, so a test can fill a store of an older schema.
var migrateUpTo string

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// pgxConn runs f with the pgx connection under a database/sql connection,
// for CopyFrom. Only for Postgres.
func pgxConnOf(dc any) (*stdlibConn, bool) {
	c, ok := dc.(*stdlib.Conn)
	if !ok {
		return nil, false
	}
	return &stdlibConn{c}, true
}

type stdlibConn struct{ *stdlib.Conn }

// Tables lists the user tables, for tests that scan every table.
func (s *Store) Tables(ctx context.Context) ([]string, error) {
	var q string
	if s.dialect == Postgres {
		// A partition's rows are read through its parent (deliveries).
		q = `SELECT table_name FROM information_schema.tables t WHERE table_schema = current_schema()
			AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = t.table_name AND c.relispartition) ORDER BY 1`
	} else {
		q = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
