package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/access/accesstest"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
)

// uploadFile sends a file through the upload form and returns the report
// page it lands on.
func uploadFile(t *testing.T, c *client, name string, body []byte) (reportPath, page string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile("bestand", name)
	fw.Write(body)
	mw.Close()
	req, _ := http.NewRequest("POST", c.h.srv.URL+"/aanlevering", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, errBody := c.do(req)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload %s: %d\n%s", name, resp.StatusCode, errBody)
	}
	reportPath = resp.Header.Get("Location")
	resp, page = c.get(reportPath)
	if resp.StatusCode != 200 {
		t.Fatalf("report %s: %d", reportPath, resp.StatusCode)
	}
	return reportPath, page
}

// groupRow finds the report's row of one kind of problem and returns its
// count and the lines it shows.
func groupRow(t *testing.T, page, field, rule string) (count int, lines []int, more string) {
	t.Helper()
	re := regexp.MustCompile(`<tr><th scope="row"><code class="ontschot-field">` + regexp.QuoteMeta(field) + `</code> <span class="ontschot-rule">` + regexp.QuoteMeta(rule) + `</span></th><td class="num">([0-9.]+)</td><td><ul class="ontschot-lines">(.*?)</ul></td></tr>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no group %s / %q in the report:\n%s", field, rule, page)
	}
	count, _ = strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
	for _, l := range regexp.MustCompile(`<li>regel ([0-9]+):`).FindAllStringSubmatch(m[2], -1) {
		n, _ := strconv.Atoi(l[1])
		lines = append(lines, n)
	}
	if mm := regexp.MustCompile(`… en nog ([0-9.]+)`).FindStringSubmatch(m[2]); mm != nil {
		more = mm[1]
	}
	return count, lines, more
}

// A large file with many errors of several kinds: the report groups them
// by kind with the count and the first five lines of each; a line with
// three problems has all three; the download lists every problem, parsable,
// with no BSN in full, plain and for Dutch Excel; another provider's list
// stays closed.
func TestUploadReportGroupsAndDownload(t *testing.T) {
	h := newHarness(t)
	pro := h.login("aanbieder")
	var b strings.Builder
	b.WriteString(strings.Join(intake.DeliveryColumns, ",") + "\n")
	line := 1
	row := func(ref, bsn, geldstroom, begin, eenheid, dc string) {
		line++
		fmt.Fprintf(&b, "%s,%s,%s,%s,45,45A06,%s,2025-03-31,12,%s,93600,%s\n", accesstest.AGB1, ref, bsn, geldstroom, begin, eenheid, dc)
	}
	var badBSN, badStream, badDate []int
	for i := 0; i < 300; i++ {
		switch {
		case i%10 == 3:
			row(fmt.Sprintf("B%d", i), "123456789", "wmo", "2025-03-01", "04", "D")
			badBSN = append(badBSN, line+0)
		case i%25 == 7:
			row(fmt.Sprintf("G%d", i), kluis.SyntheticBSN(i), "jeugd", "2025-03-01", "04", "D")
			badStream = append(badStream, line)
		case i%50 == 11:
			row(fmt.Sprintf("D%d", i), kluis.SyntheticBSN(i), "wmo", "2025-02-30", "04", "D")
			badDate = append(badDate, line)
		default:
			row(fmt.Sprintf("OK%d", i), kluis.SyntheticBSN(i), "wmo", "2025-03-01", "04", "D")
		}
	}
	row("THREE", "123456789", "wmo", "2025-03-01", "99", "X") // three problems on one line
	three := line
	reportPath, page := uploadFile(t, pro, "groot.csv", []byte(b.String()))

	rejectedLines := len(badBSN) + len(badStream) + len(badDate) + 1
	if !strings.Contains(page, `<dt>Afgewezen</dt><dd>`+strconv.Itoa(rejectedLines)+`</dd>`) {
		t.Errorf("report does not count %d rejected lines:\n%s", rejectedLines, page)
	}
	problems := rejectedLines + 2
	if !strings.Contains(page, "met samen "+strconv.Itoa(problems)+" problemen") {
		t.Errorf("report does not count %d problems", problems)
	}
	n, lines, more := groupRow(t, page, "bsn", "ongeldig BSN: BSN voldoet niet aan de elfproef")
	if n != len(badBSN)+1 || fmt.Sprint(lines) != fmt.Sprint(badBSN[:5]) || more != strconv.Itoa(n-5) {
		t.Errorf("bsn group: %d %v more %s; want %d %v", n, lines, more, len(badBSN)+1, badBSN[:5])
	}
	n, lines, _ = groupRow(t, page, "geldstroom", `onbekende geldstroom &#34;…&#34;; bekend: jeugdwet, wmo, participatiewet, wlz, zvw, schuldhulp, lumpsum`)
	if n != len(badStream) || fmt.Sprint(lines) != fmt.Sprint(badStream[:5]) {
		t.Errorf("geldstroom group: %d %v; want %d %v", n, lines, len(badStream), badStream[:5])
	}
	n, lines, _ = groupRow(t, page, "begindatum", `&#34;…&#34; is geen bestaande datum (JJJJ-MM-DD of DD-MM-JJJJ)`)
	if n != len(badDate) || fmt.Sprint(lines) != fmt.Sprint(badDate[:min(5, len(badDate))]) {
		t.Errorf("begindatum group: %d %v; want %d %v", n, lines, len(badDate), badDate)
	}
	for _, g := range [][2]string{{"eenheid", `onbekende eenheid &#34;…&#34;; toegestaan (WJ756): 01, 04, 14, 16, 82, 83, 84`}, {"debet_credit", `&#34;…&#34; is geen D (debet) of C (credit)`}} {
		if n, lines, _ := groupRow(t, page, g[0], g[1]); n != 1 || fmt.Sprint(lines) != fmt.Sprint([]int{three}) {
			t.Errorf("%s group: %d %v, want line %d", g[0], n, lines, three)
		}
	}
	if strings.Contains(page, "123456789") {
		t.Error("the report shows a full BSN")
	}

	// The whole list, plain.
	resp, body := pro.get(reportPath + "/afwijzingen.csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %v", resp.StatusCode, resp.Header)
	}
	if strings.Contains(body, "123456789") {
		t.Error("the download holds a full BSN")
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("download is no CSV: %v", err)
	}
	if strings.Join(recs[0], ",") != "regel,veld,reden,reason,waarde" || len(recs) != problems+1 {
		t.Fatalf("download: header %v, %d rows, want %d", recs[0], len(recs)-1, problems)
	}
	var onThree []string
	for _, r := range recs[1:] {
		if r[0] == strconv.Itoa(three) {
			onThree = append(onThree, r[1]+"="+r[4])
		}
		if r[2] == "" || r[3] == "" {
			t.Errorf("row without reason: %v", r)
		}
	}
	if strings.Join(onThree, " ") != "bsn=******789 eenheid=99 debet_credit=X" {
		t.Errorf("line %d in the download: %v", three, onThree)
	}

	// The Dutch-Excel variant: BOM, semicolons, the same rows.
	resp, body = pro.get(reportPath + "/afwijzingen.csv?opmaak=excel")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("excel download: %d, starts %q", resp.StatusCode, body[:min(10, len(body))])
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	cr.Comma = ';'
	if xrecs, err := cr.ReadAll(); err != nil || len(xrecs) != len(recs) {
		t.Errorf("excel download: %d rows, err %v", len(xrecs), err)
	}

	// The API's report has the same groups.
	resp, body = h.api("GET", "/api/v1/uploads/"+strings.TrimPrefix(reportPath, "/aanlevering/"), h.apiToken("aanbieder"), nil, "")
	var api struct {
		Groups []struct {
			Field string
			Count int
			First []struct{ Line int }
		}
		Rejections []struct{ Line int }
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &api) != nil || len(api.Groups) != 5 || api.Groups[0].Field != "bsn" || api.Groups[0].Count != len(badBSN)+1 || len(api.Groups[0].First) != 5 || len(api.Rejections) != problems {
		t.Errorf("api report %d: %+v", resp.StatusCode, api)
	}

	// Another provider's upload: no list.
	resp, body = pro.get("/aanlevering/" + strconv.FormatInt(h.f.ImportAGB2, 10) + "/afwijzingen.csv")
	if resp.StatusCode == 200 || strings.Contains(body, "regel,veld") {
		t.Errorf("another provider's rejections: %d", resp.StatusCode)
	}
}

// The template downloads with the provider's AGB code and a synthetic
// example row that imports cleanly, plain and for Excel; the field page
// explains every column.
func TestUploadTemplateRoundTrip(t *testing.T) {
	h := newHarness(t)
	pro := h.login("aanbieder")
	resp, body := pro.get("/aanlevering/sjabloon.csv")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "sjabloon") {
		t.Fatalf("template: %d %v", resp.StatusCode, resp.Header)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][0] != accesstest.AGB1 {
		t.Fatalf("template %v, err %v", recs, err)
	}
	_, page := uploadFile(t, pro, "sjabloon.csv", []byte(body))
	if !strings.Contains(page, "<dt>Opgeslagen</dt><dd>1</dd>") || !strings.Contains(page, "Alle regels zijn goedgekeurd") {
		t.Errorf("the template's row did not import cleanly:\n%s", page)
	}
	resp, body = pro.get("/aanlevering/sjabloon.csv?opmaak=excel")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "\ufeff") || !strings.Contains(body, ";") {
		t.Fatalf("excel template: %d %q", resp.StatusCode, body)
	}
	_, page = uploadFile(t, pro, "sjabloon-excel.csv", []byte(body))
	if !strings.Contains(page, "<dt>Dubbel (al bekend)</dt><dd>1</dd>") || !strings.Contains(page, "Alle regels zijn goedgekeurd") {
		t.Errorf("the Excel template's row is not the same clean row:\n%s", page)
	}

	resp, page = pro.get("/aanlevering/velden")
	if resp.StatusCode != 200 {
		t.Fatalf("fields page: %d", resp.StatusCode)
	}
	for _, f := range intake.DeliveryFields {
		if !strings.Contains(page, "<th scope=\"row\"><code class=\"ontschot-field\">"+f.Name+"</code></th>") {
			t.Errorf("fields page does not explain %s", f.Name)
		}
	}
	if _, up := pro.get("/aanlevering"); !strings.Contains(up, `href="/aanlevering/velden"`) || !strings.Contains(up, `href="/aanlevering/sjabloon.csv"`) {
		t.Error("the upload page does not link the template and its explanation")
	}
}

// The history shows what the provider delivered through every channel:
// the website, the API, a delivery file and a declaration message the
// municipality read in, and flows; only its own uploads have a report, and
// another provider's files are not there.
func TestProviderHistoryEveryChannel(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	pro := h.login("aanbieder")
	head := strings.Join(intake.DeliveryColumns, ",") + "\n"
	line := func(agb, ref string, n int) string {
		return fmt.Sprintf("%s,%s,%s,wmo,02,02A01,2025-04-01,2025-04-30,1,04,1000,D\n", agb, ref, kluis.SyntheticBSN(n))
	}
	uploadFile(t, pro, "via-website.csv", []byte(head+line(accesstest.AGB1, "W1", 1)))
	if resp, body := h.api("POST", "/api/v1/uploads?name=via-api.csv", h.apiToken("aanbieder"), strings.NewReader(head+line(accesstest.AGB1, "A1", 2)), "text/csv"); resp.StatusCode != 201 {
		t.Fatalf("api upload: %d %s", resp.StatusCode, body)
	}
	imp := h.f.Importer
	if _, err := imp.Import(ctx, "deliveries", "gemeente-bestand.csv", strings.NewReader(head+line(accesstest.AGB1, "C1", 3)+line(accesstest.AGB1, "C2", 4)+line(accesstest.AGB2, "C3", 5)), importer.Source{}); err != nil {
		t.Fatal(err)
	}
	msg := intake.Declaratiebericht{Afzender: accesstest.AGB1, Ontvanger: "0363", Identificatie: "HIST-1", Dagtekening: intake.MakeDate(2025, 6, 5),
		DeclaratieNummer: "D1", Periode: [2]intake.Date{intake.MakeDate(2025, 5, 1), intake.MakeDate(2025, 5, 31)},
		Clients: []intake.DeclClient{{BSN: kluis.SyntheticBSN(6), Prestaties: []intake.Delivery{{Referentie: "X1", Toewijzing: "1", Categorie: "45", Productcode: "45A48",
			Begin: intake.MakeDate(2025, 5, 1), Eind: intake.MakeDate(2025, 5, 31), Volume: 4, Eenheid: "04", Bedrag: 39200}}}}}
	var xml bytes.Buffer
	if err := intake.WriteJW323(&xml, msg); err != nil {
		t.Fatal(err)
	}
	if _, err := imp.Import(ctx, "deliveries", "declaratie-jw323.xml", &xml, importer.Source{}); err != nil {
		t.Fatal(err)
	}
	flows := "bron;referentie;soort;geldstroom;categorie;begindatum;einddatum;gebied;bsn;contract;volume;eenheid;bedrag_cent;debet_credit\n" +
		accesstest.AGB1 + ";F-1;wijkteam;wmo;wijkteam;2025-01-01;2025-01-31;;" + kluis.SyntheticBSN(7) + ";;6;4;39000;D\n"
	if sum, err := imp.Import(ctx, "flows", "stromen.csv", strings.NewReader(flows), importer.Source{}); err != nil || sum.Accepted != 1 {
		t.Fatalf("flows: %+v %v", sum, err)
		t.Fatal(err)
	}

	_, page := pro.get("/aanlevering")
	rowOf := func(file string) string {
		m := regexp.MustCompile(`<tr><th scope="row">` + regexp.QuoteMeta(file) + `</th>.*?</tr>`).FindString(page)
		if m == "" {
			t.Fatalf("%s is not in the history:\n%s", file, page)
		}
		return m
	}
	for _, tt := range []struct{ file, channel, format, stored string }{
		{"via-website.csv", "<td>Website</td>", "<td>CSV</td>", `<td class="num">1</td>`},
		{"via-api.csv", "<td>API (token)</td>", "<td>CSV</td>", `<td class="num">1</td>`},
		{"gemeente-bestand.csv", "<td>Bestand, ingelezen door de gemeente</td>", "<td>CSV</td>", `<td class="num">2</td><td class="num">2</td>`},
		{"declaratie-jw323.xml", "<td>Berichtenverkeer, ingelezen door de gemeente</td>", "<td>XML JW323</td>", `<td class="num">1</td>`},
		{"stromen.csv", "<td>Stromen, ingelezen door de gemeente</td>", "<td>CSV (stromen)</td>", `<td class="num">1</td>`},
	} {
		r := rowOf(tt.file)
		if !strings.Contains(r, tt.channel) || !strings.Contains(r, tt.format) || !strings.Contains(r, tt.stored) {
			t.Errorf("history row of %s: %s", tt.file, r)
		}
		own := strings.Contains(r, "Validatierapport")
		if own != strings.HasPrefix(tt.file, "via-") {
			t.Errorf("history row of %s: report link %v", tt.file, own)
		}
	}
	if strings.Contains(page, "aanbieder2.csv") {
		t.Error("another provider's upload is in the history")
	}
}
