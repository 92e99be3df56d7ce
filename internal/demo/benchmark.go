package demo

import (
	"embed"
	"os"
	"path/filepath"
	"slices"
)

// The CBS figures the demo needs for the page "Vergelijking met andere
// gemeenten", so it works without ../shared: the Iv3 rows (taakveld 6,
// lasten and baten × €1,000, from the CBS sociaal-domein extract) of the
// municipalities in the Iv3 classes (gemeentegrootte, stedelijkheid,
// sociale structuur) of Zwijndrecht and of Hendrik-Ido-Ambacht for every
// document that extract holds, and the CBS kerncijfers rows of those
// municipalities for 2023 and 2024 (to link names to GM codes, and the age
// make-up the population budget of the region's wijken needs). Bron: CBS
// (open data, CC BY 4.0).
//
//go:embed cbs/iv3_klasse_regio.csv cbs/kerncijfers_klasse_regio.csv
var cbsBenchmark embed.FS

// writeBenchmarkFiles copies the embedded CBS files into dir when the demo
// is one of the pilot towns or their region; another town gets none (the
// page then says what to import).
func writeBenchmarkFiles(dir, gemeente string) (iv3, kerncijfers string, err error) {
	if !slices.Contains(RegionGemeenten, gemeente) {
		return "", "", nil
	}
	iv3, kerncijfers = filepath.Join(dir, "iv3_cbs.csv"), filepath.Join(dir, "kerncijfers_cbs.csv")
	for _, f := range []struct{ from, to string }{{"cbs/iv3_klasse_regio.csv", iv3}, {"cbs/kerncijfers_klasse_regio.csv", kerncijfers}} {
		b, err := cbsBenchmark.ReadFile(f.from)
		if err != nil {
			return "", "", err
		}
		if err := os.WriteFile(f.to, b, 0o644); err != nil {
			return "", "", err
		}
	}
	return iv3, kerncijfers, nil
}
