// Package kluis turns BSNs into keyed pseudonyms. It is the only part of
// Ontschot that sees a BSN next to a key; it never stores a BSN and never
// lets one into an error or log text (use MaskBSN).
//
// A pseudonym is label || base32(HMAC-SHA256(key[domain][version], "bsn:" || BSN)).
// The label says the scheme (h = HMAC-SHA256 + base32), the domain letter
// (p = person, a = address) and the key version, e.g. "hp1:" for a person
// pseudonym under key version 1. Lookup is forward only: whoever holds a BSN
// can find its pseudonym, nobody can go back.
package kluis

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Domains of pseudonyms. Different domains use different keys, so a person
// pseudonym can never be matched with an address pseudonym.
const (
	Person  = "person"
	Address = "address"
)

var domainLetter = map[string]string{Person: "p", Address: "a"}

var b32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// KeyFileName is the name of the key file inside the data directory.
const KeyFileName = "kluis-keys.json"

type keyFile struct {
	Comment string                  `json:"comment"`
	Keys    map[string][]versionKey `json:"keys"`
}

type versionKey struct {
	Version int    `json:"version"`
	Key     []byte `json:"key"` // base64 in JSON
}

// Kluis holds the keys. It is safe for concurrent use.
type Kluis struct {
	path  string
	keys  map[string][]versionKey
	pools map[string]*sync.Pool // domain/version → pool of hmac hashes
	// remote, when set, is the kluis service that holds the keys; this
	// Kluis then holds none (see Dial).
	remote *remote
}

// Open reads the key file at path, creating it with fresh random keys and
// mode 0600 when it does not exist. A key file readable by others is refused.
func Open(path string) (*Kluis, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		kf := keyFile{
			Comment: "Ontschot kluis keys. Back this file up apart from the database: without it no new data can be linked to existing pseudonyms. Never put it in the database.",
			Keys:    map[string][]versionKey{},
		}
		for d := range domainLetter {
			kf.Keys[d] = []versionKey{{Version: 1, Key: newKey()}}
		}
		if err := writeKeyFile(path, kf); err != nil {
			return nil, err
		}
		return newKluis(path, kf.Keys), nil
	}
	if err != nil {
		return nil, fmt.Errorf("sleutelbestand %s lezen: %w", path, err)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("sleutelbestand %s is leesbaar voor anderen (rechten %o); zet ze op 0600 / key file is readable by others", path, st.Mode().Perm())
	}
	var kf keyFile
	if err := json.Unmarshal(data, &kf); err != nil {
		return nil, fmt.Errorf("sleutelbestand %s is beschadigd / key file is corrupt: %w", path, err)
	}
	for d := range domainLetter {
		if len(kf.Keys[d]) == 0 {
			return nil, fmt.Errorf("sleutelbestand %s mist sleutels voor domein %q / key file lacks keys for domain %q", path, d, d)
		}
	}
	return newKluis(path, kf.Keys), nil
}

// New returns a Kluis with the given 32-byte keys (version 1), for tests and
// for a kluis hosted elsewhere. Nothing is written.
func New(personKey, addressKey []byte) *Kluis {
	return newKluis("", map[string][]versionKey{
		Person:  {{Version: 1, Key: personKey}},
		Address: {{Version: 1, Key: addressKey}},
	})
}

func newKluis(path string, keys map[string][]versionKey) *Kluis {
	k := &Kluis{path: path, keys: keys, pools: map[string]*sync.Pool{}}
	for d, vs := range keys {
		for _, v := range vs {
			key := v.Key
			k.pools[poolKey(d, v.Version)] = &sync.Pool{New: func() any { return hmac.New(sha256.New, key) }}
		}
	}
	return k
}

func poolKey(domain string, version int) string { return domain + "/" + strconv.Itoa(version) }

func newKey() []byte {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("kluis: no randomness: " + err.Error())
	}
	return b
}

func writeKeyFile(path string, kf keyFile) error {
	data, err := json.MarshalIndent(kf, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("map voor sleutelbestand maken: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("sleutelbestand schrijven: %w", err)
	}
	return os.Rename(tmp, path)
}

// Version returns the current (newest) key version of a domain.
func (k *Kluis) Version(domain string) int {
	if k.remote != nil {
		return k.remote.versions[domain]
	}
	vs := k.keys[domain]
	return vs[len(vs)-1].Version
}

// Pseudonym returns the pseudonym of value (a normalised BSN, or a
// normalised address key) in domain under the current key version.
func (k *Kluis) Pseudonym(domain, value string) string {
	return k.PseudonymVersion(domain, k.Version(domain), value)
}

// PseudonymVersion is Pseudonym under a given key version; rotation uses it
// to issue old and new pseudonyms side by side.
func (k *Kluis) PseudonymVersion(domain string, version int, value string) string {
	if k.remote != nil {
		return k.remote.one(domain, version, value)
	}
	prefix := "bsn:"
	if domain == Address {
		prefix = "adres:"
	}
	buf := make([]byte, 0, 8+b32.EncodedLen(sha256.Size))
	buf = append(buf, 'h')
	buf = append(buf, domainLetter[domain]...)
	buf = strconv.AppendInt(buf, int64(version), 10)
	buf = append(buf, ':')
	return string(k.mac(buf, domain, version, prefix, value))
}

// mac appends base32(HMAC(key[domain][version], prefix || value)) to buf.
func (k *Kluis) mac(buf []byte, domain string, version int, prefix, value string) []byte {
	pool := k.pools[poolKey(domain, version)]
	if pool == nil {
		panic(fmt.Sprintf("kluis: no key for domain %q version %d", domain, version))
	}
	h := pool.Get().(hash.Hash)
	h.Reset()
	h.Write([]byte(prefix))
	h.Write([]byte(value))
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	pool.Put(h)
	return b32.AppendEncode(buf, sum[:])
}

// OldVersions lists the key versions of domain older than the current
// one: after Rotate and until Retire, new data is pseudonymised under
// these too (side by side), so a store can migrate.
func (k *Kluis) OldVersions(domain string) []int {
	if k.remote != nil {
		return k.remote.old[domain]
	}
	var out []int
	vs := k.keys[domain]
	for _, v := range vs[:len(vs)-1] {
		out = append(out, v.Version)
	}
	return out
}

// Retire destroys every key version but the current one, once the store
// has migrated (ontschot kluis migrate). The first person key lives on
// only as the tag key of MaskKey, so masked referenties stay stable.
func (k *Kluis) Retire() ([]string, error) {
	if k.remote != nil {
		return nil, errors.New("de sleutels staan bij de kluisdienst; vernietig daar (ontschot kluis retire --data KLUISMAP) / retire at the kluis service")
	}
	if k.path == "" {
		return nil, errors.New("kluis zonder sleutelbestand / in-memory kluis")
	}
	if len(k.keys[Tag]) == 0 {
		k.keys[Tag] = []versionKey{k.keys[Person][0]}
	}
	var gone []string
	for d := range domainLetter {
		vs := k.keys[d]
		for _, v := range vs[:len(vs)-1] {
			gone = append(gone, fmt.Sprintf("h%s%d", domainLetter[d], v.Version))
		}
		k.keys[d] = vs[len(vs)-1:]
	}
	if err := writeKeyFile(k.path, keyFile{Comment: "Ontschot kluis keys. Back this file up apart from the database.", Keys: k.keys}); err != nil {
		return nil, err
	}
	*k = *newKluis(k.path, k.keys)
	return gone, nil
}

// Rotate adds a new key version for domain, makes it current and writes the
// key file. Old versions stay so old and new pseudonyms can be issued side by
// side until the store has migrated (see store.MigratePseudonyms).
func (k *Kluis) Rotate(domain string) (int, error) {
	if k.remote != nil {
		return 0, errors.New("de sleutels staan bij de kluisdienst; roteer daar (ontschot kluis rotate --data KLUISMAP) / rotate at the kluis service")
	}
	if k.path == "" {
		return 0, errors.New("kluis zonder sleutelbestand kan niet roteren / in-memory kluis cannot rotate")
	}
	if _, ok := domainLetter[domain]; !ok {
		return 0, fmt.Errorf("onbekend domein %q / unknown domain", domain)
	}
	v := k.Version(domain) + 1
	k.keys[domain] = append(k.keys[domain], versionKey{Version: v, Key: newKey()})
	if err := writeKeyFile(k.path, keyFile{Comment: "Ontschot kluis keys. Back this file up apart from the database.", Keys: k.keys}); err != nil {
		return 0, err
	}
	*k = *newKluis(k.path, k.keys)
	return v, nil
}

// PseudonymBSN validates and normalises bsn and returns its person pseudonym.
func (k *Kluis) PseudonymBSN(bsn string) (string, error) {
	n, err := NormalizeBSN(bsn)
	if err != nil {
		return "", err
	}
	if k.remote != nil {
		var resp struct {
			Pseudonym string `json:"pseudonym"`
		}
		if err := k.remote.call(context.Background(), "POST", "/v1/lookup", lookupRequest{BSN: n}, &resp); err != nil {
			return "", err
		}
		return resp.Pseudonym, nil
	}
	return k.Pseudonym(Person, n), nil
}

// MaskKey masks the BSNs in free text that is also a key, such as a
// delivery's referentie or an assignment number: like MaskFreeText, each
// nine-digit run that passes the 11-proef becomes "******782", followed by
// "~" and ten characters of a keyed hash of the nine digits. The text then
// holds no BSN, the same text masks the same way in every import (the key
// stays a key, imports stay idempotent), and two different numbers never
// mask alike (nothing is merged or lost). The hash uses the first person
// key, which rotation keeps, so a masked key survives a rotation.
func (k *Kluis) MaskKey(s string) string {
	if MaskFreeText(s) == s {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if run := s[i:j]; len(run) == 9 && ValidBSN(run) {
			b.WriteString("******" + run[6:] + "~" + tagText(k.tag(run)))
		} else {
			b.WriteString(run)
		}
		i = j
	}
	return b.String()
}

// tag is the keyed tag of a nine-digit run in MaskKey: a person pseudonym
// of "sleutel:"+run under the first person key version, which rotation
// keeps (and migration does not destroy), so masked keys stay stable.
func (k *Kluis) tag(run string) string {
	if k.remote != nil {
		return k.remote.one(Tag, 0, run)
	}
	if t := k.keys[Tag]; len(t) > 0 {
		return string(k.mac([]byte("ht:"), Tag, t[0].Version, "bsn:", "sleutel:"+run))
	}
	return k.PseudonymVersion(Person, k.keys[Person][0].Version, "sleutel:"+run)
}

func tagText(p string) string {
	i := strings.IndexByte(p, ':')
	if i < 0 || len(p) < i+11 {
		return "??????????" // only when the kluis service failed; the import rolls back
	}
	return p[i+1:][:10]
}

// KeyRuns returns the nine-digit runs in s that MaskKey tags (those that
// pass the 11-proef), so a caller can fetch their tags in one batch
// (Pseudonyms with domain Tag) before masking many keys.
func KeyRuns(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if run := s[i:j]; len(run) == 9 && ValidBSN(run) {
			out = append(out, run)
		}
		i = j
	}
	return out
}
