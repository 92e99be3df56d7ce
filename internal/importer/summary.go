package importer

import "github.com/ontschot/ontschot/internal/store"

// Summary is the outcome of one import (store.Summary), named here so that
// a caller of Import needs no store import.
type Summary = store.Summary
