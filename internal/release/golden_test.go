package release

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestGoldenTinyCity(t *testing.T) {
	in := synthCity(cityConfig{seed: 42, households: 140, rows: 500, wijken: 1, buurten: 2, blokken: 2, unknown: 0.05})
	in.Period = Period{Year: 2025, Quarter: 3}
	tb := mustCreate(t, in)
	got, err := json.MarshalIndent(tb, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "tiny_city.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("tables differ from %s; run go test -update and review the diff", path)
	}
	var back Tables
	if err := json.Unmarshal(got, &back); err != nil || back.Period != in.Period {
		t.Errorf("round trip: %v, period %v", err, back.Period)
	}
}
