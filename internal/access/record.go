package access

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
)

// This file is the one place every audit record passes before it is
// chained: it gets the request's source address and session (NEN 7513),
// every free-text field is capped at MaxAuditField bytes and has its BSNs
// masked, and repeated anonymous failures are collapsed into counts.

type requestKey struct{}

// RequestInfo is where a request came from, for the audit log.
type RequestInfo struct {
	Source  string // client address
	Session string // a short hash of the session, never the token
}

// WithRequest returns ctx carrying the request's source and session; every
// audit record written with it names them.
func WithRequest(ctx context.Context, info RequestInfo) context.Context {
	return context.WithValue(ctx, requestKey{}, info)
}

func requestOf(ctx context.Context) RequestInfo {
	info, _ := ctx.Value(requestKey{}).(RequestInfo)
	return info
}

// SessionRef is what the audit log keeps of a session token: enough to
// tell sessions apart, useless to take one over.
func SessionRef(token string) string {
	if token == "" {
		return ""
	}
	return TokenHash(token)[:16]
}

// capText masks BSNs and clips to MaxAuditField bytes on a rune boundary.
func capText(s string) string {
	s = kluis.MaskFreeText(s)
	if len(s) <= MaxAuditField {
		return s
	}
	cut := MaxAuditField - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// appendRecord sanitises r and appends it on tx: the one way a record
// enters the chain.
func appendRecord(ctx context.Context, tx *store.AccessTx, r store.AuditRecord) (store.AuditRecord, error) {
	info := requestOf(ctx)
	if r.Source == "" {
		r.Source = info.Source
	}
	if r.Session == "" {
		r.Session = info.Session
	}
	for _, f := range []*string{&r.Event, &r.Outcome, &r.Username, &r.Role, &r.OnBehalf, &r.Purpose, &r.Client, &r.Basis, &r.Detail, &r.Source, &r.Session} {
		*f = capText(*f)
	}
	return tx.AppendAudit(ctx, r, recordHash)
}

// CollapseWindow is how long repeated anonymous failures of one kind from
// one address are counted instead of written one by one.
const CollapseWindow = time.Minute

type window struct {
	start    time.Time
	source   string
	repeats  int
	lastName string
}

// collapsers holds the open windows per store.
var collapsers sync.Map // *store.Store → *collapser

type collapser struct {
	mu        sync.Mutex
	open      map[string]*window
	lastSweep time.Time
}

// closed takes the summaries of the windows that ended before now (all of
// them when all is set) out of the collapser. The caller holds mu.
func (c *collapser) closed(now time.Time, all bool) []store.AuditRecord {
	var out []store.AuditRecord
	for key, w := range c.open {
		if !all && now.Sub(w.start) < CollapseWindow {
			continue
		}
		if w.repeats > 0 {
			event, _, _ := strings.Cut(key, "|")
			out = append(out, w.summary(event))
		}
		delete(c.open, key)
	}
	c.lastSweep = now
	return out
}

func (w *window) summary(event string) store.AuditRecord {
	return store.AuditRecord{Event: event, Outcome: "deny", Username: "(anoniem)", Role: "-", Purpose: "samengevoegde herhalingen",
		Source: w.source, Session: "-",
		Detail: fmt.Sprintf("nog %d keer herhaald tussen %s en %s (samengevoegd); laatste gebruikersnaam %q",
			w.repeats, w.start.UTC().Format(time.RFC3339), w.start.Add(CollapseWindow).UTC().Format(time.RFC3339), w.lastName)}
}

// FlushCollapsed writes the counts of repeated anonymous failures still
// held in memory; serve calls it on shutdown, so a restart loses none.
func FlushCollapsed(ctx context.Context, st *store.Store) error {
	c, ok := collapsers.Load(st)
	if !ok {
		return nil
	}
	col := c.(*collapser)
	col.mu.Lock()
	sums := col.closed(time.Now(), true)
	col.mu.Unlock()
	for _, r := range sums {
		if err := appendAudit(ctx, st, r); err != nil {
			return err
		}
	}
	return nil
}

// RecordAnonymousFailure writes an anonymous failure (a failed or refused
// log-in, a request without a session): the first of its kind from one
// address in a CollapseWindow is written in full; the repeats are counted
// and written as one record ("nog N keer …") once the window has ended —
// at the next failure after it, or on shutdown (FlushCollapsed). A crash
// loses at most one window's counts.
func RecordAnonymousFailure(ctx context.Context, st *store.Store, username, event, purpose, detail string) error {
	c, _ := collapsers.LoadOrStore(st, &collapser{open: map[string]*window{}})
	col := c.(*collapser)
	source := requestOf(ctx).Source
	key := event + "|" + source
	now := time.Now()
	col.mu.Lock()
	w := col.open[key]
	if w != nil && now.Sub(w.start) < CollapseWindow {
		w.repeats++
		w.lastName = username
		col.mu.Unlock()
		return nil
	}
	var sums []store.AuditRecord
	if now.Sub(col.lastSweep) >= CollapseWindow || len(col.open) > 10000 {
		// Closed windows are written out; under a spray of addresses the
		// map is emptied (bounded memory), its counts written first.
		sums = col.closed(now, len(col.open) > 10000)
	} else if w != nil {
		delete(col.open, key)
		if w.repeats > 0 {
			sums = append(sums, w.summary(event))
		}
	}
	col.open[key] = &window{start: now, source: source}
	col.mu.Unlock()
	for _, r := range sums {
		if err := appendAudit(ctx, st, r); err != nil {
			return err
		}
	}
	return appendAudit(ctx, st, store.AuditRecord{Event: event, Outcome: "deny", Username: username, Role: "-", Purpose: purpose, Detail: detail})
}
