package release

import (
	"bytes"
	"encoding/json"
	"testing"
)

// createWith runs Create with n workers (1: the sequential path) on inputs
// split down to single households, and returns the tables as JSON.
func createWith(t *testing.T, in Input, n int) []byte {
	t.Helper()
	defer SplitSmall()()
	defer func(old int) { Parallel = old }(Parallel)
	Parallel = n
	tb, err := Create(in, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(tb)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParallelIdentical: a region's release computed with 2, 3 and 8
// workers is the sequential one byte for byte — cells, concentration and
// stacking, suppressions included.
func TestParallelIdentical(t *testing.T) {
	for _, unknown := range []float64{0, 0.05} {
		in := regionCity(21, unknown)
		seq := createWith(t, in, 1)
		var tb Tables
		if err := json.Unmarshal(seq, &tb); err != nil {
			t.Fatal(err)
		}
		suppressed := 0
		for _, c := range tb.Cells {
			if c.Suppressed {
				suppressed++
			}
		}
		if len(tb.Cells) < 100 || suppressed == 0 || len(tb.Stacking) == 0 || len(tb.Concentration) == 0 {
			t.Fatalf("the region's release is too thin to compare: %d cells (%d suppressed), %d stacking, %d concentration",
				len(tb.Cells), suppressed, len(tb.Stacking), len(tb.Concentration))
		}
		for _, n := range []int{2, 3, 8} {
			if par := createWith(t, in, n); !bytes.Equal(seq, par) {
				t.Errorf("unknown %.2f, %d workers: the tables differ from the sequential path", unknown, n)
			}
		}
	}
}

// TestMergeTopTwo: merging two shares keeps the two largest contributions
// of both, as one pass over all of them does (the p%-rule reads them).
func TestMergeTopTwo(t *testing.T) {
	all := []int64{5, 90, 7, 90, 3, 40}
	var one, a, b cellStats
	for i, v := range all {
		one.add(v, 1)
		if i < 3 {
			a.add(v, 1)
		} else {
			b.add(v, 1)
		}
	}
	a.merge(&b)
	if a != one || a.top1 != 90 || a.top2 != 90 || a.households != 6 || a.amount != 235 {
		t.Fatalf("merged %+v, one pass %+v", a, one)
	}
}
