package intake

// Funding and flows without declarations (SPEC §3.5, §3.6, §5.8): the
// municipality's contracts and budgets, result agreements, and the money
// that reaches people without a declaration per client (lump sums,
// subsidies, wijkteam hours). Flows may name a person by BSN, which goes
// to the kluis like any other; everything else here is about contracts
// and areas, not people.

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/money"
)

// ContractColumns is the header of the contracts CSV.
var ContractColumns = []string{"contract", "naam", "variant", "opdrachtnemer", "aanbieders", "geldstromen", "categorieen", "gebied", "begindatum", "einddatum"}

// Contract is one row of the contracts CSV.
type Contract struct {
	Line                                 int
	Code, Naam, Variant, Opdrachtnemer   string
	Aanbieders, Geldstromen, Categorieen []string
	Gebied                               string // "" = every resident the instance holds
	Begin, Eind                          Date
}

// ParseContracts reads the contracts CSV.
func ParseContracts(r io.Reader, codes Codes, emit func(*Contract) error, reject func(Rejection)) (int, error) {
	return eachRow(r, ContractColumns, nil, reject, func(f *csvFile, rec []string, line int) (*Rejection, error) {
		c := &Contract{Line: line, Code: f.get(rec, "contract"), Naam: f.get(rec, "naam"), Variant: strings.ToLower(f.get(rec, "variant")),
			Opdrachtnemer: f.get(rec, "opdrachtnemer"), Gebied: strings.ToUpper(f.get(rec, "gebied"))}
		if rej := required(f, rec, line, "contract", "naam", "variant", "opdrachtnemer", "aanbieders", "begindatum", "einddatum"); rej != nil {
			return rej, nil
		}
		if !validCode(c.Code, 40) {
			return fieldError(line, "contract", fmt.Sprintf("%q is geen geldige contractcode (letters, cijfers, - en _, hooguit 40)", c.Code), fmt.Sprintf("%q is not a valid contract code", c.Code)), nil
		}
		if len(c.Naam) > 120 || len(c.Opdrachtnemer) > 120 {
			return fieldError(line, "naam", "naam of opdrachtnemer is langer dan 120 tekens", "name or contractor is longer than 120 characters"), nil
		}
		switch c.Variant {
		case "inspanning", "output", "taak":
		default:
			return fieldError(line, "variant", fmt.Sprintf("%q is geen uitvoeringsvariant; kies inspanning, output of taak", c.Variant), fmt.Sprintf("%q is not an uitvoeringsvariant: inspanning, output or taak", c.Variant)), nil
		}
		c.Aanbieders = splitList(f.get(rec, "aanbieders"))
		for _, a := range c.Aanbieders {
			if !isDigits(a) || len(a) != 8 {
				return fieldError(line, "aanbieders", fmt.Sprintf("%q is geen AGB-code van 8 cijfers", a), fmt.Sprintf("%q is not an 8-digit AGB code", a)), nil
			}
		}
		c.Geldstromen = splitList(strings.ToLower(f.get(rec, "geldstromen")))
		for _, g := range c.Geldstromen {
			if !codes.Geldstromen[g] {
				return fieldError(line, "geldstromen", fmt.Sprintf("onbekende geldstroom %q; bekend: %s", g, codes.list()), fmt.Sprintf("unknown funding stream %q; known: %s", g, codes.list())), nil
			}
		}
		c.Categorieen = splitList(f.get(rec, "categorieen"))
		for _, cat := range c.Categorieen {
			if _, ok := ZorgsoortNaam(cat); !ok {
				return fieldError(line, "categorieen", fmt.Sprintf("onbekende categorie %q (JZ020, WMO020 of een gemeentelijke soort)", cat), fmt.Sprintf("unknown category %q (JZ020, WMO020 or a municipal type)", cat)), nil
			}
		}
		if c.Gebied != "" && !ValidAreaCode(c.Gebied) {
			return fieldError(line, "gebied", fmt.Sprintf("%q is geen CBS-gebiedscode (GM0642, WK064201, BU06420101)", c.Gebied), fmt.Sprintf("%q is not a CBS area code", c.Gebied)), nil
		}
		if rej := dates(f, rec, line, &c.Begin, &c.Eind); rej != nil {
			return rej, nil
		}
		return nil, emit(c)
	})
}

// BudgetColumns is the header of the budgets CSV.
var BudgetColumns = []string{"contract", "jaar", "partner", "bedrag_cent"}

// BudgetLine is one partner's contribution to a contract in one year.
type BudgetLine struct {
	Line     int
	Contract string
	Jaar     int
	Partner  string
	Bedrag   money.Cents
}

// ParseBudgets reads the budgets CSV. Whether the contract exists and the
// year lies within it is for the caller, who knows the contracts.
func ParseBudgets(r io.Reader, emit func(*BudgetLine) error, reject func(Rejection)) (int, error) {
	return eachRow(r, BudgetColumns, nil, reject, func(f *csvFile, rec []string, line int) (*Rejection, error) {
		if rej := required(f, rec, line, BudgetColumns...); rej != nil {
			return rej, nil
		}
		b := &BudgetLine{Line: line, Contract: f.get(rec, "contract"), Partner: strings.ToLower(f.get(rec, "partner"))}
		var ok bool
		if b.Jaar, ok = cbsYear(f.get(rec, "jaar")); !ok {
			return fieldError(line, "jaar", fmt.Sprintf("%q is geen jaartal", f.get(rec, "jaar")), fmt.Sprintf("%q is not a year", f.get(rec, "jaar"))), nil
		}
		s := f.get(rec, "bedrag_cent")
		if strings.HasPrefix(s, "-") {
			return fieldError(line, "bedrag_cent", "een budget kan niet negatief zijn", "a budget cannot be negative"), nil
		}
		cents, ok := parseCount(s)
		if !ok {
			return fieldError(line, "bedrag_cent", fmt.Sprintf("%q is geen geheel aantal eurocent", s), fmt.Sprintf("%q is not a whole number of eurocents", s)), nil
		}
		b.Bedrag = money.Cents(cents)
		return nil, emit(b)
	})
}

// ResultColumns is the header of the result agreements CSV; gemeten (a
// value the municipality measured itself) is optional.
var ResultColumns = []string{"contract", "jaar", "indicator", "doel", "aandeel"}

// ResultLine is one result agreement: a target and the share of the budget
// that depends on it, and optionally the measured value.
type ResultLine struct {
	Line      int
	Contract  string
	Jaar      int
	Indicator string
	Doel      float64
	Aandeel   float64 // 0–1
	Gemeten   *float64
}

// ParseResults reads the result agreements CSV. Shares are written as a
// fraction (0,1) or a percentage (10%).
func ParseResults(r io.Reader, emit func(*ResultLine) error, reject func(Rejection)) (int, error) {
	return eachRow(r, ResultColumns, []string{"gemeten"}, reject, func(f *csvFile, rec []string, line int) (*Rejection, error) {
		if rej := required(f, rec, line, ResultColumns...); rej != nil {
			return rej, nil
		}
		res := &ResultLine{Line: line, Contract: f.get(rec, "contract"), Indicator: strings.ToLower(f.get(rec, "indicator"))}
		var ok bool
		if res.Jaar, ok = cbsYear(f.get(rec, "jaar")); !ok {
			return fieldError(line, "jaar", fmt.Sprintf("%q is geen jaartal", f.get(rec, "jaar")), fmt.Sprintf("%q is not a year", f.get(rec, "jaar"))), nil
		}
		if !validCode(res.Indicator, 40) {
			return fieldError(line, "indicator", fmt.Sprintf("%q is geen geldige naam van een indicator", res.Indicator), fmt.Sprintf("%q is not a valid indicator name", res.Indicator)), nil
		}
		if res.Doel, ok = decimal(f.get(rec, "doel")); !ok || res.Doel < 0 {
			return fieldError(line, "doel", fmt.Sprintf("%q is geen getal van 0 of meer", f.get(rec, "doel")), fmt.Sprintf("%q is not a number of 0 or more", f.get(rec, "doel"))), nil
		}
		share := f.get(rec, "aandeel")
		pct := strings.HasSuffix(share, "%")
		if res.Aandeel, ok = decimal(strings.TrimSuffix(share, "%")); pct {
			res.Aandeel /= 100
		}
		if !ok || res.Aandeel < 0 || res.Aandeel > 1 {
			return fieldError(line, "aandeel", fmt.Sprintf("%q is geen aandeel tussen 0 en 1 (of 0%% en 100%%)", share), fmt.Sprintf("%q is not a share between 0 and 1", share)), nil
		}
		if s := f.get(rec, "gemeten"); s != "" {
			v, ok := decimal(s)
			if !ok {
				return fieldError(line, "gemeten", fmt.Sprintf("%q is geen getal", s), fmt.Sprintf("%q is not a number", s)), nil
			}
			res.Gemeten = &v
		}
		return nil, emit(res)
	})
}

// FlowColumns is the header of the flows-without-declarations CSV; gebied
// or bsn (exactly one), contract, volume and eenheid are optional columns.
var FlowColumns = []string{"bron", "referentie", "soort", "geldstroom", "categorie", "begindatum", "einddatum", "bedrag_cent", "debet_credit"}

var flowOptional = []string{"gebied", "bsn", "contract", "volume", "eenheid"}

// Flow is one flow without a declaration: per area, or per person (whose
// BSN goes only to the kluis).
type Flow struct {
	Line       int
	Bron       string // who reports: the municipality, a provider's AGB, a team
	Referentie string // with Bron it identifies the row
	Soort      string // lumpsum | subsidie | wijkteam | a municipal code
	Geldstroom string
	Categorie  string
	Begin      Date
	Eind       Date
	Gebied     string // CBS area code, when per area
	BSN        string // when per person
	Contract   string
	Volume     int64
	Eenheid    string
	Bedrag     money.Cents
	Credit     bool
}

// Signed returns the amount with its sign: credits count negative.
func (fl *Flow) Signed() money.Cents {
	if fl.Credit {
		return -fl.Bedrag
	}
	return fl.Bedrag
}

// ParseFlows reads the flows-without-declarations CSV.
func ParseFlows(r io.Reader, codes Codes, emit func(*Flow) error, reject func(Rejection)) (int, error) {
	return eachRow(r, FlowColumns, flowOptional, reject, func(f *csvFile, rec []string, line int) (*Rejection, error) {
		fl := &Flow{Line: line}
		if rej := parseFlowRow(f, rec, line, codes, fl); rej != nil {
			return rej, nil
		}
		return nil, emit(fl)
	})
}

func parseFlowRow(f *csvFile, rec []string, line int, codes Codes, fl *Flow) *Rejection {
	if rej := required(f, rec, line, FlowColumns...); rej != nil {
		return rej
	}
	fl.Bron, fl.Referentie, fl.Contract = f.get(rec, "bron"), f.get(rec, "referentie"), f.get(rec, "contract")
	fl.Soort, fl.Geldstroom, fl.Categorie = strings.ToLower(f.get(rec, "soort")), strings.ToLower(f.get(rec, "geldstroom")), f.get(rec, "categorie")
	switch {
	case !validCode(fl.Bron, 40):
		return fieldError(line, "bron", fmt.Sprintf("%q is geen geldige bron (letters, cijfers, - en _, hooguit 40)", fl.Bron), fmt.Sprintf("%q is not a valid source", fl.Bron))
	case len(fl.Referentie) > 64:
		return fieldError(line, "referentie", "referentie is langer dan 64 tekens", "reference is longer than 64 characters")
	case kluis.MaskFreeText(fl.Referentie) != fl.Referentie:
		return fieldError(line, "referentie", "referentie bevat een BSN; gebruik een eigen kenmerk", "reference contains a BSN; use a reference of your own")
	case !validCode(fl.Soort, 40):
		return fieldError(line, "soort", fmt.Sprintf("%q is geen geldige soort (lumpsum, subsidie, wijkteam of een eigen code)", fl.Soort), fmt.Sprintf("%q is not a valid kind", fl.Soort))
	case !codes.Geldstromen[fl.Geldstroom]:
		return fieldError(line, "geldstroom", fmt.Sprintf("onbekende geldstroom %q; bekend: %s", fl.Geldstroom, codes.list()), fmt.Sprintf("unknown funding stream %q; known: %s", fl.Geldstroom, codes.list()))
	case !validCode(fl.Categorie, 20):
		return fieldError(line, "categorie", fmt.Sprintf("%q is geen geldige categorie (zorgsoort)", fl.Categorie), fmt.Sprintf("%q is not a valid category", fl.Categorie))
	case fl.Contract != "" && !validCode(fl.Contract, 40):
		return fieldError(line, "contract", fmt.Sprintf("%q is geen geldige contractcode", fl.Contract), fmt.Sprintf("%q is not a valid contract code", fl.Contract))
	}
	if rej := dates(f, rec, line, &fl.Begin, &fl.Eind); rej != nil {
		return rej
	}
	if rej := flowWho(f, rec, line, fl); rej != nil {
		return rej
	}
	if s := f.get(rec, "volume"); s != "" {
		var ok bool
		if fl.Volume, ok = parseCount(s); !ok {
			return fieldError(line, "volume", fmt.Sprintf("%q is geen geheel getal van 0 of meer", s), fmt.Sprintf("%q is not a non-negative whole number", s))
		}
		var rej *Rejection
		if fl.Eenheid, rej = unitOf(f, rec, line); rej != nil {
			return rej
		}
	}
	var rej *Rejection
	if fl.Bedrag, fl.Credit, rej = signedAmount(f, rec, line); rej != nil {
		return rej
	}
	return nil
}

// flowWho reads gebied or bsn: exactly one of them.
func flowWho(f *csvFile, rec []string, line int, fl *Flow) *Rejection {
	gebied, bsn := strings.ToUpper(f.get(rec, "gebied")), f.get(rec, "bsn")
	switch {
	case gebied == "" && bsn == "":
		return fieldError(line, "gebied", "vul gebied (een CBS-code) of bsn (per huishouden) in", "fill in gebied (a CBS code) or bsn (per household)")
	case gebied != "" && bsn != "":
		return fieldError(line, "bsn", "vul gebied of bsn in, niet allebei", "fill in gebied or bsn, not both")
	case gebied != "":
		if !ValidAreaCode(gebied) {
			return fieldError(line, "gebied", fmt.Sprintf("%q is geen CBS-gebiedscode (GM0642, WK064201, BU06420101)", gebied), fmt.Sprintf("%q is not a CBS area code", gebied))
		}
		fl.Gebied = gebied
	default:
		n, err := kluis.NormalizeBSN(bsn)
		if err != nil {
			return fieldError(line, "bsn", "ongeldig BSN "+kluis.MaskBSN(bsn)+": "+dutch(err), "invalid BSN "+kluis.MaskBSN(bsn)+": "+english(err))
		}
		fl.BSN = n
	}
	return nil
}

// ValidAreaCode accepts CBS codes: GM + 4 digits, WK + 6, BU + 8 (the wijk
// and buurt parts may hold letters, as CBS allows).
func ValidAreaCode(s string) bool {
	want := map[string]int{"GM": 6, "WK": 8, "BU": 10}[strings.ToUpper(s[:min(2, len(s))])]
	if want == 0 || len(s) != want || !isDigits(s[2:6]) {
		return false
	}
	for i := 6; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// eachRow runs one CSV file row by row: parse returns a rejection for a bad
// row, or an error that stops the file.
func eachRow(r io.Reader, columns, optional []string, reject func(Rejection), parse func(f *csvFile, rec []string, line int) (*Rejection, error)) (int, error) {
	f, err := openCSV(r, columns, optional)
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
		if rej == nil {
			if rej, err = parse(f, rec, line); err != nil {
				return rows, err
			}
		}
		if rej != nil {
			reject(*rej)
		}
	}
}

// required rejects a row whose named fields are empty, naming the first.
func required(f *csvFile, rec []string, line int, cols ...string) *Rejection {
	for _, c := range cols {
		if f.get(rec, c) == "" {
			return fieldError(line, c, "verplicht veld is leeg", "required field is empty")
		}
	}
	return nil
}

// dates reads begindatum and einddatum, the end not before the begin.
func dates(f *csvFile, rec []string, line int, begin, end *Date) *Rejection {
	var ok bool
	if *begin, ok = ParseDate(f.get(rec, "begindatum")); !ok {
		return dateError(line, "begindatum", f.get(rec, "begindatum"))
	}
	if *end, ok = ParseDate(f.get(rec, "einddatum")); !ok {
		return dateError(line, "einddatum", f.get(rec, "einddatum"))
	}
	if *end < *begin {
		return fieldError(line, "einddatum", fmt.Sprintf("einddatum %s ligt voor begindatum %s", *end, *begin), fmt.Sprintf("end date %s is before begin date %s", *end, *begin))
	}
	return nil
}

// splitList splits a ";"-separated list (also "," in a field that was
// quoted), dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// decimal reads "0.1", "0,1", "12" as a float (targets and shares are
// ratios, never stored money).
func decimal(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
	return v, err == nil
}

// NormColumns is the header of a population-budget norms file: a norm per
// inhabitant per year for each CBS age band; optional columns factor,
// gewicht and referentie make a line a risk factor instead (leeftijd
// empty): the budget is multiplied by 1 + gewicht × (value − referentie).
var NormColumns = []string{"leeftijd", "norm_cent"}

var normOptional = []string{"factor", "gewicht", "referentie"}

// AgeBandNames are the CBS age bands a norm may name.
var AgeBandNames = []string{"0_15", "15_25", "25_45", "45_65", "65plus"}

// NormLine is one line of a norms file: a band's norm, or a factor.
type NormLine struct {
	Line      int
	Band      string // one of AgeBandNames; "" for a factor line
	Norm      money.Cents
	Factor    string
	Weight    float64
	Reference float64
}

// ParseNorms reads a norms file. A band outside the CBS bands, or a line
// that is neither a norm nor a factor, is rejected.
func ParseNorms(r io.Reader, emit func(*NormLine) error, reject func(Rejection)) (int, error) {
	return eachRow(r, NormColumns, normOptional, reject, func(f *csvFile, rec []string, line int) (*Rejection, error) {
		n := &NormLine{Line: line, Band: f.get(rec, "leeftijd"), Factor: strings.ToLower(f.get(rec, "factor"))}
		switch {
		case n.Band != "" && n.Factor != "":
			return fieldError(line, "factor", "een regel is een leeftijdsnorm of een factor, niet allebei", "a line is an age norm or a factor, not both"), nil
		case n.Band != "":
			if !contains(AgeBandNames, n.Band) {
				return fieldError(line, "leeftijd", fmt.Sprintf("onbekende leeftijdsgroep %q; bekend: %s", n.Band, strings.Join(AgeBandNames, ", ")), fmt.Sprintf("unknown age band %q; known: %s", n.Band, strings.Join(AgeBandNames, ", "))), nil
			}
			cents, ok := parseCount(f.get(rec, "norm_cent"))
			if !ok {
				return fieldError(line, "norm_cent", fmt.Sprintf("%q is geen geheel aantal eurocent van 0 of meer", f.get(rec, "norm_cent")), fmt.Sprintf("%q is not a non-negative whole number of eurocents", f.get(rec, "norm_cent"))), nil
			}
			n.Norm = money.Cents(cents)
		case n.Factor != "":
			if !validCode(n.Factor, 40) {
				return fieldError(line, "factor", fmt.Sprintf("%q is geen naam van een indicator", n.Factor), fmt.Sprintf("%q is not an indicator name", n.Factor)), nil
			}
			var ok bool
			if n.Weight, ok = decimal(f.get(rec, "gewicht")); !ok {
				return fieldError(line, "gewicht", fmt.Sprintf("%q is geen getal", f.get(rec, "gewicht")), fmt.Sprintf("%q is not a number", f.get(rec, "gewicht"))), nil
			}
			if n.Reference, ok = decimal(f.get(rec, "referentie")); !ok {
				return fieldError(line, "referentie", fmt.Sprintf("%q is geen getal", f.get(rec, "referentie")), fmt.Sprintf("%q is not a number", f.get(rec, "referentie"))), nil
			}
		default:
			return fieldError(line, "leeftijd", "vul een leeftijdsgroep (met norm_cent) of een factor in", "fill in an age band (with norm_cent) or a factor"), nil
		}
		return nil, emit(n)
	})
}
