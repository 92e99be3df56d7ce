package cli

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/internal/kluis"
)

// startKluisCLI runs `ontschot kluis serve` in-process and returns a
// function that stops it (as Ctrl+C would).
func startKluisCLI(t *testing.T, args ...string) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() { done <- Run(ctx, append([]string{"kluis", "serve"}, args...), &out, &errb) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "kluisdienst draait") {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("kluis serve did not start: %s", errb.String())
		}
		select {
		case code := <-done:
			t.Fatalf("kluis serve stopped (%d): %s", code, errb.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			<-done
		}
	}
	t.Cleanup(stop)
	return stop
}

func TestInstanceWithKluisServiceHoldsNoKey(t *testing.T) {
	base := t.TempDir()
	kdir, data := filepath.Join(base, "kluis"), filepath.Join(base, "gemeente")
	sock := filepath.Join(base, "k.sock")
	stop := startKluisCLI(t, "--data", kdir, "--socket", sock)
	t.Setenv("ONTSCHOT_KLUIS_URL", "unix://"+sock)
	brp := filepath.Join(base, "brp.csv")
	var b strings.Builder
	b.WriteString("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n")
	for i := range 100 {
		fmt.Fprintf(&b, "%s,1980-01-01,3331AB,%d,,,,,0,2024-12-31\n", kluis.SyntheticBSN(i), i+1)
	}
	os.WriteFile(brp, []byte(b.String()), 0o600)
	out, errs, code := run(t, "import", "brp", brp, "--data", data)
	if code != 0 || !strings.Contains(out, "100 opgeslagen") {
		t.Fatalf("import through the service: %d %s %s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(data, kluis.KeyFileName)); err == nil {
		t.Fatal("the instance made a key file of its own")
	}
	if _, err := os.Stat(filepath.Join(kdir, kluis.KeyFileName)); err != nil {
		t.Fatal("the service has no key file")
	}
	// The service stops: the instance can pseudonymise nothing.
	stop()
	_, errs, code = run(t, "import", "brp", brp, "--data", data)
	if code == 0 || !strings.Contains(errs, "kluisdienst is niet bereikbaar") || strings.Contains(errs, kluis.SyntheticBSN(0)) {
		t.Fatalf("import with the service down: %d %q", code, errs)
	}
	// A key file left in the data directory is refused, not used.
	os.WriteFile(filepath.Join(data, kluis.KeyFileName), []byte("{}"), 0o600)
	if _, errs, code = run(t, "import", "brp", brp, "--data", data); code == 0 || !strings.Contains(errs, "sleutels horen alleen bij de kluisdienst") {
		t.Fatalf("key file next to a kluis service: %d %q", code, errs)
	}
}

func TestKluisServiceOverMutualTLSFromTheCommandLine(t *testing.T) {
	base := t.TempDir()
	kdir, data, inst := filepath.Join(base, "kluis"), filepath.Join(base, "gemeente"), filepath.Join(base, "inst-certs")
	if _, errs, code := run(t, "kluis", "cert", "server", "--data", kdir, "--hosts", "127.0.0.1"); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := run(t, "kluis", "cert", "client", "gemeente-testdorp", "--data", kdir, "--out", inst); code != 0 {
		t.Fatal(errs)
	}
	// A fixed free port: listen, note it, close, and let the service take it.
	addr := freeAddr(t)
	startKluisCLI(t, "--data", kdir, "--addr", addr)
	t.Setenv("ONTSCHOT_KLUIS_URL", "https://"+addr)
	t.Setenv("ONTSCHOT_KLUIS_CERT", filepath.Join(inst, "client-gemeente-testdorp.pem"))
	t.Setenv("ONTSCHOT_KLUIS_KEY", filepath.Join(inst, "client-gemeente-testdorp-key.pem"))
	t.Setenv("ONTSCHOT_KLUIS_CA", filepath.Join(kdir, kluis.CACertFile))
	brp := filepath.Join(base, "brp.csv")
	os.WriteFile(brp, []byte("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n"+
		kluis.SyntheticBSN(1)+",1980-01-01,3331AB,1,,,,,0,2024-12-31\n"), 0o600)
	if out, errs, code := run(t, "import", "brp", brp, "--data", data); code != 0 || !strings.Contains(out, "1 opgeslagen") {
		t.Fatalf("import over mTLS: %d %s %s", code, out, errs)
	}
	log, _ := os.ReadFile(filepath.Join(kdir, kluis.LogFileName))
	if !strings.Contains(string(log), `"client":"gemeente-testdorp"`) || strings.Contains(string(log), kluis.SyntheticBSN(1)) {
		t.Fatalf("kluis log: %s", log)
	}
	if out, _, code := run(t, "kluis", "log", "--data", kdir); code != 0 || !strings.Contains(out, "keten klopt") {
		t.Fatalf("kluis log check: %s", out)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// syncBuffer is a bytes.Buffer the service goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
