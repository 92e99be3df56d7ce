package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"
)

// waitText says a wait in Dutch.
func waitText(d time.Duration) string {
	if d <= time.Second {
		return "1 seconde"
	}
	if d < time.Minute {
		return fmt.Sprintf("%d seconden", int(d.Seconds())+1)
	}
	return fmt.Sprintf("%d minuten", int(d.Minutes())+1)
}

// clientIP is the address of the client: the peer, or — when the peer is a
// trusted proxy — the rightmost address in X-Forwarded-For that is not a
// trusted proxy (the leftmost is whatever the client wrote).
func (s *server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.opts.TrustProxy || !s.trusted(peer) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // junk: stop at the last address a trusted proxy vouched for
		}
		a = a.Unmap()
		if !s.trusted(a) {
			return a.String()
		}
		peer = a
	}
	return peer.Unmap().String()
}

func (s *server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	proxies := s.opts.TrustedProxies
	if len(proxies) == 0 {
		return a.IsLoopback()
	}
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// peerTrusted says whether the direct peer is a trusted proxy.
func (s *server) peerTrusted(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	return err == nil && s.trusted(a)
}
