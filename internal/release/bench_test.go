package release

import "testing"

var (
	demoCity  = cityConfig{seed: 7, households: 20_000, rows: 150_000, wijken: 8, buurten: 6, blokken: 6, unknown: 0.02}
	largeCity = cityConfig{seed: 8, households: 100_000, rows: 1_000_000, wijken: 15, buurten: 8, blokken: 8, unknown: 0.02}
)

func benchCreate(b *testing.B, cfg cityConfig) {
	in := synthCity(cfg)
	rows := 0
	for _, h := range in.Households {
		rows += len(h.Rows)
	}
	b.ReportMetric(float64(rows), "rows")
	b.ResetTimer()
	for b.Loop() {
		if _, err := Create(in, DefaultRules()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateDemo: the demo municipality, ≈20,000 households, ~150k deliveries.
func BenchmarkCreateDemo(b *testing.B) { benchCreate(b, demoCity) }

// BenchmarkCreateLarge: 100,000 households, ~1,000,000 deliveries.
func BenchmarkCreateLarge(b *testing.B) { benchCreate(b, largeCity) }
