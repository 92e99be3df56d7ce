// Command scalegen writes the scale fixture of issue 16: a region of
// households with a BRP extract, their addresses and a year of deliveries
// over them, at any size (1M deliveries over 200k households, 3M over 600k,
// 10M over 2M). The areas are the demo region's (its two gemeenten on
// their CBS buurt outlines, demo.Generate); the postcodes are the demo's,
// each holding many more house numbers. Every BSN is synthetic
// (kluis.SyntheticBSN).
//
//	go run ./internal/release/scalegen -households 200000 -deliveries 1000000 -out /tmp/scale1m
//
// It writes gebieden.geojson, adressen.csv, brp.csv and leveringen.csv into
// -out, to be imported in that order; the deliveries fall in -year, which
// must be closed to be released.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/ontschot/ontschot/internal/demo"
	"github.com/ontschot/ontschot/internal/kluis"
)

func main() {
	households := flag.Int("households", 200_000, "number of households (one address each)")
	deliveries := flag.Int("deliveries", 1_000_000, "number of delivery rows, spread at random over the households")
	members := flag.Int("members", 1, "household h has 1 + h%members persons (1: one person each, as the 10M file of the second round)")
	year := flag.Int("year", 2025, "the year of the deliveries")
	out := flag.String("out", "", "directory to write into")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "scalegen: -out MAP is verplicht / -out is required")
		os.Exit(2)
	}
	if err := run(*out, *households, *deliveries, *members, *year); err != nil {
		fmt.Fprintln(os.Stderr, "scalegen:", err)
		os.Exit(1)
	}
}

// postcode is one of the demo's pc6 with its buurt and a point in it.
type postcode struct{ pc, buurt, x, y string }

func run(dir string, households, deliveries, maxMembers, year int) error {
	if households < 1 || deliveries < 1 || maxMembers < 1 {
		return fmt.Errorf("households en deliveries moeten positief zijn / must be positive")
	}
	// The demo region at a small size gives the areas and the postcodes.
	seed := filepath.Join(dir, "demo")
	files, _, err := demo.Generate(seed, demo.Options{Households: 4000, Years: 1, FirstYear: year, Seed: 7})
	if err != nil {
		return err
	}
	if err := os.Rename(files.Areas, filepath.Join(dir, "gebieden.geojson")); err != nil {
		return err
	}
	pcs, err := readPostcodes(files.Addresses)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(seed); err != nil {
		return err
	}
	if households/len(pcs)+1 > 99999 {
		return fmt.Errorf("%d huishoudens passen niet in %d postcodes / too many households", households, len(pcs))
	}
	// Household h lives at pcs[h%n], number h/n+1; its members are the
	// persons maxMembers·h + m, m < 1 + h%maxMembers.
	members := func(h int) int { return 1 + h%maxMembers }
	person := func(h, m int) string { return kluis.SyntheticBSN(maxMembers*h + m) }
	addr := func(h int) (postcode, int) { return pcs[h%len(pcs)], h/len(pcs) + 1 }

	if err := write(filepath.Join(dir, "adressen.csv"), func(w *bufio.Writer) {
		w.WriteString("postcode,huisnummer,buurtcode,x,y\n")
		for h := 0; h < households; h++ {
			p, nr := addr(h)
			fmt.Fprintf(w, "%s,%d,%s,%s,%s\n", p.pc, nr, p.buurt, p.x, p.y)
		}
	}); err != nil {
		return err
	}
	peil := fmt.Sprintf("%d-12-31", year-1)
	if err := write(filepath.Join(dir, "brp.csv"), func(w *bufio.Writer) {
		w.WriteString("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n")
		for h := 0; h < households; h++ {
			p, nr := addr(h)
			fmt.Fprintf(w, "%s,1980-05-01,%s,%d,,,,,0,%s\n", person(h, 0), p.pc, nr, peil)
			for m := 1; m < members(h); m++ {
				fmt.Fprintf(w, "%s,2012-09-01,%s,%d,,,,,0,%s\n", person(h, m), p.pc, nr, peil)
			}
		}
	}); err != nil {
		return err
	}
	// Deliveries: a household drawn at random per row (≈ deliveries /
	// households each), one of its members, 40 providers, five streams.
	streams := []string{"jeugdwet,45,45A48", "wmo,02,02A05", "participatiewet,bijstand,PW-LO", "jeugdwet,43,43A31", "lumpsum,wijkteam,WT-BEGL"}
	r := rand.New(rand.NewPCG(11, 12))
	return write(filepath.Join(dir, "leveringen.csv"), func(w *bufio.Writer) {
		w.WriteString("agb,referentie,bsn,geldstroom,categorie,productcode,begindatum,einddatum,volume,eenheid,bedrag_cent,debet_credit\n")
		for i := 0; i < deliveries; i++ {
			h := r.IntN(households)
			m := 1 + i%12
			fmt.Fprintf(w, "7599%04d,S%09d,%s,%s,%d-%02d-01,%d-%02d-28,4,04,%d,D\n", i%40, i, person(h, r.IntN(members(h))),
				streams[r.IntN(len(streams))], year, m, year, m, 1000+r.IntN(400000))
		}
	})
}

func readPostcodes(path string) ([]postcode, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	rd := csv.NewReader(fh)
	seen := map[string]bool{}
	var out []postcode
	for line := 0; ; line++ {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if line == 0 || seen[rec[0]] {
			continue
		}
		seen[rec[0]] = true
		out = append(out, postcode{pc: rec[0], buurt: rec[2], x: rec[3], y: rec[4]})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: geen postcodes / no postcodes", path)
	}
	return out, nil
}

func write(path string, fill func(w *bufio.Writer)) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(fh, 1<<16)
	fill(w)
	if err := w.Flush(); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}
