package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/ontschot/ontschot/internal/config"
	"github.com/ontschot/ontschot/internal/kluis"
)

// openRemoteKluis connects to the kluis service. An instance set up to use
// one must not also hold a key: a key file in its data directory is
// refused, so nobody believes the keys are elsewhere while they are not.
func openRemoteKluis(ctx context.Context, c config.Config) (*kluis.Kluis, error) {
	if _, err := os.Stat(c.KeyFile); err == nil {
		return nil, fmt.Errorf("ONTSCHOT_KLUIS_URL is gezet, maar %s bestaat nog: de sleutels horen alleen bij de kluisdienst; verplaats het bestand daarheen en verwijder het hier / a key file is still in the data directory while a kluis service is configured", c.KeyFile)
	}
	return kluis.Dial(ctx, c.KluisURL, kluis.TLSFiles{Cert: c.KluisCert, Key: c.KluisKey, CA: c.KluisCA})
}
