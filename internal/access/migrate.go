package access

import (
	"context"

	"github.com/ontschot/ontschot/internal/store"
)

// MigratePseudonyms relabels every stored pseudonym of the old key
// versions (labels such as "hp1", "ha1") after a key rotation, in one
// transaction, and re-seals the audit chain with this package's record
// hash (see store.MigratePseudonyms).
func MigratePseudonyms(ctx context.Context, st *store.Store, old []string) (store.PseudonymMigration, error) {
	return st.MigratePseudonyms(ctx, old, recordHash)
}
