package trajectory_test

import (
	"testing"

	"github.com/ontschot/ontschot/internal/store/storetest"
)

// TestMain stops the PostgreSQL cluster the store tests started.
func TestMain(m *testing.M) { storetest.Main(m) }
