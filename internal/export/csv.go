package export

import (
	"encoding/csv"
	"io"
)

// WriteCSV writes records as comma-separated values, the first record being
// the header.
func WriteCSV(w io.Writer, records [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(records); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
