package intake

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/kluis"
)

// commas is an io.Reader of a header, one good row, a line of n commas and
// another good row, made on the fly so the test itself holds no 63 MB.
type commas struct {
	head, tail string
	n          int
}

func (c *commas) Read(p []byte) (int, error) {
	if c.head != "" {
		k := copy(p, c.head)
		c.head = c.head[k:]
		return k, nil
	}
	if c.n > 0 {
		k := min(len(p), c.n)
		for i := range p[:k] {
			p[i] = ','
		}
		c.n -= k
		if c.n == 0 && k < len(p) {
			p[k] = '\n'
			k++
		} else if c.n == 0 {
			c.n = -1 // the newline still has to come
		}
		return k, nil
	}
	if c.n == -1 {
		p[0] = '\n'
		c.n = 0
		return 1, nil
	}
	if c.tail != "" {
		k := copy(p, c.tail)
		c.tail = c.tail[k:]
		return k, nil
	}
	return 0, io.EOF
}

func csvGoodRow(ref string) string {
	return "12345678," + ref + "," + kluis.SyntheticBSN(3) + ",jeugdwet,45,45A48,2025-01-01,2025-01-31,10,04,12340,D\n"
}

// Attack (issue 11.3): a 63 MB line of commas took the server to 4.9 GB.
// Now that line is rejected with its number and a reason, the rows around
// it are read, and the reader never holds more than MaxCSVLine of it.
func TestCSVHugeLineIsRejectedWithBoundedMemory(t *testing.T) {
	const huge = 63 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var c collect
	n, err := ParseDeliveriesCSV(&commas{head: hdr + csvGoodRow("R1"), n: huge, tail: csvGoodRow("R3")}, DefaultCodes(), &c)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || len(c.d) != 2 || len(c.r) != 1 {
		t.Fatalf("rows %d, deliveries %d, rejections %+v; want 3 rows: R1, the rejected line, R3", n, len(c.d), c.r)
	}
	r := c.r[0]
	if r.Line != 3 || !strings.Contains(r.Reason, "langer dan") || !strings.Contains(r.ReasonEN, "longer than") {
		t.Errorf("rejection %+v; want line 3, too long", r)
	}
	if c.d[1].Referentie != "R3" || c.d[1].Line != 4 {
		t.Errorf("the row after the long line: %+v", c.d[1])
	}
	// Everything allocated while reading 63 MB stays far below it: the
	// line is skipped through the read buffer, never collected.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
		t.Errorf("reading a %d MB line allocated %d MB; the reader buffers what it rejects", huge>>20, grew>>20)
	}
}

// The reader's own buffer never grows past MaxCSVLine, whatever the line.
func TestCSVReaderBufferStaysBounded(t *testing.T) {
	f, err := openCSV(&commas{head: hdr, n: 3 * MaxCSVLine, tail: csvGoodRow("R9")}, DeliveryColumns, nil)
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, _, _, err := f.next()
		if cap(f.buf) > MaxCSVLine+64<<10 {
			t.Fatalf("record buffer grew to %d bytes, limit %d", cap(f.buf), MaxCSVLine)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// A line within the length limit but with thousands of fields, a stray
// quote and a long header are each refused clearly; the next line is read.
func TestCSVFieldCountQuoteAndHeaderLimits(t *testing.T) {
	many := strings.Repeat(";", 5000) + "\n"
	var c collect
	n, err := ParseDeliveriesCSV(strings.NewReader(hdr+many+"12345678,\"R2,x\n"+csvGoodRow("R3")), DefaultCodes(), &c)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || len(c.d) != 1 || len(c.r) != 2 {
		t.Fatalf("rows %d, deliveries %d, rejections %+v", n, len(c.d), c.r)
	}
	if c.r[0].Line != 2 || !strings.Contains(c.r[0].Reason, "kolommen") && !strings.Contains(c.r[0].Reason, "velden") {
		t.Errorf("many separators: %+v", c.r[0])
	}
	if c.r[1].Line != 3 || !strings.Contains(c.r[1].Reason, "geen geldige CSV") {
		t.Errorf("stray quote: %+v", c.r[1])
	}
	if c.d[0].Line != 4 {
		t.Errorf("the row after the stray quote is at line %d, want 4", c.d[0].Line)
	}
	manyFields := hdr + strings.Repeat(",", MaxCSVFields+10) + "\n"
	c = collect{}
	if _, err := ParseDeliveriesCSV(strings.NewReader(manyFields), DefaultCodes(), &c); err != nil || len(c.r) != 1 || !strings.Contains(c.r[0].Reason, fmt.Sprint(MaxCSVFields)) {
		t.Errorf("more than %d fields: %v %+v", MaxCSVFields, err, c.r)
	}
	_, err = ParseDeliveriesCSV(strings.NewReader(strings.Repeat("agb,", MaxCSVLine)+"\n"), DefaultCodes(), &collect{})
	if err == nil || !strings.Contains(err.Error(), "kopregel") {
		t.Errorf("a header longer than the limit: %v", err)
	}
	// The BRP and provider registers read through the same reader.
	rows := 0
	var rejected []Rejection
	_, err = ParseProviders(&commas{head: "agb,naam\n12345678,Proefzorg\n", n: 10 << 20, tail: "87654321,Andere Proefzorg\n"},
		func(int, string, string, bool) error { rows++; return nil }, func(r Rejection) { rejected = append(rejected, r) })
	if err != nil || rows != 2 || len(rejected) != 1 || rejected[0].Line != 3 {
		t.Errorf("providers with a 10 MB line: %v, %d rows, %+v", err, rows, rejected)
	}
}
