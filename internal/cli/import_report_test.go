package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
)

// `ontschot import` reports a file with many bad rows grouped by kind of
// problem — the count and the first five lines of each — not one line per
// rejection, and every problem of a line.
func TestImportReportGrouped(t *testing.T) {
	data := t.TempDir()
	var b strings.Builder
	b.WriteString("agb;referentie;bsn;geldstroom;categorie;productcode;begindatum;einddatum;volume;eenheid;bedrag_cent;debet_credit\n")
	for i := 0; i < 40; i++ {
		bsn := kluis.SyntheticBSN(i)
		if i%4 == 0 {
			bsn = "123456789"
		}
		fmt.Fprintf(&b, "75990115;R%d;%s;jeugdwet;45;45A48;2025-03-01;2025-03-31;4;04;39200;D\n", i, bsn)
	}
	b.WriteString("75990115;T;123456789;jeugdwet;45;45A48;2025-03-01;2025-03-31;4;99;39200;X\n") // line 42: three problems
	file := filepath.Join(t.TempDir(), "veel-fouten.csv")
	os.WriteFile(file, []byte(b.String()), 0o644)
	out, stderr, code := run(t, "import", "deliveries", file, "--data", data)
	if code != 0 {
		t.Fatalf("import exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"41 regels — 30 opgeslagen, 0 dubbel (al bekend), 11 afgewezen",
		"afgewezen, per soort probleem (13 problemen; een regel kan er meer hebben):",
		"11× veld bsn: ongeldig BSN: BSN voldoet niet aan de elfproef\n      regel 2: ongeldig BSN ******789",
		"      regel 18: ongeldig BSN ******789: BSN voldoet niet aan de elfproef\n      … en nog 6\n",
		"1× veld eenheid: onbekende eenheid \"…\"; toegestaan (WJ756)",
		"      regel 42: onbekende eenheid \"99\"",
		"1× veld debet_credit: \"…\" is geen D (debet) of C (credit)\n      regel 42: \"X\" is geen D",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "123456789") {
		t.Error("the report prints a full BSN")
	}
	if n := strings.Count(out, "\n"); n > 25 {
		t.Errorf("%d lines of output for 13 problems of 3 kinds:\n%s", n, out)
	}
}
