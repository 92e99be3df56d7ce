package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/web"
)

func init() {
	register(command{name: "serve", usage: "serve [--addr HOST:PORT] — webapplicatie en API (standaard 127.0.0.1:8080)", run: runServe})
	// `ontschot demo --serve` serves the data it just loaded.
	serveHook = func(e *env, addr string) error {
		se := *e
		if e.json {
			se.stdout = e.stderr // stdout already holds demo's one JSON document
		}
		se.json = false
		return runServe(&se, []string{"--addr", addr, "--data", e.data, "--db", e.db})
	}
}

func runServe(e *env, args []string) error {
	fs := e.flags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "adres om op te luisteren")
	secure := fs.Bool("secure-cookies", false, "cookies alleen over HTTPS (aanzetten achter een TLS-proxy)")
	proxy := fs.Bool("behind-proxy", false, "achter een reverse proxy: X-Forwarded-For/-Proto van --trusted-proxies vertrouwen (zet ook --secure-cookies aan)")
	cfg := e.config()
	proxies := fs.String("trusted-proxies", cfg.TrustedProxies, "met --behind-proxy: adressen van de proxy's (CIDR's, komma's ertussen; standaard alleen loopback; env ONTSCHOT_TRUSTED_PROXIES)")
	maxMB := fs.Int("max-upload-mb", cfg.MaxUploadMB, "grootste upload van een aanbieder in MB (env ONTSCHOT_MAX_UPLOAD_MB)")
	oidcOpts := addOIDCFlags(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *maxMB <= 0 {
		return fmt.Errorf("--max-upload-mb moet groter dan 0 zijn / must be positive")
	}
	var trusted []netip.Prefix
	for _, p := range strings.Split(*proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			if a, err := netip.ParseAddr(p); err == nil {
				p = netip.PrefixFrom(a, a.BitLen()).String()
			}
		}
		pre, err := netip.ParsePrefix(p)
		if err != nil {
			return fmt.Errorf("--trusted-proxies: %q is geen adres of CIDR / not an address or CIDR", p)
		}
		trusted = append(trusted, pre.Masked())
	}
	st, err := e.openExistingStore()
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := e.openKluis()
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	staff, family, err := oidcOpts.clients(e.ctx, k)
	if err != nil {
		return err
	}
	// The web gets narrow views of the store, never the store itself: its
	// personal reads go through the access gate (see web.Sources).
	src := web.Sources{Gate: access.NewGate(st, k), Releases: st, Documents: st, Uploads: importer.New(st, k), ProviderNames: st.ProviderNames,
		Benchmark: benchmarkSource{st}}
	h, err := web.New(src, web.Options{SecureCookies: *secure || *proxy, TrustProxy: *proxy, TrustedProxies: trusted,
		MaxUploadBytes: int64(*maxMB) << 20, Logger: logger, OIDCStaff: staff, OIDCFamily: family})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("luisteren op %s / listen: %w", *addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute, WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	url := "http://" + ln.Addr().String() + "/"
	if e.json {
		e.printJSON(map[string]string{"url": url})
	} else {
		fmt.Fprintf(e.stdout, "Ontschot draait op %s (stoppen met Ctrl+C)\n", url)
	}
	ctx, stop := signal.NotifyContext(e.ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("netjes stoppen / graceful shutdown: %w", err)
	}
	// Repeated anonymous failures still counted in memory go to the audit log.
	if err := access.FlushCollapsed(shutdown, st); err != nil {
		return fmt.Errorf("auditlog bijwerken / flush audit counts: %w", err)
	}
	if !e.json {
		fmt.Fprintln(e.stdout, "gestopt")
	}
	return nil
}
