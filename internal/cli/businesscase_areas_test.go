package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/config"
	"github.com/ontschot/ontschot/internal/store"
)

// With a database, eval checks the target areas against its areas; without one it checks their
// form only and says so. Care types are checked against the code lists either way.
func TestBusinesscaseEvalChecksTargets(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(context.Background(), config.Resolve(data, "").Database())
	if err != nil {
		t.Fatal(err)
	}
	accesstest.Seed(t, st)
	st.Close()

	dir := t.TempDir()
	write := func(name, zorg, area string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(`{"name": "x", "horizon_years": 2, "targets": {"zorgsoorten": ["`+zorg+`"], "areas": ["`+area+`"]},
			"costs": [{"payer": "gemeente", "per_year_cents": [100]}]}`), 0o644)
		return p
	}
	unknown := write("onbekend.json", "45", "WK999999")
	if _, stderr, code := run(t, "businesscase", "eval", unknown, "--data", data); code == 0 || !strings.Contains(stderr, `veld targets.areas[0]: gebied "WK999999" is onbekend`) {
		t.Errorf("unknown area with a database: exit %d, %s", code, stderr)
	}
	if _, stderr, code := run(t, "businesscase", "eval", write("bekend.json", "45", accesstest.Wijk1), "--data", data); code != 0 {
		t.Errorf("known area: exit %d, %s", code, stderr)
	}
	if _, stderr, code := run(t, "businesscase", "eval", unknown); code != 0 || !strings.Contains(stderr, "alleen op vorm gecontroleerd") {
		t.Errorf("without a database: exit %d, %s", code, stderr)
	}
	if _, stderr, code := run(t, "businesscase", "eval", write("zorg.json", "99", "GM0001")); code == 0 || !strings.Contains(stderr, `targets.zorgsoorten[0]: "99" is geen zorgsoortcode`) {
		t.Errorf("unknown care type: exit %d, %s", code, stderr)
	}
}
