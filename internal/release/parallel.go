package release

import (
	"runtime"
	"sync"
)

// Parallel bounds the goroutines a release computes with: 0 (the default)
// means GOMAXPROCS, 1 the sequential path. The result does not depend on
// it (TestParallelIdentical).
var Parallel = 0

// minHouseholdsPerWorker keeps small inputs on one goroutine: below it the
// start and the merge cost more than they save. A variable so that tests
// can split a small input.
var minHouseholdsPerWorker = 4096

func workers() int {
	if Parallel > 0 {
		return Parallel
	}
	return runtime.GOMAXPROCS(0)
}

// splitRange cuts [0, n) into at most parts contiguous ranges of at least
// min elements each (one range when n is small).
func splitRange(n, parts, min int) [][2]int {
	if parts > n/min {
		parts = n / min
	}
	if parts < 1 {
		parts = 1
	}
	out := make([][2]int, parts)
	for i := range out {
		out[i] = [2]int{i * n / parts, (i + 1) * n / parts}
	}
	return out
}

// both runs a and b, side by side unless the release is sequential.
func both(a, b func()) {
	if workers() == 1 {
		a()
		b()
		return
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a()
	}()
	b()
	wg.Wait()
}

// runAll runs jobs with at most workers() at a time and returns when all
// are done.
func runAll(jobs []func()) {
	sem := make(chan struct{}, workers())
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			job()
		}()
	}
	wg.Wait()
}
