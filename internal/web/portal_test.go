package web

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

func TestGroupMonthly(t *testing.T) {
	m := func(id, begin, end, amount int64, credit bool) store.DeliveryRow {
		return store.DeliveryRow{ID: id, AGB: "75990115", Geldstroom: "jeugdwet", Categorie: "45", Productcode: "45A48", Volume: 10, Eenheid: "04",
			Begin: begin, Eind: end, AmountCent: money.Cents(amount), Credit: credit}
	}
	ds := []store.DeliveryRow{
		m(1, 20241101, 20241130, 98000, false),
		m(2, 20241201, 20241231, 98000, false),
		m(3, 20250101, 20250131, 98000, false),
		m(4, 20250101, 20250131, -98000, true), // correction: on its own
		m(5, 20250201, 20250228, 90000, false), // other amount: a new run
		m(6, 20250401, 20250430, 90000, false), // gap after February: a new run
		m(7, 20250510, 20250520, 90000, false), // part of a month: on its own
	}
	g := groupMonthly(ds)
	var sizes []int
	for _, r := range g {
		sizes = append(sizes, len(r))
	}
	want := []int{3, 1, 1, 1, 1}
	if len(sizes) != len(want) {
		t.Fatalf("runs %v, want %v", sizes, want)
	}
	for i := range want {
		if sizes[i] != want[i] {
			t.Fatalf("runs %v, want %v", sizes, want)
		}
	}
	s, total := explainRun(g[0], false, func(agb string) string { return "AGB " + agb })
	if total != 294000 || !strings.Contains(s, "van november 2024 tot en met januari 2025 (3 maanden)") || !strings.Contains(s, "€\u00a02.940,00") || !strings.HasPrefix(s, "Uw kind kreeg elke maand") {
		t.Fatalf("explainRun: %q, %d", s, total)
	}
}
