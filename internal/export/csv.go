package export

import (
	"encoding/csv"
	"io"
	"strings"
)

// WriteCSV writes records as comma-separated values, the first record being
// the header: the plain CSV for scripts (UTF-8 without BOM, decimal point).
func WriteCSV(w io.Writer, records [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(records); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteExcelCSV writes records as Dutch Excel opens them on a double click:
// a UTF-8 byte order mark (else ë and € come out garbled), semicolons
// between the fields and a decimal comma in numbers ("12.5" → "12,5").
// Text is left as it is.
func WriteExcelCSV(w io.Writer, records [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	for _, rec := range records {
		out := make([]string, len(rec))
		for i, f := range rec {
			out[i] = f
			if isDecimal(f) {
				out[i] = strings.Replace(f, ".", ",", 1)
			}
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// isDecimal says whether s is a plain number with a decimal point, as
// strconv writes it: an optional minus, digits, a point, digits.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, ok := strings.Cut(s, ".")
	return ok && digits(intPart) && digits(frac)
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
