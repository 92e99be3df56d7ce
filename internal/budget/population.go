package budget

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/ontschot/ontschot/internal/money"
)

// Bands are the CBS age bands, youngest first (the kerncijfers' columns).
var Bands = [5]string{"0_15", "15_25", "25_45", "45_65", "65plus"}

// BandIndex returns the index of a band name, or -1.
func BandIndex(name string) int {
	for i, b := range Bands {
		if b == name {
			return i
		}
	}
	return -1
}

// Area is one area's population: inhabitants per age band and the values
// of the risk indicators the norms may weigh (e.g. pct_rond_sociaal_min).
type Area struct {
	Code       string
	Level      string
	Inhabitant int64
	Bands      [5]int64
	Indicators map[string]float64
}

// BandsFromPercentages turns CBS's inhabitants and age percentages into
// inhabitants per band; the parts add up to the inhabitants (largest
// remainder), since CBS rounds its percentages.
func BandsFromPercentages(inhabitants int64, pct [5]float64) [5]int64 {
	vol := map[string]int64{}
	for i, p := range pct {
		vol[Bands[i]] = int64(math.Round(p * 1000))
	}
	parts := Spread(money.Cents(inhabitants), vol)
	var out [5]int64
	for i, b := range Bands {
		out[i] = int64(parts[b])
	}
	return out
}

// Factor raises or lowers an area's budget with a risk indicator: the
// budget is multiplied by 1 + Weight × (value − Reference), never below 0.
// E.g. pct_rond_sociaal_min with weight 0.02 and reference 8: an area with
// 13% of households around the social minimum gets 10% more.
type Factor struct {
	Indicator string
	Weight    float64
	Reference float64
}

// Norms are the population budget's parameters: an amount per inhabitant
// per age band per year, and optional risk factors.
type Norms struct {
	PerBand [5]money.Cents
	Factors []Factor
}

// ErrMissingIndicator means an area lacks a value a factor needs.
var ErrMissingIndicator = errors.New("indicator ontbreekt / indicator missing")

// PopulationBudget is Σ inhabitants per band × norm, times each factor's
// multiplier.
func PopulationBudget(a Area, n Norms) (money.Cents, error) {
	var base float64
	for i, inh := range a.Bands {
		base += float64(inh) * float64(n.PerBand[i])
	}
	mult := 1.0
	for _, f := range n.Factors {
		v, ok := a.Indicators[f.Indicator]
		if !ok {
			return 0, fmt.Errorf("%w: %s heeft geen %s", ErrMissingIndicator, a.Code, f.Indicator)
		}
		mult *= math.Max(0, 1+f.Weight*(v-f.Reference))
	}
	return money.Cents(math.Round(base * mult)), nil
}

// Calibrate derives the norms per band from areas and their released spend
// of one year: the non-negative least-squares fit of spend ≈ Σ bands ×
// norm (Lawson–Hanson), so a municipality can start from its nulmeting.
// Areas without a spend figure (withheld) are left out; at least as many
// areas as bands are needed.
func Calibrate(areas []Area, spend []money.Cents) ([5]money.Cents, error) {
	var norms [5]money.Cents
	if len(areas) != len(spend) {
		return norms, errors.New("areas and spend differ in length")
	}
	if len(areas) < len(Bands) {
		return norms, fmt.Errorf("te weinig gebieden om te ijken: %d, minstens %d nodig / too few areas to calibrate", len(areas), len(Bands))
	}
	a := mat.NewDense(len(areas), len(Bands), nil)
	b := mat.NewVecDense(len(areas), nil)
	for i, ar := range areas {
		for j, inh := range ar.Bands {
			a.Set(i, j, float64(inh))
		}
		b.SetVec(i, float64(spend[i]))
	}
	x, err := nnls(a, b)
	if err != nil {
		return norms, err
	}
	for j := range norms {
		norms[j] = money.Cents(math.Round(x[j]))
	}
	return norms, nil
}

// nnls solves min ‖Ax − b‖ subject to x ≥ 0 by the Lawson–Hanson active
// set method. Columns are scaled to unit norm for stability.
func nnls(a *mat.Dense, b *mat.VecDense) ([]float64, error) {
	m, n := a.Dims()
	scale := make([]float64, n)
	as := mat.DenseCopyOf(a)
	for j := 0; j < n; j++ {
		scale[j] = mat.Norm(as.ColView(j), 2)
		if scale[j] == 0 {
			scale[j] = 1
		}
		for i := 0; i < m; i++ {
			as.Set(i, j, as.At(i, j)/scale[j])
		}
	}
	x := make([]float64, n)
	passive := make([]bool, n)
	tol := 1e-10 * mat.Norm(b, 2)
	for iter := 0; iter < 3*n+30; iter++ {
		w := gradient(as, b, x)
		best, bestJ := tol, -1
		for j := 0; j < n; j++ {
			if !passive[j] && w[j] > best {
				best, bestJ = w[j], j
			}
		}
		if bestJ < 0 {
			break
		}
		passive[bestJ] = true
		for inner := 0; inner < 3*n+30; inner++ {
			z, err := solvePassive(as, b, passive)
			if err != nil {
				return nil, err
			}
			feasible := true
			alpha := 1.0
			for j := 0; j < n; j++ {
				if passive[j] && z[j] <= 0 {
					feasible = false
					if d := x[j] - z[j]; d > 0 {
						alpha = math.Min(alpha, x[j]/d)
					}
				}
			}
			if feasible {
				copy(x, z)
				break
			}
			for j := 0; j < n; j++ {
				x[j] += alpha * (z[j] - x[j])
				if passive[j] && x[j] <= 1e-12 {
					passive[j], x[j] = false, 0
				}
			}
		}
	}
	for j := range x {
		x[j] /= scale[j]
	}
	return x, nil
}

// gradient is Aᵀ(b − Ax).
func gradient(a *mat.Dense, b *mat.VecDense, x []float64) []float64 {
	m, n := a.Dims()
	r := mat.NewVecDense(m, nil)
	r.MulVec(a, mat.NewVecDense(n, x))
	r.SubVec(b, r)
	w := mat.NewVecDense(n, nil)
	w.MulVec(a.T(), r)
	return w.RawVector().Data
}

// solvePassive solves least squares on the passive columns; the others are 0.
func solvePassive(a *mat.Dense, b *mat.VecDense, passive []bool) ([]float64, error) {
	m, n := a.Dims()
	var cols []int
	for j := 0; j < n; j++ {
		if passive[j] {
			cols = append(cols, j)
		}
	}
	sub := mat.NewDense(m, len(cols), nil)
	for k, j := range cols {
		for i := 0; i < m; i++ {
			sub.Set(i, k, a.At(i, j))
		}
	}
	var qr mat.QR
	qr.Factorize(sub)
	var z mat.VecDense
	if err := qr.SolveVecTo(&z, false, b); err != nil {
		return nil, fmt.Errorf("ijken: de leeftijdsgroepen zijn over de gebieden niet te onderscheiden / calibration: bands are collinear over the areas: %w", err)
	}
	out := make([]float64, n)
	for k, j := range cols {
		out[j] = z.AtVec(k)
	}
	return out, nil
}
