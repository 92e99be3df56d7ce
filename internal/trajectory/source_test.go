package trajectory_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/ontschot/ontschot/internal/demo"
	"github.com/ontschot/ontschot/internal/evaluation"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
	"github.com/ontschot/ontschot/internal/trajectory"
)

// A region's release from the store, on both engines: trajectories and
// plan evaluation for the region (area "") and for each gemeente; a
// one-gemeente instance keeps its single extra of no area.
func TestSourcePerGemeenteFromStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		files, _, err := demo.Generate(t.TempDir(), demo.Options{Households: 1500, Years: 1, FirstYear: 2024, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		imp := importer.New(s, kluis.New(make([]byte, 32), make([]byte, 32)))
		for _, f := range append([]string{files.Areas, files.Addresses, files.BRP}, files.Deliveries...) {
			kind := map[string]string{files.Areas: "areas", files.Addresses: "addresses", files.BRP: "brp"}[f]
			if kind == "" {
				kind = "deliveries"
			}
			if _, err := imp.ImportFile(ctx, kind, f); err != nil {
				t.Fatal(err)
			}
		}
		p, _ := release.ParsePeriod("2024")
		info, _, err := release.Freeze(ctx, s, p, "test", release.DefaultRules(), trajectory.Source(trajectory.DefaultHourlyCost), evaluation.Source())
		if err != nil {
			t.Fatal(err)
		}
		for _, kind := range []string{trajectory.ExtraKind, evaluation.ExtraKind} {
			xs, err := s.ReleaseExtras(ctx, info.ID, kind)
			if err != nil {
				t.Fatal(err)
			}
			var areas []string
			for _, x := range xs {
				areas = append(areas, x.Area)
			}
			if len(xs) != 3 || xs[0].Area != "" || xs[1].Area != "GM0531" || xs[2].Area != "GM0642" {
				t.Fatalf("%s extras of areas %q, want the region's and both gemeenten's", kind, areas)
			}
		}
		xs, _ := s.ReleaseExtras(ctx, info.ID, trajectory.ExtraKind)
		var region, a, b trajectory.Result
		for i, r := range []*trajectory.Result{&region, &a, &b} {
			if err := json.Unmarshal([]byte(xs[i].Body), r); err != nil {
				t.Fatal(err)
			}
		}
		// Every gemeente's published count is at most the region's.
		regionCount := map[string]int64{}
		for _, c := range region.Cells {
			if c.Trajectories != nil {
				regionCount[c.Type+c.Category] = *c.Trajectories
			}
		}
		published := 0
		for _, g := range []trajectory.Result{a, b} {
			for _, c := range g.Cells {
				if c.Trajectories == nil {
					continue
				}
				published++
				if rc, ok := regionCount[c.Type+c.Category]; ok && *c.Trajectories > rc+5 {
					t.Errorf("%s %s: gemeente %d, region %d", c.Type, c.Category, *c.Trajectories, rc)
				}
			}
		}
		if published == 0 {
			t.Error("no gemeente publishes a trajectory cell")
		}
	})
}
