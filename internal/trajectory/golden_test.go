package trajectory_test

import (
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/demo"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
	"github.com/ontschot/ontschot/internal/trajectory"
)

const secondary = "secundair afgeschermd"

var update = flag.Bool("update", false, "rewrite testdata/golden-*.json from the current code")

// The trajectories extra publishes byte for byte what the code before the
// rewrite for scale (issue 16, fourth round) published: on the demo region
// (two gemeenten, Across) and on one town, both with the own team's hours
// so the comparisons (and their bootstrap intervals) are computed, on both
// engines. The golden files were written by that code (go test -update).
func TestSourceGolden(t *testing.T) {
	for _, c := range []struct {
		name     string
		gemeente string
	}{{"region", ""}, {"town", "GM0642"}} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			files, _, err := demo.Generate(dir, demo.Options{Households: 3000, Years: 2, FirstYear: 2023, Seed: 11, Gemeente: c.gemeente})
			if err != nil {
				t.Fatal(err)
			}
			storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
				ctx := context.Background()
				imp := importer.New(s, kluis.New(make([]byte, 32), make([]byte, 32)))
				steps := [][2]string{{"areas", files.Areas}, {"providers", files.Providers}, {"addresses", files.Addresses}, {"brp", files.BRP}}
				for _, f := range files.Deliveries {
					steps = append(steps, [2]string{"deliveries", f})
				}
				steps = append(steps, [][2]string{{"flows", files.Flows}, {"survey", files.Survey}, {"deliveries", files.Volume}}...)
				for _, st := range steps {
					if _, err := imp.ImportFile(ctx, st[0], st[1]); err != nil {
						t.Fatal(err)
					}
				}
				var got strings.Builder
				for _, period := range []string{"2024", "2024-Q2", "2023"} {
					p, err := release.ParsePeriod(period)
					if err != nil {
						t.Fatal(err)
					}
					xs, err := trajectory.Source(trajectory.DefaultHourlyCost)(ctx, s, p, math.MaxInt64, math.MaxInt64)
					if err != nil {
						t.Fatal(err)
					}
					for _, x := range xs {
						got.WriteString(period + " " + x.Kind + " " + x.Level + " " + x.Area + "\n" + x.Body + "\n")
					}
				}
				path := filepath.Join("testdata", "golden-"+c.name+".txt")
				if *update {
					if err := os.MkdirAll("testdata", 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got.String()), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if got.String() != string(want) {
					t.Fatalf("the trajectories extra differs from %s:\n%s", path, firstDiff(got.String(), string(want)))
				}
				if !strings.Contains(got.String(), `"cost_ratio_interval":[`) {
					t.Error("no comparison with a cost interval: the test does not cover Compare")
				}
				if !strings.Contains(got.String(), secondary) && c.gemeente == "" {
					t.Error("no secondary suppression in the region: the test does not cover Across")
				}
			})
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got:  " + clip(a) + "\n want: " + clip(b)
		}
	}
	return "(same lines)"
}

func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}
