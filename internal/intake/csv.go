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

// Limits of one CSV record: a longer line, or one with more fields, is
// rejected with its line number and the reading goes on with the next line.
// The reader never holds more than MaxCSVLine bytes of a record, so a
// 63 MB line of commas costs a rejection, not gigabytes (issue 11.3).
const (
	MaxCSVLine   = 64 << 10 // bytes of one record (all its physical lines)
	MaxCSVFields = 1024     // separators + 1 in one record
)

// csvFile reads a CSV file the way municipalities and providers write them:
// UTF-8 with or without BOM, separated by ',' or ';' (Excel in Dutch), and a
// header line naming the columns.
//
// It cuts the input into lines itself, bounded by MaxCSVLine, and hands
// each line to encoding/csv alone as one record: a quoted field cannot span
// lines, so a stray quote costs one rejected line, never the rest of the
// file.
type csvFile struct {
	in     *bufio.Reader
	sep    rune
	rec    recordReader // the current record, for r
	r      *csv.Reader
	buf    []byte         // the current record's bytes, at most MaxCSVLine
	line   int            // physical lines read so far
	index  map[string]int // column name → position
	ncols  int
	header []string
}

// recordReader feeds one record at a time to the csv.Reader.
type recordReader struct{ b []byte }

func (r *recordReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

func (f *csvFile) newReader() {
	f.rec.b = nil
	f.r = csv.NewReader(&f.rec)
	f.r.Comma = f.sep
	f.r.FieldsPerRecord = -1
	f.r.ReuseRecord = true
}

// readRecord reads the next physical line into f.buf. It returns the
// line's number, whether it broke MaxCSVLine (then f.buf holds only its
// start and the rest was skipped unread), and io.EOF at the end.
func (f *csvFile) readRecord() (line int, tooLong bool, err error) {
	f.buf = f.buf[:0]
	for {
		chunk, err := f.in.ReadSlice('\n')
		if len(chunk) == 0 && err == io.EOF {
			if len(f.buf) == 0 && !tooLong {
				return 0, false, io.EOF
			}
			f.line++
			return f.line, tooLong, nil
		}
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return 0, false, err
		}
		if len(f.buf)+len(chunk) > MaxCSVLine {
			tooLong = true
		}
		if !tooLong {
			f.buf = append(f.buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue // the same line goes on
		}
		f.line++
		return f.line, tooLong, nil
	}
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
	f := &csvFile{in: br, sep: sep, index: map[string]int{}}
	f.newReader()
	_, tooLong, err := f.readRecord()
	if err == io.EOF {
		return nil, &FileError{Line: 1, Reason: "het bestand is leeg", ReasonEN: "the file is empty"}
	}
	if err != nil {
		return nil, &FileError{Line: 1, Reason: "de kopregel is niet te lezen: " + err.Error(), ReasonEN: "the header line cannot be read"}
	}
	if tooLong {
		return nil, &FileError{Line: 1, Reason: fmt.Sprintf("de kopregel is langer dan %d bytes", MaxCSVLine),
			ReasonEN: fmt.Sprintf("the header line is longer than %d bytes", MaxCSVLine)}
	}
	f.rec.b = f.buf
	header, err := f.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &FileError{Line: 1, Reason: "het bestand is leeg", ReasonEN: "the file is empty"}
		}
		return nil, &FileError{Line: 1, Reason: "de kopregel is geen geldige CSV: " + err.Error(), ReasonEN: "the header line is not valid CSV"}
	}
	f.ncols = len(header)
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

// next returns the next record and its line. A record that is too long,
// has too many fields, the wrong number of columns or broken quoting comes
// back as a Rejection; the reading goes on after it.
func (f *csvFile) next() (rec []string, line int, rej *Rejection, err error) {
	for {
		line, tooLong, err := f.readRecord()
		if err != nil {
			if err == io.EOF {
				return nil, 0, nil, io.EOF
			}
			return nil, f.line, nil, err
		}
		if tooLong {
			return nil, line, &Rejection{Line: line, Field: "",
				Reason:   fmt.Sprintf("regel is langer dan %d bytes en is overgeslagen", MaxCSVLine),
				ReasonEN: fmt.Sprintf("line is longer than %d bytes and was skipped", MaxCSVLine), Rule: "regel is te lang en is overgeslagen"}, nil
		}
		if len(bytes.TrimSpace(f.buf)) == 0 {
			continue // an empty line is not a row
		}
		if n := bytes.Count(f.buf, []byte(string(f.sep))) + 1; n > MaxCSVFields {
			return nil, line, &Rejection{Line: line, Field: "",
				Reason:   fmt.Sprintf("regel heeft meer dan %d velden (%d) en is overgeslagen", MaxCSVFields, n),
				ReasonEN: fmt.Sprintf("line has more than %d fields (%d) and was skipped", MaxCSVFields, n), Rule: "regel heeft te veel velden en is overgeslagen"}, nil
		}
		f.rec.b = f.buf
		rec, err = f.r.Read()
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			f.newReader() // drop what the failed parse left behind
			return nil, line, &Rejection{Line: line, Field: "",
				Reason:   "regel is geen geldige CSV (" + pe.Err.Error() + ")",
				ReasonEN: "line is not valid CSV (" + pe.Err.Error() + ")", Rule: "regel is geen geldige CSV"}, nil
		}
		if err == io.EOF {
			continue
		}
		if err != nil {
			return nil, line, nil, err
		}
		if len(rec) != f.ncols {
			return nil, line, &Rejection{Line: line, Field: "",
				Reason:   fmt.Sprintf("regel heeft %d kolommen, de kopregel %d", len(rec), f.ncols),
				ReasonEN: fmt.Sprintf("line has %d columns, the header has %d", len(rec), f.ncols), Rule: "regel heeft een ander aantal kolommen dan de kopregel"}, nil
		}
		return rec, line, nil, nil
	}
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
