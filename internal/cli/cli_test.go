package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
)

// run runs the command line in-process and returns stdout, stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// The command-line contract of SPEC §7, end to end on a small demo.
func TestCommandLineContract(t *testing.T) {
	data := t.TempDir()
	out, stderr, code := run(t, "demo", "--data", data, "--households", "600", "--years", "2", "--json")
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	var demo struct {
		Households, Persons, Deliveries int
		Releases                        []string
		Users                           []struct{ Role, Username, Password string }
		Out                             string
	}
	if err := json.Unmarshal([]byte(out), &demo); err != nil {
		t.Fatalf("demo --json is not one JSON document: %v\n%s", err, out)
	}
	if demo.Households != 600 || demo.Persons == 0 || demo.Deliveries == 0 || len(demo.Releases) != 2 {
		t.Fatalf("demo summary %+v", demo)
	}
	roles := map[string]bool{}
	for _, u := range demo.Users {
		if u.Username == "" || len(u.Password) < 12 {
			t.Errorf("user %+v", u)
		}
		roles[u.Role] = true
	}
	for _, r := range []string{"analyst", "professional", "member", "provider", "admin", "teamleider"} {
		if !roles[r] {
			t.Errorf("demo made no %s user", r)
		}
	}

	// Importing the demo's delivery file again adds nothing.
	csv := filepath.Join(demo.Out, "leveringen.csv")
	out, stderr, code = run(t, "import", "deliveries", csv, "--data", data, "--json")
	if code != 0 {
		t.Fatalf("re-import exit %d: %s", code, stderr)
	}
	var sum struct {
		File                                 string
		Rows, Accepted, Duplicates, Rejected int
		Rejections                           []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Rows == 0 || sum.Accepted != 0 || sum.Duplicates != sum.Rows || sum.Rejected != 0 || sum.Rejections == nil {
		t.Fatalf("re-import summary %+v", sum)
	}

	// A file with bad rows: the good rows are stored, the bad ones reported.
	bad := filepath.Join(t.TempDir(), "slecht.csv")
	os.WriteFile(bad, []byte("agb;referentie;bsn;geldstroom;categorie;productcode;begindatum;einddatum;volume;eenheid;bedrag_cent;debet_credit\n"+
		"75990115;X1;"+kluis.SyntheticBSN(3)+";jeugdwet;45;45A48;2025-03-01;2025-03-31;4;04;39200;D\n"+
		"75990115;X2;123456789;jeugdwet;45;45A48;2025-03-01;2025-03-31;4;04;39200;D\n"+
		"75990115;X3;"+kluis.SyntheticBSN(3)+";jeugdwet;45;45A48;2025-02-30;2025-03-31;4;04;39200;D\n"), 0o644)
	out, _, code = run(t, "import", "deliveries", "--json", bad, "--data", data)
	if code != 0 {
		t.Fatalf("bad-row import exit %d", code)
	}
	sum.Rejections = nil
	json.Unmarshal([]byte(out), &sum)
	if sum.Rows != 3 || sum.Accepted != 1 || sum.Rejected != 2 || len(sum.Rejections) != 2 || sum.Rejections[0]["field"] != "bsn" || sum.Rejections[1]["line"].(float64) != 4 {
		t.Fatalf("bad-row summary %+v", sum)
	}
	if strings.Contains(out, "123456789") {
		t.Fatal("the report prints a full BSN")
	}

	// release show --json has the cells of SPEC §7; suppressed cells carry nulls.
	out, stderr, code = run(t, "release", "show", "--period", demo.Releases[0], "--level", "buurt", "--by", "geldstroom", "--json", "--data", data)
	if code != 0 {
		t.Fatalf("release show exit %d: %s", code, stderr)
	}
	var rel struct {
		Period  string
		Version int
		Level   string
		By      string
		Cells   []struct {
			Area       string
			Category   string
			Households *int64
			AmountEUR  *int64 `json:"amount_eur"`
			Suppressed bool
			Reason     string
		}
	}
	if err := json.Unmarshal([]byte(out), &rel); err != nil {
		t.Fatal(err)
	}
	if rel.Period != demo.Releases[0] || rel.Version != 1 || rel.Level != "buurt" || len(rel.Cells) == 0 {
		t.Fatalf("release show %+v", rel)
	}
	for _, c := range rel.Cells {
		if c.Suppressed != (c.Households == nil) || c.Suppressed != (c.AmountEUR == nil) || (c.Suppressed && c.Reason == "") {
			t.Fatalf("cell %+v", c)
		}
	}

	// The demo is a region: without a scope show holds both gemeenten,
	// --gemeente narrows it to one, a gemeente it does not hold is refused.
	areasIn := func(args ...string) map[string]bool {
		t.Helper()
		out, stderr, code := run(t, append([]string{"release", "show", "--period", demo.Releases[0], "--by", "total", "--json", "--data", data}, args...)...)
		if code != 0 {
			t.Fatalf("release show %v: exit %d: %s", args, code, stderr)
		}
		var r struct{ Cells []struct{ Area string } }
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, c := range r.Cells {
			seen[c.Area[:min(6, len(c.Area))]] = true // GM0642, WK0642, BU0642, regio…
		}
		return seen
	}
	if got := areasIn("--level", "gemeente"); !got["GM0642"] || !got["GM0531"] || len(got) != 2 {
		t.Fatalf("release show, no scope, gemeenten: %v", got)
	}
	if got := areasIn("--level", "regio"); !got["regio"] || len(got) != 1 {
		t.Fatalf("release show --level regio: %v", got)
	}
	if got := areasIn("--level", "wijk", "--gemeente", "GM0531"); !got["WK0531"] || len(got) != 1 {
		t.Fatalf("release show --gemeente GM0531: %v", got)
	}
	if _, stderr, code := run(t, "release", "show", "--period", demo.Releases[0], "--gemeente", "GM0363", "--data", data); code == 0 || !strings.Contains(stderr, "GM0531, GM0642") {
		t.Fatalf("release show --gemeente GM0363: exit %d, %s", code, stderr)
	}
	// An analyst of one gemeente; the scope is checked.
	if _, stderr, code := run(t, "user", "add", "--username", "analist-hia", "--role", "analyst", "--gemeente", "GM0531", "--data", data); code != 0 {
		t.Fatalf("user add --gemeente: %s", stderr)
	}
	if _, _, code := run(t, "user", "add", "--username", "analist-ver", "--role", "analyst", "--gemeente", "GM0363", "--data", data); code == 0 {
		t.Fatal("user add --gemeente of a gemeente outside the instance was accepted")
	}
	if out, _, _ := run(t, "user", "list", "--json", "--data", data); !strings.Contains(out, `"gemeente": "GM0531"`) {
		t.Fatalf("user list: %s", out)
	}
	for _, name := range []string{"zwijndrecht", "hia"} {
		if !strings.Contains(fmt.Sprint(demo.Users), name) {
			t.Errorf("the demo region has no analyst %s: %v", name, demo.Users)
		}
	}

	// The printable report of the release.
	pdf := filepath.Join(t.TempDir(), "rapport.pdf")
	if _, stderr, code := run(t, "release", "report", "--period", demo.Releases[0], "--out", pdf, "--data", data); code != 0 {
		t.Fatalf("release report: %s", stderr)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF") || len(b) < 3000 {
		t.Fatalf("report is not a PDF (%d bytes, %v)", len(b), err)
	}

	// Failures: non-zero exit, one line on stderr, nothing on stdout.
	for _, args := range [][]string{
		{"release", "create", "--period", "2999", "--data", data},
		{"release", "show", "--period", "20x5", "--data", data},
		{"import", "deliveries", "/does/not/exist.csv", "--data", data},
		{"import", "brp", bad, "--data", data, "--json"},
	} {
		out, stderr, code := run(t, args...)
		if code == 0 || out != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || stderr == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
	if _, _, code := run(t, "geen-opdracht"); code != 2 {
		t.Errorf("unknown command exit %d, want 2", code)
	}

	// Separation of duties from the command line: an assignment waits for
	// a second person; a weak password is refused.
	if _, stderr, code := run(t, "user", "add", "--data", data, "--username", "coach2", "--role", "professional", "--password", "wachtwoord123"); code == 0 || !strings.Contains(stderr, "veelgebruikte") {
		t.Errorf("weak password: exit %d %s", code, stderr)
	}
	if _, stderr, code := run(t, "user", "add", "--data", data, "--username", "coach2", "--role", "professional", "--password", "paars-fietsbel-onweer"); code != 0 {
		t.Fatal(stderr)
	}
	st, err := store.Open(context.Background(), filepath.Join(data, "ontschot.db"))
	if err != nil {
		t.Fatal(err)
	}
	as, _ := st.Assignments(context.Background(), 0)
	st.Close()
	if len(as) == 0 || as[0].ApprovedBy == "" {
		t.Fatalf("the demo's assignments are not approved: %+v", as)
	}
	out, stderr, code = run(t, "user", "assign", "--data", data, "--json", "--username", "coach2", "--household", as[0].Household,
		"--from", "2024-01-01", "--to", "2099-12-31", "--basis", "Wmo 2015 art. 2.3.2", "--by", "beheer")
	var assigned struct {
		ID       int64
		Approved bool
	}
	if code != 0 || json.Unmarshal([]byte(out), &assigned) != nil || assigned.ID == 0 || assigned.Approved {
		t.Fatalf("user assign: exit %d %s %s", code, out, stderr)
	}
	id := fmt.Sprint(assigned.ID)
	for _, by := range []string{"beheer", "hulpverlener"} { // the maker; not a teamleider or admin
		if _, stderr, code := run(t, "user", "approve", "--data", data, "--id", id, "--by", by); code == 0 {
			t.Errorf("approved by %s: %s", by, stderr)
		}
	}
	if _, stderr, code := run(t, "user", "approve", "--data", data, "--id", id, "--by", "teamleider"); code != 0 {
		t.Fatalf("approve by teamleider: %s", stderr)
	}
	if _, stderr, code := run(t, "user", "disable", "--data", data, "--username", "coach2"); code != 0 {
		t.Fatalf("disable: %s", stderr)
	}

	// The audit chain of everything the demo did verifies.
	if _, stderr, code := run(t, "audit", "verify", "--data", data); code != 0 {
		t.Fatalf("audit verify: %s", stderr)
	}
}

func TestBusinesscaseEval(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := run(t, "businesscase", "examples", "--out", dir); code != 0 {
		t.Fatal(stderr)
	}
	out, stderr, code := run(t, "businesscase", "eval", filepath.Join(dir, "2-ips.json"), "--json")
	if code != 0 {
		t.Fatal(stderr)
	}
	var r struct {
		Ratio *float64
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Ratio == nil || *r.Ratio < 1.2352 || *r.Ratio > 1.2353 {
		t.Fatalf("IPS ratio %v (%v)", r.Ratio, err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"name": "x", "horizon_years": -1}`), 0o644)
	if _, stderr, code := run(t, "businesscase", "eval", bad); code == 0 || !strings.Contains(stderr, "horizon_years") {
		t.Fatalf("bad case: exit %d, %s", code, stderr)
	}
}
