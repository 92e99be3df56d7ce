package web

import (
	"context"
	"sync"
	"time"
)

// providerNames turns AGB codes into the names of the provider register
// (`ontschot import providers`). Names are public, not personal data; they
// are read at most once a minute.
type providerNames struct {
	load   func(context.Context) (map[string]string, error) // the store's ProviderNames
	mu     sync.Mutex
	names  map[string]string
	loaded time.Time
}

// label returns "Name (AGB 12345678)", or "AGB 12345678" for an unknown code.
func (p *providerNames) label(agb string) string {
	if agb == "" {
		return "—"
	}
	if n := p.name(agb); n != "" {
		return n + " (AGB " + agb + ")"
	}
	return "AGB " + agb
}

func (p *providerNames) name(agb string) string {
	if p == nil || p.load == nil {
		return ""
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.names == nil || time.Since(p.loaded) > time.Minute {
		if names, err := p.load(context.Background()); err == nil {
			p.names, p.loaded = names, time.Now()
		}
	}
	return p.names[agb]
}
