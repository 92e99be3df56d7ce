package importer

import (
	"context"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/store"
	"github.com/ontschot/ontschot/internal/store/storetest"
)

// A client-experience survey: answers become feedback scores about the
// provider under the person's pseudonym; a bad row is rejected with its
// line and field; the same file again stores nothing new; another score
// under the same reference is refused.
func TestImportSurveyBothEngines(t *testing.T) {
	a, b := kluis.SyntheticBSN(21), kluis.SyntheticBSN(22)
	body := "onderzoek,referentie,bsn,agb,score\n" +
		"CEO2024,A1," + a + ",12345678,4\n" +
		"CEO2024,A2," + b + ",12345678,5\n" +
		"CEO2024,A3," + b + ",12345678,6\n" + // score out of range
		"CEO2024,A4,123456789,12345678,3\n" + // not a valid BSN
		"CEO2024,A5," + b + ",,3\n" // no agb
	storetest.Run(t, func(t *testing.T, s *store.Store, path string) {
		ctx := context.Background()
		k := testKluis()
		imp := New(s, k)
		sum, err := imp.Import(ctx, "survey", "ceo.csv", strings.NewReader(body), Source{})
		if err != nil {
			t.Fatal(err)
		}
		fields := map[int]string{}
		for _, r := range sum.Rejections {
			fields[r.Line] = r.Field
		}
		if sum.Accepted != 2 || sum.Rejected != 3 || fields[4] != "score" || fields[5] != "bsn" || fields[6] != "agb" {
			t.Fatalf("survey: %+v", sum)
		}
		scores, err := s.Scores(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, sc := range scores {
			got[sc.Person] = sc.Score
		}
		if len(scores) != 2 || got[k.Pseudonym(kluis.Person, a)] != 4 || got[k.Pseudonym(kluis.Person, b)] != 5 {
			t.Errorf("scores = %+v", scores)
		}
		if sum, _ := imp.Import(ctx, "survey", "ceo.csv", strings.NewReader(body), Source{}); sum.Accepted != 0 || sum.Duplicates != 2 {
			t.Errorf("again: %+v", sum)
		}
		changed := "onderzoek,referentie,bsn,agb,score\nCEO2024,A1," + a + ",12345678,2\n"
		if sum, _ := imp.Import(ctx, "survey", "ceo2.csv", strings.NewReader(changed), Source{}); sum.Rejected != 1 || sum.Rejections[0].Field != "referentie" {
			t.Errorf("changed score: %+v", sum)
		}
	})
}
