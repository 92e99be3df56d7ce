package areas

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// AddressRow is one address of the postcode + huisnummer → buurt table. Either Buurt is
// set, or HasXY is and the caller finds the buurt with a Locator.
type AddressRow struct {
	Line       int // line in the file, from 1 (the header is line 1)
	Postcode   string
	Huisnummer int
	Buurt      string // BU06420101, or "" when the row has coordinates instead
	Wijk       string // from the table, or derived from Buurt
	Gemeente   string
	X, Y       float64 // RD New metres, when HasXY
	HasXY      bool
}

// Column names, lower case. The CBS table names its code columns after the year
// (Buurt2024, Wijk2024, Gemeente2024), so those match on a pattern.
var (
	colPostcode   = []string{"postcode", "pc6"}
	colHuisnummer = []string{"huisnummer", "huisnr"}
	colBuurt      = []string{"buurtcode", "buurt"}
	colWijk       = []string{"wijkcode", "wijk"}
	colGemeente   = []string{"gemeentecode", "gemeente"}
	colX          = []string{"x", "rd_x", "x_rd"}
	colY          = []string{"y", "rd_y", "y_rd"}
	colLat        = []string{"lat", "latitude", "breedtegraad"}
	colLon        = []string{"lon", "lng", "longitude", "lengtegraad"}
	yearSuffix    = regexp.MustCompile(`^(buurt|wijk|gemeente)(19|20)[0-9]{2}$`)
	postcodeForm  = regexp.MustCompile(`^[1-9][0-9]{3}[A-Z]{2}$`)
)

// NormalizePostcode returns a Dutch postcode as "1234AB" ("1234 ab" is accepted).
func NormalizePostcode(s string) (string, bool) {
	pc := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	return pc, postcodeForm.MatchString(pc)
}

// maxAddressLine bounds one line of the address table (as intake.MaxCSVLine
// does for the other CSV files).
const maxAddressLine = 64 << 10

// ReadAddressTable reads the CBS table postcode + huisnummer → buurt
// (PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024) or our own
// postcode,huisnummer,buurtcode[,wijkcode,gemeentecode], where x,y (RD) or lat,lon columns
// may stand in for the buurt. Separator , or ;, UTF-8 with or without BOM. Every data row
// is either passed to emit or to reject with its line, field and reason; rows counts the
// emitted ones. An error from emit stops the reading and is returned; so is a file without
// the needed columns.
func ReadAddressTable(r io.Reader, emit func(AddressRow) error, reject func(line int, field, reasonNL, reasonEN string)) (rows int, err error) {
	// Lines are split by hand rather than with encoding/csv: a stray quote must cost one
	// rejected line, never swallow the rest of the file into one field.
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	line := 0
	// next returns the next line; a line longer than maxAddressLine comes
	// back as tooLong, read through but never held (a huge line costs one
	// rejection, not memory).
	tooLong := false
	next := func() (string, bool, error) {
		var buf []byte
		tooLong = false
		for {
			chunk, err := br.ReadSlice('\n')
			if len(buf)+len(chunk) > maxAddressLine {
				tooLong = true
			} else {
				buf = append(buf, chunk...)
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil && err != io.EOF {
				return "", false, fmt.Errorf("lezen na regel %d: %v / reading after line %d: %v", line, err, line, err)
			}
			if len(buf) == 0 && !tooLong && err == io.EOF {
				return "", false, nil
			}
			line++
			return strings.TrimRight(string(buf), "\r\n"), true, nil
		}
	}
	headerLine, more, err := next()
	if err != nil {
		return 0, err
	}
	if tooLong {
		return 0, fmt.Errorf("kopregel langer dan %d bytes / header line longer than %d bytes", maxAddressLine, maxAddressLine)
	}
	if !more || strings.TrimSpace(headerLine) == "" {
		return 0, errors.New("leeg bestand: kopregel ontbreekt / empty file: header line missing")
	}
	sep := ','
	if strings.Count(headerLine, ";") > strings.Count(headerLine, ",") {
		sep = ';'
	}
	header, ok := splitLine(headerLine, sep)
	if !ok {
		return 0, errors.New("kopregel onleesbaar: aanhalingsteken niet gesloten / header line unreadable: unclosed quote")
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if m := yearSuffix.FindStringSubmatch(h); m != nil {
			h = m[1]
		}
		if _, dup := cols[h]; !dup {
			cols[h] = i
		}
	}
	find := func(names []string) int {
		for _, n := range names {
			if i, ok := cols[n]; ok {
				return i
			}
		}
		return -1
	}
	iPC, iHN := find(colPostcode), find(colHuisnummer)
	iBU, iWK, iGM := find(colBuurt), find(colWijk), find(colGemeente)
	iX, iY, iLat, iLon := find(colX), find(colY), find(colLat), find(colLon)
	hasXY, hasLatLon := iX >= 0 && iY >= 0, iLat >= 0 && iLon >= 0
	var missingNL, missingEN []string
	if iPC < 0 {
		missingNL, missingEN = append(missingNL, "postcode"), append(missingEN, "postcode")
	}
	if iHN < 0 {
		missingNL, missingEN = append(missingNL, "huisnummer"), append(missingEN, "huisnummer")
	}
	if iBU < 0 && !hasXY && !hasLatLon {
		missingNL = append(missingNL, "buurtcode (of x,y of lat,lon)")
		missingEN = append(missingEN, "buurtcode (or x,y or lat,lon)")
	}
	if len(missingNL) > 0 {
		return 0, fmt.Errorf("kolommen ontbreken: %s / missing columns: %s", strings.Join(missingNL, ", "), strings.Join(missingEN, ", "))
	}

	for {
		text, more, err := next()
		if err != nil || !more {
			return rows, err
		}
		if tooLong {
			reject(line, "", fmt.Sprintf("regel is langer dan %d bytes en is overgeslagen", maxAddressLine),
				fmt.Sprintf("line is longer than %d bytes and was skipped", maxAddressLine))
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		rec, ok := splitLine(text, sep)
		if !ok {
			reject(line, "", "regel onleesbaar: aanhalingsteken niet gesloten", "line unreadable: unclosed quote")
			continue
		}
		row, field, nl, en := parseAddress(rec, sep, iPC, iHN, iBU, iWK, iGM, iX, iY, iLat, iLon)
		row.Line = line
		if field != "" {
			reject(line, field, nl, en)
			continue
		}
		if err := emit(row); err != nil {
			return rows, err
		}
		rows++
	}
}

// splitLine splits one CSV line; a field may be quoted ("a;b", with "" for a quote).
// ok is false for an unclosed quote or text after a closing quote.
func splitLine(s string, sep rune) (fields []string, ok bool) {
	var b strings.Builder
	for {
		b.Reset()
		s = strings.TrimLeft(s, " \t")
		if strings.HasPrefix(s, `"`) {
			s = s[1:]
			for {
				i := strings.IndexByte(s, '"')
				if i < 0 {
					return nil, false
				}
				b.WriteString(s[:i])
				s = s[i+1:]
				if strings.HasPrefix(s, `"`) {
					b.WriteByte('"')
					s = s[1:]
					continue
				}
				break
			}
			s = strings.TrimLeft(s, " \t")
			if s != "" && !strings.HasPrefix(s, string(sep)) {
				return nil, false
			}
		} else {
			i := strings.IndexRune(s, sep)
			if i < 0 {
				i = len(s)
			}
			b.WriteString(s[:i])
			s = s[i:]
		}
		fields = append(fields, b.String())
		if s == "" {
			return fields, true
		}
		s = s[len(string(sep)):]
	}
}

func parseAddress(rec []string, sep rune, iPC, iHN, iBU, iWK, iGM, iX, iY, iLat, iLon int) (row AddressRow, field, nl, en string) {
	get := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var ok bool
	raw := get(iPC)
	if row.Postcode, ok = NormalizePostcode(raw); !ok {
		return row, "postcode", fmt.Sprintf("%q is geen postcode (1234AB)", raw), fmt.Sprintf("%q is not a postcode (1234AB)", raw)
	}
	raw = get(iHN)
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > 99999 {
		return row, "huisnummer", fmt.Sprintf("%q is geen huisnummer (geheel getal 1–99999)", raw), fmt.Sprintf("%q is not a house number (whole number 1–99999)", raw)
	}
	row.Huisnummer = n

	if raw = get(iBU); raw != "" {
		if row.Buurt, ok = NormalizeCode(Buurt, raw); !ok {
			return row, "buurtcode", fmt.Sprintf("%q is geen buurtcode", raw), fmt.Sprintf("%q is not a buurt code", raw)
		}
		row.Wijk, row.Gemeente = parentCodes(Buurt, row.Buurt)
	}
	// Wijk and gemeente columns must agree with the buurt; on their own they are kept.
	for _, c := range []struct {
		i     int
		level Level
		into  *string
	}{{iWK, Wijk, &row.Wijk}, {iGM, Gemeente, &row.Gemeente}} {
		raw := get(c.i)
		if raw == "" {
			continue
		}
		code, ok := NormalizeCode(c.level, raw)
		name := string(c.level) + "code"
		if !ok {
			return row, name, fmt.Sprintf("%q is geen %s", raw, name), fmt.Sprintf("%q is not a %s code", raw, c.level)
		}
		if *c.into != "" && *c.into != code {
			return row, name, fmt.Sprintf("%s %s past niet bij buurt %s", name, code, row.Buurt), fmt.Sprintf("%s code %s does not match buurt %s", c.level, code, row.Buurt)
		}
		*c.into = code
	}
	if row.Wijk != "" && row.Gemeente != "" && row.Wijk[2:6] != row.Gemeente[2:6] {
		return row, "gemeentecode", fmt.Sprintf("gemeente %s past niet bij wijk %s", row.Gemeente, row.Wijk), fmt.Sprintf("gemeente %s does not match wijk %s", row.Gemeente, row.Wijk)
	}

	number := func(i int) (float64, bool) {
		s := get(i)
		if sep == ';' { // a Dutch spreadsheet writes decimal commas when it separates with ;
			s = strings.Replace(s, ",", ".", 1)
		}
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	switch {
	case get(iX) != "" || get(iY) != "":
		x, okX := number(iX)
		y, okY := number(iY)
		if !okX || !okY || !inRD(x, y) {
			return row, "x,y", fmt.Sprintf("%q, %q is geen RD-coördinaat in Nederland", get(iX), get(iY)), fmt.Sprintf("%q, %q is not an RD coordinate in the Netherlands", get(iX), get(iY))
		}
		row.X, row.Y, row.HasXY = x, y, true
	case get(iLat) != "" || get(iLon) != "":
		lat, okLat := number(iLat)
		lon, okLon := number(iLon)
		if !okLat || !okLon || !inWGS84(lat, lon) {
			return row, "lat,lon", fmt.Sprintf("%q, %q is geen WGS84-coördinaat in Nederland", get(iLat), get(iLon)), fmt.Sprintf("%q, %q is not a WGS84 coordinate in the Netherlands", get(iLat), get(iLon))
		}
		row.X, row.Y = WGS84ToRD(lat, lon)
		row.HasXY = true
	}
	if row.Buurt == "" && !row.HasXY {
		return row, "buurtcode", "buurtcode en coördinaten ontbreken", "buurt code and coordinates are missing"
	}
	return row, "", "", ""
}
