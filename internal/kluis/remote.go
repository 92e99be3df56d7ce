package kluis

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ErrUnreachable is what every pseudonymisation returns while the kluis
// service cannot be reached: the instance holds no key, so it can
// pseudonymise nothing.
var ErrUnreachable = errors.New("de kluisdienst is niet bereikbaar; er is niets gepseudonimiseerd en niets opgeslagen / the kluis service is unreachable; nothing was pseudonymised or stored")

// TLSFiles name the client certificate, its key and the CA that signed the
// service's certificate, for an https:// kluis URL.
type TLSFiles struct {
	Cert, Key, CA string
}

// remote is a Kluis whose keys live in a kluis service.
type remote struct {
	base     string
	client   *http.Client
	versions map[string]int
	old      map[string][]int

	mu    sync.Mutex
	cache map[string]string // domain/version/value → pseudonym, for this process only

	failures atomic.Int64
	lastErr  atomic.Pointer[error]
	downTill atomic.Int64 // unix nanos: fail fast after a failure
}

// maxCache bounds the in-memory cache of pseudonyms the service returned.
const maxCache = 1 << 20

// Dial connects to a kluis service at rawURL (unix:///path/to/socket or
// https://host:port) and returns a Kluis that holds no key: every
// pseudonym comes from the service.
func Dial(ctx context.Context, rawURL string, files TLSFiles) (*Kluis, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("ONTSCHOT_KLUIS_URL %q is geen adres / is not a URL", rawURL)
	}
	r := &remote{cache: map[string]string{}}
	tr := &http.Transport{MaxIdleConnsPerHost: 8, IdleConnTimeout: time.Minute}
	switch u.Scheme {
	case "unix":
		path := u.Path
		if path == "" {
			return nil, errors.New("unix:// zonder pad naar de socket / without a socket path")
		}
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		}
		r.base = "http://kluis"
	case "https":
		if files.Cert == "" || files.Key == "" || files.CA == "" {
			return nil, errors.New("https-kluis vraagt een clientcertificaat, sleutel en CA (ONTSCHOT_KLUIS_CERT, _KEY, _CA) / an https kluis needs client cert, key and CA")
		}
		cert, err := tls.LoadX509KeyPair(files.Cert, files.Key)
		if err != nil {
			return nil, fmt.Errorf("clientcertificaat voor de kluis laden / load client certificate: %w", err)
		}
		pem, err := os.ReadFile(files.CA)
		if err != nil {
			return nil, fmt.Errorf("CA van de kluis lezen / read kluis CA: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s bevat geen certificaat / holds no certificate", files.CA)
		}
		tr.TLSClientConfig = &tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: pool, MinVersion: tls.VersionTLS13}
		r.base = "https://" + u.Host
	default:
		return nil, fmt.Errorf("ONTSCHOT_KLUIS_URL moet met unix:// of https:// beginnen / must start with unix:// or https://")
	}
	r.client = &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	var v versions
	if err := r.call(ctx, http.MethodGet, "/v1/versions", nil, &v); err != nil {
		return nil, err
	}
	if v.Person == 0 || v.Address == 0 {
		return nil, errors.New("de kluisdienst geeft geen sleutelversies / the kluis service reports no key versions")
	}
	r.versions = map[string]int{Person: v.Person, Address: v.Address}
	r.old = map[string][]int{Person: v.OldPerson, Address: v.OldAddress}
	return &Kluis{remote: r}, nil
}

// Remote reports whether the keys live in a kluis service.
func (k *Kluis) Remote() bool { return k.remote != nil }

func (r *remote) call(ctx context.Context, method, path string, in, out any) error {
	if time.Now().UnixNano() < r.downTill.Load() {
		return r.fail(ErrUnreachable)
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		// The transport's error names the socket or host, never a value.
		r.downTill.Store(time.Now().Add(time.Second).UnixNano())
		return r.fail(fmt.Errorf("%w (%s)", ErrUnreachable, oneLineErr(err)))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var se serviceError
		json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&se)
		if se.Error == "" {
			se.Error, se.ErrorEN = "de kluisdienst weigert", "the kluis service refuses"
		}
		return r.fail(fmt.Errorf("kluisdienst: %s / kluis service: %s", se.Error, se.ErrorEN))
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return r.fail(fmt.Errorf("%w (onleesbaar antwoord / unreadable answer)", ErrUnreachable))
	}
	return nil
}

func oneLineErr(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Op + ": " + op.Err.Error()
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}

func (r *remote) fail(err error) error {
	r.failures.Add(1)
	r.lastErr.Store(&err)
	return err
}

func cacheKey(domain string, version int, value string) string {
	return fmt.Sprintf("%s/%d/%s", domain, version, value)
}

// batch returns the pseudonyms of values in one call, using the cache.
func (r *remote) batch(ctx context.Context, domain string, version int, values []string) ([]string, error) {
	out := make([]string, len(values))
	var miss []string
	var at []int
	r.mu.Lock()
	for i, v := range values {
		if p, ok := r.cache[cacheKey(domain, version, v)]; ok {
			out[i] = p
		} else {
			miss = append(miss, v)
			at = append(at, i)
		}
	}
	r.mu.Unlock()
	for len(miss) > 0 {
		n := min(len(miss), MaxBatch)
		var resp struct {
			Pseudonyms []string `json:"pseudonyms"`
		}
		if err := r.call(ctx, http.MethodPost, "/v1/pseudonyms", batchRequest{Domain: domain, Version: version, Values: miss[:n]}, &resp); err != nil {
			return nil, err
		}
		if len(resp.Pseudonyms) != n {
			return nil, r.fail(fmt.Errorf("%w (antwoord onvolledig / incomplete answer)", ErrUnreachable))
		}
		r.mu.Lock()
		if len(r.cache) > maxCache {
			clear(r.cache)
		}
		for j, p := range resp.Pseudonyms {
			out[at[j]] = p
			r.cache[cacheKey(domain, version, miss[j])] = p
		}
		r.mu.Unlock()
		miss, at = miss[n:], at[n:]
	}
	return out, nil
}

// one is batch for one value. On failure it returns "" and the failure is
// counted, so the import that asked rolls back (see FailedSince).
func (r *remote) one(domain string, version int, value string) string {
	out, err := r.batch(context.Background(), domain, version, []string{value})
	if err != nil {
		return ""
	}
	return out[0]
}

// Pseudonyms returns the pseudonyms of values in domain under the current
// key version, in one call to the service when the keys live there. Use
// it for many values at once (an import's chunk); it is also what fills
// the cache that Pseudonym reads.
func (k *Kluis) Pseudonyms(ctx context.Context, domain string, values []string) ([]string, error) {
	if k.remote != nil {
		if domain == Tag {
			return k.remote.batch(ctx, Tag, 0, values)
		}
		return k.remote.batch(ctx, domain, k.Version(domain), values)
	}
	out := make([]string, len(values))
	for i, v := range values {
		if domain == Tag {
			out[i] = k.tag(v)
		} else {
			out[i] = k.Pseudonym(domain, v)
		}
	}
	return out, nil
}

// PseudonymsVersion is Pseudonyms under a given key version (rotation:
// the old version side by side with the new).
func (k *Kluis) PseudonymsVersion(ctx context.Context, domain string, version int, values []string) ([]string, error) {
	if k.remote != nil {
		return k.remote.batch(ctx, domain, version, values)
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = k.PseudonymVersion(domain, version, v)
	}
	return out, nil
}

// Mark returns a mark for FailedSince.
func (k *Kluis) Mark() int64 {
	if k.remote == nil {
		return 0
	}
	return k.remote.failures.Load()
}

// FailedSince returns the last error of the kluis service when a
// pseudonym could not be made since mark. An import checks it before it
// commits: a row whose pseudonym the service did not give is never stored.
func (k *Kluis) FailedSince(mark int64) error {
	if k.remote == nil || k.remote.failures.Load() == mark {
		return nil
	}
	if err := k.remote.lastErr.Load(); err != nil {
		return *err
	}
	return ErrUnreachable
}
