package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/kluis"
)

func init() {
	register(command{name: "kluis", usage: "kluis serve|cert|rotate|migrate|retire|log — de kluis als eigen dienst, certificaten, sleutelrotatie", run: runKluis})
}

func runKluis(e *env, args []string) error {
	if len(args) == 0 {
		return errors.New("noem een opdracht: serve, cert, rotate, migrate of log / name a subcommand")
	}
	switch args[0] {
	case "serve":
		return runKluisServe(e, args[1:])
	case "cert":
		return runKluisCert(e, args[1:])
	case "rotate":
		return runKluisRotate(e, args[1:])
	case "migrate":
		return runKluisMigrate(e, args[1:])
	case "retire":
		return runKluisRetire(e, args[1:])
	case "log":
		return runKluisLog(e, args[1:])
	}
	return fmt.Errorf("onbekende kluisopdracht %q: kies serve, cert, rotate, migrate of log / unknown subcommand", args[0])
}

// kluisDir is the directory of the kluis service: --data as for every
// command, but it holds only the key file, the CA and the call log.
func (e *env) kluisDir() string { return e.config().DataDir }

func runKluisServe(e *env, args []string) error {
	fs := e.flags("kluis serve")
	socket := fs.String("socket", "", "Unix-socket om op te luisteren (één machine)")
	addr := fs.String("addr", "", "HOST:PORT voor HTTPS met wederzijdse TLS")
	certFile := fs.String("cert", "", "servercertificaat (standaard KLUISMAP/kluis-server.pem)")
	keyFile := fs.String("key", "", "sleutel van het servercertificaat (standaard KLUISMAP/kluis-server-key.pem)")
	perMin := fs.Int("lookups-per-minute", 30, "losse opvragingen per minuut per client")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if (*socket == "") == (*addr == "") {
		return errors.New("kies --socket PAD of --addr HOST:PORT / choose --socket or --addr")
	}
	dir := e.kluisDir()
	k, err := kluis.Open(filepath.Join(dir, kluis.KeyFileName))
	if err != nil {
		return err
	}
	svc, err := kluis.NewService(k, kluis.ServiceOptions{LogPath: filepath.Join(dir, kluis.LogFileName), LookupsPerMinute: *perMin})
	if err != nil {
		return err
	}
	defer svc.Close()
	srv := &http.Server{Handler: svc, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute, WriteTimeout: 5 * time.Minute}
	var ln net.Listener
	var where string
	if *socket != "" {
		os.Remove(*socket) // a stale socket of a stopped service
		ln, err = net.Listen("unix", *socket)
		if err != nil {
			return fmt.Errorf("luisteren op %s / listen: %w", *socket, err)
		}
		// Only the owner (the user running Ontschot on this host) may connect.
		if err := os.Chmod(*socket, 0o600); err != nil {
			return err
		}
		where = "unix://" + *socket
	} else {
		if *certFile == "" {
			*certFile = filepath.Join(dir, "kluis-server.pem")
		}
		if *keyFile == "" {
			*keyFile = filepath.Join(dir, "kluis-server-key.pem")
		}
		tc, err := kluis.ServerTLS(dir, *certFile, *keyFile)
		if err != nil {
			return fmt.Errorf("%w; maak eerst certificaten met `ontschot kluis cert server` / issue certificates first", err)
		}
		srv.TLSConfig = tc
		ln, err = net.Listen("tcp", *addr)
		if err != nil {
			return fmt.Errorf("luisteren op %s / listen: %w", *addr, err)
		}
		where = "https://" + ln.Addr().String()
	}
	if e.json {
		e.printJSON(map[string]string{"url": where})
	} else {
		fmt.Fprintf(e.stdout, "kluisdienst draait op %s (sleutels in %s; stoppen met Ctrl+C)\n", where, dir)
	}
	ctx, stop := signal.NotifyContext(e.ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	if *socket != "" {
		os.Remove(*socket)
	}
	if !e.json {
		fmt.Fprintln(e.stdout, "gestopt")
	}
	return err
}

func runKluisCert(e *env, args []string) error {
	fs := e.flags("kluis cert")
	hosts := fs.String("hosts", "localhost,127.0.0.1", "namen en adressen van de kluisdienst (server), komma-gescheiden")
	out := fs.String("out", "", "map voor het certificaat en de sleutel (standaard KLUISMAP)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || (pos[0] != "server" && pos[0] != "client") || (pos[0] == "client" && len(pos) != 2) {
		return errors.New("gebruik: ontschot kluis cert server [--hosts H,…] | ontschot kluis cert client NAAM-VAN-INSTANTIE [--out MAP] / usage")
	}
	dir := e.kluisDir()
	o := *out
	if o == "" {
		o = dir
	}
	var certPath, keyPath, name string
	if pos[0] == "server" {
		name = "kluis"
		certPath, keyPath = filepath.Join(o, "kluis-server.pem"), filepath.Join(o, "kluis-server-key.pem")
	} else {
		name = pos[1]
		certPath, keyPath = filepath.Join(o, "client-"+name+".pem"), filepath.Join(o, "client-"+name+"-key.pem")
	}
	if err := kluis.IssueCert(dir, name, pos[0] == "server", strings.Split(*hosts, ","), certPath, keyPath); err != nil {
		return err
	}
	ca := filepath.Join(dir, kluis.CACertFile)
	if e.json {
		return e.printJSON(map[string]string{"cert": certPath, "key": keyPath, "ca": ca})
	}
	fmt.Fprintf(e.stdout, "certificaat %s\nsleutel     %s\nCA          %s\n", certPath, keyPath, ca)
	if pos[0] == "client" {
		fmt.Fprintf(e.stdout, "Geef de instantie deze drie bestanden en zet:\n  ONTSCHOT_KLUIS_CERT=%s ONTSCHOT_KLUIS_KEY=%s ONTSCHOT_KLUIS_CA=%s\n", certPath, keyPath, ca)
	}
	return nil
}

func runKluisRotate(e *env, args []string) error {
	fs := e.flags("kluis rotate")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	k, err := kluis.Open(filepath.Join(e.kluisDir(), kluis.KeyFileName))
	if err != nil {
		return err
	}
	out := map[string]int{}
	for _, d := range []string{kluis.Person, kluis.Address} {
		v, err := k.Rotate(d)
		if err != nil {
			return err
		}
		out[d] = v
	}
	if e.json {
		return e.printJSON(out)
	}
	fmt.Fprintf(e.stdout, "nieuwe sleutelversie: persoon %d, adres %d. Importeer nu een BRP-uittreksel (oude en nieuwe pseudoniemen naast elkaar) en draai daarna `ontschot kluis migrate`.\n", out[kluis.Person], out[kluis.Address])
	return nil
}

func runKluisLog(e *env, args []string) error {
	fs := e.flags("kluis log")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	n, err := kluis.VerifyLog(filepath.Join(e.kluisDir(), kluis.LogFileName))
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"entries": n, "chain": "ok"})
	}
	fmt.Fprintf(e.stdout, "logboek van de kluis: %d regels, keten klopt\n", n)
	return nil
}

// runKluisMigrate relabels the store after a rotation and, with a local
// key file, destroys the old key versions.
func runKluisMigrate(e *env, args []string) error {
	fs := e.flags("kluis migrate")
	if _, err := parse(fs, args); err != nil {
		return err
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
	var old []string
	for d, l := range map[string]string{kluis.Person: "hp", kluis.Address: "ha"} {
		for _, v := range k.OldVersions(d) {
			old = append(old, fmt.Sprintf("%s%d", l, v))
		}
	}
	if len(old) == 0 {
		return errors.New("de kluis heeft geen oude sleutelversie; roteer eerst (ontschot kluis rotate) / no old key version: rotate first")
	}
	sort.Strings(old)
	res, err := access.MigratePseudonyms(e.ctx, st, old)
	if err != nil {
		return err
	}
	var gone []string
	if !k.Remote() {
		if gone, err = k.Retire(); err != nil {
			return fmt.Errorf("store gemigreerd, maar de oude sleutels zijn niet vernietigd / store migrated, old keys not destroyed: %w", err)
		}
	}
	if e.json {
		return e.printJSON(map[string]any{"migration": res, "destroyed": gone})
	}
	total := 0
	for _, n := range res.Columns {
		total += n
	}
	fmt.Fprintf(e.stdout, "gemigreerd: %s → nieuwe versie; %d oude pseudoniemen gekoppeld, %d zonder BRP-koppeling onherleidbaar gemaakt, %d waarden in %d kolommen herlabeld; over: %d\n",
		strings.Join(old, ", "), res.Mapped, res.Unlinked, total, len(res.Columns), res.Remaining)
	if res.AuditFrom > 0 {
		fmt.Fprintf(e.stdout, "auditlog: keten opnieuw verzegeld vanaf regel %d (een auditregel zegt het); noteer de nieuwe kop met `ontschot audit verify`\n", res.AuditFrom)
	}
	if k.Remote() {
		fmt.Fprintln(e.stdout, "de sleutels staan bij de kluisdienst: laat de beheerder daar nu `ontschot kluis retire --data KLUISMAP` draaien om de oude sleutels te vernietigen")
	} else {
		fmt.Fprintf(e.stdout, "oude sleutels vernietigd: %s\n", strings.Join(gone, ", "))
	}
	return nil
}

// runKluisRetire destroys the old key versions at the kluis service, after
// the instance migrated its store.
func runKluisRetire(e *env, args []string) error {
	fs := e.flags("kluis retire")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	k, err := kluis.Open(filepath.Join(e.kluisDir(), kluis.KeyFileName))
	if err != nil {
		return err
	}
	gone, err := k.Retire()
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"destroyed": gone})
	}
	fmt.Fprintf(e.stdout, "oude sleutels vernietigd: %s (herstart de kluisdienst)\n", strings.Join(gone, ", "))
	return nil
}
