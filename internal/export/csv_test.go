package export

import (
	"bytes"
	"testing"
)

// TestExcelCSV: Dutch Excel reads a BOM, semicolons and decimal commas;
// the plain CSV for scripts keeps commas and decimal points.
func TestExcelCSV(t *testing.T) {
	recs := [][]string{{"gebied", "naam", "aandeel", "bedrag_eur"}, {"WK01", "Oud-Beijerland; Zuid ë", "12.5", "-2000000"}, {"WK02", "v1.2", "1.2.3", "7"}}
	var b bytes.Buffer
	if err := WriteExcelCSV(&b, recs); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffgebied;naam;aandeel;bedrag_eur\r\nWK01;\"Oud-Beijerland; Zuid ë\";12,5;-2000000\r\nWK02;v1.2;1.2.3;7\r\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
	b.Reset()
	if err := WriteCSV(&b, recs); err != nil {
		t.Fatal(err)
	}
	if want := "gebied,naam,aandeel,bedrag_eur\nWK01,Oud-Beijerland; Zuid ë,12.5,-2000000\nWK02,v1.2,1.2.3,7\n"; b.String() != want {
		t.Errorf("plain: got %q", b.String())
	}
}
