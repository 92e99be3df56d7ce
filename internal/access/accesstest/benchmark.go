package accesstest

import (
	"context"
	"fmt"

	"github.com/ontschot/ontschot/internal/benchmark"
	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

// Benchmark is a fake benchmark source: two begrotingen of four made-up municipalities in one
// Iv3 class (the fixture's own gemeente GM0001 is "Testgemeente"): what
// cli's benchmarkSource reads from the store, without the store, for the
// web's page tests and the browser walk.
type Benchmark struct {
	docs map[benchmark.Held]benchmark.Document
}

// NewBenchmark returns the fake with its two begrotingen.
func NewBenchmark() *Benchmark {
	f := &Benchmark{docs: map[benchmark.Held]benchmark.Document{}}
	// Lasten in thousands of euros per gemeente: 6.71 maatwerk Wmo, 6.72 jeugd.
	lasten := map[int]map[string][2]int64{
		2023: {"Testgemeente": {1000, 2000}, "Aadorp": {500, 800}, "Beedorp": {600, 900}, "Ceedorp": {700, 1000}},
		2024: {"Testgemeente": {1080, 2000}, "Aadorp": {650, 1000}, "Beedorp": {780, 1100}, "Ceedorp": {840, 1200}},
	}
	inw := map[string]int64{"Testgemeente": 20000, "Aadorp": 10000, "Beedorp": 12000, "Ceedorp": 14000}
	for jaar, byG := range lasten {
		d := benchmark.Document{Jaar: jaar, Document: "begroting"}
		for g, l := range byG {
			d.Gemeenten = append(d.Gemeenten, store.Iv3Gemeente{Jaar: jaar, Document: "begroting", Gemeente: g, Inwoners: inw[g],
				Grootte: "10000tot20000inwoners", Stedelijkheid: "Weinigstedelijk", SocialeStructuur: "Goed"})
			d.Taakvelden = append(d.Taakvelden,
				store.Iv3Taakveld{Jaar: jaar, Document: "begroting", Gemeente: g, Taakveld: "6.71", Naam: "Maatwerkdienstverlening 18+", Lasten: money.Cents(l[0] * 100000)},
				store.Iv3Taakveld{Jaar: jaar, Document: "begroting", Gemeente: g, Taakveld: "6.72", Naam: "Maatwerkdienstverlening 18-", Lasten: money.Cents(l[1] * 100000)})
		}
		f.docs[benchmark.Held{Jaar: jaar, Document: "begroting"}] = d
	}
	return f
}

func (f *Benchmark) Benchmark(_ context.Context, q benchmark.Query) (*benchmark.Result, error) {
	doc, ok := f.docs[benchmark.Held{Jaar: q.Jaar, Document: q.Document}]
	if !ok {
		return nil, fmt.Errorf("geen Iv3-gegevens voor %s %d / no data", q.Document, q.Jaar)
	}
	res, err := benchmark.Compare(doc, q.Gemeente, q.Peers, map[string]string{"GM0001": "Testgemeente"})
	if err != nil {
		return nil, err
	}
	if q.Vanaf != 0 {
		if err := res.AddGrowth(f.docs[benchmark.Held{Jaar: q.Vanaf, Document: q.Document}]); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func (f *Benchmark) BenchmarkDocuments(context.Context) ([]benchmark.Held, error) {
	return []benchmark.Held{{Jaar: 2023, Document: "begroting"}, {Jaar: 2024, Document: "begroting"}}, nil
}
