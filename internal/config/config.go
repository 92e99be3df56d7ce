// Package config resolves where Ontschot keeps its data and which database
// it uses, from flags and environment, with defaults that work on a fresh
// machine: an embedded database and a generated key file in ./ontschot-data.
//
// Anyone may read it; it must never open a database or a key file itself,
// nor hold a secret in a default.
package config

import (
	"os"
	"path/filepath"
	"strconv"
)

// Config is the resolved configuration of one command.
type Config struct {
	DataDir string // holds the SQLite database and the kluis key file
	DBURL   string // postgres://… or empty for the embedded database
	KeyFile string // the kluis key file; default DataDir/kluis-keys.json
	// MaxUploadMB bounds one provider upload for `serve` (env
	// ONTSCHOT_MAX_UPLOAD_MB, default 64; the flag --max-upload-mb wins).
	MaxUploadMB int
	// TrustedProxies lists the reverse proxies (CIDRs, comma-separated)
	// whose X-Forwarded-For `serve --behind-proxy` believes (env
	// ONTSCHOT_TRUSTED_PROXIES, default loopback; --trusted-proxies wins).
	TrustedProxies string
	// HourlyCostOwnCents is what an hour of the municipality's own team
	// costs, for own trajectories reported in hours without an amount (env
	// ONTSCHOT_UURTARIEF_EIGEN in eurocents; default €75).
	HourlyCostOwnCents int64
	// KluisURL, when set (env ONTSCHOT_KLUIS_URL: unix:///path or
	// https://host:port), is the kluis service that holds the keys; the
	// instance then holds none. KluisCert, KluisKey and KluisCA (env
	// ONTSCHOT_KLUIS_CERT, _KEY, _CA) are the client certificate for https.
	KluisURL, KluisCert, KluisKey, KluisCA string
}

// DefaultHourlyCostOwnCents is €75, a typical full hourly cost of a
// municipal social worker.
const DefaultHourlyCostOwnCents = 7500

// DefaultMaxUploadMB is the upload limit when nothing sets one.
const DefaultMaxUploadMB = 64

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
	c.MaxUploadMB = DefaultMaxUploadMB
	if n, err := strconv.Atoi(os.Getenv("ONTSCHOT_MAX_UPLOAD_MB")); err == nil && n > 0 {
		c.MaxUploadMB = n
	}
	c.TrustedProxies = os.Getenv("ONTSCHOT_TRUSTED_PROXIES")
	c.HourlyCostOwnCents = DefaultHourlyCostOwnCents
	if n, err := strconv.ParseInt(os.Getenv("ONTSCHOT_UURTARIEF_EIGEN"), 10, 64); err == nil && n > 0 {
		c.HourlyCostOwnCents = n
	}
	c.KluisURL = os.Getenv("ONTSCHOT_KLUIS_URL")
	c.KluisCert = os.Getenv("ONTSCHOT_KLUIS_CERT")
	c.KluisKey = os.Getenv("ONTSCHOT_KLUIS_KEY")
	c.KluisCA = os.Getenv("ONTSCHOT_KLUIS_CA")
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
