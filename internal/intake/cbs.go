package intake

// CBS open data for comparison with other municipalities (SPEC §3.7): the
// Iv3 lasten and baten per taakveld per gemeente per year, and the
// kerncijfers per gemeente per year. Both are public figures about whole
// municipalities; nothing in them is personal.

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// Iv3Columns is the header of a CBS Iv3 file as the sociaal-domein extract
// carries it: amounts in thousands of euros, municipalities by name.
var Iv3Columns = []string{"jaar", "document", "gemeenten", "taakveld", "l1.1 salarissen en sociale lasten",
	"baten", "lasten", "provincie", "gemeentegrootte", "stedelijkheid", "inwonertal", "centrumfunctie", "sociale structuur"}

// Iv3Row is one taakveld of one gemeente in one year's document.
type Iv3Row struct {
	Line         int
	Jaar         int
	Document     string // "begroting" or "jaarrekening"
	Gemeente     string // the name as CBS writes it
	Taakveld     string // the code, e.g. "6.71b"
	TaakveldNaam string
	Lasten       money.Cents
	Baten        money.Cents
	Inwoners     int64 // 0 where the file has none
	// The Iv3 classes CBS groups municipalities by.
	Provincie, Grootte, Stedelijkheid, Centrumfunctie, SocialeStructuur string
}

// ParseIv3 reads an Iv3 file; each valid row goes to emit, each invalid one
// to reject. A file of another layout is refused naming the expected header.
func ParseIv3(r io.Reader, emit func(*Iv3Row) error, reject func(Rejection)) (int, error) {
	return eachRow(r, Iv3Columns, nil, reject, func(f *csvFile, rec []string, line int) (*Rejection, error) {
		row, rej := iv3Row(f, rec, line)
		if rej != nil {
			return rej, nil
		}
		return nil, emit(row)
	})
}

func iv3Row(f *csvFile, rec []string, line int) (*Iv3Row, *Rejection) {
	row := &Iv3Row{Line: line, Document: strings.ToLower(f.get(rec, "document")), Gemeente: f.get(rec, "gemeenten"),
		Provincie: f.get(rec, "provincie"), Grootte: f.get(rec, "gemeentegrootte"), Stedelijkheid: f.get(rec, "stedelijkheid"),
		Centrumfunctie: f.get(rec, "centrumfunctie"), SocialeStructuur: f.get(rec, "sociale structuur")}
	var ok bool
	if row.Jaar, ok = cbsYear(f.get(rec, "jaar")); !ok {
		return nil, fieldError(line, "jaar", fmt.Sprintf("%q is geen jaartal", f.get(rec, "jaar")), fmt.Sprintf("%q is not a year", f.get(rec, "jaar")))
	}
	if row.Document != "begroting" && row.Document != "jaarrekening" {
		return nil, fieldError(line, "document", fmt.Sprintf("%q is geen begroting of jaarrekening", row.Document), fmt.Sprintf("%q is neither begroting nor jaarrekening", row.Document))
	}
	if row.Gemeente == "" || len(row.Gemeente) > 80 {
		return nil, fieldError(line, "gemeenten", "de naam van de gemeente is leeg of te lang", "the municipality's name is empty or too long")
	}
	code, name, _ := strings.Cut(f.get(rec, "taakveld"), " ")
	if !validTaakveld(code) {
		return nil, fieldError(line, "taakveld", fmt.Sprintf("%q begint niet met een taakveldcode zoals 6.71b", f.get(rec, "taakveld")), fmt.Sprintf("%q does not start with a taakveld code such as 6.71b", f.get(rec, "taakveld")))
	}
	row.Taakveld, row.TaakveldNaam = code, strings.TrimSpace(name)
	if row.Lasten, ok = thousandsOfEuros(f.get(rec, "lasten")); !ok {
		return nil, fieldError(line, "lasten", fmt.Sprintf("%q is geen bedrag in duizenden euro's", f.get(rec, "lasten")), fmt.Sprintf("%q is not an amount in thousands of euros", f.get(rec, "lasten")))
	}
	if row.Baten, ok = thousandsOfEuros(f.get(rec, "baten")); !ok {
		return nil, fieldError(line, "baten", fmt.Sprintf("%q is geen bedrag in duizenden euro's", f.get(rec, "baten")), fmt.Sprintf("%q is not an amount in thousands of euros", f.get(rec, "baten")))
	}
	if s := f.get(rec, "inwonertal"); s != "" {
		if row.Inwoners, ok = parseCount(s); !ok {
			return nil, fieldError(line, "inwonertal", fmt.Sprintf("%q is geen aantal inwoners", s), fmt.Sprintf("%q is not a number of inhabitants", s))
		}
	}
	return row, nil
}

// validTaakveld accepts "6", "6.1", "6.71", "6.71a", "6.711": a main
// taakveld number, optionally a dot, digits and one lower-case letter.
func validTaakveld(code string) bool {
	main, sub, dotted := strings.Cut(code, ".")
	if !isDigits(main) || len(main) > 2 {
		return false
	}
	if !dotted {
		return true
	}
	if n := len(sub); n > 0 && sub[n-1] >= 'a' && sub[n-1] <= 'z' {
		sub = sub[:n-1]
	}
	return isDigits(sub) && len(sub) <= 4
}

// thousandsOfEuros reads a CBS amount in thousands of euros ("3192.0",
// "-12", "0.5", empty for none) as exact cents.
func thousandsOfEuros(s string) (money.Cents, bool) {
	if s == "" {
		return 0, true
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if !isDigits(whole) || len(whole) > 9 || len(frac) > 5 || (frac != "" && !isDigits(frac)) {
		return 0, false
	}
	frac += strings.Repeat("0", 5-len(frac)) // 1,000 euros = 100,000 cents
	w, _ := strconv.ParseInt(whole, 10, 64)
	fr, _ := strconv.ParseInt(frac, 10, 64)
	c := money.Cents(w*100000 + fr)
	if neg {
		c = -c
	}
	return c, true
}

func cbsYear(s string) (int, bool) {
	y := atoi(s)
	return y, len(s) == 4 && y >= 1990 && y <= 2100
}

// KerncijfersColumns are the columns Ontschot reads from the CBS kerncijfers
// per gemeente; a file may carry many more (they are passed over).
var KerncijfersColumns = []string{"jaar", "gemeentecode", "gemeentenaam", "aantal_inwoners", "huishoudens",
	"0_15", "15_25", "25_45", "45_65", "65plus"}

// kerncijfersOptional are read when present.
var kerncijfersOptional = []string{"pct_rond_sociaal_min", "pct_hh_laag_inkomen", "wmo_per_1000", "pct_jeugdzorg"}

// AgeBands are the CBS age bands of the kerncijfers, youngest first.
var AgeBands = []string{"0_15", "15_25", "25_45", "45_65", "65plus"}

// Kerncijfers are one gemeente's key figures for one year. A figure CBS
// leaves empty (missing or secret) is nil.
type Kerncijfers struct {
	Line        int
	Jaar        int
	Code        string // GM0642
	Naam        string
	Inwoners    *int64
	Huishoudens *int64
	// AgePct holds the percentage of inhabitants per AgeBands entry.
	AgePct [5]*float64
	// Optional indicators, by column name (pct_rond_sociaal_min, …).
	Indicators map[string]float64
}

// ParseKerncijfers reads a CBS kerncijfers file (one row per gemeente per
// year). Columns beyond the ones Ontschot uses are allowed and passed over.
func ParseKerncijfers(r io.Reader, emit func(*Kerncijfers) error, reject func(Rejection)) (int, error) {
	return eachRow(r, KerncijfersColumns, []string{anyColumn}, reject, func(f *csvFile, rec []string, line int) (*Rejection, error) {
		k, rej := kerncijfersRow(f, rec, line)
		if rej != nil {
			return rej, nil
		}
		return nil, emit(k)
	})
}

func kerncijfersRow(f *csvFile, rec []string, line int) (*Kerncijfers, *Rejection) {
	k := &Kerncijfers{Line: line, Code: strings.ToUpper(f.get(rec, "gemeentecode")), Naam: f.get(rec, "gemeentenaam"), Indicators: map[string]float64{}}
	var ok bool
	if k.Jaar, ok = cbsYear(f.get(rec, "jaar")); !ok {
		return nil, fieldError(line, "jaar", fmt.Sprintf("%q is geen jaartal", f.get(rec, "jaar")), fmt.Sprintf("%q is not a year", f.get(rec, "jaar")))
	}
	if len(k.Code) != 6 || !strings.HasPrefix(k.Code, "GM") || !isDigits(k.Code[2:]) {
		return nil, fieldError(line, "gemeentecode", fmt.Sprintf("%q is geen gemeentecode zoals GM0642", k.Code), fmt.Sprintf("%q is not a municipality code such as GM0642", k.Code))
	}
	if k.Naam == "" || len(k.Naam) > 80 {
		return nil, fieldError(line, "gemeentenaam", "de naam van de gemeente is leeg of te lang", "the municipality's name is empty or too long")
	}
	for _, c := range []struct {
		col string
		dst **int64
	}{{"aantal_inwoners", &k.Inwoners}, {"huishoudens", &k.Huishoudens}} {
		s := f.get(rec, c.col)
		if s == "" {
			continue
		}
		n, ok := parseCount(s)
		if !ok {
			return nil, fieldError(line, c.col, fmt.Sprintf("%q is geen aantal", s), fmt.Sprintf("%q is not a count", s))
		}
		*c.dst = &n
	}
	for i, band := range AgeBands {
		p, rej := percentage(f, rec, line, band)
		if rej != nil {
			return nil, rej
		}
		k.AgePct[i] = p
	}
	for _, col := range kerncijfersOptional {
		p, rej := percentage(f, rec, line, col)
		if rej != nil {
			return nil, rej
		}
		if p != nil {
			k.Indicators[col] = *p
		}
	}
	return k, nil
}

// percentage reads a CBS figure such as "14" or "1.8" (a percentage or a
// rate; CBS writes a dot); empty is nil.
func percentage(f *csvFile, rec []string, line int, col string) (*float64, *Rejection) {
	s := f.get(rec, col)
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || v < 0 || v > 1000 {
		return nil, fieldError(line, col, fmt.Sprintf("%q is geen getal tussen 0 en 1000", s), fmt.Sprintf("%q is not a number between 0 and 1000", s))
	}
	return &v, nil
}

// anyColumn, as the only optional column, lets a file carry columns beyond
// the required ones (CBS tables have dozens; Ontschot reads a few).
const anyColumn = "*"
