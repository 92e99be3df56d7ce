package importer

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// takeoverCity is a small BRP: family A at 3331AB 1, a stranger V at
// 3331AB 3, a person S at a secret address; W has no BRP row yet.
type takeoverCity struct {
	parentA, childA, stranger, secret, late, outsider string
}

func newTakeoverCity(t *testing.T, ctx context.Context, imp *Importer) takeoverCity {
	t.Helper()
	c := takeoverCity{parentA: kluis.SyntheticBSN(500), childA: kluis.SyntheticBSN(501), stranger: kluis.SyntheticBSN(502),
		secret: kluis.SyntheticBSN(503), late: kluis.SyntheticBSN(504), outsider: kluis.SyntheticBSN(505)}
	var brp strings.Builder
	brp.WriteString("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n")
	fmt.Fprintf(&brp, "%s,1980-01-01,3331AB,1,,,,%s,0,2024-12-31\n", c.parentA, c.childA)
	fmt.Fprintf(&brp, "%s,2015-06-01,3331AB,1,,,,,0,2024-12-31\n", c.childA)
	fmt.Fprintf(&brp, "%s,1975-01-01,3331AB,3,,,,,0,2024-12-31\n", c.stranger)
	fmt.Fprintf(&brp, "%s,1990-01-01,,,,,,,1,2024-12-31\n", c.secret)
	if sum, err := imp.Import(ctx, "brp", "brp.csv", strings.NewReader(brp.String()), Source{}); err != nil || sum.Accepted != 4 {
		t.Fatalf("brp: %+v %v", sum, err)
	}
	return c
}

// jw301To writes a JW301 from the municipality to provider agb for bsn,
// with the client's address at 3331AB huisnummer and a later Ingangsdatum.
func jw301To(t *testing.T, agb, bsn string, huisnummer int, nummer string) string {
	t.Helper()
	var buf bytes.Buffer
	err := intake.WriteJW301(&buf, intake.Toewijzingbericht{Afzender: "1999", Ontvanger: agb, Identificatie: "T" + nummer,
		Dagtekening: intake.MakeDate(2025, 5, 20), BSN: bsn, Geboortedatum: intake.MakeDate(1980, 1, 1),
		Adres: &intake.Adres{Postcode: "3331AB", Huisnummer: huisnummer}, Straatnaam: "Proefstraat", Plaatsnaam: "Proefdorp",
		Producten: []intake.Toewijzing{{ToewijzingNummer: nummer, Categorie: "45", Productcode: "45A48",
			Ingangsdatum: intake.MakeDate(2025, 6, 1), Volume: 8, Eenheid: "04", Frequentie: "4"}}})
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

const afterIngang = 20250701

func householdOf(t *testing.T, s *store.Store, k *kluis.Kluis, bsn string) string {
	t.Helper()
	h, err := s.HouseholdOf(context.Background(), k.Pseudonym(kluis.Person, bsn), afterIngang)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// Attack (issue 11.1): a provider uploads a JW301 for a BSN it never
// served, with family A's address and a later Ingangsdatum, to move a
// stranger, or a person at a secret address, into family A. A 301 comes
// from the municipality: a provider's upload of one is refused whole and
// leaves nothing behind.
func TestProviderCannotUploadA301(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		k := testKluis()
		imp := &Importer{Store: s, Kluis: k, Codes: intake.DefaultCodes()}
		c := newTakeoverCity(t, ctx, imp)
		homeA, homeV := householdOf(t, s, k, c.parentA), householdOf(t, s, k, c.stranger)
		if homeA == "" || homeV == "" || homeA == homeV {
			t.Fatalf("fixture: households %q %q", homeA, homeV)
		}
		imports := count(t, s, `SELECT COUNT(*) FROM imports`)
		provider := Source{UploadedBy: "aanbieder", AGB: "12345678"}
		for i, bsn := range []string{c.stranger, c.secret, c.stranger} {
			msg := jw301To(t, "12345678", bsn, 1, fmt.Sprint(700+i))
			if i == 2 {
				// A comment longer than what the format sniffer reads:
				// the refusal must not depend on the sniffer.
				msg = strings.Replace(msg, "?>\n", "?>\n<!-- "+strings.Repeat("x", 8000)+" -->\n", 1)
			}
			_, err := imp.Import(ctx, "deliveries", "toewijzing.xml", strings.NewReader(msg), provider)
			if err == nil || !strings.Contains(err.Error(), "301") || !strings.Contains(err.Error(), "gemeente") {
				t.Errorf("provider upload of a JW301: err = %v, want a refusal naming the 301 and the municipality", err)
			}
			if err != nil && strings.Contains(err.Error(), bsn) {
				t.Errorf("the refusal prints the BSN: %v", err)
			}
		}
		if n := count(t, s, `SELECT COUNT(*) FROM residences WHERE bron <> 'brp'`); n != 0 {
			t.Errorf("the provider's 301 stored %d addresses", n)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM toewijzingen`); n != 0 {
			t.Errorf("the provider's 301 stored %d assignments", n)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM imports`); n != imports {
			t.Errorf("the refused uploads left %d import records", n-imports)
		}
		if got := householdOf(t, s, k, c.stranger); got != homeV {
			t.Errorf("the stranger moved to household %q (was %q)", got, homeV)
		}
		if got := householdOf(t, s, k, c.secret); got != "" {
			t.Errorf("the person at a secret address was placed in household %q", got)
		}
	})
}

// The municipality's own 301s (CLI, no AGB) fill in only persons that no
// BRP extract covers: they never override a BRP residence, never place a
// person whose BRP address is secret, whatever the order of the imports.
func TestMunicipal301NeverOverridesTheBRP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		k := testKluis()
		imp := &Importer{Store: s, Kluis: k, Codes: intake.DefaultCodes()}
		// W's 301 arrives before W's BRP row.
		if _, err := imp.Import(ctx, "deliveries", "late.xml", strings.NewReader(jw301To(t, "12345678", kluis.SyntheticBSN(504), 1, "800")), Source{}); err != nil {
			t.Fatal(err)
		}
		c := newTakeoverCity(t, ctx, imp)
		homeA, homeV := householdOf(t, s, k, c.parentA), householdOf(t, s, k, c.stranger)
		for i, bsn := range []string{c.stranger, c.secret, c.outsider} {
			sum, err := imp.Import(ctx, "deliveries", fmt.Sprintf("t%d.xml", i), strings.NewReader(jw301To(t, "12345678", bsn, 1, fmt.Sprint(801+i))), Source{})
			if err != nil || sum.Accepted != 1 {
				t.Fatalf("municipal 301: %+v %v", sum, err)
			}
		}
		var brp strings.Builder
		brp.WriteString("bsn,geboortedatum,postcode,huisnummer,huisletter,toevoeging,adres_id,gezag_over,geheim_adres,peildatum\n")
		fmt.Fprintf(&brp, "%s,1980-01-01,3331AB,3,,,,,0,2024-12-31\n", c.late)
		if _, err := imp.Import(ctx, "brp", "brp2.csv", strings.NewReader(brp.String()), Source{}); err != nil {
			t.Fatal(err)
		}
		if got := householdOf(t, s, k, c.stranger); got != homeV {
			t.Errorf("a 301 moved a BRP resident to household %q (BRP: %q)", got, homeV)
		}
		if got := householdOf(t, s, k, c.late); got != homeV {
			t.Errorf("a 301 imported before the BRP extract overrides it: household %q, BRP %q", got, homeV)
		}
		if got := householdOf(t, s, k, c.secret); got != "" {
			t.Errorf("a 301 placed a person at a secret address in household %q", got)
		}
		if got := householdOf(t, s, k, c.outsider); got != homeA {
			t.Errorf("a person no BRP extract covers is not filled in from the 301: %q, want %q", got, homeA)
		}
	})
}
