package intake

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// ProviderColumns is the header of the provider register: AGB code and name.
var ProviderColumns = []string{"agb", "naam"}

// ParseProviders reads the provider register (agb,naam); each valid row goes
// to emit, each invalid one to reject. It returns the number of data rows.
func ParseProviders(r io.Reader, emit func(line int, agb, name string) error, reject func(Rejection)) (int, error) {
	f, err := openCSV(r, ProviderColumns, nil)
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
		switch {
		case !isDigits(agb) || len(agb) != 8:
			reject(*fieldError(line, "agb", fmt.Sprintf("%q is geen AGB-code van 8 cijfers", agb), fmt.Sprintf("%q is not an 8-digit AGB code", agb)))
		case name == "" || utf8.RuneCountInString(name) > 120:
			reject(*fieldError(line, "naam", "naam is leeg of langer dan 120 tekens", "name is empty or longer than 120 characters"))
		default:
			if err := emit(line, agb, name); err != nil {
				return rows, err
			}
		}
	}
}
