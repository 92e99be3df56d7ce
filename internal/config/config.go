// Package config resolves where Ontschot keeps its data and which database
// it uses, from flags and environment, with defaults that work on a fresh
// machine: an embedded database and a generated key file in ./ontschot-data.
package config

import (
	"os"
	"path/filepath"
)

// Config is the resolved configuration of one command.
type Config struct {
	DataDir string // holds the SQLite database and the kluis key file
	DBURL   string // postgres://… or empty for the embedded database
	KeyFile string // the kluis key file; default DataDir/kluis-keys.json
}

// DefaultDataDir is used when neither --data nor ONTSCHOT_DATA is given.
const DefaultDataDir = "ontschot-data"

// Resolve fills the defaults: flag values win over the environment
// (ONTSCHOT_DATA, ONTSCHOT_DB, ONTSCHOT_KEYFILE), which wins over defaults.
func Resolve(dataFlag, dbFlag string) Config {
	c := Config{DataDir: dataFlag, DBURL: dbFlag}
	if c.DataDir == "" {
		c.DataDir = os.Getenv("ONTSCHOT_DATA")
	}
	if c.DataDir == "" {
		c.DataDir = DefaultDataDir
	}
	if c.DBURL == "" {
		c.DBURL = os.Getenv("ONTSCHOT_DB")
	}
	c.KeyFile = os.Getenv("ONTSCHOT_KEYFILE")
	if c.KeyFile == "" {
		c.KeyFile = filepath.Join(c.DataDir, "kluis-keys.json")
	}
	return c
}

// Database returns what store.Open takes: the PostgreSQL URL or the path of
// the embedded database file.
func (c Config) Database() string {
	if c.DBURL != "" {
		return c.DBURL
	}
	return filepath.Join(c.DataDir, "ontschot.db")
}
