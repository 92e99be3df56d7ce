package areas

import (
	"runtime"
	"strings"
	"testing"
)

// A line of millions of commas in the address table is rejected with its
// number; the rows around it are read and the line is never held.
func TestReadAddressTableHugeLine(t *testing.T) {
	input := "postcode,huisnummer,buurtcode\n3331AB,1,BU06420101\n" + strings.Repeat(",", 8<<20) + "\n3331AB,2,BU06420101\n"
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rows, rejs, n, err := readTable(t, input)
	runtime.ReadMemStats(&after)
	if err != nil || n != 2 || len(rows) != 2 || rows[1].Line != 4 {
		t.Fatalf("rows %+v, n %d, err %v", rows, n, err)
	}
	if len(rejs) != 1 || rejs[0].line != 3 || !strings.Contains(rejs[0].nl, "langer dan") {
		t.Errorf("rejections %+v; want line 3, too long", rejs)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
		t.Errorf("reading an 8 MB line allocated %d MB", grew>>20)
	}
}
