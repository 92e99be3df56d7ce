package trajectory_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/trajectory"
)

// TestSourceAtScale times the trajectories extra alone on an existing
// store (issue 16 point 4): ONTSCHOT_TRAJ_DB names it (a SQLite file or a
// postgres:// URL), ONTSCHOT_TRAJ_PERIOD the period (default 2025). It
// prints wall time, the peak Go heap (sampled) and a hash of the bodies,
// so two versions can be compared on the same store. Peak RSS: run the
// test binary under /usr/bin/time -v; ONTSCHOT_TRAJ_HEAPPROF=file writes
// the heap profile near the peak.
func TestSourceAtScale(t *testing.T) {
	db := os.Getenv("ONTSCHOT_TRAJ_DB")
	if db == "" {
		t.Skip("ONTSCHOT_TRAJ_DB not set: no store to time the trajectories extra on")
	}
	period := os.Getenv("ONTSCHOT_TRAJ_PERIOD")
	if period == "" {
		period = "2025"
	}
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := release.ParsePeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var m runtime.MemStats
		var max uint64
		for {
			runtime.ReadMemStats(&m)
			if prof := os.Getenv("ONTSCHOT_TRAJ_HEAPPROF"); prof != "" && m.HeapInuse > max+max/10 {
				if f, err := os.Create(prof); err == nil {
					_ = pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
			max = maxOf(max, m.HeapInuse)
			select {
			case <-done:
				peak <- max
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	xs, err := trajectory.Source(trajectory.DefaultHourlyCost)(ctx, s, p, math.MaxInt64, math.MaxInt64)
	wall := time.Since(start)
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, x := range xs {
		fmt.Fprintf(h, "%s %s %s\n%s\n", x.Kind, x.Level, x.Area, x.Body)
	}
	t.Logf("trajectories extra: %d bodies, %.1f s wall, peak heap in use %d MB, sha256 %x", len(xs), wall.Seconds(), <-peak>>20, h.Sum(nil)[:8])
}

func maxOf(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
