package benchmark

import (
	"errors"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/money"
	"github.com/ontschot/ontschot/internal/store"
)

func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{
		"Súdwest-Fryslân":       "sudwest fryslan",
		"'s-Hertogenbosch":      "s hertogenbosch",
		"Gemeente Oirschot":     "oirschot",
		"  Reusel-De  Mierden ": "reusel de mierden",
		"Bergen (NH.)":          "bergen nh",
	} {
		if got := NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCodesNeverGuess(t *testing.T) {
	kern := map[string]string{"GM0823": "Oirschot", "GM0164": "Hengelo (O.)", "GM0373": "Bergen (NH.)", "GM0893": "Bergen (L.)", "GM0888": "Beek (L.)", "GM9999": "Beek (G.)"}
	codes, unmatched := Codes([]string{"Oirschot", "Hengelo", "Bergen (NH.)", "Bergen", "Beek", "Nergenshuizen", Nederland}, kern)
	want := map[string]string{"Oirschot": "GM0823", "Hengelo": "GM0164", "Bergen (NH.)": "GM0373"}
	if len(codes) != len(want) {
		t.Errorf("codes = %v, want %v", codes, want)
	}
	for n, c := range want {
		if codes[n] != c {
			t.Errorf("%s → %q, want %s", n, codes[n], c)
		}
	}
	// "Bergen" and "Beek" fit two codes each: reported, not guessed.
	if strings.Join(unmatched, ",") != "Beek,Bergen,Nergenshuizen" {
		t.Errorf("unmatched = %v", unmatched)
	}
}

func TestNearest(t *testing.T) {
	got := Nearest("Oirschott", []string{"Oirschot", "Oss", "Voorschoten", "Amsterdam"}, 3)
	if len(got) == 0 || got[0] != "Oirschot" || contains(got, "Amsterdam") {
		t.Errorf("Nearest = %v", got)
	}
}

// k is thousands of euros in cents.
func k(v int64) money.Cents { return money.Cents(v * 100_000) }

func gem(name string, inw int64, grootte string) store.Iv3Gemeente {
	return store.Iv3Gemeente{Gemeente: name, Inwoners: inw, Grootte: grootte, Stedelijkheid: "Weinigstedelijk", SocialeStructuur: "Goed"}
}

func tv(g, code string, lasten int64) store.Iv3Taakveld {
	return store.Iv3Taakveld{Gemeente: g, Taakveld: code, Naam: "naam " + code, Lasten: k(lasten)}
}

func doc2024() Document {
	return Document{Jaar: 2024, Document: "begroting",
		Gemeenten: []store.Iv3Gemeente{gem("Aa", 10_000, "klein"), gem("Bee", 20_000, "klein"), gem("Cee", 40_000, "klein"), gem("Groot", 100_000, "groot"), {Gemeente: Nederland, Inwoners: 1}},
		Taakvelden: []store.Iv3Taakveld{
			// Aa books both on the old parent (a residual) and the refinements.
			tv("Aa", "6.1", 1000), tv("Aa", "6.71", 100), tv("Aa", "6.71a", 300), tv("Aa", "6.71b", 200), tv("Aa", "6.72a", 500),
			// Bee's 6.71 is exactly the sum of its refinements: a subtotal.
			tv("Bee", "6.1", 3000), tv("Bee", "6.71", 1000), tv("Bee", "6.71a", 600), tv("Bee", "6.71b", 400), tv("Bee", "6.82a", 2000),
			tv("Cee", "6.1", 2000), tv("Cee", "6.71a", 4000), tv("Cee", "6.72", 8000),
			tv("Groot", "6.1", 99999),
		}}
}

func TestCompareByClassWithoutDoubleCounting(t *testing.T) {
	r, err := Compare(doc2024(), "aa", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Gemeente != "Aa" || strings.Join(r.Peers, ",") != "Bee,Cee" || !strings.Contains(r.PeersBasis, "klein") {
		t.Fatalf("gemeente %q peers %v basis %q", r.Gemeente, r.Peers, r.PeersBasis)
	}
	// Aa: 6.71 residual 100 + 300 + 200 = 600 thousand in the Wmo group.
	wmo := findRow(t, r.Groepen, "6.71")
	if wmo.Lasten != 600_000 || wmo.PerInwoner != 60 {
		t.Errorf("Aa Wmo group = %+v, want €600,000 and €60 per inwoner", wmo)
	}
	// Peers: Bee 1,000 (subtotal left out) / 20,000 = €50; Cee 4,000 / 40,000 = €100; median €75.
	if wmo.PeersMedian == nil || *wmo.PeersMedian != 75 {
		t.Errorf("peers' median Wmo per inwoner = %v, want 75", wmo.PeersMedian)
	}
	// Jeugd: Bee 2,000/20,000 = €100, Cee 8,000/40,000 = €200 → 150.
	if j := findRow(t, r.Groepen, "jeugd"); j.Lasten != 500_000 || *j.PeersMedian != 150 {
		t.Errorf("jeugd = %+v", j)
	}
	if r.Totaal.Lasten != 2_100_000 {
		t.Errorf("Aa total = %d, want 2,100,000 (1,000 + 600 + 500 thousand)", r.Totaal.Lasten)
	}
	// Bee's total counts its 6.71 once: 3,000 + 1,000 + 2,000 thousand.
	rb, err := Compare(doc2024(), "Bee", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Totaal.Lasten != 6_000_000 {
		t.Errorf("Bee total = %d, want 6,000,000 (subtotal 6.71 not counted twice)", rb.Totaal.Lasten)
	}
	if sub := findRow(t, rb.Taakvelden, "6.71"); !sub.Subtotal {
		t.Errorf("Bee 6.71 not marked as subtotal: %+v", sub)
	}
}

func TestCompareNamedPeersAndUnknownNames(t *testing.T) {
	r, err := Compare(doc2024(), "Aa", []string{"Groot", " groot ", "GM0001"}, map[string]string{"GM0001": "Cee", "GM0002": "Aa"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(r.Peers, ",") != "Cee,Groot" || r.PeersBasis != "genoemd" || r.Code != "GM0002" {
		t.Errorf("peers %v basis %q code %q", r.Peers, r.PeersBasis, r.Code)
	}
	_, err = Compare(doc2024(), "Be", nil, nil)
	if !errors.Is(err, ErrUnknownGemeente) || !strings.Contains(err.Error(), "Bee") {
		t.Errorf("unknown name: err = %v, want ErrUnknownGemeente naming Bee", err)
	}
	if _, err := Compare(Document{Jaar: 2022, Document: "begroting"}, "Aa", nil, nil); err == nil || !strings.Contains(err.Error(), "2022") {
		t.Errorf("empty year: err = %v", err)
	}
}

func TestGrowthAcrossTheCodeChange(t *testing.T) {
	now := Document{Jaar: 2025, Document: "begroting",
		Gemeenten: []store.Iv3Gemeente{gem("Aa", 10_000, "klein"), gem("Bee", 20_000, "klein")},
		Taakvelden: []store.Iv3Taakveld{
			tv("Aa", "6.1", 1100), tv("Aa", "6.711", 500), tv("Aa", "6.791", 160), tv("Aa", "6.92", 70),
			tv("Bee", "6.1", 3000), tv("Bee", "6.712", 1500), tv("Bee", "6.91", 10),
		}}
	r, err := Compare(now, "Aa", []string{"Bee"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.AddGrowth(doc2024()); err != nil {
		t.Fatal(err)
	}
	g := r.Groei
	wmo := findGrowth(t, g.Groepen, "6.71")
	// Aa: 600 → 660 thousand = +10.0%; Bee: 1,000 → 1,500 = +50.0%.
	if *wmo.Pct != 10 || *wmo.PeersMedian != 50 {
		t.Errorf("Wmo growth = %v vs peers %v, want +10.0 vs +50.0", *wmo.Pct, *wmo.PeersMedian)
	}
	if c := findGrowth(t, g.Groepen, "6.9"); c.Vergelijkbaar || c.Pct != nil {
		t.Errorf("6.9 (new in 2025) compared across the code change: %+v", c)
	}
	// Comparable total: Aa 1,000 + 600 → 1,100 + 660 (jeugd 500 → 0 too): 2,100 → 1,760.
	if g.Totaal.VanafEur != 2_100_000 || g.Totaal.TotEur != 1_760_000 || *g.Totaal.Pct != -16.2 {
		t.Errorf("total growth = %+v (%v)", g.Totaal, *g.Totaal.Pct)
	}
}

func findRow(t *testing.T, rows []Row, code string) Row {
	t.Helper()
	for _, r := range rows {
		if r.Taakveld == code {
			return r
		}
	}
	t.Fatalf("no row %s in %+v", code, rows)
	return Row{}
}

func findGrowth(t *testing.T, rows []GrowthRow, code string) GrowthRow {
	t.Helper()
	for _, r := range rows {
		if r.Groep == code {
			return r
		}
	}
	t.Fatalf("no growth row %s in %+v", code, rows)
	return GrowthRow{}
}

func TestAddReleasedNeverReadsAWithheldCellAsZero(t *testing.T) {
	r, err := Compare(doc2024(), "Aa", nil, map[string]string{"GM0001": "Aa"})
	if err != nil {
		t.Fatal(err)
	}
	v := func(n int64) *int64 { return &n }
	cells := []store.ReleaseCell{
		{Level: "gemeente", Area: "GM0001", By: "zorgsoort", Category: "01", AmountEUR: v(400_000)},
		{Level: "gemeente", Area: "GM0001", By: "zorgsoort", Category: "02", AmountEUR: v(150_000)},
		{Level: "gemeente", Area: "GM0001", By: "zorgsoort", Category: "45", AmountEUR: v(300_000)},
		{Level: "gemeente", Area: "GM0001", By: "zorgsoort", Category: "43", Suppressed: true, Reason: "minder dan 10 huishoudens"},
		{Level: "gemeente", Area: "GM0001", By: "zorgsoort", Category: "bijstand", AmountEUR: v(90_000)},
		{Level: "gemeente", Area: "GM0001", By: "zorgsoort", Category: "eigen-soort", AmountEUR: v(5_000)},
		{Level: "gemeente", Area: "GM0002", By: "zorgsoort", Category: "01", AmountEUR: v(999_000)}, // another gemeente
		{Level: "wijk", Area: "WK000101", By: "zorgsoort", Category: "01", AmountEUR: v(1_000)},
	}
	if err := r.AddReleased("2024 versie 1", cells); err != nil {
		t.Fatal(err)
	}
	if g := findRow(t, r.Groepen, "6.71"); g.Released == nil || *g.Released != 550_000 {
		t.Errorf("Wmo released = %v, want 550,000 (01 + 02 of GM0001 only)", g.Released)
	}
	if g := findRow(t, r.Groepen, "jeugd"); g.Released != nil {
		t.Errorf("jeugd released = %d although category 43 is withheld", *g.Released)
	}
	if r.Totaal.Released != nil {
		t.Errorf("total released = %d although a cell is withheld", *r.Totaal.Released)
	}
	if r.ReleasedUnassigned == nil || *r.ReleasedUnassigned != 5_000 {
		t.Errorf("unassigned = %v, want 5,000", r.ReleasedUnassigned)
	}
	// Aa booked nothing on 6.3; the released bijstand still shows there.
	if g := findRow(t, r.Groepen, "6.3"); g.Lasten != 0 || g.Released == nil || *g.Released != 90_000 {
		t.Errorf("6.3 = %+v", g)
	}
	other, _ := Compare(doc2024(), "Bee", nil, map[string]string{"GM0009": "Bee"})
	if err := other.AddReleased("2024 versie 1", cells); err == nil {
		t.Error("a release without the gemeente's cells was accepted")
	}
}
