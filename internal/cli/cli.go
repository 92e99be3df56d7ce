// Package cli is the ontschot command line: one file per subcommand, each
// with its flags and its text or --json output. Every command exits
// non-zero with a one-line reason on stderr when it fails.
//
// cli wires everything (it alone gives web its Sources over the store); it
// must never hold a business rule itself, print a full BSN, or change the
// shape of a command's --json output without a new command or flag.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ontschot/ontschot/internal/config"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
)

// env is what every command gets: the global flags and the output streams.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	data   string
	db     string
	json   bool
}

type command struct {
	name  string
	usage string
	run   func(e *env, args []string) error
}

var commands []command

func register(c command) { commands = append(commands, c) }

// Run runs the command line and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	name := args[0]
	for _, c := range commands {
		if c.name == name {
			if err := c.run(e, args[1:]); err != nil {
				if errors.Is(err, flag.ErrHelp) {
					return 0
				}
				var ee *exitError
				if errors.As(err, &ee) {
					if ee.msg != "" {
						fmt.Fprintln(stderr, "ontschot "+name+": "+oneLine(ee.msg))
					}
					return ee.code
				}
				fmt.Fprintln(stderr, "ontschot "+name+": "+oneLine(err.Error()))
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "ontschot: onbekende opdracht %q / unknown command; zie `ontschot help`\n", name)
	return 2
}

// exitError ends a command with a given exit code (e.g. an audit that finds
// a household it can pin).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func usage(w io.Writer) {
	fmt.Fprintln(w, "ontschot — waar gaat het geld in het sociaal domein naartoe, zonder een huishouden te zien.")
	fmt.Fprintln(w, "\nGebruik: ontschot <opdracht> [opties]\n\nOpdrachten:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.usage)
	}
	fmt.Fprintln(w, "\nAlgemene opties (bij elke opdracht): --data MAP (standaard ./ontschot-data, env ONTSCHOT_DATA), --db postgres://… (env ONTSCHOT_DB), --json")
}

// flags returns a FlagSet with the global flags registered.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("ontschot "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.data, "data", "", "map met de database en het sleutelbestand (env ONTSCHOT_DATA)")
	fs.StringVar(&e.db, "db", "", "postgres://… in plaats van de ingebouwde database (env ONTSCHOT_DB)")
	fs.BoolVar(&e.json, "json", false, "uitvoer als één JSON-document")
	return fs
}

// parse parses flags that may stand before, between or after the positional
// arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func (e *env) config() config.Config { return config.Resolve(e.data, e.db) }

func (e *env) openStore() (*store.Store, error) {
	return store.Open(e.ctx, e.config().Database())
}

// openExistingStore is openStore for commands that only read: a mistyped
// --data must not silently create an empty database and show nothing.
func (e *env) openExistingStore() (*store.Store, error) {
	c := e.config()
	if c.DBURL == "" {
		if _, err := os.Stat(c.Database()); err != nil {
			return nil, fmt.Errorf("geen database in %s; laad eerst gegevens (ontschot demo of ontschot import) of kies de juiste --data / no database in %s", c.DataDir, c.DataDir)
		}
	}
	return store.Open(e.ctx, c.Database())
}

// openKluis opens the key file, or, when ONTSCHOT_KLUIS_URL is set,
// connects to the kluis service; the instance then holds no key (see
// kluis_remote.go).
func (e *env) openKluis() (*kluis.Kluis, error) {
	if c := e.config(); c.KluisURL != "" {
		return openRemoteKluis(e.ctx, c)
	}
	return kluis.Open(e.config().KeyFile)
}

// printJSON writes v as the one JSON document of a --json command.
func (e *env) printJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Main is what cmd/ontschot calls.
func Main() {
	os.Exit(Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
