// Package storetest runs store tests against both engines: SQLite always,
// and PostgreSQL whenever it can be had — the server named by
// ONTSCHOT_TEST_PG (a postgres:// URL of a database the tests may create
// databases in), or else a throwaway cluster started with initdb and
// pg_ctl in a temporary directory, listening on a Unix socket only.
// Where no PostgreSQL binaries exist the PostgreSQL half is skipped with a
// visible message.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/ontschot/ontschot/internal/store"
)

// Engine is one database engine under test.
type Engine struct {
	Name string
	// Open returns a new, empty store and, for SQLite, the path of its file.
	Open func(t *testing.T) (*store.Store, string)
}

// Run runs f once per engine, as subtests "sqlite" and "postgres".
func Run(t *testing.T, f func(t *testing.T, s *store.Store, path string)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) {
			s, path := e.Open(t)
			f(t, s, path)
		})
	}
}

// Engines returns SQLite and PostgreSQL.
func Engines() []Engine {
	return []Engine{{Name: "sqlite", Open: OpenSQLite}, {Name: "postgres", Open: OpenPostgres}}
}

// OpenSQLite opens a fresh SQLite store in a temporary directory.
func OpenSQLite(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ontschot.db")
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// OpenPostgres opens a store on a fresh PostgreSQL database, or skips.
func OpenPostgres(t *testing.T) (*store.Store, string) {
	t.Helper()
	u := PostgresURL(t)
	s, err := store.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, u
}

var (
	pgOnce   sync.Once
	pgBase   string // URL of the maintenance database
	pgSkip   string // why PostgreSQL is not available
	pgStop   func()
	pgSerial atomic.Int64
)

// PostgresURL creates a fresh database and returns its URL, or skips the
// test with the reason PostgreSQL is not available.
func PostgresURL(t *testing.T) string {
	t.Helper()
	pgOnce.Do(startPostgres)
	if pgSkip != "" {
		t.Skip("PostgreSQL overgeslagen / skipped: " + pgSkip)
	}
	admin, err := sql.Open("pgx", pgBase)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("ontschot_test_%d_%d", os.Getpid(), pgSerial.Add(1))
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("CREATE DATABASE: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", pgBase)
		if err == nil {
			a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	u, _ := url.Parse(pgBase)
	u.Path = "/" + name
	return u.String()
}

// Main wraps testing.M so a cluster this package started is stopped.
func Main(m interface{ Run() int }) {
	code := m.Run()
	if pgStop != nil {
		pgStop()
	}
	os.Exit(code)
}

func startPostgres() {
	if u := os.Getenv("ONTSCHOT_TEST_PG"); u != "" {
		pgBase = u
		return
	}
	bin, err := findPGBin()
	if err != nil {
		pgSkip = err.Error()
		return
	}
	dir, err := os.MkdirTemp("", "opg")
	if err != nil {
		pgSkip = err.Error()
		return
	}
	// initdb refuses to run as root: run the server as user postgres then.
	var asUser []string
	if os.Geteuid() == 0 {
		pu, err := user.Lookup("postgres")
		if err != nil {
			pgSkip = "als root is een gebruiker postgres nodig / running as root needs a postgres user"
			return
		}
		uid, _ := strconv.Atoi(pu.Uid)
		gid, _ := strconv.Atoi(pu.Gid)
		os.Chown(dir, uid, gid)
		asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	run := func(args ...string) ([]byte, error) {
		full := append(append([]string{}, asUser...), args...)
		cmd := exec.Command(full[0], full[1:]...)
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		return cmd.CombinedOutput()
	}
	data := filepath.Join(dir, "data")
	if out, err := run(filepath.Join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"); err != nil {
		pgSkip = fmt.Sprintf("initdb mislukt / failed: %v: %s", err, lastLine(out))
		return
	}
	port := 20000 + os.Getpid()%20000
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off", port, dir)
	if out, err := run(filepath.Join(bin, "pg_ctl"), "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "30", "start"); err != nil {
		pgSkip = fmt.Sprintf("pg_ctl start mislukt / failed: %v: %s", err, lastLine(out))
		return
	}
	pgBase = fmt.Sprintf("postgres://postgres@/postgres?host=%s&port=%d&sslmode=disable", dir, port)
	pgStop = func() {
		run(filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop")
		os.RemoveAll(dir)
	}
	// Wait until it takes connections.
	for i := 0; i < 50; i++ {
		db, err := sql.Open("pgx", pgBase)
		if err == nil && db.Ping() == nil {
			db.Close()
			return
		}
		if db != nil {
			db.Close()
		}
		time.Sleep(100 * time.Millisecond)
	}
	pgSkip = "PostgreSQL startte niet / did not start"
}

func findPGBin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(r), nil
		}
		return filepath.Dir(p), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(matches) > 0 {
		return filepath.Dir(matches[len(matches)-1]), nil
	}
	return "", fmt.Errorf("geen PostgreSQL-programma's gevonden (initdb, pg_ctl); installeer postgresql of zet ONTSCHOT_TEST_PG / no PostgreSQL binaries found")
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
