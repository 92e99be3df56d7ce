package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/businesscase"
	"github.com/ontschot/ontschot/internal/store"
)

// testCase is a small case over the fixture's releases (2024, 2025): it
// targets zorgsoort 45 in two buurten, one of which is suppressed in 2025.
// Costs € 1.000.000 and € 500.000, benefits from year 1: the cumulative
// balance turns positive in year 2 (2026).
func testCase() *businesscase.Case {
	h, rate := 5, 0.0
	return &businesscase.Case{
		Name: "Test jeugd", Description: "Minder ambulante jeugdhulp", StartYear: 2024, HorizonYears: &h, DiscountRatePercent: &rate,
		Targets:         &businesscase.Targets{Zorgsoorten: []string{"45"}, Areas: []string{accesstest.Buurt11, accesstest.Buurt12}},
		Costs:           []businesscase.Cost{{Payer: "gemeente", PerYearCents: []int64{100_000_000, 50_000_000}}},
		BenefitsPerYear: []businesscase.Benefit{{Stakeholder: "gemeente", PerYearCents: []int64{0, 60_000_000, 120_000_000, 120_000_000, 120_000_000}}, {Stakeholder: "onderwijs", PerYearCents: []int64{0, 10_000_000}}},
	}
}

func seedCase(t *testing.T, h *harness, slug string, c *businesscase.Case) {
	t.Helper()
	b, _ := json.Marshal(c)
	if ok, err := h.f.Store.CreateDocument(context.Background(), store.Document{Kind: caseKind, Name: slug, Body: string(b), UpdatedBy: "test"}); err != nil || !ok {
		t.Fatalf("seed %s: %v %v", slug, ok, err)
	}
}

func TestBusinessCasePages(t *testing.T) {
	h := newHarness(t)
	seedCase(t, h, "test-jeugd", testCase())
	an := h.login("analist")

	t.Run("list with portfolio", func(t *testing.T) {
		resp, body := an.get("/businesscases")
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{"Portefeuille", `href="/businesscases/test-jeugd"`, "Test jeugd", "€ 1.500.000", "100%", `aria-current="page">Businesscases`} {
			if !strings.Contains(body, want) {
				t.Errorf("list lacks %q", want)
			}
		}
	})

	t.Run("result page", func(t *testing.T) {
		resp, body := an.get("/businesscases/test-jeugd")
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{
			`class="bc-payback" data-year="2"`, "Terugverdiend in 2026", // the payback marker
			"Wie betaalt, wie wint", `id="bc-matrix-title"`, "<th scope=\"row\">Onderwijs</th>", // matrix chart and table
			"Planexploitatie", "Gevoeligheid", "businesscase.xlsx", "businesscase.pdf",
			"2,87", // ratio: (0,6 + 1,2 × 3 + 0,1) mln / 1,5 mln
		} {
			if !strings.Contains(body, want) {
				t.Errorf("result page lacks %q", want)
			}
		}
	})

	t.Run("forecast shows released figures and suppression", func(t *testing.T) {
		_, body := an.get("/businesscases/test-jeugd")
		i := strings.Index(body, `id="h-monitor"`)
		if i < 0 {
			t.Fatal("no forecast section")
		}
		sec := body[i:]
		sec = sec[:strings.Index(sec, `id="h-jaren"`)]
		// 2024: 60% of € 2.000.000 + 60% of € 600.000 (both released).
		// 2025: BU00010102 is suppressed; only BU00010101 (× 1,1) counts.
		for _, want := range []string{"€ 1.560.000", "ten minste € 1.320.000", "1 cel(len) onderdrukt", `<span class="ontschot-suppressed">onderdrukt</span>`, "minder dan 10 huishoudens", "(nulmeting)",
			"€ 600.000", // expected saving of the gemeente in 2025
		} {
			if !strings.Contains(sec, want) {
				t.Errorf("forecast lacks %q", want)
			}
		}
		// The 2025 total is a lower bound, never a full total with the suppressed cell as zero.
		if row := sec[strings.Index(sec, "<th scope=\"row\">2025"):]; !strings.HasPrefix(row[strings.Index(row, "<td"):], `<td class="num">ten minste € 1.320.000`) {
			t.Errorf("2025 row: %.200s", row)
		}
	})

	t.Run("create: error next to the field, input kept", func(t *testing.T) {
		form := url.Values{"csrf": {an.csrf}, "actie": {"opslaan"}, "name": {"Nieuwe case"}, "horizon_years": {"5"}, "discount_rate_percent": {"2,25"},
			"first_year": {"undiscounted"}, "optimism_bias": {"ja"}, "start_year": {"2024"},
			"interventions[0].name": {"coaching"}, "interventions[0].cohorts[0].year": {"0"}, "interventions[0].cohorts[0].persons": {"40"},
			"costs[0].payer": {"gemeente"}, "costs[0].per_year_cents[0]": {"1.000,50"}, "costs[0].per_year_cents[1]": {""},
			"effects[0].name": {"minder verblijf"}, "effects[0].intervention": {""}, "effects[0].engagement_percent": {"120"}, "effects[0].confidence": {"B"},
			"effects[0].duration_years": {"3"}, "effects[0].unit_value_cents": {"5.000"},
			"effects[0].stakeholders[0].name": {"gemeente"}, "effects[0].stakeholders[0].share": {"100"},
		}
		resp, body := an.post("/businesscases/nieuw", form)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{
			`id="f-effects-0-engagement_percent-fout"`, "120 ligt niet tussen 0 en 100", // the message at the field
			`aria-describedby="f-effects-0-engagement_percent-uitleg f-effects-0-engagement_percent-fout"`, `aria-invalid="true"`,
			`href="#f-effects-0-engagement_percent"`, "Er is 1 fout", // the summary links to it
			`name="effects[0].engagement_percent" value="120"`, `value="1.000,50"`, // what was typed stays
		} {
			if !strings.Contains(body, want) {
				t.Errorf("refused form lacks %q", want)
			}
		}
		if _, err := h.f.Store.Document(context.Background(), caseKind, "nieuwe-case"); err == nil {
			t.Fatal("a refused case was stored")
		}
		// Add a cohort row: the form comes back with one more, nothing saved.
		form.Set("actie", "add:interventions[0].cohorts")
		_, body = an.post("/businesscases/nieuw", form)
		if !strings.Contains(body, `name="interventions[0].cohorts[1].year"`) || strings.Contains(body, "Er is 1 fout") {
			t.Error("add row did not add a row, or showed errors")
		}
		// Fixed, it is stored with the euros as cents.
		form.Set("actie", "opslaan")
		form.Set("effects[0].engagement_percent", "80")
		resp, _ = an.post("/businesscases/nieuw", form)
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/businesscases/nieuwe-case?opgeslagen=1" {
			t.Fatalf("save: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		d, err := h.f.Store.Document(context.Background(), caseKind, "nieuwe-case")
		if err != nil || !strings.Contains(d.Body, `"per_year_cents": [`) || !strings.Contains(d.Body, "100050") || d.UpdatedBy != "analist" {
			t.Fatalf("stored: %v %s", err, d.Body)
		}
		// The same name again is refused at the name field.
		_, body = an.post("/businesscases/nieuw", form)
		if !strings.Contains(body, `id="f-name-fout"`) || !strings.Contains(body, "er is al een businesscase met deze naam") {
			t.Error("duplicate name not refused at the name field")
		}
	})

	t.Run("edit", func(t *testing.T) {
		resp, body := an.get("/businesscases/test-jeugd/bewerken")
		if resp.StatusCode != 200 || !strings.Contains(body, `value="1.000.000"`) || !strings.Contains(body, `name="targets.areas" value="BU00010101, BU00010102"`) {
			t.Fatalf("edit form: %d", resp.StatusCode)
		}
		form := bcFormValues(body)
		form.Set("csrf", an.csrf)
		form.Set("description", "Bijgesteld")
		form.Set("actie", "opslaan")
		resp, _ = an.post("/businesscases/test-jeugd/bewerken", form)
		if resp.StatusCode != 303 {
			t.Fatalf("save edit: %d", resp.StatusCode)
		}
		_, body = an.get("/businesscases/test-jeugd")
		if !strings.Contains(body, "Bijgesteld") || !strings.Contains(body, "Terugverdiend in 2026") {
			t.Error("edit did not keep the case whole")
		}
	})

	t.Run("downloads", func(t *testing.T) {
		resp, body := an.get("/businesscases/test-jeugd/businesscase.xlsx")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || len(body) < 2000 {
			t.Fatalf("xlsx: %d %s %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
		z, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		sheets := 0
		for _, f := range z.File {
			if strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
				sheets++
			}
		}
		if sheets != 5 {
			t.Errorf("xlsx has %d sheets, want 5 (kerncijfers, matrix, jaren, gevoeligheid, prognose)", sheets)
		}
		resp, body = an.get("/businesscases/test-jeugd/businesscase.pdf")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") || len(body) < 2000 {
			t.Fatalf("pdf: %d %s %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
	})

	t.Run("api", func(t *testing.T) {
		tok := h.apiToken("analist")
		resp, body := h.api("GET", "/api/v1/businesscases/test-jeugd", tok, nil, "")
		var r businesscase.Result
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &r) != nil || r.PaybackYear == nil || *r.PaybackYear != 2 || r.PVCostsCents != 150_000_000 {
			t.Fatalf("api one: %d %s", resp.StatusCode, body)
		}
		resp, body = h.api("GET", "/api/v1/businesscases", tok, nil, "")
		if resp.StatusCode != 200 || !strings.Contains(body, `"portfolio"`) || !strings.Contains(body, `"test-jeugd"`) {
			t.Fatalf("api list: %d %s", resp.StatusCode, body)
		}
		resp, _ = h.api("GET", "/api/v1/businesscases/bestaat-niet", tok, nil, "")
		if resp.StatusCode != 404 {
			t.Errorf("unknown case: %d, want 404", resp.StatusCode)
		}
	})

	t.Run("unknown name goes back to the list", func(t *testing.T) {
		resp, _ := an.get("/businesscases/bestaat-niet")
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/businesscases?onbekend=bestaat-niet" {
			t.Fatalf("%d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, body := an.get(resp.Header.Get("Location"))
		if !strings.Contains(body, "Er is geen businesscase met de naam ‘bestaat-niet’") {
			t.Error("list does not say the case is unknown")
		}
	})

	t.Run("other roles are refused and logged", func(t *testing.T) {
		for _, user := range []string{"hulpverlener", "gezin", "aanbieder"} {
			c := h.login(user)
			for _, p := range []string{"/businesscases", "/businesscases/test-jeugd", "/businesscases/test-jeugd/businesscase.pdf"} {
				before := h.auditCount()
				if resp, _ := c.get(p); resp.StatusCode != 403 {
					t.Errorf("%s GET %s: %d, want 403", user, p, resp.StatusCode)
				}
				if h.auditCount() == before {
					t.Errorf("%s GET %s: no audit record", user, p)
				}
			}
			resp, _ := c.post("/businesscases/test-jeugd/verwijderen", url.Values{"csrf": {c.csrf}})
			if resp.StatusCode != 403 {
				t.Errorf("%s delete: %d, want 403", user, resp.StatusCode)
			}
		}
		if _, err := h.f.Store.Document(context.Background(), caseKind, "test-jeugd"); err != nil {
			t.Fatal("a refused delete deleted")
		}
	})

	t.Run("admin deletes", func(t *testing.T) {
		c := h.login("beheer")
		resp, _ := c.post("/businesscases/nieuwe-case/verwijderen", url.Values{"csrf": {c.csrf}})
		if resp.StatusCode != 303 {
			t.Fatalf("delete: %d", resp.StatusCode)
		}
		if _, err := h.f.Store.Document(context.Background(), caseKind, "nieuwe-case"); err == nil {
			t.Fatal("still there")
		}
	})
}

var inputRe = regexp.MustCompile(`<(?:input|select|textarea)[^>]*name="([^"]+)"[^>]*>`)
var valueRe = regexp.MustCompile(`value="([^"]*)"`)

// formValues reads the inputs of a rendered form as a browser would post them.
func bcFormValues(body string) url.Values {
	v := url.Values{}
	for _, m := range inputRe.FindAllStringSubmatchIndex(body, -1) {
		tag, name := body[m[0]:m[1]], body[m[2]:m[3]]
		name = strings.ReplaceAll(name, "&#34;", `"`)
		switch {
		case strings.HasPrefix(tag, "<select"):
			rest := body[m[1]:]
			rest = rest[:strings.Index(rest, "</select>")]
			if sm := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(rest); sm != nil {
				v.Set(name, htmlUnescape(sm[1]))
			} else if sm := regexp.MustCompile(`<option value="([^"]*)"`).FindStringSubmatch(rest); sm != nil {
				v.Set(name, htmlUnescape(sm[1]))
			}
		case strings.HasPrefix(tag, "<textarea"):
			rest := body[m[1]:]
			v.Set(name, htmlUnescape(rest[:strings.Index(rest, "</textarea>")]))
		case strings.Contains(tag, `type="checkbox"`):
			if strings.Contains(tag, " checked") {
				v.Set(name, "ja")
			}
		default:
			if vm := valueRe.FindStringSubmatch(tag); vm != nil {
				v.Set(name, htmlUnescape(vm[1]))
			}
		}
	}
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#39;", "'", "&#34;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
}

// TestCumulativeChartMarksPayback holds the payback marker to the year the
// cumulative discounted balance turns positive, drawn at that year's x.
func TestCumulativeChartMarksPayback(t *testing.T) {
	r, err := businesscase.Evaluate(testCase())
	if err != nil {
		t.Fatal(err)
	}
	svg := string(cumulativeSVG(r))
	m := regexp.MustCompile(`<g class="bc-payback" data-year="(\d+)"><line x1="([0-9.]+)"`).FindStringSubmatch(svg)
	if m == nil || m[1] != "2" {
		t.Fatalf("payback marker: %v", m)
	}
	// The year labels sit at the centre of each year's band; the marker must
	// stand on the third (2026).
	labels := regexp.MustCompile(`<text x="([0-9.]+)" y="\d+" font-size="13" text-anchor="middle" fill="#1b2330">(\d{4})</text>`).FindAllStringSubmatch(svg, -1)
	if len(labels) != 5 {
		t.Fatalf("%d year labels, want 5", len(labels))
	}
	if labels[2][2] != "2026" || labels[2][1] != m[2] {
		t.Errorf("marker at x=%s, year 2026 at x=%s (%s)", m[2], labels[2][1], labels[2][2])
	}
	if !strings.Contains(svg, "Terugverdiend in 2026") || !strings.Contains(svg, `role="img"`) {
		t.Error("marker label or role missing")
	}
	// Never paid back: no marker.
	c := testCase()
	c.BenefitsPerYear = c.BenefitsPerYear[1:]
	r, _ = businesscase.Evaluate(c)
	if strings.Contains(string(cumulativeSVG(r)), "bc-payback") {
		t.Error("marker drawn for a case that does not pay back")
	}
}

func TestParseEuros(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1.234,50", 123450, true}, {"€ 2.500", 250000, true}, {"2500", 250000, true}, {"0,5", 50, true}, {"-75", -7500, true},
		{"1.234.567,89", 123456789, true}, {"12.5", 0, false}, {"1,234", 0, false}, {"abc", 0, false}, {"", 0, false}, {"1.23,00", 0, false},
	} {
		got, ok := parseEuros(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("parseEuros(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for _, c := range []int64{0, 1, 99, 100, 123450, -7500, 100_000_000_00} {
		if got, ok := parseEuros(eurosInput(c)); !ok || got != c {
			t.Errorf("round trip %d: %q → %d", c, eurosInput(c), got)
		}
	}
}

// TestFormRoundTrip: every example case, put in the form and read back,
// is the same case.
func TestFormRoundTrip(t *testing.T) {
	cases, err := businesscase.Examples()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		d := draftFromCase(c)
		v := url.Values{}
		for k, x := range formValuesOf(d) {
			v[k] = x
		}
		back, errs := draftFromForm(v).toCase()
		if len(errs) > 0 {
			t.Fatalf("%s: %v", c.Name, errs[0])
		}
		want, _ := businesscase.Evaluate(c)
		got, err := businesscase.Evaluate(back)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if got.NPVCents != want.NPVCents || got.PVCostsCents != want.PVCostsCents || !reflect.DeepEqual(got.Stakeholders, want.Stakeholders) {
			t.Errorf("%s: round trip changed the result", c.Name)
		}
	}
}

// formValuesOf renders the draft's form and reads it back as posted.
func formValuesOf(d caseDraft) url.Values {
	var b strings.Builder
	v := d.form(nil)
	var walk func(g *bcGroup)
	walk = func(g *bcGroup) {
		for _, f := range g.Fields {
			switch {
			case f.Kind == "checkbox" && !f.Checked:
			default:
				b.WriteString(`<input name="` + f.Name + `" value="` + f.Value + `">`)
			}
		}
		if g.Years != nil {
			walk(g.Years)
		}
		for _, r := range g.Rows {
			walk(r)
		}
	}
	for _, s := range v.Sections {
		walk(s)
	}
	return bcFormValues(b.String())
}

// TestBusinessCasePagesReadNoPersonalData: the pages hold case documents and
// a ReleaseReader, nothing that reaches a household.
func TestBusinessCasePagesReadNoPersonalData(t *testing.T) {
	typ := reflect.TypeOf(businessCasePages{})
	for i := 0; i < typ.NumField(); i++ {
		ft := typ.Field(i).Type
		if ft == reflect.TypeOf(&store.Store{}) || ft == reflect.TypeOf(&vault{}) {
			t.Errorf("businessCasePages.%s gives a road to personal data", typ.Field(i).Name)
		}
	}
	cd := reflect.TypeOf((*CaseDocuments)(nil)).Elem()
	for i := 0; i < cd.NumMethod(); i++ {
		if !strings.Contains(cd.Method(i).Name, "Document") {
			t.Errorf("CaseDocuments.%s is not a document method", cd.Method(i).Name)
		}
	}
}
