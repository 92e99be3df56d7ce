package areas

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

func TestBloks(t *testing.T) {
	tests := []struct {
		name   string
		counts map[string]int
		min    int
		want   []BlokCluster
	}{
		{"empty buurt", nil, 50, nil},
		{
			"small buurt is one Small blok",
			map[string]int{"3331AB": 20, "3331AA": 10},
			50,
			[]BlokCluster{{Code: "BL0642010101", Buurt: "BU06420101", Postcodes: []string{"3331AA", "3331AB"}, Addresses: 30, Small: true}},
		},
		{
			"greedy in postcode order, remainder joins the last blok",
			map[string]int{"3331AD": 30, "3331AA": 30, "3331AC": 60, "3331AB": 25, "3331AE": 10},
			50,
			// AD + AE = 40 < 50 joins the blok of AC.
			[]BlokCluster{
				{Code: "BL0642010101", Buurt: "BU06420101", Postcodes: []string{"3331AA", "3331AB"}, Addresses: 55},
				{Code: "BL0642010102", Buurt: "BU06420101", Postcodes: []string{"3331AC", "3331AD", "3331AE"}, Addresses: 100},
			},
		},
		{
			"exactly min closes a blok; min 0 means the default 50",
			map[string]int{"3331AA": 50, "3331AB": 50},
			0,
			[]BlokCluster{
				{Code: "BL0642010101", Buurt: "BU06420101", Postcodes: []string{"3331AA"}, Addresses: 50},
				{Code: "BL0642010102", Buurt: "BU06420101", Postcodes: []string{"3331AB"}, Addresses: 50},
			},
		},
		{
			"negative counts count as zero",
			map[string]int{"3331AA": -5, "3331AB": 60},
			50,
			[]BlokCluster{{Code: "BL0642010101", Buurt: "BU06420101", Postcodes: []string{"3331AA", "3331AB"}, Addresses: 60}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Bloks("BU06420101", tt.counts, tt.min)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Bloks:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// Property test over random buurten: every pc6 in exactly one blok, every blok ≥ min
// except a single Small one, all in the buurt, codes in sequence, same input → same output.
func TestBloksProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for iter := range 500 {
		buurt := fmt.Sprintf("BU%04d%02d%02d", r.IntN(2000), r.IntN(100), r.IntN(100))
		min := 1 + r.IntN(80)
		counts := map[string]int{}
		for range r.IntN(60) {
			counts[fmt.Sprintf("%04d%c%c", 1000+r.IntN(9000), 'A'+r.IntN(3), 'A'+r.IntN(26))] = r.IntN(40)
		}
		bloks := Bloks(buurt, counts, min)
		if len(counts) == 0 {
			if bloks != nil {
				t.Fatalf("iter %d: bloks for an empty buurt: %v", iter, bloks)
			}
			continue
		}
		seen := map[string]string{}
		total, small := 0, 0
		var last string
		for i, b := range bloks {
			if b.Buurt != buurt || b.Code != BlokCode(buurt, i+1) {
				t.Fatalf("iter %d: blok %d = %s in %s, want %s in %s", iter, i, b.Code, b.Buurt, BlokCode(buurt, i+1), buurt)
			}
			sum := 0
			for _, pc := range b.Postcodes {
				if prev, dup := seen[pc]; dup {
					t.Fatalf("iter %d: %s in %s and %s", iter, pc, prev, b.Code)
				}
				if _, ok := counts[pc]; !ok {
					t.Fatalf("iter %d: %s in %s is not a pc6 of the buurt", iter, pc, b.Code)
				}
				if pc <= last {
					t.Fatalf("iter %d: postcodes not ascending across bloks: %s after %s", iter, pc, last)
				}
				last = pc
				seen[pc] = b.Code
				sum += max(counts[pc], 0)
			}
			if sum != b.Addresses {
				t.Fatalf("iter %d: %s says %d addresses, its postcodes hold %d", iter, b.Code, b.Addresses, sum)
			}
			total += sum
			if b.Small {
				small++
				if len(bloks) != 1 {
					t.Fatalf("iter %d: Small blok %s next to others", iter, b.Code)
				}
			} else if b.Addresses < min {
				t.Fatalf("iter %d: %s holds %d < %d addresses and is not Small", iter, b.Code, b.Addresses, min)
			}
		}
		if len(seen) != len(counts) {
			t.Fatalf("iter %d: %d of %d postcodes in a blok", iter, len(seen), len(counts))
		}
		if (small == 1) != (total < min) {
			t.Fatalf("iter %d: %d Small bloks for a buurt of %d addresses (min %d)", iter, small, total, min)
		}
		if again := Bloks(buurt, counts, min); !reflect.DeepEqual(again, bloks) {
			t.Fatalf("iter %d: not deterministic", iter)
		}
		if of := BlokOf(bloks); !reflect.DeepEqual(of, seen) {
			t.Fatalf("iter %d: BlokOf = %v, want %v", iter, of, seen)
		}
	}
}

func TestBlokCode(t *testing.T) {
	for _, tt := range []struct {
		buurt string
		seq   int
		want  string
	}{
		{"BU06420101", 1, "BL0642010101"},
		{"BU06420101", 2, "BL0642010102"},
		{"BU0363AF01", 12, "BL0363AF0112"},
		{"BU06420101", 100, "BL06420101100"},
	} {
		if got := BlokCode(tt.buurt, tt.seq); got != tt.want {
			t.Errorf("BlokCode(%s, %d) = %s, want %s", tt.buurt, tt.seq, got, tt.want)
		}
	}
}

func TestPC6CountsAndAllBloks(t *testing.T) {
	var rows []AddressRow
	for i := range 60 {
		rows = append(rows, AddressRow{Postcode: "3331AA", Huisnummer: i + 1, Buurt: "BU06420101"})
	}
	// 3331AB crosses the border: 5 addresses in each buurt.
	for i := range 10 {
		b := "BU06420101"
		if i >= 5 {
			b = "BU06420102"
		}
		rows = append(rows, AddressRow{Postcode: "3331AB", Huisnummer: i + 1, Buurt: b})
	}
	rows = append(rows, AddressRow{Postcode: "3331AC", Huisnummer: 1, HasXY: true}) // not located: skipped
	counts := PC6Counts(rows)
	want := map[string]map[string]int{"BU06420101": {"3331AA": 60, "3331AB": 5}, "BU06420102": {"3331AB": 5}}
	if !reflect.DeepEqual(counts, want) {
		t.Fatalf("PC6Counts = %v, want %v", counts, want)
	}
	var got []string
	for _, b := range AllBloks(counts, 50) {
		got = append(got, fmt.Sprintf("%s %v %d %v", b.Code, b.Postcodes, b.Addresses, b.Small))
	}
	wantBloks := []string{"BL0642010101 [3331AA 3331AB] 65 false", "BL0642010201 [3331AB] 5 true"}
	if !reflect.DeepEqual(got, wantBloks) {
		t.Errorf("AllBloks = %q, want %q", got, wantBloks)
	}
	if !sort.StringsAreSorted(got) {
		t.Errorf("AllBloks not in code order: %v", got)
	}
}
