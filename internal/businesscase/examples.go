package businesscase

import (
	"embed"
	"fmt"
	"io/fs"
)

// The six demo cases, modelled on the figures Nijmegen published for its mBC's; each file's
// notes say which figures come from the article and which are assumptions.
//
//go:embed examples/*.json
var examples embed.FS

// ExampleFiles returns the demo case files, at the root of the returned file system, so the
// demo can write them out next to its other input files.
func ExampleFiles() fs.FS {
	sub, err := fs.Sub(examples, "examples")
	if err != nil {
		panic(err) // the directory is embedded at build time; this cannot fail
	}
	return sub
}

// Examples loads and validates the demo cases, in file-name order.
func Examples() ([]*Case, error) {
	files := ExampleFiles()
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, err
	}
	cases := make([]*Case, 0, len(names))
	for _, name := range names {
		f, err := files.Open(name)
		if err != nil {
			return nil, err
		}
		c, err := Load(f, name)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("voorbeeld %s: %w", name, err)
		}
		cases = append(cases, c)
	}
	return cases, nil
}
