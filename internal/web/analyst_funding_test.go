package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/model"
)

const nbsp = "\u00a0"

// The fixture's 2025 release publishes four contracts (accesstest/funding.go):
// a lump sum spread over reported volume, a cooperative paid on results in
// Oost, a pooled wijk budget in Centrum and one withheld below 10
// households; 2024 has no funding overview.
func TestFundingPage(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	resp, _ := cl.get("/gemeente/financiering")
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/gemeente/2025/financiering" {
		t.Fatalf("newest: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body := cl.get("/gemeente/2025/financiering")
	body = strings.ReplaceAll(body, "&#43;", "+")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	for _, w := range []string{
		`href="/gemeente/financiering" aria-current="page"`, // the nav
		"Contracten in 2025, besteding t/m juni",
		"GGZ-consortium lumpsum", "taakgericht (lumpsum)", "Consortium GGZ Testregio",
		"€" + nbsp + "1.200.000", "€" + nbsp + "640.000", "€" + nbsp + "1.310.000", "+€" + nbsp + "110.000 over", // budget, spent, forecast, over
		"−€" + nbsp + "35.000 onder", // the cooperative is under
		"waarvan verdeeld lumpsumbudget", "lumpsum, geen declaraties",
		"Jeugdhulp maatwerk klein", `<span class="ontschot-badge ontschot-badge--neutral">onderdrukt</span> minder dan 10 huishoudens; <a class="utrecht-link" href="/gemeente/2025?niveau=gemeente">zie het totaal van de gemeente op de kaart</a>`,
		"besteding en prognose zonder 1 onderdrukte contract",
		"€" + nbsp + "2.450.000", // the budgets summed, the withheld one included
		`href="/gemeente/2025/financiering/GGZ-LUMPSUM"`, `href="/gemeente/2025/financiering.xlsx"`, `href="/gemeente/2025/financiering.pdf"`,
		`<svg class="chart chart-funding"`, "besteding onderdrukt: minder dan 10 huishoudens",
		`href="/gemeente/2025/populatiebudget"`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	// A withheld contract has no figure anywhere on the page.
	if !strings.Contains(body, "JH-KLEIN</span><br><span class=\"ontschot-subtle\">inspanningsgericht</span></th>\n<td>AGB 87654321</td><td>hele gemeente</td><td class=\"num\">€"+nbsp+"50.000</td>\n<td class=\"num\"><span class=\"ontschot-suppressed\">n.v.t.</span>") {
		t.Error("the withheld contract does not read n.v.t. from its spend on")
	}
	noPersonalData(t, h, body)
	// 2024 has no funding overview: said so, not an error.
	resp, body = cl.get("/gemeente/2024/financiering")
	if resp.StatusCode != 200 || !strings.Contains(body, "Deze meting heeft geen financieringsoverzicht") {
		t.Errorf("2024: status %d", resp.StatusCode)
	}
	if resp, _ := cl.get("/gemeente/1999/financiering"); resp.StatusCode != 404 {
		t.Errorf("unknown period: status %d, want 404", resp.StatusCode)
	}
	if resp, _ := h.login("hulpverlener").get("/gemeente/2025/financiering"); resp.StatusCode != 403 {
		t.Errorf("professional: status %d, want 403", resp.StatusCode)
	}
}

func TestFundingContractPage(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	resp, body := cl.get("/gemeente/2025/financiering/" + accesstest.ContractPooled)
	body = strings.ReplaceAll(body, "&#43;", "+")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	for _, w := range []string{
		"<h1 class=\"utrecht-heading-1\">Wijkbudget Centrum</h1>", "looptijd 1 januari 2025 tot en met 31 december 2029",
		// partners: table and bars
		"<th scope=\"row\">Zorgverzekeraar</th><td class=\"num\">€" + nbsp + "150.000</td><td class=\"num\">19%</td>",
		"<th scope=\"row\">Woningcorporatie</th>", "AGB " + accesstest.AGB1, `class="chart chart-bars"`,
		// months against the budget line
		`aria-labelledby="cum-title"`, "budget naar rato",
		"<th scope=\"row\">maart</th><td class=\"num\">€" + nbsp + "65.000</td><td class=\"num\">€" + nbsp + "190.000</td><td class=\"num\">€" + nbsp + "200.000</td>",
		"Hoe de prognose is gemaakt: maanden tot nu toe, seizoenspatroon van 2024.",
		"waarvan verdeeld lumpsumbudget (geen declaraties)", "€" + nbsp + "300.000",
		// the wijk against the rest: 2024 → 2025, Centrum 2.600.000 → 2.860.000, Oost 1.400.000 → 1.540.000
		"Centrum tegen de rest van Testgemeente", "meting 2024 (vóór het contract, of de eerste meting) tegen 2025",
		"<dd>+€" + nbsp + "120.000</dd>", "<th scope=\"row\">Rest van Testgemeente</th><td class=\"num\">€" + nbsp + "1.400.000</td><td class=\"num\">€" + nbsp + "1.540.000</td>",
		`href="/gemeente/verschil?basis=2024&amp;gebied=WK000101&amp;maat=bedrag&amp;naar=total&amp;niveau=wijk&amp;vergelijk=2025"`,
		"Dit contract heeft geen resultaatafspraken",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("pooled: page lacks %q", w)
		}
	}

	noPersonalData(t, h, body)
	_, body = cl.get("/gemeente/2025/financiering/" + accesstest.ContractResults)
	for _, w := range []string{
		"Resultaatafspraken: wat betekent dit voor de betaling",
		"Van het budget van €" + nbsp + "400.000 hangt €" + nbsp + "280.000 van geen resultaat af. Op de gemeten resultaten wordt €" + nbsp + "60.000 uitbetaald, samen €" + nbsp + "330.000.",
		"Nog €" + nbsp + "40.000 hangt af van resultaten die nog niet te meten zijn",
		"Doordat doelen niet (helemaal) gehaald zijn, wordt €" + nbsp + "30.000 niet uitbetaald.",
		"<td class=\"num\">40%</td><td class=\"num\">30%</td><td class=\"num\">75%</td>", // uitstroom: target, measured, attainment
		"nog niet te meten of onderdrukt", "minder dan 10 gesprekken",
		"Oost tegen de rest van Testgemeente",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("results: page lacks %q", w)
		}
	}

	_, body = cl.get("/gemeente/2025/financiering/" + accesstest.ContractLumpSum)
	for _, w := range []string{"<dd>24</dd>", "<dd>4,2</dd>", "<dd>79%</dd>", "€" + nbsp + "4.571"} { // aftercare; 640.000 / 140 households
		if !strings.Contains(body, w) {
			t.Errorf("lump sum: page lacks %q", w)
		}
	}
	if strings.Contains(body, "tegen de rest van") {
		t.Error("a contract for the whole municipality has no area to compare")
	}

	_, body = cl.get("/gemeente/2025/financiering/" + accesstest.ContractSmall)
	if !strings.Contains(body, "De besteding van dit contract is onderdrukt: minder dan 10 huishoudens.") || strings.Contains(body, "cum-title") {
		t.Error("withheld contract: no reason, or a spend chart")
	}
	if resp, _ := cl.get("/gemeente/2025/financiering/BESTAAT-NIET"); resp.StatusCode != 404 {
		t.Errorf("unknown contract: status %d", resp.StatusCode)
	}
}

// With only one release there is nothing to compare the wijk with: the
// page says so instead of showing a figure.
func TestFundingTooFewReleases(t *testing.T) {
	h := newHarness(t)
	a := newAnalystPages(h.f.Store)
	rels, err := h.f.Store.Releases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	oldest := rels[len(rels)-1] // newest first
	c, _ := findContract(mustFunding(t, h), accesstest.ContractPooled)
	d := a.contractDiD(t.Context(), oldest, c)
	if oldest.Period != "2024" || !strings.Contains(d.Message, "Te weinig metingen: verschil-in-verschil vergelijkt twee metingen, en er is nog geen meting vóór 2024") || len(d.Rows) != 0 || d.Chart != "" {
		t.Errorf("one release: %+v", d)
	}
}

func mustFunding(t *testing.T, h *harness) *model.Funding {
	rel, err := h.f.Store.Release(t.Context(), "2025", 0)
	if err != nil {
		t.Fatal(err)
	}
	xs, err := h.f.Store.ReleaseExtras(t.Context(), rel.ID, "funding")
	if err != nil {
		t.Fatal(err)
	}
	f, err := decodeFunding(xs)
	if err != nil || f == nil {
		t.Fatal(f, err)
	}
	return f
}

func TestPopulationPage(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	resp, _ := cl.get("/gemeente/populatiebudget")
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/gemeente/2025/populatiebudget" {
		t.Fatalf("newest: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body := cl.get("/gemeente/2025/populatiebudget")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	for _, w := range []string{
		`<svg class="map"`, "Centrum (WK000101): +€" + nbsp + "775.000 boven het budget (+37,2%)",
		"Oost (WK000102): onderdrukt: uitgaven onderdrukt in de meting",
		// the legend: all five classes with their counts
		`ontschot-swatch-d4"></span><span>10% of meer boven het budget <span class="ontschot-subtle">(1 wijk)</span>`,
		`ontschot-swatch-d0"></span><span>meer dan 10% onder het budget <span class="ontschot-subtle">(0 wijken)</span>`,
		"Uitgaven onderdrukt (reden in de tabel en bij het gebied)",
		// the table: inhabitants per band, budget, spent, difference
		"<td class=\"num\">12.000</td><td class=\"num\">2.000</td><td class=\"num\">1.500</td><td class=\"num\">3.500</td>",
		"€" + nbsp + "2.085.000", "€" + nbsp + "2.860.000", "+€" + nbsp + "775.000",
		"0–15 jaar: €" + nbsp + "300,00",
		`href="/gemeente/financiering" aria-current="page"`, `href="/gemeente/2025/populatiebudget" aria-current="page"`,
	} {
		if !strings.Contains(strings.ReplaceAll(body, "&#43;", "+"), w) {
			t.Errorf("page lacks %q", w)
		}
	}
	resp, body = cl.get("/gemeente/2024/populatiebudget")
	if resp.StatusCode != 200 || !strings.Contains(body, "geen financieringsoverzicht, dus ook geen populatiegebonden budget") {
		t.Errorf("2024: status %d", resp.StatusCode)
	}

	// The downloads: the same figures, withheld cells empty.
	resp, body = cl.get("/gemeente/2025/populatiebudget.csv")
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if resp.StatusCode != 200 || err != nil || len(recs) < 3 || recs[0][0] != "gebied" || recs[0][9] != "budget_eur" {
		t.Fatalf("csv: status %d, %v, %q", resp.StatusCode, err, body)
	}
	found := map[string][]string{}
	for _, r := range recs[1:] {
		found[r[0]] = r
	}
	if c := found["WK000101"]; c == nil || c[3] != "12000" || c[10] != "2860000.00" || c[11] != "775000.00" {
		t.Errorf("csv Centrum: %q", c)
	}
	if o := found["WK000102"]; o == nil || o[10] != "" || o[11] != "" {
		t.Errorf("csv Oost must be withheld: %q", o)
	}
	resp, body = cl.get("/gemeente/2025/populatiebudget.xlsx")
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if resp.StatusCode != 200 || err != nil {
		t.Fatalf("xlsx: status %d, %v", resp.StatusCode, err)
	}
	if sheets := x.GetSheetList(); len(sheets) != 2 || sheets[0] != "Populatiebudget 2025" || sheets[1] != "Normen" {
		t.Errorf("xlsx sheets %v", sheets)
	}
	resp, body = cl.get("/gemeente/2025/populatiebudget.pdf")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("pdf: status %d", resp.StatusCode)
	}
	if resp, _ := cl.get("/gemeente/2024/populatiebudget.csv"); resp.StatusCode != 404 {
		t.Errorf("2024 csv: status %d, want 404", resp.StatusCode)
	}
}

func TestMapShowsSpreadLumpSum(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	_, body := cl.get("/gemeente/2025?niveau=wijk")
	for _, w := range []string{
		"Al het geld per wijk, met lumpsum", `<th scope="col" class="num">waarvan verdeeld lumpsumbudget</th>`,
		"<td class=\"num\">€" + nbsp + "2.860.000</td><td class=\"num\">€" + nbsp + "700.000</td><td class=\"num\">€" + nbsp + "3.560.000</td><td class=\"num\">300</td><td class=\"num\">€" + nbsp + "11.900</td>",
		"onderdrukt</span> minder dan 10 huishoudens; <a class=\"utrecht-link\" href=\"/gemeente/2025?niveau=gemeente\">zie het totaal van de gemeente</a>",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("map lacks %q", w)
		}
	}
	// No spread for buurten, nor under a breakdown, nor in 2024.
	for _, p := range []string{"/gemeente/2025?niveau=buurt", "/gemeente/2025?niveau=wijk&naar=geldstroom", "/gemeente/2024?niveau=wijk"} {
		if _, body := cl.get(p); strings.Contains(body, "lumpsum") {
			t.Errorf("%s shows a lump sum", p)
		}
	}
}

func TestFundingDownloads(t *testing.T) {
	h := newHarness(t)
	cl := h.login("analist")
	resp, body := cl.get("/gemeente/2025/financiering.csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, w := range []string{
		"contract,naam,variant,opdrachtnemer,aanbieders,gebied,begindatum,einddatum,budget_eur,besteed_eur,waarvan_verdeeld_lumpsumbudget_eur,prognose_eur,over_onder_eur,huishoudens",
		"GGZ-LUMPSUM,GGZ-consortium lumpsum,taak,Consortium GGZ Testregio,12345678;87654321,,2024-01-01,2027-12-31,1200000.00,640000.00,640000.00,1310000.00,110000.00,140,6,",
		"COOP-OOST,", ",-35000.00,60,6,",
		"JH-KLEIN,Jeugdhulp maatwerk klein,inspanning,AGB 87654321,87654321,,2025-01-01,2025-12-31,50000.00,,,,,,6,,1,minder dan 10 huishoudens",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("csv lacks %q:\n%s", w, body)
		}
	}
	_, body = cl.get("/gemeente/2025/financiering.csv?opmaak=excel")
	if !strings.HasPrefix(body, "\ufeffcontract;naam;") || !strings.Contains(body, ";1200000,00;640000,00;") {
		t.Errorf("excel csv:\n%s", body)
	}
	resp, body = cl.get("/gemeente/2025/financiering.xlsx")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != typeXLSX {
		t.Fatalf("xlsx: status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	if got := x.GetSheetList(); len(got) != 2 || got[0] != "Contracten 2025" || got[1] != "Partners" {
		t.Errorf("sheets %v", got)
	}
	rows, _ := x.GetRows("Contracten 2025", excelize.Options{RawCellValue: true})
	if len(rows) < 5 || rows[1][0] != "GGZ-LUMPSUM" || rows[1][8] != "1200000" || rows[1][9] != "640000" || len(rows[4]) > 9 && rows[4][9] != "" {
		t.Errorf("contracts sheet: %q", rows)
	}
	prow, _ := x.GetRows("Partners", excelize.Options{RawCellValue: true})
	if len(prow) != 9 || prow[4][1] != "zorgverzekeraar" || prow[4][3] != "150000" || prow[8][3] != "2450000" { // header, 7 partner lines, total
		t.Errorf("partners sheet: %q", prow)
	}
	resp, body = cl.get("/gemeente/2025/financiering.pdf")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != typePDF || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("pdf: status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	base := "/gemeente/2025/financiering/" + accesstest.ContractResults + "/contract"
	_, body = cl.get(base + ".csv")
	for _, w := range []string{
		"onderdeel,omschrijving,bedrag_eur,waarde,doel,behaald,uitbetaald_eur,toelichting",
		"kern,budget,400000.00,", "partner,Gemeente,400000.00,1.0000,,,,gemeente", "maand,1,30000.00,",
		"resultaat,uitstroom,80000.00,0.3,0.4,0.75,60000.00,gemeten", "resultaat,tevredenheid,40000.00,,4,,0.00,gemeten; nog niet te meten of onderdrukt",
		"betaling,betaling,330000.00,", "nazorg,gesprekken,,,,,,onderdrukt: minder dan 10 gesprekken",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("contract csv lacks %q:\n%s", w, body)
		}
	}
	resp, body = cl.get(base + ".xlsx")
	x, err = excelize.OpenReader(bytes.NewReader([]byte(body)))
	if resp.StatusCode != 200 || err != nil {
		t.Fatalf("contract xlsx: %d %v", resp.StatusCode, err)
	}
	if got := x.GetSheetList(); strings.Join(got, ",") != "Contract COOP-OOST,Partners,Maanden,Resultaten,Nazorg" {
		t.Errorf("contract sheets %v", got)
	}
	res, _ := x.GetRows("Resultaten", excelize.Options{RawCellValue: true})
	if len(res) < 3 || res[1][0] != "uitstroom" || res[1][6] != "60000" {
		t.Errorf("results sheet %q", res)
	}
	_, body = cl.get("/gemeente/2025/financiering/" + accesstest.ContractSmall + "/contract.csv")
	if !strings.Contains(body, "kern,besteed,,,,,,onderdrukt: minder dan 10 huishoudens") || !strings.Contains(body, "maand,1,,,,,,onderdrukt of niet gemeld") {
		t.Errorf("withheld contract csv:\n%s", body)
	}
	resp, body = cl.get(base + ".pdf")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("contract pdf: %d", resp.StatusCode)
	}
	if resp, _ := cl.get("/gemeente/2024/financiering.csv"); resp.StatusCode != 404 {
		t.Errorf("2024 csv: status %d, want 404", resp.StatusCode)
	}
}

func TestFundingAPI(t *testing.T) {
	h := newHarness(t)
	token := h.apiToken("analist")
	resp, body := h.api("GET", "/api/v1/releases/2025/funding", token, nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("funding: %d %s", resp.StatusCode, body)
	}
	var got struct {
		Period    string `json:"period"`
		Version   int    `json:"version"`
		Year      int    `json:"year"`
		Through   int    `json:"through_month"`
		Contracts []struct {
			Contract   string `json:"contract"`
			Budget     int64  `json:"budget_cent"`
			Spent      *int64 `json:"spent_cent"`
			Spread     *int64 `json:"spread_cent"`
			Households *int64 `json:"households"`
			Suppressed bool   `json:"suppressed"`
		} `json:"contracts"`
		Population *struct {
			Level string `json:"level"`
		} `json:"population"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Period != "2025" || got.Version != 1 || got.Year != 2025 || got.Through != 6 || len(got.Contracts) != 4 ||
		got.Contracts[0].Budget != 120_000_000 || *got.Contracts[0].Spent != 64_000_000 || *got.Contracts[0].Spread != 64_000_000 ||
		!got.Contracts[3].Suppressed || got.Contracts[3].Spent != nil || got.Contracts[3].Households != nil || got.Population.Level != "wijk" {
		t.Errorf("funding = %s", body)
	}
	resp, body = h.api("GET", "/api/v1/releases/2025/funding/"+accesstest.ContractResults, token, nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"contract": "COOP-OOST"`) || !strings.Contains(body, `"payment_cent": 33000000`) || !strings.Contains(body, `"through_month": 6`) {
		t.Errorf("contract: %d %s", resp.StatusCode, body)
	}
	if resp, _ := h.api("GET", "/api/v1/releases/2025/funding/NEE", token, nil, ""); resp.StatusCode != 404 {
		t.Errorf("unknown contract: %d", resp.StatusCode)
	}
	resp, body = h.api("GET", "/api/v1/releases/2025/population", token, nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"area": "WK000101"`) || !strings.Contains(body, `"difference_cent": 77500000`) || !strings.Contains(body, `"spent_cent": null`) {
		t.Errorf("population: %d %s", resp.StatusCode, body)
	}
	if resp, _ := h.api("GET", "/api/v1/releases/2024/funding", token, nil, ""); resp.StatusCode != 404 {
		t.Errorf("2024: %d, want 404", resp.StatusCode)
	}
	if resp, _ := h.api("GET", "/api/v1/releases/2025/funding", h.apiToken("hulpverlener"), nil, ""); resp.StatusCode != 403 {
		t.Errorf("professional: %d, want 403", resp.StatusCode)
	}
}

// noPersonalData fails when a page shows a pseudonym of a fixture person or
// household: the funding pages rest on released aggregates only.
func noPersonalData(t *testing.T, h *harness, body string) {
	t.Helper()
	f := h.f
	for _, p := range []string{f.HouseholdA, f.HouseholdB, f.HouseholdC, f.A1, f.A2, f.AChild, f.B1, f.BChild, f.C1, f.Secret, accesstest.BSN(1), accesstest.BSN(3)} {
		if strings.Contains(body, p) || strings.Contains(body, shortID(p)) && len(shortID(p)) == 6 && strings.Contains(body, ">"+shortID(p)+"<") {
			t.Errorf("page shows household-level data %q", p)
		}
	}
}

// fundingReader is the fixture's releases with another funding overview:
// a year without norms, as the budget module publishes it then.
type fundingReader struct {
	ReleaseReader
	body string
}

func (f fundingReader) ReleaseExtras(ctx context.Context, id int64, kind string) ([]model.ReleaseExtra, error) {
	if kind == model.FundingExtra {
		return []model.ReleaseExtra{{Kind: kind, Level: "gemeente", Body: f.body}}, nil
	}
	return f.ReleaseReader.ReleaseExtras(ctx, id, kind)
}

func TestPopulationWithoutNorms(t *testing.T) {
	fx := accesstest.New(t)
	src := sourcesOf(fx.Store, fx.Importer)
	src.Releases = fundingReader{src.Releases, `{"year":2025,"through_month":3,"contracts":[]}`}
	hd, err := New(src, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hd)
	t.Cleanup(srv.Close)
	h := &harness{t: t, f: fx, srv: srv}
	cl := h.login("analist")
	resp, body := cl.get("/gemeente/2025/populatiebudget")
	if resp.StatusCode != 200 || !strings.Contains(body, "Er zijn geen normen ingesteld voor 2025, dus er is geen populatiegebonden budget.") || strings.Contains(body, `<svg class="map"`) {
		t.Errorf("no norms: status %d", resp.StatusCode)
	}
	_, body = cl.get("/gemeente/2025/financiering")
	if !strings.Contains(body, "Er zijn voor 2025 geen contracten met een budget.") {
		t.Error("no contracts: not said")
	}
	if resp, body := h.api("GET", "/api/v1/releases/2025/population", h.apiToken("analist"), nil, ""); resp.StatusCode != 404 || !strings.Contains(body, "geen normen ingesteld voor 2025") {
		t.Errorf("api without norms: %d %s", resp.StatusCode, body)
	}
}
