package kluis

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// The kluis service: the kluis as its own process, run by a trusted third
// party with its own key file (`ontschot kluis serve`). The Ontschot
// instance holds no key; it sends BSNs (and address keys) and gets
// pseudonyms back. Nothing ever goes the other way: no endpoint takes a
// pseudonym, and no answer holds a BSN.
//
//	GET  /v1/versions    current key version per domain
//	POST /v1/pseudonyms  batch: {"domain","version","values":[…]} → {"pseudonyms":[…]}
//	POST /v1/lookup      one BSN (a professional's assign-by-BSN, a family's
//	                     log-in) → {"pseudonym"}; rate-limited per client
//
// Every call is written to a hash-chained log: who (the client
// certificate's name, or "unix" on a socket), when, which endpoint, how
// many values — never which.

// Tag is the pseudonym domain of the keyed tags in MaskKey.
const Tag = "tag"

// MaxBatch bounds the values in one batch call.
const MaxBatch = 100000

// LogFileName is the name of the service's call log inside its directory.
const LogFileName = "kluis-log.jsonl"

// ServiceOptions configure a Service.
type ServiceOptions struct {
	LogPath string // hash-chained call log (JSON lines)
	// LookupsPerMinute bounds single look-ups per client (default 30);
	// Burst is how many may come at once (default 10).
	LookupsPerMinute int
	Burst            int
	// ClientName names the caller of a request (default: the verified
	// client certificate's common name, or "unix").
	ClientName func(*http.Request) string
	Now        func() time.Time
}

// Service serves a Kluis over HTTP.
type Service struct {
	k    *Kluis
	opts ServiceOptions
	mu   sync.Mutex
	log  *os.File
	prev string
	rate map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewService opens (or continues) the call log and returns the service.
func NewService(k *Kluis, opts ServiceOptions) (*Service, error) {
	if k.remote != nil {
		return nil, errors.New("een kluisdienst heeft zelf de sleutels nodig / a kluis service needs its own keys")
	}
	if opts.LookupsPerMinute <= 0 {
		opts.LookupsPerMinute = 30
	}
	if opts.Burst <= 0 {
		opts.Burst = 10
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ClientName == nil {
		opts.ClientName = clientName
	}
	s := &Service{k: k, opts: opts, rate: map[string]*bucket{}}
	if opts.LogPath != "" {
		prev, err := lastHash(opts.LogPath)
		if err != nil {
			return nil, err
		}
		f, err := os.OpenFile(opts.LogPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, fmt.Errorf("logboek van de kluis openen / open kluis log: %w", err)
		}
		s.log, s.prev = f, prev
	}
	return s, nil
}

// Close closes the call log.
func (s *Service) Close() error {
	if s.log == nil {
		return nil
	}
	return s.log.Close()
}

func clientName(r *http.Request) string {
	if r.TLS != nil && len(r.TLS.VerifiedChains) > 0 {
		return r.TLS.VerifiedChains[0][0].Subject.CommonName
	}
	return "unix"
}

// LogEntry is one line of the call log. It says who asked how many
// pseudonyms when; it never holds a BSN or a pseudonym.
type LogEntry struct {
	Time     string `json:"time"`
	Client   string `json:"client"`
	Endpoint string `json:"endpoint"`
	Domain   string `json:"domain,omitempty"`
	Count    int    `json:"count"`
	Outcome  string `json:"outcome"`
	Prev     string `json:"prev"`
	Hash     string `json:"hash"`
}

func entryHash(e LogEntry) string {
	e.Hash = ""
	b, _ := json.Marshal(e)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (s *Service) record(client, endpoint, domain string, count int, outcome string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.log == nil {
		return nil
	}
	e := LogEntry{Time: s.opts.Now().UTC().Format(time.RFC3339Nano), Client: client, Endpoint: endpoint, Domain: domain, Count: count, Outcome: outcome, Prev: s.prev}
	e.Hash = entryHash(e)
	b, _ := json.Marshal(e)
	if _, err := s.log.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("logboek van de kluis schrijven / write kluis log: %w", err)
	}
	s.prev = e.Hash
	return nil
}

// VerifyLog checks the hash chain of a call log and returns its number of
// entries, or the line where the chain breaks.
func VerifyLog(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	prev, n := "", 0
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		var e LogEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			return n, fmt.Errorf("regel %d is geen logregel / line %d is not a log entry", i+1, i+1)
		}
		if e.Prev != prev || entryHash(e) != e.Hash {
			return n, fmt.Errorf("keten gebroken op regel %d / chain broken at line %d", i+1, i+1)
		}
		prev, n = e.Hash, n+1
	}
	return n, nil
}

func lastHash(path string) (string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if last := lines[len(lines)-1]; last != "" {
		var e LogEntry
		if err := json.Unmarshal([]byte(last), &e); err != nil {
			return "", fmt.Errorf("logboek van de kluis is beschadigd / kluis log is corrupt")
		}
		return e.Hash, nil
	}
	return "", nil
}

func (s *Service) allow(client string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	b := s.rate[client]
	if b == nil {
		b = &bucket{tokens: float64(s.opts.Burst), at: now}
		s.rate[client] = b
	}
	b.tokens += now.Sub(b.at).Minutes() * float64(s.opts.LookupsPerMinute)
	if b.tokens > float64(s.opts.Burst) {
		b.tokens = float64(s.opts.Burst)
	}
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

type batchRequest struct {
	Domain  string   `json:"domain"`
	Version int      `json:"version,omitempty"`
	Values  []string `json:"values"`
}

type versions struct {
	Person     int   `json:"person"`
	Address    int   `json:"address"`
	OldPerson  []int `json:"old_person,omitempty"`
	OldAddress []int `json:"old_address,omitempty"`
}

type lookupRequest struct {
	BSN string `json:"bsn"`
}

type serviceError struct {
	Error   string `json:"error"`
	ErrorEN string `json:"error_en"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, code int, nl, en string) {
	writeJSON(w, code, serviceError{Error: nl, ErrorEN: en})
}

// ServeHTTP implements http.Handler.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	client := s.opts.ClientName(r)
	switch {
	case r.URL.Path == "/v1/versions" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, versions{Person: s.k.Version(Person), Address: s.k.Version(Address),
			OldPerson: s.k.OldVersions(Person), OldAddress: s.k.OldVersions(Address)})
	case r.URL.Path == "/v1/pseudonyms" && r.Method == http.MethodPost:
		s.batch(w, r, client)
	case r.URL.Path == "/v1/lookup" && r.Method == http.MethodPost:
		s.lookup(w, r, client)
	default:
		fail(w, http.StatusNotFound, "onbekend adres", "unknown endpoint")
	}
}

func (s *Service) batch(w http.ResponseWriter, r *http.Request, client string) {
	var req batchRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<20)).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "verzoek is geen geldige JSON", "request is not valid JSON")
		return
	}
	if len(req.Values) > MaxBatch {
		fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("hoogstens %d waarden per verzoek", MaxBatch), fmt.Sprintf("at most %d values per request", MaxBatch))
		return
	}
	dom := req.Domain
	if dom == Tag {
		dom = Person
	}
	if _, ok := domainLetter[dom]; !ok {
		fail(w, http.StatusBadRequest, "onbekend domein", "unknown domain")
		return
	}
	version := req.Version
	switch {
	case req.Domain == Tag:
		version = 0
	case version == 0:
		version = s.k.Version(dom)
	case s.k.pools[poolKey(dom, version)] == nil:
		fail(w, http.StatusBadRequest, "onbekende sleutelversie", "unknown key version")
		return
	}
	out := make([]string, len(req.Values))
	for i, v := range req.Values {
		if req.Domain == Tag {
			out[i] = s.k.tag(v)
			continue
		}
		out[i] = s.k.PseudonymVersion(dom, version, v)
	}
	if err := s.record(client, "pseudonyms", req.Domain, len(req.Values), "ok"); err != nil {
		fail(w, http.StatusInternalServerError, "logboek niet bij te werken; niets gegeven", "log not writable; nothing returned")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"version": version, "pseudonyms": out})
}

func (s *Service) lookup(w http.ResponseWriter, r *http.Request, client string) {
	if !s.allow(client) {
		s.record(client, "lookup", Person, 1, "rate-limited")
		w.Header().Set("Retry-After", "60")
		fail(w, http.StatusTooManyRequests, "te veel losse opvragingen; probeer het over een minuut opnieuw", "too many single look-ups; try again in a minute")
		return
	}
	var req lookupRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "verzoek is geen geldige JSON", "request is not valid JSON")
		return
	}
	p, err := s.k.PseudonymBSN(req.BSN)
	if err != nil {
		s.record(client, "lookup", Person, 1, "invalid")
		// The BSN errors never contain the number.
		nl, en, _ := strings.Cut(err.Error(), " / ")
		fail(w, http.StatusUnprocessableEntity, nl, en)
		return
	}
	if err := s.record(client, "lookup", Person, 1, "ok"); err != nil {
		fail(w, http.StatusInternalServerError, "logboek niet bij te werken; niets gegeven", "log not writable; nothing returned")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"pseudonym": p})
}
