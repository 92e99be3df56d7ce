package web

import (
	"context"
	"testing"
)

func TestProviderLabel(t *testing.T) {
	p := &providerNames{load: func(context.Context) (map[string]string, error) {
		return map[string]string{"75990108": "Enver"}, nil
	}}
	for agb, want := range map[string]string{"75990108": "Enver (AGB 75990108)", "12345678": "AGB 12345678", "": "—"} {
		if got := p.label(agb); got != want {
			t.Errorf("label(%q) = %q, want %q", agb, got, want)
		}
	}
	var none *providerNames
	if got := none.label("12345678"); got != "AGB 12345678" {
		t.Errorf("without a register: %q", got)
	}
}
