package budget

import (
	"math"

	"github.com/ontschot/ontschot/internal/money"
)

// The aggregation behind `ontschot budget show` and the release's funding
// figures: care, flows and assignments per household in, spend per
// contract and month out. The caller resolves each person to the household
// and area where the release counts them (release.Places); this package
// never sees who they are.

// CareRow is care of one household from one provider in one stream,
// category and month, as far as it arrived in one month.
type CareRow struct {
	Household  string // the release's household key
	Area       string // the finest area known: a buurt code, else the gemeente code
	AGB        string
	Geldstroom string
	Categorie  string
	Month      int // yyyymm
	Arrived    int // yyyymm the import came in (0 unknown)
	Amount     money.Cents
	Minutes    int64 // reported volume in minutes (0 when another unit)
}

// FlowRow is a flow booked to a contract: per household (a flow per
// person) or per area (Household "").
type FlowRow struct {
	Contract  string
	Soort     string
	Household string
	Area      string
	Month     int // yyyymm
	Amount    money.Cents
	Minutes   int64
}

// OpenRow is the value of an assignment not yet declared, for one
// household.
type OpenRow struct {
	Household  string
	Area       string
	AGB        string
	Geldstroom string
	Categorie  string
	Value      money.Cents
}

// Aggregate works out every contract's spend in year (months 1..through),
// the earlier years' months (the seasonal pattern), the lag observations
// of earlier years (when their months' spend arrived), the open
// assignments and the distinct households behind this year's spend. A
// delivery counts for the first contract (in the order given) that
// matches it; contracts are refused on import when two could claim one.
func Aggregate(year, through int, contracts []Contract, care []CareRow, flows []FlowRow, open []OpenRow) map[string]ContractSpend {
	type acc struct {
		year    Months
		earlier map[int]*Months
		// arrivals per earlier month (yyyymm) → arrival month → amount
		arrivals map[int]map[int]money.Cents
		hh       map[string]bool
		open     money.Cents
		spread   money.Cents
	}
	accs := map[string]*acc{}
	get := func(code string) *acc {
		a := accs[code]
		if a == nil {
			a = &acc{earlier: map[int]*Months{}, arrivals: map[int]map[int]money.Cents{}, hh: map[string]bool{}}
			accs[code] = a
		}
		return a
	}
	byCode := map[string]*Contract{}
	for i := range contracts {
		byCode[contracts[i].Code] = &contracts[i]
	}
	claim := func(agb, geldstroom, categorie, area string, month int) *Contract {
		return Claim(contracts, agb, geldstroom, categorie, area, month)
	}
	add := func(a *acc, month int, amount money.Cents, household string, arrived int) {
		y, m := month/100, month%100
		switch {
		case y == year && m <= through:
			a.year[m-1] += amount
			if household != "" && amount != 0 {
				a.hh[household] = true
			}
		case y < year:
			ms := a.earlier[y]
			if ms == nil {
				ms = &Months{}
				a.earlier[y] = ms
			}
			ms[m-1] += amount
			if arrived > 0 {
				if a.arrivals[month] == nil {
					a.arrivals[month] = map[int]money.Cents{}
				}
				a.arrivals[month][arrived] += amount
			}
		}
	}
	for _, r := range care {
		c := claim(r.AGB, r.Geldstroom, r.Categorie, r.Area, r.Month)
		if c == nil {
			continue
		}
		a := get(c.Code)
		add(a, r.Month, r.Amount, r.Household, r.Arrived)
		// Volume reported without a price (a lump sum's data request)
		// still shows who was reached.
		if r.Amount == 0 && r.Minutes > 0 && r.Month/100 == year && r.Month%100 <= through {
			a.hh[r.Household] = true
		}
	}
	for _, f := range flows {
		c := byCode[f.Contract]
		if c == nil {
			continue
		}
		a := get(c.Code)
		add(a, f.Month, f.Amount, f.Household, 0)
		if f.Household == "" && f.Month/100 == year && f.Month%100 <= through {
			a.spread += f.Amount
		}
	}
	for _, o := range open {
		if c := claim(o.AGB, o.Geldstroom, o.Categorie, o.Area, year*100+max(through, 1)); c != nil {
			get(c.Code).open += o.Value
		}
	}
	out := map[string]ContractSpend{}
	for code, a := range accs {
		s := ContractSpend{Year: a.year, Households: len(a.hh), Open: a.open, Spread: a.spread}
		for y := year - 3; y < year; y++ {
			if ms := a.earlier[y]; ms != nil {
				s.Earlier = append(s.Earlier, *ms)
			}
		}
		s.Lag = lagObservations(a.arrivals)
		out[code] = s
	}
	return out
}

// Claim returns the contract that care of agb in stream and category, to a
// household counted in area, in month (yyyymm) falls under: the first
// that matches, or nil.
func Claim(contracts []Contract, agb, geldstroom, categorie, area string, month int) *Contract {
	for i := range contracts {
		c := &contracts[i]
		if c.Begin <= Day(month*100+31) && Day(month*100+1) <= c.Eind && c.Matches(agb, geldstroom, categorie, area) {
			return c
		}
	}
	return nil
}

// lagObservations turns the arrivals of earlier months into observations:
// KnownAt[k] is what had arrived by the end of the (k+1)th month after the
// month (the month just closed is lag 0: its care arrives in the month
// after). History loaded in bulk long after the fact tells nothing about
// lag: when less than half of the earlier spend had arrived within a year,
// no observations are returned and the forecast is not corrected.
func lagObservations(arrivals map[int]map[int]money.Cents) []LagObservation {
	var out []LagObservation
	var final, within money.Cents
	for month, byArrival := range arrivals {
		o := LagObservation{KnownAt: make([]money.Cents, 13)}
		for arrived, amount := range byArrival {
			o.Final += amount
			lag := monthIndex(arrived) - monthIndex(month) - 1
			for k := max(lag, 0); k <= 12; k++ {
				o.KnownAt[k] += amount
			}
		}
		final += o.Final
		within += o.KnownAt[12]
		out = append(out, o)
	}
	if final <= 0 || float64(within) < 0.5*float64(final) {
		return nil
	}
	return out
}

func monthIndex(ym int) int { return ym/100*12 + ym%100 - 1 }

// OpenVolume is the volume an assignment (JW301/WMO301) grants between
// from and to (inclusive, yyyymmdd) by its frequency — 1 per day, 2 per
// week, 4 per month, 6 in total over its validity — minus what was
// declared under it in that window; never negative. An open-ended
// assignment (end 0) with a total volume counts to the window's end.
func OpenVolume(begin, end, from, to Day, volume int64, frequentie string, declared int64) int64 {
	if end == 0 {
		end = to
	}
	lo, hi := max(begin, from), min(end, to)
	if hi < lo || volume <= 0 {
		return 0
	}
	days := float64(dayNumber(hi) - dayNumber(lo) + 1)
	var granted float64
	switch frequentie {
	case "1":
		granted = float64(volume) * days
	case "2":
		granted = float64(volume) * days / 7
	case "4":
		granted = float64(volume) * days / (365.25 / 12)
	case "6":
		total := float64(dayNumber(end) - dayNumber(begin) + 1)
		granted = float64(volume) * days / total
	default:
		return 0
	}
	return max(0, int64(math.Round(granted))-declared)
}

// dayNumber counts days from a fixed origin (proleptic Gregorian), so the
// difference of two is the number of days between them.
func dayNumber(d Day) int {
	y, m, dd := int(d)/10000, int(d)/100%100, int(d)%100
	if m <= 2 {
		y--
		m += 12
	}
	return 365*y + y/4 - y/100 + y/400 + (153*(m-3)+2)/5 + dd
}
