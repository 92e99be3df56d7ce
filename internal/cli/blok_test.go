package cli

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/paulmach/orb/planar"

	"github.com/ontschot/ontschot/internal/areas"
	"github.com/ontschot/ontschot/internal/store"
)

// A small demo (300 households: it used to crash) freezes an outline for
// every blok, and the bloks of a buurt tile it: their areas add up to the
// buurt's.
func TestDemoFreezesBlokOutlines(t *testing.T) {
	data := t.TempDir()
	if _, stderr, code := run(t, "demo", "--data", data, "--households", "300", "--years", "1", "--json"); code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(data, "ontschot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rels, err := st.Releases(ctx)
	if err != nil || len(rels) == 0 {
		t.Fatalf("releases: %v %v", rels, err)
	}
	year := 0
	for _, r := range rels {
		if len(r.Period) == 4 {
			year, _ = strconv.Atoi(r.Period)
		}
	}
	rows, err := st.Bloks(ctx, year)
	if err != nil || len(rows) == 0 {
		t.Fatalf("bloks of %d: %d, %v", year, len(rows), err)
	}
	outlines, err := st.BlokOutlines(ctx, year)
	if err != nil {
		t.Fatal(err)
	}
	bloksOf := map[string]map[string]bool{}
	for _, r := range rows {
		if bloksOf[r.Buurt] == nil {
			bloksOf[r.Buurt] = map[string]bool{}
		}
		bloksOf[r.Buurt][r.Blok] = true
	}
	bs, err := st.AreasOfLevel(ctx, "buurt")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, b := range bs {
		if len(bloksOf[b.Code]) == 0 {
			continue
		}
		g, err := areas.DecodeGeometry(b.Geometry)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for blok := range bloksOf[b.Code] {
			raw, ok := outlines[blok]
			if !ok {
				t.Fatalf("blok %s of %s has no outline", blok, b.Code)
			}
			o, err := areas.DecodeGeometry(raw)
			if err != nil {
				t.Fatal(err)
			}
			sum += planar.Area(o)
		}
		if want := planar.Area(g); math.Abs(sum-want) > 0.001*want {
			t.Errorf("the bloks of %s cover %.0f m², the buurt %.0f m²", b.Code, sum, want)
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d buurten with bloks checked", checked)
	}
}
