package store

// SetPersonCacheMax lets a test make the import's person cache small; the
// returned func sets it back.
func SetPersonCacheMax(n int) func() {
	old := personCacheMax
	personCacheMax = n
	return func() { personCacheMax = old }
}
