package demo

import (
	"testing"
)

func TestGenerateSkew(t *testing.T) {
	dir := t.TempDir()
	files, st, err := Generate(dir, Options{Households: 20000, Years: 3, FirstYear: 2023, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	t.Logf("%d delivery files", len(files.Deliveries))
	if st.YouthTop3Share < 0.40 || st.YouthTop3Share > 0.60 {
		t.Errorf("top 3%% of youth-care families get %.0f%% of youth-care money, want about half", st.YouthTop3Share*100)
	}
	if st.Above500k < 2 || st.Above500k > 15 {
		t.Errorf("%d households above €500,000, want a handful", st.Above500k)
	}
}
