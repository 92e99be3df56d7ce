package intake

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// csvFile reads a CSV file the way municipalities and providers write them:
// UTF-8 with or without BOM, separated by ',' or ';' (Excel in Dutch), and a
// header line naming the columns.
type csvFile struct {
	r      *csv.Reader
	index  map[string]int // column name → position
	ncols  int
	header []string
}

// openCSV reads the header and checks it against the required and optional
// column names. A wrong header refuses the whole file.
func openCSV(r io.Reader, required, optional []string) (*csvFile, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	first, _ := br.Peek(4096) // fewer bytes at the end of a short file is fine
	if len(first) == 0 {
		return nil, &FileError{Line: 1, Reason: "het bestand is leeg", ReasonEN: "the file is empty"}
	}
	line := first
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	sep := ','
	if bytes.Count(line, []byte{';'}) > bytes.Count(line, []byte{','}) {
		sep = ';'
	}
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &FileError{Line: 1, Reason: "het bestand is leeg", ReasonEN: "the file is empty"}
		}
		return nil, &FileError{Line: 1, Reason: "de kopregel is geen geldige CSV: " + err.Error(), ReasonEN: "the header line is not valid CSV"}
	}
	f := &csvFile{r: cr, index: map[string]int{}, ncols: len(header)}
	expected := strings.Join(required, string(sep))
	if len(optional) > 0 && optional[0] != anyColumn {
		expected += " (optioneel/optional: " + strings.Join(optional, ", ") + ")"
	}
	known := map[string]bool{}
	for _, c := range required {
		known[c] = true
	}
	for _, c := range optional {
		known[c] = true
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		f.header = append(f.header, h)
		if !known[h] && !known[anyColumn] {
			return nil, &FileError{Line: 1,
				Reason:   fmt.Sprintf("onbekende kolom %q in de kopregel; verwacht: %s", h, expected),
				ReasonEN: fmt.Sprintf("unknown column %q in the header; expected: %s", h, expected)}
		}
		if _, dup := f.index[h]; dup {
			return nil, &FileError{Line: 1, Reason: fmt.Sprintf("kolom %q staat twee keer in de kopregel", h), ReasonEN: fmt.Sprintf("column %q appears twice in the header", h)}
		}
		f.index[h] = i
	}
	for _, c := range required {
		if _, ok := f.index[c]; !ok {
			return nil, &FileError{Line: 1,
				Reason:   fmt.Sprintf("kolom %q ontbreekt in de kopregel; verwacht: %s", c, expected),
				ReasonEN: fmt.Sprintf("column %q is missing from the header; expected: %s", c, expected)}
		}
	}
	return f, nil
}

// next returns the next record and its line. A record with the wrong number
// of columns or broken quoting comes back as a Rejection.
func (f *csvFile) next() (rec []string, line int, rej *Rejection, err error) {
	rec, err = f.r.Read()
	if err == io.EOF {
		return nil, 0, nil, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, pe.StartLine, &Rejection{Line: pe.StartLine, Field: "",
			Reason:   "regel is geen geldige CSV (" + pe.Err.Error() + ")",
			ReasonEN: "line is not valid CSV (" + pe.Err.Error() + ")"}, nil
	}
	if err != nil {
		return nil, 0, nil, err
	}
	line, _ = f.r.FieldPos(0)
	if len(rec) != f.ncols {
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			return f.next() // an empty line is not a row
		}
		return nil, line, &Rejection{Line: line, Field: "",
			Reason:   fmt.Sprintf("regel heeft %d kolommen, de kopregel %d", len(rec), f.ncols),
			ReasonEN: fmt.Sprintf("line has %d columns, the header has %d", len(rec), f.ncols)}, nil
	}
	return rec, line, nil, nil
}

// get returns the trimmed value of column name, "" when the column is absent.
func (f *csvFile) get(rec []string, name string) string {
	i, ok := f.index[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// fieldError builds a Rejection for one field.
func fieldError(line int, field, nl, en string) *Rejection {
	return &Rejection{Line: line, Field: field, Reason: nl, ReasonEN: en}
}

// ParseDate reads YYYY-MM-DD or DD-MM-YYYY (as Dutch Excel writes it) and
// refuses impossible dates such as 2025-02-30.
func ParseDate(s string) (Date, bool) {
	var y, m, d int
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		y, m, d = atoi(s[0:4]), atoi(s[5:7]), atoi(s[8:10])
	case len(s) == 10 && s[2] == '-' && s[5] == '-':
		d, m, y = atoi(s[0:2]), atoi(s[3:5]), atoi(s[6:10])
	case len(s) == 8 && isDigits(s): // 20250131, as some exports write it
		y, m, d = atoi(s[0:4]), atoi(s[4:6]), atoi(s[6:8])
	default:
		return 0, false
	}
	if y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m) {
		return 0, false
	}
	return MakeDate(y, m, d), true
}

// DaysInMonth returns the number of days of month m of year y.
func DaysInMonth(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// atoi reads a short run of digits; -1 when s is not all digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseCount reads a non-negative integer of at most 15 digits.
func parseCount(s string) (int64, bool) {
	if !isDigits(s) || len(s) > 15 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}

// NormalizePostcode returns "1234AB" for "1234 ab" and friends.
func NormalizePostcode(s string) (string, bool) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if len(s) != 6 || !isDigits(s[:4]) || s[0] == '0' || s[4] < 'A' || s[4] > 'Z' || s[5] < 'A' || s[5] > 'Z' {
		return "", false
	}
	return s, true
}

// validCode accepts short codes of letters, digits, '-' and '_'.
func validCode(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
