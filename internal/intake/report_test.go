package intake

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
)

// A row with three problems is rejected with all three, in template
// order, the later two marked Further; the valid row beside it passes.
func TestDeliveryRowEveryProblem(t *testing.T) {
	head := strings.Join(DeliveryColumns, ",") + "\n"
	good := fmt.Sprintf("12345678,R1,%s,jeugdwet,45,45A06,2025-03-01,2025-03-31,12,04,93600,D\n", kluis.SyntheticBSN(3))
	bad := "12345678,R2,123456789,jeugdwet,45,45A06,2025-03-01,2025-03-31,12,99,93600,X\n"
	c := &collect{}
	rows, err := ParseDeliveriesCSV(strings.NewReader(head+good+bad), DefaultCodes(), c)
	if err != nil || rows != 2 || len(c.d) != 1 {
		t.Fatalf("rows %d, deliveries %d, err %v", rows, len(c.d), err)
	}
	if len(c.r) != 3 {
		t.Fatalf("want 3 problems, got %+v", c.r)
	}
	for i, want := range []struct {
		field, value string
		further      bool
	}{{"bsn", "******789", false}, {"eenheid", "99", true}, {"debet_credit", "X", true}} {
		r := c.r[i]
		if r.Line != 3 || r.Field != want.field || r.Value != want.value || r.Further != want.further || r.Reason == "" || r.ReasonEN == "" {
			t.Errorf("problem %d = %+v, want field %s value %q further %v", i, r, want.field, want.value, want.further)
		}
		if strings.Contains(r.Reason+r.ReasonEN+r.Value, "123456789") {
			t.Errorf("problem %d shows the full BSN: %+v", i, r)
		}
	}
}

// An empty required field is reported once, as empty, not also as a bad
// value; a bad date and an end before a begin are told apart.
func TestDeliveryRowEmptyFieldsOnce(t *testing.T) {
	head := strings.Join(DeliveryColumns, ",") + "\n"
	row := fmt.Sprintf(",R1,%s,,45,45A06,2025-02-30,2025-03-31,,04,,D\n", kluis.SyntheticBSN(3))
	c := &collect{}
	if _, err := ParseDeliveriesCSV(strings.NewReader(head+row), DefaultCodes(), c); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range c.r {
		got = append(got, r.Field+": "+RuleOf(r))
	}
	want := []string{
		"agb: verplicht veld is leeg", "geldstroom: verplicht veld is leeg", "volume: verplicht veld is leeg", "bedrag_cent: verplicht veld is leeg",
		`begindatum: "…" is geen bestaande datum (JJJJ-MM-DD of DD-MM-JJJJ)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// RuleOf leaves out what differs from line to line, so like problems
// group together, and keeps what names the problem.
func TestRuleOf(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{`"1234" is geen AGB-code van 8 cijfers`, `"12x\"y" is geen AGB-code van 8 cijfers`, `"…" is geen AGB-code van 8 cijfers`},
		{"einddatum 2025-01-31 ligt voor begindatum 2025-02-01", "einddatum 2024-11-30 ligt voor begindatum 2024-12-01", "einddatum … ligt voor begindatum …"},
		{"ongeldig BSN ******789: BSN voldoet niet aan de elfproef", "ongeldig BSN ******123: BSN voldoet niet aan de elfproef", "ongeldig BSN …: BSN voldoet niet aan de elfproef"},
		{"Eenheid \"99\" staat niet in codelijst WJ756 (01, 04, 14)", "Eenheid \"7\" staat niet in codelijst WJ756 (01, 04, 14)", "Eenheid \"…\" staat niet in codelijst WJ756 (01, 04, 14)"},
	} {
		ra, rb := RuleOf(Rejection{Reason: tt.a}), RuleOf(Rejection{Reason: tt.b})
		if ra != tt.want || rb != tt.want {
			t.Errorf("RuleOf(%q) = %q, RuleOf(%q) = %q, want %q", tt.a, ra, tt.b, rb, tt.want)
		}
	}
	if got := RuleOf(Rejection{Reason: "x 12", Rule: "eigen regel"}); got != "eigen regel" {
		t.Errorf("a set Rule wins: %q", got)
	}
}

// The grouper counts every rejection and keeps the first lines of each
// kind, the most frequent kind first.
func TestGrouper(t *testing.T) {
	g := Grouper{PerGroup: 2}
	for i := 1; i <= 5; i++ {
		g.Add(Rejection{Line: i, Field: "agb", Reason: fmt.Sprintf("%q is geen AGB-code van 8 cijfers", fmt.Sprint(i*1111))})
	}
	g.Add(Rejection{Line: 9, Field: "volume", Reason: `"x" is geen geheel getal van 0 of meer`})
	gs := g.Groups()
	if len(gs) != 2 || gs[0].Field != "agb" || gs[0].Count != 5 || len(gs[0].First) != 2 || gs[0].First[1].Line != 2 || gs[1].Count != 1 {
		t.Fatalf("groups = %+v", gs)
	}
}

// The template's columns are the parser's, and its example row is valid.
func TestTemplateRowImports(t *testing.T) {
	h := TemplateHeader()
	if strings.Join(h[:len(DeliveryColumns)], ",") != strings.Join(DeliveryColumns, ",") || h[len(h)-1] != "toewijzing" {
		t.Fatalf("template header %v does not match DeliveryColumns", h)
	}
	for _, f := range DeliveryFields {
		if f.Format == "" || f.Rule == "" {
			t.Errorf("field %s is not explained", f.Name)
		}
	}
	c := &collect{}
	doc := strings.Join(h, ",") + "\n" + strings.Join(TemplateRow("87654321"), ",") + "\n"
	if _, err := ParseDeliveriesCSV(strings.NewReader(doc), DefaultCodes(), c); err != nil || len(c.d) != 1 || len(c.r) != 0 {
		t.Fatalf("template row: %d deliveries, rejections %+v, err %v", len(c.d), c.r, err)
	}
	if d := c.d[0]; d.AGB != "87654321" || d.Bedrag != 93600 || d.Eenheid != "04" {
		t.Errorf("template row read as %+v", d)
	}
}

// Every problem of a prestatie is reported, the prestatie counted once.
func TestParseXMLPrestatieEveryProblem(t *testing.T) {
	doc := readXMLTestdata(t, "wmo323.xml")
	for _, e := range [][2]string{
		{"<wmo323:GeleverdVolume>12<", "<wmo323:GeleverdVolume>100000000<"},
		{"<wmo323:ProductCode>01A01</wmo323:ProductCode>", "<wmo323:ProductCode>01A01-TOOLONG</wmo323:ProductCode>"},
		{"<wmo323:Bsn>999900055<", "<wmo323:Bsn>99990005<"},
	} {
		next := strings.Replace(doc, e[0], e[1], 1)
		if next == doc {
			t.Fatalf("edit %q did not apply", e[0])
		}
		doc = next
	}
	sink := &xmlTestSink{}
	info, err := ParseXML(strings.NewReader(doc), sink)
	if err != nil {
		t.Fatal(err)
	}
	var first []string
	for _, r := range sink.rejections {
		if r.Client == 1 && r.Prestatie == 1 {
			first = append(first, r.Field)
		}
	}
	for _, r := range sink.rejections {
		if r.Client == 1 && r.Prestatie == 1 && r.Field == "ProductCode" && r.Value != "01A01-TOOLONG" {
			t.Errorf("ProductCode problem without its value: %+v", r)
		}
	}
	if strings.Join(first, ",") != "Bsn,ProductCode,GeleverdVolume" {
		t.Errorf("problems of the first prestatie: %v (%+v)", first, sink.rejections)
	}
	if info.Prestaties != sink.rows() {
		t.Errorf("rows %d != prestaties %d", sink.rows(), info.Prestaties)
	}
}
