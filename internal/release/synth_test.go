package release

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/ontschot/ontschot/internal/money"
)

// cityConfig describes a synthetic city for tests and benchmarks.
type cityConfig struct {
	seed       uint64
	households int
	rows       int // deliveries in total, approximately
	wijken     int
	buurten    int     // per wijk
	blokken    int     // per buurt
	unknown    float64 // share of households with a secret/unknown address
}

var geldstromen = []string{"jeugdwet", "wmo", "participatiewet", "wlz", "zvw", "schuldhulp", "lumpsum"}

// zorgsoorten per geldstroom (codes as in iJw/iWmo plus municipal types).
var zorgsoorten = map[string][]string{
	"jeugdwet":        {"31", "32", "33", "34", "35", "36", "40", "41", "42", "43", "44", "45", "46", "47", "50", "51", "52", "53", "54", "55"},
	"wmo":             {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16"},
	"participatiewet": {"bijstand", "reintegratie"},
	"wlz":             {"wlz-zorg"},
	"zvw":             {"wijkverpleging"},
	"schuldhulp":      {"schuldhulp"},
	"lumpsum":         {"wijkteam", "algemene-voorziening"},
}

// synthCity builds a city with the skew seen in practice: most households use
// little, a few percent use most of the money, a handful exceed €500k.
func synthCity(cfg cityConfig) Input {
	rng := rand.New(rand.NewPCG(cfg.seed, cfg.seed*7919+1))
	in := Input{Period: Period{Year: 2025}, Gemeente: "GM0642"}
	perHH := float64(cfg.rows) / float64(cfg.households)
	// Blok sizes vary: weight per blok.
	type loc struct{ w, b, k string }
	var locs []loc
	var weights []float64
	for w := range cfg.wijken {
		for b := range cfg.buurten {
			for k := range cfg.blokken {
				locs = append(locs, loc{
					fmt.Sprintf("WK0642%02d", w+1),
					fmt.Sprintf("BU0642%02d%02d", w+1, b+1),
					fmt.Sprintf("BL0642%02d%02d%02d", w+1, b+1, k+1),
				})
				weights = append(weights, 0.3+rng.Float64()*2)
			}
		}
	}
	cum := make([]float64, len(weights))
	s := 0.0
	for i, x := range weights {
		s += x
		cum[i] = s
	}
	for i := range cfg.households {
		h := Household{ID: int64(1000 + i), Gemeente: in.Gemeente}
		if rng.Float64() >= cfg.unknown {
			r := rng.Float64() * s
			j := 0
			for cum[j] < r {
				j++
			}
			h.Wijk, h.Buurt, h.Blok = locs[j].w, locs[j].b, locs[j].k
		}
		persons := 1 + rng.IntN(5)
		// Heavy tail: 3% heavy users, 0.1% extreme.
		scale := 800.0
		nrows := 1 + rng.IntN(int(2*perHH))
		switch u := rng.Float64(); {
		case u < 0.001:
			scale = 120_000
			nrows += 10
		case u < 0.03:
			scale = 15_000
			nrows += 4
		}
		// A household uses one to three streams.
		streams := []string{geldstromen[rng.IntN(len(geldstromen))]}
		for rng.Float64() < 0.35 && len(streams) < 3 {
			streams = append(streams, geldstromen[rng.IntN(len(geldstromen))])
		}
		for range nrows {
			g := streams[rng.IntN(len(streams))]
			zs := zorgsoorten[g]
			z := zs[rng.IntN(len(zs))]
			amount := int64(scale * math.Exp(rng.NormFloat64()*0.9) * 100)
			p := int32(rng.IntN(persons))
			h.Rows = append(h.Rows, Row{Person: p, Geldstroom: g, Zorgsoort: z, Amount: money.Cents(amount)})
			if rng.Float64() < 0.03 { // a correction
				h.Rows = append(h.Rows, Row{Person: p, Geldstroom: g, Zorgsoort: z, Amount: -money.Cents(rng.Int64N(amount + 1))})
			}
		}
		in.Households = append(in.Households, h)
	}
	return in
}

func smallCity(seed uint64) Input {
	return synthCity(cityConfig{seed: seed, households: 1500, rows: 9000, wijken: 3, buurten: 4, blokken: 4, unknown: 0.02})
}
