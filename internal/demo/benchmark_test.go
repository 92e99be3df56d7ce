package demo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sharedCBS = "../../../shared/data/"

// readShared reads a file of ../shared/data, or skips visibly.
func readShared(t *testing.T, rel string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedCBS, rel))
	if err != nil {
		t.Skipf("CBS file %s is not here (%v); it lives in ../shared/data beside the repository", rel, err)
	}
	// CBS's files end lines with CRLF; the embedded copies with LF.
	return strings.Split(strings.TrimRight(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n"), "\n")
}

func embeddedLines(t *testing.T, name string) []string {
	t.Helper()
	b, err := cbsBenchmark.ReadFile("cbs/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// The embedded Iv3 rows are exactly the real CBS rows of every
// municipality in the Iv3 classes of Zwijndrecht and Hendrik-Ido-Ambacht
// (per document), nothing more: the header, and 1,650 rows of 15
// municipalities.
func TestEmbeddedIv3IsTheRegionsClass(t *testing.T) {
	real := readShared(t, "iv3_sociaal_domein_gemeenten/iv3_sociaal_domein_taakveld6_alle_gemeenten.csv")
	got := embeddedLines(t, "iv3_klasse_regio.csv")
	if got[0] != real[0] {
		t.Fatalf("header %q, CBS %q", got[0], real[0])
	}
	class := map[string]bool{} // jaar;document;grootte;stedelijkheid;sociale structuur
	key := func(f []string) string { return strings.Join([]string{f[0], f[1], f[8], f[9], f[12]}, ";") }
	for _, l := range real[1:] {
		if f := strings.Split(l, ";"); f[2] == "Zwijndrecht" || f[2] == "Hendrik-Ido-Ambacht" {
			class[key(f)] = true
		}
	}
	var want []string
	names := map[string]bool{}
	for _, l := range real[1:] {
		if f := strings.Split(l, ";"); class[key(f)] {
			want = append(want, l)
			names[f[2]] = true
		}
	}
	if strings.Join(got[1:], "\n") != strings.Join(want, "\n") {
		t.Errorf("embedded rows (%d) differ from the CBS rows of the class (%d)", len(got)-1, len(want))
	}
	if len(want) != 1650 || len(names) != 15 || !names["Gorinchem"] || !names["Zwijndrecht"] || !names["Hendrik-Ido-Ambacht"] {
		t.Errorf("class: %d rows, municipalities %v", len(want), names)
	}
}

// The embedded kerncijfers are the real rows of those 15 municipalities
// for 2023 and 2024.
func TestEmbeddedKerncijfersAreCBS(t *testing.T) {
	real := readShared(t, "cbs_kerncijfers_gemeenten_2012_2024/cbs_kwb_gemeenten_2012_2024_long.csv")
	have := map[string]bool{}
	for _, l := range real {
		have[l] = true
	}
	got := embeddedLines(t, "kerncijfers_klasse_regio.csv")
	if got[0] != real[0] || len(got) != 31 {
		t.Fatalf("header or row count: %d lines", len(got))
	}
	for _, l := range got[1:] {
		if !have[l] {
			t.Errorf("not a CBS row: %.60s…", l)
		}
	}
}
