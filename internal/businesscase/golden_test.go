package businesscase

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The full JSON and text report of one example are kept as golden files, so any change to
// the output is a visible diff. Regenerate with: go test ./internal/businesscase -update
func TestGolden(t *testing.T) {
	f, err := ExampleFiles().Open("4-amalia.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := Load(f, "4-amalia.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Evaluate(c)
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := WriteText(&text, r); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"amalia.golden.json": append(js, '\n'), "amalia.golden.txt": text.Bytes()} {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the golden file; got:\n%s", name, got)
		}
	}
}
