package web

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func TestXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := writeXLSX(&buf, "Meting 2025", [][]string{{"gebied", "bedrag_eur"}, {"BU1 <&>", "12000"}}); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var sheet string
	for _, f := range z.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			sheet = b.String()
		}
	}
	if !strings.Contains(sheet, `<c r="B2"><v>12000</v></c>`) || !strings.Contains(sheet, "BU1 &lt;&amp;&gt;") {
		t.Fatalf("sheet:\n%s", sheet)
	}
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB"} {
		if colName(i) != want {
			t.Errorf("colName(%d) = %s", i, colName(i))
		}
	}
}
