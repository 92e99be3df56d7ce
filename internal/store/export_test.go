package store

// SetPersonCacheMax lets a test make the import's person cache small; the
// returned func sets it back.
func SetPersonCacheMax(n int) func() {
	old := personCacheMax
	personCacheMax = n
	return func() { personCacheMax = old }
}

// MigrateUpTo makes Open apply the migrations up to name only; the
// returned func sets it back.
func MigrateUpTo(name string) func() {
	old := migrateUpTo
	migrateUpTo = name
	return func() { migrateUpTo = old }
}
