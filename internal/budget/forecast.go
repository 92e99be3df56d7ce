package budget

import (
	"math"

	"github.com/ontschot/ontschot/internal/money"
)

// Months holds an amount per calendar month, January first.
type Months [12]money.Cents

// Total is the sum of all months.
func (m Months) Total() money.Cents {
	var s money.Cents
	for _, v := range m {
		s += v
	}
	return s
}

// Through is the sum of months 1..t.
func (m Months) Through(t int) money.Cents {
	var s money.Cents
	for i := 0; i < t && i < 12; i++ {
		s += m[i]
	}
	return s
}

// LagObservation is one earlier month of one contract: its final spend and
// what had been declared of it 0, 1, 2, … months after it ended.
type LagObservation struct {
	Final   money.Cents
	KnownAt []money.Cents
}

// Completeness returns, per lag k (months after a month ended), the share
// of a month's final spend that had been declared by then, pooled over the
// observations that reach that lag. Late and retroactive declarations make
// recent months look cheap; this is what corrects for it. Shares are
// capped at 1 (credits can make an early figure exceed the final one) and
// are never less than the share at a shorter lag.
func Completeness(obs []LagObservation, maxLag int) []float64 {
	out := make([]float64, maxLag+1)
	for k := 0; k <= maxLag; k++ {
		var known, final money.Cents
		for _, o := range obs {
			if k < len(o.KnownAt) && o.Final > 0 {
				known += o.KnownAt[k]
				final += o.Final
			}
		}
		switch {
		case final == 0:
			out[k] = 1
		default:
			out[k] = math.Min(1, float64(known)/float64(final))
		}
		if k > 0 && out[k] < out[k-1] {
			out[k] = out[k-1]
		}
	}
	return out
}

// Forecast is a year-end estimate and how it was made.
type Forecast struct {
	Declared      money.Cents `json:"declared_cent"`       // declared for months 1..Through
	LagCorrection money.Cents `json:"lag_correction_cent"` // expected late declarations for those months
	Open          money.Cents `json:"open_assigned_cent"`  // assigned, not yet declared, for months so far
	Forecast      money.Cents `json:"forecast_cent"`
	Through       int         `json:"through_month"`
	// SeasonalShare is the share of a year's spend that earlier years had
	// by the end of month Through (Through/12 without history).
	SeasonalShare float64 `json:"seasonal_share"`
	Method        string  `json:"method"`
}

// YearEnd estimates a year's final spend from the months so far (1..through
// elapsed, as declared today), the final monthly spend of earlier years
// (the seasonal pattern), the completeness per lag (nil: declarations are
// complete) and the value of assignments for months so far that has not
// been declared yet (a floor: that care was given and will be billed).
func YearEnd(sofar Months, through int, history []Months, completeness []float64, open money.Cents) Forecast {
	f := Forecast{Through: through, Open: open}
	if through <= 0 {
		f.Method = "nog geen maanden: geen prognose"
		return f
	}
	through = min(through, 12)
	f.Declared = sofar.Through(through)
	var corrected float64
	for m := 0; m < through; m++ {
		v := float64(sofar[m])
		if lag := through - 1 - m; completeness != nil && lag < len(completeness) && completeness[lag] > 0 {
			v /= completeness[lag]
		}
		corrected += v
	}
	f.LagCorrection = money.Cents(math.Round(corrected)) - f.Declared
	var part, whole money.Cents
	for _, h := range history {
		if h.Total() > 0 {
			part += h.Through(through)
			whole += h.Total()
		}
	}
	f.SeasonalShare = float64(through) / 12
	f.Method = "lineair (geen eerdere jaren)"
	if whole > 0 && part > 0 {
		f.SeasonalShare = float64(part) / float64(whole)
		f.Method = "seizoenspatroon van eerdere jaren"
	}
	if completeness != nil {
		f.Method += ", gecorrigeerd voor late declaraties"
	}
	f.Forecast = money.Cents(math.Round(corrected / f.SeasonalShare))
	if floor := f.Declared + open; f.Forecast < floor {
		f.Forecast = floor
		f.Method += "; ondergrens: gedeclareerd plus openstaande toewijzingen"
	}
	return f
}
