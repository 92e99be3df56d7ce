package intake

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ProviderColumns is the header of the provider register: AGB code and
// name; the optional column eigen (1/0, ja/nee) marks the municipality's
// own teams.
var ProviderColumns = []string{"agb", "naam"}

// ParseProviders reads the provider register (agb,naam); each valid row goes
// to emit, each invalid one to reject. It returns the number of data rows.
func ParseProviders(r io.Reader, emit func(line int, agb, name string, eigen bool) error, reject func(Rejection)) (int, error) {
	f, err := openCSV(r, ProviderColumns, []string{"eigen"})
	if err != nil {
		return 0, err
	}
	rows := 0
	for {
		rec, line, rej, err := f.next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, fmt.Errorf("regel %d lezen / read line %d: %w", line, line, err)
		}
		rows++
		if rej != nil {
			reject(*rej)
			continue
		}
		agb, name := f.get(rec, "agb"), f.get(rec, "naam")
		eigen, eigenOK := yesNo(f.get(rec, "eigen"))
		switch {
		case !isDigits(agb) || len(agb) != 8:
			reject(*fieldError(line, "agb", fmt.Sprintf("%q is geen AGB-code van 8 cijfers", agb), fmt.Sprintf("%q is not an 8-digit AGB code", agb)))
		case name == "" || utf8.RuneCountInString(name) > 120:
			reject(*fieldError(line, "naam", "naam is leeg of langer dan 120 tekens", "name is empty or longer than 120 characters"))
		case !eigenOK:
			reject(*fieldError(line, "eigen", fmt.Sprintf("%q is geen 1/0 of ja/nee", f.get(rec, "eigen")), fmt.Sprintf("%q is not 1/0 or ja/nee", f.get(rec, "eigen"))))
		default:
			if err := emit(line, agb, name, eigen); err != nil {
				return rows, err
			}
		}
	}
}

// yesNo reads 1/0, ja/nee, j/n (empty is no).
func yesNo(s string) (v, ok bool) {
	switch strings.ToLower(s) {
	case "", "0", "nee", "n", "no":
		return false, true
	case "1", "ja", "j", "yes":
		return true, true
	}
	return false, false
}
