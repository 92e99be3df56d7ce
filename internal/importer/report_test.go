package importer

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// A provider's file with many errors of several kinds, on both engines:
// every problem of a line is stored (a line with three has three) but the
// line counts once; the summary and the stored report group them by kind
// with the same counts and first lines; the whole list reads back with
// masked values; the channel is kept.
func TestUploadReportOnBothEngines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store, path string) {
		ctx := context.Background()
		var b strings.Builder
		b.WriteString(deliveryHeader)
		line := 1
		var badBSN, badVolume []int
		for i := 0; i < 60; i++ {
			line++
			switch {
			case i%4 == 1:
				b.WriteString(deliveryLine(fmt.Sprintf("B%d", i), "123456789", 100))
				badBSN = append(badBSN, line)
			case i%15 == 2:
				b.WriteString(strings.Replace(deliveryLine(fmt.Sprintf("V%d", i), kluis.SyntheticBSN(i), 100), ";10;04;", ";tien;04;", 1))
				badVolume = append(badVolume, line)
			case i == 30:
				b.WriteString("87654321;OTHER;" + kluis.SyntheticBSN(i) + ";jeugdwet;45;45A48;2025-03-01;2025-03-31;10;04;1;D;TW1\n")
			default:
				b.WriteString(deliveryLine(fmt.Sprintf("OK%d", i), kluis.SyntheticBSN(i), 100))
			}
		}
		line++
		b.WriteString("12345678;THREE;123456789;jeugdwet;45;45A48;2025-03-01;2025-03-31;10;99;100;X;TW1\n")
		line++
		b.WriteString("12345678;SHORT;1\n")
		sum, err := New(s, testKluis()).Import(ctx, "deliveries", "fouten.csv", strings.NewReader(b.String()), Source{UploadedBy: "aanbieder", AGB: "12345678", Channel: "api"})
		if err != nil {
			t.Fatal(err)
		}
		wantLines := len(badBSN) + len(badVolume) + 1 + 1 + 1 // bsn, volume, other AGB, three problems, short line
		if sum.Rejected != wantLines || sum.Rows != sum.Accepted+sum.Duplicates+sum.Rejected || len(sum.Rejections) != wantLines+2 {
			t.Fatalf("rejected %d lines (want %d), %d problems (want %d)", sum.Rejected, wantLines, len(sum.Rejections), wantLines+2)
		}
		got := map[string]int{}
		for _, g := range sum.Groups {
			got[g.Field+": "+g.Rule] = g.Count
		}
		want := map[string]int{
			"bsn: ongeldig BSN: BSN voldoet niet aan de elfproef":                              len(badBSN) + 1,
			`volume: "…" is geen geheel getal van 0 of meer`:                                   len(badVolume),
			"agb: de regel is van een andere aanbieder (AGB)":                                  1,
			"eenheid: onbekende eenheid \"…\"; toegestaan (WJ756): 01, 04, 14, 16, 82, 83, 84": 1,
			`debet_credit: "…" is geen D (debet) of C (credit)`:                                1,
			": regel heeft een ander aantal kolommen dan de kopregel":                          1,
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("summary groups:\n%v\nwant\n%v", got, want)
		}
		if g := sum.Groups[0]; g.Field != "bsn" || len(g.First) != 5 || g.First[0].Line != badBSN[0] || g.First[4].Line != badBSN[4] {
			t.Errorf("largest group: %+v", g)
		}

		tx, err := s.BeginAccess(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		r := tx.Read()
		groups, err := r.ImportRejectionGroups(ctx, sum.ImportID, 5)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]int{}
		for _, g := range groups {
			stored[g.Field+": "+g.Rule] = g.Count
		}
		if fmt.Sprint(stored) != fmt.Sprint(want) {
			t.Errorf("stored groups:\n%v\nwant\n%v", stored, want)
		}
		if g := groups[0]; g.Field != "bsn" || len(g.First) != 5 || g.First[0].Line != badBSN[0] || g.First[0].Value != "******789" {
			t.Errorf("largest stored group: %+v", g)
		}
		// An import stored before the groups were: the report groups its
		// rejections, to the same groups.
		tx.Rollback()
		if _, err := s.DB().ExecContext(ctx, `UPDATE imports SET report_groups = '' WHERE id = $1`, sum.ImportID); err != nil {
			t.Fatal(err)
		}
		tx, err = s.BeginAccess(ctx)
		if err != nil {
			t.Fatal(err)
		}
		r = tx.Read()
		regrouped, err := r.ImportRejectionGroups(ctx, sum.ImportID, 5)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(regrouped) != fmt.Sprint(groups) {
			t.Errorf("grouped from the rows:\n%+v\nas the import counted:\n%+v", regrouped, groups)
		}
		var all []store.RejectionRow
		if err := r.EachImportRejection(ctx, sum.ImportID, func(rej store.RejectionRow) error { all = append(all, rej); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(all) != wantLines+2 {
			t.Errorf("stored %d rejections, want %d", len(all), wantLines+2)
		}
		var onThree []string
		for _, rej := range all {
			if strings.Contains(rej.Reason+rej.ReasonEN+rej.Value, "123456789") {
				t.Errorf("a stored rejection holds the full BSN: %+v", rej)
			}
			if rej.Line == line-1 {
				onThree = append(onThree, rej.Field+"="+rej.Value)
			}
		}
		if strings.Join(onThree, " ") != "bsn=******789 eenheid=99 debet_credit=X" {
			t.Errorf("the line with three problems: %v", onThree)
		}
		info, err := r.ImportByID(ctx, sum.ImportID)
		if err != nil || info.Channel != "api" || info.Rejected != wantLines {
			t.Errorf("import %+v %v", info, err)
		}
	})
}
