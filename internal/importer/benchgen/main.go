// Command benchgen writes the synthetic delivery CSV that the import
// benchmarks and scripts/bench-peers.sh measure: 40 providers, persons
// with synthetic BSNs (kluis.SyntheticBSN), monthly rows, a few credits.
//
//	go run ./internal/importer/benchgen -rows 1000000 -persons 100000 > leveringen.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/ontschot/ontschot/internal/importer/benchdata"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "number of delivery rows")
	persons := flag.Int("persons", 100_000, "number of distinct persons")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	if err := benchdata.Write(w, *rows, *persons); err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
}
