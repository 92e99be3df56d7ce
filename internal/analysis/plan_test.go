package analysis

import (
	"testing"

	"github.com/ontschot/ontschot/internal/model"

	"github.com/ontschot/ontschot/internal/money"
)

func TestSpendAgainst(t *testing.T) {
	ds := []model.DeliveryRow{
		{Geldstroom: "wmo", Begin: 20250101, AmountCent: 1_234_56},
		{Geldstroom: "wmo", Begin: 20250301, AmountCent: -234_56, Credit: true}, // a correction counts, signed
		{Geldstroom: "jeugdwet", Begin: 20251231, AmountCent: 1_000_00},         // begins on the last day
		{Geldstroom: "participatiewet", Begin: 20250601, AmountCent: 1_000_00},  // equal amount: by name
		{Geldstroom: "jeugdwet", Begin: 20241231, AmountCent: 5_000_00},         // before the plan
		{Geldstroom: "wmo", Begin: 20260101, AmountCent: 5_000_00},              // after
	}
	s := SpendAgainst(money.Cents(4_000_00), 20250101, 20251231, ds)
	if s.Total != 3_000_00 || s.Count != 4 || s.Remaining != 1_000_00 || s.Over || s.OverBy != 0 || s.Percent != 0.75 {
		t.Fatalf("spend %+v", s)
	}
	want := []StreamSpend{{"jeugdwet", 1_000_00, 1}, {"participatiewet", 1_000_00, 1}, {"wmo", 1_000_00, 2}}
	if len(s.PerStream) != 3 {
		t.Fatalf("per stream %+v", s.PerStream)
	}
	for i, w := range want {
		if s.PerStream[i] != w {
			t.Errorf("stream %d: %+v, want %+v", i, s.PerStream[i], w)
		}
	}
	s = SpendAgainst(money.Cents(2_999_99), 20250101, 20251231, ds)
	if !s.Over || s.OverBy != 1 || s.Remaining != -1 {
		t.Errorf("one cent over: %+v", s)
	}
	if s := SpendAgainst(0, 20250101, 20251231, ds); s.Percent != 0 || !s.Over || s.OverBy != 3_000_00 {
		t.Errorf("no budget: %+v", s)
	}
}
