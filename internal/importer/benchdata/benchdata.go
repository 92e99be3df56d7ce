// Package benchdata writes the synthetic delivery CSV that the import
// benchmarks (BenchmarkImportCSV) and scripts/bench-peers.sh measure:
// 40 providers, persons with synthetic BSNs (kluis.SyntheticBSN), monthly
// rows, a few credits.
package benchdata

import (
	"bufio"
	"fmt"

	"github.com/ontschot/ontschot/internal/kluis"
)

// Write writes a header and n rows for the given number of persons.
func Write(w *bufio.Writer, n, persons int) error {
	w.WriteString("agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit,toewijzing\n")
	streams := []string{"jeugdwet,45,45A48", "wmo,02,02A05", "participatiewet,bijstand,PW-LO", "jeugdwet,43,43A31"}
	bsns := make([]string, persons)
	for i := range bsns {
		bsns[i] = kluis.SyntheticBSN(i)
	}
	for i := 0; i < n; i++ {
		m := i%12 + 1
		dc := "D"
		if i%97 == 0 {
			dc = "C"
		}
		if _, err := fmt.Fprintf(w, "7599%04d,REF%09d,%s,%s,2025-%02d-01,2025-%02d-28,%d,04,%d,%s,TW%06d\n",
			i%40, i, bsns[(i*7919)%len(bsns)], streams[i%len(streams)], m, m, 1+i%20, 5000+i%300000, dc, i%500000); err != nil {
			return err
		}
	}
	return nil
}
