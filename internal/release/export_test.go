package release

// SplitSmall makes the parallel release split inputs of any size (tests
// compare it with the sequential path on small inputs); the returned
// function undoes it.
func SplitSmall() func() {
	old := minHouseholdsPerWorker
	minHouseholdsPerWorker = 1
	return func() { minHouseholdsPerWorker = old }
}
