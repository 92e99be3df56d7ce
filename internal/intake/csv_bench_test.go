package intake

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/ontschot/ontschot/internal/importer/benchdata"
)

type countSink struct{ d, r int }

func (c *countSink) Delivery(*Delivery) error     { c.d++; return nil }
func (c *countSink) Toewijzing(*Toewijzing) error { return nil }
func (c *countSink) StartStop(*StartStop) error   { return nil }
func (c *countSink) Verzoek(*Verzoek) error       { return nil }
func (c *countSink) Reject(Rejection)             { c.r++ }

// BenchmarkParseDeliveriesCSV parses 200,000 valid rows (benchdata): the
// path every valid row takes, which must not get slower for the report's
// sake (only a row that failed is checked again for all its problems).
func BenchmarkParseDeliveriesCSV(b *testing.B) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := benchdata.Write(w, 200_000, 50_000); err != nil {
		b.Fatal(err)
	}
	w.Flush()
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c := &countSink{}
		if _, err := ParseDeliveriesCSV(bytes.NewReader(data), DefaultCodes(), c); err != nil || c.r != 0 || c.d != 200_000 {
			b.Fatalf("%d rows, %d rejected, %v", c.d, c.r, err)
		}
	}
}
