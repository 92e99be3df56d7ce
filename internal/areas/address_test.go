package areas

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

type rejection struct {
	line  int
	field string
	nl    string
}

func readTable(t testing.TB, input string) ([]AddressRow, []rejection, int, error) {
	t.Helper()
	var rows []AddressRow
	var rejs []rejection
	n, err := ReadAddressTable(strings.NewReader(input),
		func(r AddressRow) error { rows = append(rows, r); return nil },
		func(line int, field, nl, en string) {
			if nl == "" || en == "" {
				t.Errorf("line %d, field %q: rejection without a reason in both languages", line, field)
			}
			rejs = append(rejs, rejection{line, field, nl})
		})
	return rows, rejs, n, err
}

func TestReadAddressTable(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string // Line Postcode Huisnummer Buurt Wijk Gemeente [x y]
		rejs  []string // line:field
	}{
		{
			name:  "CBS table with BOM, codes without prefix",
			input: "\ufeffPC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\r\n3331AB;1;06420101;064201;0642\r\n1011AB;99;0363AF01;0363AF;0363\r\n",
			want:  []string{"2 3331AB 1 BU06420101 WK064201 GM0642", "3 1011AB 99 BU0363AF01 WK0363AF GM0363"},
		},
		{
			name:  "own header, comma, no wijk/gemeente columns",
			input: "postcode,huisnummer,buurtcode\n3331 ab,12,BU06420101\n",
			want:  []string{"2 3331AB 12 BU06420101 WK064201 GM0642"},
		},
		{
			name:  "RD coordinates instead of a buurt, decimal comma with ;",
			input: "postcode;huisnummer;x;y\n3331AB;5;101234,5;426000\n",
			want:  []string{"2 3331AB 5    101234.5 426000"},
		},
		{
			name:  "lat/lon",
			input: "postcode,huisnummer,lat,lon\n3811AA,1,52.15517440,5.38720621\n",
			want:  []string{"2 3811AA 1    155000 463000"},
		},
		{
			name:  "buurt column present but empty, coordinates given",
			input: "postcode,huisnummer,buurtcode,x,y\n3331AB,5,,101000,426000\n",
			want:  []string{"2 3331AB 5    101000 426000"},
		},
		{
			name: "invalid rows rejected, valid ones kept",
			input: "PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n" +
				"3331A;1;06420101;064201;0642\n" + // 2: postcode
				"3331AB;0;06420101;064201;0642\n" + // 3: huisnummer
				"3331AB;12a;06420101;064201;0642\n" + // 4: huisnummer
				"3331AB;1;BU12;064201;0642\n" + // 5: buurt
				"3331AB;1;06420101;064202;0642\n" + // 6: wijk mismatch
				"3331AB;1;06420101;064201;0643\n" + // 7: gemeente mismatch
				"3331AB;1;;;\n" + // 8: nothing to place it with
				"\n" + // blank lines are skipped
				"3331AB;2;06420101;064201;0642\n" + // 10: fine
				"3331AB;3\n", // 11: short row, no buurt
			want: []string{"10 3331AB 2 BU06420101 WK064201 GM0642"},
			rejs: []string{"2:postcode", "3:huisnummer", "4:huisnummer", "5:buurtcode", "6:wijkcode", "7:gemeentecode", "8:buurtcode", "11:buurtcode"},
		},
		{
			name:  "coordinates outside NL",
			input: "postcode,huisnummer,x,y,lat,lon\n3331AB,1,400000,426000,,\n3331AB,2,,,48.8,2.3\n3331AB,3,abc,1,,\n",
			rejs:  []string{"2:x,y", "3:lat,lon", "4:x,y"},
		},
		{
			name:  "broken quote is a rejected line, not the end",
			input: "postcode,huisnummer,buurtcode\n\"3331AB\"x,1,BU06420101\n3331AB,2,BU06420101\n",
			want:  []string{"3 3331AB 2 BU06420101 WK064201 GM0642"},
			rejs:  []string{"2:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, rejs, n, err := readTable(t, tt.input)
			if err != nil {
				t.Fatalf("ReadAddressTable: %v", err)
			}
			var got []string
			for _, r := range rows {
				s := fmt.Sprintf("%d %s %d %s %s %s", r.Line, r.Postcode, r.Huisnummer, r.Buurt, r.Wijk, r.Gemeente)
				if r.HasXY {
					s += fmt.Sprintf(" %g %g", math.Round(r.X*10)/10, math.Round(r.Y*10)/10)
				}
				got = append(got, s)
			}
			var gotRejs []string
			for _, r := range rejs {
				gotRejs = append(gotRejs, fmt.Sprintf("%d:%s", r.line, r.field))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("rows:\n got %q\nwant %q", got, tt.want)
			}
			if fmt.Sprint(gotRejs) != fmt.Sprint(tt.rejs) {
				t.Errorf("rejections:\n got %q (%v)\nwant %q", gotRejs, rejs, tt.rejs)
			}
			if n != len(tt.want) {
				t.Errorf("rows = %d, want %d", n, len(tt.want))
			}
		})
	}
}

func TestReadAddressTableRefusesFile(t *testing.T) {
	tests := []struct{ name, input, want string }{
		{"empty", "", "kopregel ontbreekt"},
		{"no postcode", "pc4,huisnummer,buurtcode\n", "kolommen ontbreken: postcode / missing columns: postcode"},
		{"no buurt or coordinates", "postcode,huisnummer,x\n", "kolommen ontbreken: buurtcode (of x,y of lat,lon) / missing columns: buurtcode (or x,y or lat,lon)"},
	}
	for _, tt := range tests {
		_, _, _, err := readTable(t, tt.input)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

func TestReadAddressTableStopsOnEmitError(t *testing.T) {
	stop := errors.New("store full")
	calls := 0
	n, err := ReadAddressTable(strings.NewReader("postcode,huisnummer,buurtcode\n3331AB,1,BU06420101\n3331AB,2,BU06420101\n"),
		func(AddressRow) error { calls++; return stop },
		func(int, string, string, string) {})
	if !errors.Is(err, stop) || calls != 1 || n != 0 {
		t.Errorf("got n=%d calls=%d err=%v; want 0, 1, the emit error", n, calls, err)
	}
}

func FuzzReadAddressTable(f *testing.F) {
	f.Add("PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n3331AB;1;06420101;064201;0642\n")
	f.Add("\ufeffpostcode,huisnummer,x,y\n3331 ab,5,101000,426000\n")
	f.Add("postcode,huisnummer,lat,lon\n3811AA,1,52.1,5.3\n\"x\n")
	f.Add("postcode;huisnummer;buurtcode;wijkcode\n1234AB;1;BU1;W\n;;;\n")
	f.Fuzz(func(t *testing.T, input string) {
		lines := strings.Count(input, "\n") + 1
		n, _ := ReadAddressTable(strings.NewReader(input),
			func(r AddressRow) error {
				if _, ok := NormalizePostcode(r.Postcode); !ok || r.Postcode != strings.ToUpper(r.Postcode) || r.Huisnummer < 1 {
					t.Errorf("emitted invalid row %+v", r)
				}
				if r.Buurt == "" && !r.HasXY {
					t.Errorf("emitted row without buurt or coordinates: %+v", r)
				}
				return nil
			},
			func(line int, field, nl, en string) {
				if line < 1 || line > lines || nl == "" || en == "" {
					t.Errorf("rejection line %d (of %d) field %q %q %q", line, lines, field, nl, en)
				}
			})
		if n < 0 {
			t.Errorf("rows = %d", n)
		}
	})
}
