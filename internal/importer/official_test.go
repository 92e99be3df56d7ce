package importer

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// officialDir holds the official iJw/iWmo 3.2 examples and the StUF-GGk
// envelopes (issue 10); it is never copied into the repository.
const officialDir = "../../../shared/data/istandaarden_3_2"

func official(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(officialDir, rel))
	if err != nil {
		t.Skipf("official iStandaarden example %s is not here (%v); it lives in ../shared/data/istandaarden_3_2 beside the repository", rel, err)
	}
	return string(b)
}

func importString(t *testing.T, imp *Importer, name, doc string) store.Summary {
	t.Helper()
	sum, err := imp.Import(context.Background(), "deliveries", name, strings.NewReader(doc), Source{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if sum.Rows != sum.Accepted+sum.Duplicates+sum.Rejected {
		t.Fatalf("%s: rows %d != accepted %d + duplicates %d + rejected %d", name, sum.Rows, sum.Accepted, sum.Duplicates, sum.Rejected)
	}
	return sum
}

// The official example messages import on both engines, with nothing lost,
// and a second time as duplicates only.
func TestImportOfficialExamples(t *testing.T) {
	tests := []struct {
		file               string
		accepted, rejected int
	}{
		// The official JW323 gives ReferentieNummer RN004 to two different
		// prestaties (April and March); TR314 makes a reference unique per
		// provider, so the second is a conflict, rejected naming both lines.
		{"jw/berichten/JW323.xml", 4, 1},
		{"wmo/berichten/WMO323.xml", 4, 0},
		{"jw/berichten/JW301.xml", 2, 0},
		{"wmo/berichten/WMO301.xml", 1, 0},
		{"jw/berichten/JW305.xml", 2, 0},
		{"wmo/berichten/WMO305.xml", 2, 0},
		{"jw/berichten/JW307.xml", 2, 0},
		{"wmo/berichten/WMO307.xml", 2, 0},
	}
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		for _, tt := range tests {
			doc := official(t, tt.file)
			sum := importString(t, imp, filepath.Base(tt.file), doc)
			if sum.Accepted != tt.accepted || sum.Rejected != tt.rejected {
				t.Fatalf("%s: %+v", tt.file, sum)
			}
			again := importString(t, imp, filepath.Base(tt.file), doc)
			if again.Accepted != 0 || again.Duplicates != tt.accepted || again.Rejected != tt.rejected {
				t.Fatalf("%s again: %+v", tt.file, again)
			}
			if tt.file == "jw/berichten/JW323.xml" {
				r := sum.Rejections[0]
				if r.Line != 114 || r.Field != "ReferentieNummer" || !strings.Contains(r.Reason, "regel 95 van dit bestand") || !strings.Contains(r.Reason, "TR314") || !strings.Contains(r.ReasonEN, "line 95 of this file") {
					t.Fatalf("RN004 conflict: %+v", r)
				}
				if !strings.Contains(again.Rejections[0].Reason, "regel 114 van JW323.xml") && !strings.Contains(again.Rejections[0].Reason, "regel 95 van JW323.xml") {
					t.Fatalf("the conflict in a later import does not name the earlier file: %+v", again.Rejections[0])
				}
			}
		}
		starts, err := s.CareStarts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stops, err := s.CareStops(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(starts) != 4 || len(stops) != 4 {
			t.Fatalf("%d starts, %d stops; want 4 and 4", len(starts), len(stops))
		}
		person := testKluis().Pseudonym(kluis.Person, "999900006")
		var jw307 *store.CareEvent
		for i := range stops {
			if stops[i].Geldstroom == "jeugdwet" && stops[i].ToewijzingNummer == "300201" {
				jw307 = &stops[i]
			}
		}
		if jw307 == nil || jw307.Person != person || jw307.Begindatum != intake.MakeDate(2026, 4, 3) || jw307.Einddatum != intake.MakeDate(2026, 7, 17) || jw307.Reden != "31" || jw307.AGB != "65656055" {
			t.Fatalf("JW307 stop: %+v", jw307)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM zorg_start_stop WHERE person LIKE '%999900006%' OR agb LIKE '%999900006%'`); n != 0 {
			t.Fatalf("a BSN is stored in zorg_start_stop (%d rows)", n)
		}
	})
}

// A StUF-GGk envelope (the official Du01 example, carrying the official
// JW323 as base64) is unwrapped; its referentienummer is kept with the import.
func TestImportStUFEnvelope(t *testing.T) {
	env := official(t, "stuf-ggk0210/voorbeeldberichten/envelopRetourbericht-ggk_Du01-v21.xml")
	jw323 := official(t, "jw/berichten/JW323.xml")
	doc := regexp.MustCompile(`(?s)<GGK:xmlBestand>.*</GGK:xmlBestand>`).ReplaceAllLiteralString(env,
		"<GGK:xmlBestand>"+base64.StdEncoding.EncodeToString([]byte(jw323))+"</GGK:xmlBestand>")
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		imp := New(s, testKluis())
		sum := importString(t, imp, "du01.xml", doc)
		if sum.Format != "JW323" || sum.Envelope != "b6e9f182-bc44-4f27-9863-9a5ccc1e1cf0" || sum.Accepted != 4 || sum.Rejected != 1 {
			t.Fatalf("envelope: %+v", sum)
		}
		var ref string
		if err := s.DB().QueryRow(`SELECT envelope_ref FROM imports WHERE id = $1`, sum.ImportID).Scan(&ref); err != nil || ref != sum.Envelope {
			t.Fatalf("imports.envelope_ref = %q, %v", ref, err)
		}
		// The official example itself carries a dummy text: refused, nothing stored.
		if _, err := imp.Import(context.Background(), "deliveries", "du01-voorbeeld.xml", strings.NewReader(env), Source{}); err == nil || !strings.Contains(err.Error(), "geen XML-bericht") {
			t.Fatalf("official dummy envelope: %v", err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM imports`); n != 1 {
			t.Fatalf("%d imports, want 1", n)
		}
	})
}

// jw323 writes a small JW323 declaration for AGB 12345678 over the month
// of period with the given prestaties (each a full <Prestatie> body).
func jw323(id, period string, total int64, prestaties ...string) string {
	y, m := period[:4], period[5:7]
	end := map[string]string{"01": "31", "02": "28", "03": "31", "04": "30"}[m]
	dc := "D"
	if total < 0 {
		dc, total = "C", -total
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<jw323:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:jw323="http://www.istandaarden.nl/ijw/3_2/jw323/schema">
<jw323:Header><jw323:BerichtCode>490</jw323:BerichtCode><jw323:BerichtVersie>3</jw323:BerichtVersie><jw323:BerichtSubversie>2</jw323:BerichtSubversie>
<jw323:Afzender>12345678</jw323:Afzender><jw323:Ontvanger>0363</jw323:Ontvanger>
<jw323:BerichtIdentificatie><ijw:Identificatie>%s</ijw:Identificatie><ijw:Dagtekening>%s-%s-%s</ijw:Dagtekening></jw323:BerichtIdentificatie>
<jw323:XsdVersie><ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie><ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie></jw323:XsdVersie></jw323:Header>
<jw323:Declaratie><jw323:DeclaratieNummer>%s</jw323:DeclaratieNummer>
<jw323:DeclaratiePeriode><ijw:Begindatum>%s-%s-01</ijw:Begindatum><ijw:Einddatum>%s-%s-%s</ijw:Einddatum></jw323:DeclaratiePeriode>
<jw323:DeclaratieDagtekening>%s-%s-%s</jw323:DeclaratieDagtekening>
<jw323:TotaalIngediendBedrag><ijw:TotaalBedrag>%d</ijw:TotaalBedrag><ijw:DebetCredit>%s</ijw:DebetCredit></jw323:TotaalIngediendBedrag>
<jw323:Clienten><jw323:Client><jw323:Bsn>%s</jw323:Bsn><jw323:Prestaties>
`, id, y, m, end, id, y, m, y, m, end, y, m, end, total, dc, kluis.SyntheticBSN(4))
	for _, p := range prestaties {
		b.WriteString("<jw323:Prestatie>" + p + "</jw323:Prestatie>\n")
	}
	b.WriteString("</jw323:Prestaties></jw323:Client></jw323:Clienten></jw323:Declaratie></jw323:Bericht>\n")
	return b.String()
}

// prestatie is the body of one JW323 Prestatie of 10 hours at € 50.
func prestatie(ref, vorig, month string, credit bool) string {
	dc := "D"
	if credit {
		dc = "C"
	}
	v := ""
	if vorig != "" {
		v = "<ijw:VorigReferentieNummer>" + vorig + "</ijw:VorigReferentieNummer>"
	}
	end := map[string]string{"01": "31", "02": "28", "03": "31"}[month]
	return fmt.Sprintf(`<jw323:ProductReferentie><ijw:ReferentieNummer>%s</ijw:ReferentieNummer>%s</jw323:ProductReferentie>
<jw323:ToewijzingNummer>4711</jw323:ToewijzingNummer><jw323:ProductCategorie>45</jw323:ProductCategorie><jw323:ProductCode>45A48</jw323:ProductCode>
<jw323:ProductPeriode><ijw:Begindatum>2025-%s-01</ijw:Begindatum><ijw:Einddatum>2025-%s-%s</ijw:Einddatum></jw323:ProductPeriode>
<jw323:GeleverdVolume>10</jw323:GeleverdVolume><jw323:Eenheid>04</jw323:Eenheid><jw323:ProductTarief>5000</jw323:ProductTarief>
<jw323:IngediendBedrag><ijw:Bedrag>50000</ijw:Bedrag><ijw:DebetCredit>%s</ijw:DebetCredit></jw323:IngediendBedrag>`, ref, v, month, month, end, dc)
}

// A debit in January's declaration and its credit (IV091: VorigReferentieNummer,
// the January ProductPeriode) in March's declaration net to zero; nothing
// is lost. The release of 2025-Q1, frozen between the two, keeps its
// version; the late rows are reported for its next version.
func TestImportLateCredit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		jan := importString(t, imp, "jan.xml", jw323("D2025-01", "2025-01", 100000,
			prestatie("J-1", "", "01", false), prestatie("J-2", "", "01", false)))
		if jan.Accepted != 2 || len(jan.Late) != 0 {
			t.Fatalf("January: %+v", jan)
		}
		maxDel, maxImp, err := s.MaxIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublishRelease(ctx, store.NewRelease{Period: "2025-Q1", CreatedBy: "test", Rules: "{}", MaxDeliveryID: maxDel, MaxImportID: maxImp}); err != nil {
			t.Fatal(err)
		}
		// March: a new debit, the credit of J-1 and a late February debit.
		mar := importString(t, imp, "mrt.xml", jw323("D2025-03", "2025-03", 50000,
			prestatie("M-1", "", "03", false), prestatie("M-2", "J-1", "01", true), prestatie("F-1", "", "02", false)))
		if mar.Rows != 3 || mar.Accepted != 3 || mar.Rejected != 0 {
			t.Fatalf("March: %+v", mar)
		}
		if len(mar.Late) != 1 || mar.Late[0].Period != "2025-Q1" || mar.Late[0].Rows != 3 ||
			mar.Late[0].Reason != "3 prestaties horen bij een al vrijgegeven periode; een nieuwe versie van meting 2025-Q1 neemt ze mee" ||
			!strings.Contains(mar.Late[0].ReasonEN, "a new version of release 2025-Q1 includes them") {
			t.Fatalf("late rows: %+v", mar.Late)
		}
		net := func(ref string, maxID int64) (n int64) {
			s.DB().QueryRow(`SELECT COALESCE(SUM(CASE WHEN credit = 1 THEN -bedrag_cent ELSE bedrag_cent END), 0) FROM deliveries WHERE referentie = $1 AND id <= $2`, ref, maxID).Scan(&n)
			return n
		}
		if got := net("J-1", 1<<60); got != 0 {
			t.Fatalf("J-1 nets to %d, want 0", got)
		}
		if got := net("J-1", maxDel); got != 50000 {
			t.Fatalf("the frozen release's data changed: J-1 is %d up to its max delivery id, want 50000", got)
		}
		rel, err := s.Release(ctx, "2025-Q1", 0)
		if err != nil || rel.Version != 1 || rel.MaxDeliveryID != maxDel {
			t.Fatalf("release: %+v %v", rel, err)
		}
		var total int64
		s.DB().QueryRow(`SELECT SUM(CASE WHEN credit = 1 THEN -bedrag_cent ELSE bedrag_cent END) FROM deliveries`).Scan(&total)
		if total != 100000+50000 {
			t.Fatalf("stored net %d, want 150000 (two January debits, one credited, a March and a February debit)", total)
		}
		// The March file again: duplicates only, no late rows.
		again := importString(t, imp, "mrt.xml", jw323("D2025-03", "2025-03", 50000,
			prestatie("M-1", "", "03", false), prestatie("M-2", "J-1", "01", true), prestatie("F-1", "", "02", false)))
		if again.Duplicates != 3 || len(again.Late) != 0 {
			t.Fatalf("March again: %+v", again)
		}
		// A debit reusing J-2 with other content is a conflict naming jan.xml.
		conflict := importString(t, imp, "apr.xml", jw323("D2025-04", "2025-04", 50000, prestatie("J-2", "", "02", false)))
		if conflict.Rejected != 1 || !strings.Contains(conflict.Rejections[0].Reason, "van jan.xml (import ") || !strings.Contains(conflict.Rejections[0].ReasonEN, "of jan.xml (import ") {
			t.Fatalf("conflict: %+v", conflict)
		}
	})
}

// A start or stop of care is idempotent; a changed first delivery
// (StatusAanlevering 1) is a conflict naming the earlier file, a status 2
// replaces the stored one and a status 3 withdraws it.
func TestImportStartStopStatus(t *testing.T) {
	doc := official(t, "jw/berichten/JW305.xml")
	storetest.Run(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		imp := New(s, testKluis())
		importString(t, imp, "start.xml", doc)
		changed := strings.Replace(doc, "<ijw:Code>55A11</ijw:Code>", "<ijw:Code>55A13</ijw:Code>", 1)
		sum := importString(t, imp, "start2.xml", changed)
		if sum.Accepted != 0 || sum.Duplicates != 1 || sum.Rejected != 1 || sum.Rejections[0].Field != "StatusAanlevering" ||
			!strings.Contains(sum.Rejections[0].Reason, "van start.xml (import ") {
			t.Fatalf("changed first delivery: %+v", sum)
		}
		sum = importString(t, imp, "start3.xml", strings.Replace(changed, "<jw305:StatusAanlevering>1<", "<jw305:StatusAanlevering>2<", 1))
		if sum.Accepted != 1 || sum.Duplicates != 1 || sum.Rejected != 0 {
			t.Fatalf("status 2: %+v", sum)
		}
		starts, _ := s.CareStarts(ctx)
		if len(starts) != 2 || starts[0].Productcode != "55A13" {
			t.Fatalf("after status 2: %+v", starts)
		}
		sum = importString(t, imp, "start4.xml", strings.Replace(changed, "<jw305:StatusAanlevering>1<", "<jw305:StatusAanlevering>3<", 1))
		if sum.Accepted != 1 {
			t.Fatalf("status 3: %+v", sum)
		}
		if starts, _ = s.CareStarts(ctx); len(starts) != 1 || starts[0].ToewijzingNummer != "300202" {
			t.Fatalf("after status 3: %+v", starts)
		}
	})
}
