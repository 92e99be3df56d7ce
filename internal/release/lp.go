package release

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// ival is a closed interval; infinite ends mean "no bound".
type ival struct{ lo, hi float64 }

var unbounded = ival{math.Inf(-1), math.Inf(1)}

func (a ival) meet(b ival) ival { return ival{math.Max(a.lo, b.lo), math.Min(a.hi, b.hi)} }
func (a ival) plus(b ival) ival { return ival{a.lo + b.lo, a.hi + b.hi} }

// poly is a polygon in (k, o) described by bounds on k, o and s = k+o: what
// an attacker can know about one group of households' contribution to the
// target category k and to all other categories o.
type poly [3]ival

func (p poly) meet(q poly) poly { return poly{p[0].meet(q[0]), p[1].meet(q[1]), p[2].meet(q[2])} }

// plus is the Minkowski sum; exact for tightened polygons with these three
// edge directions (their support functions add).
func (p poly) plus(q poly) poly { return poly{p[0].plus(q[0]), p[1].plus(q[1]), p[2].plus(q[2])} }

// tight makes every bound a support value: each bound is then attained.
func (p poly) tight() poly {
	for range 2 {
		k, o, s := p[0], p[1], p[2]
		p[0] = k.meet(ival{s.lo - o.hi, s.hi - o.lo})
		p[1] = o.meet(ival{s.lo - k.hi, s.hi - k.lo})
		p[2] = s.meet(ival{k.lo + o.lo, k.hi + o.hi})
	}
	return p
}

// lpProblem is a small LP in general form: bounded variables and two-sided
// linear constraints. Every variable also carries its true value, which the
// auditor (not the attacker) knows: the standard form of gonum's simplex
// (A·y = b, y ≥ 0) is written around the truth, v = truth + y⁺ − y⁻, so that
// every row reads a·y + slack = b with b ≥ 0 and the slacks are a feasible
// first basis. That avoids the simplex's own phase I, which is fragile on
// these degenerate problems.
type lpProblem struct {
	vars  []ival
	truth []float64
	cons  []lpCon
}

type lpCon struct {
	idx  []int
	coef []float64
	iv   ival
}

func (p *lpProblem) variable(iv ival, truth float64) int {
	p.vars = append(p.vars, iv)
	p.truth = append(p.truth, truth)
	return len(p.vars) - 1
}

func (p *lpProblem) constrain(idx []int, coef []float64, iv ival) {
	if math.IsInf(iv.lo, -1) && math.IsInf(iv.hi, 1) {
		return
	}
	p.cons = append(p.cons, lpCon{idx: idx, coef: coef, iv: iv})
}

var errInfeasible = errors.New("LP zonder oplossing: de gepubliceerde cijfers passen niet bij de invoer")

// minimize returns min obj·v; -Inf when unbounded below.
func (p *lpProblem) minimize(obj []float64) (float64, error) {
	const eps = 1e-7
	col := make([]int, len(p.vars)) // column of y⁺ (y⁻ is col+1); -1 for a constant
	ncol := 0
	for j, v := range p.vars {
		t := p.truth[j]
		if t < v.lo-eps || t > v.hi+eps {
			return 0, errInfeasible
		}
		if v.hi-v.lo < 1e-12 {
			col[j] = -1
			continue
		}
		col[j] = ncol
		ncol += 2
	}
	type row struct {
		a map[int]float64
		b float64
	}
	var rows []row
	addRow := func(idx []int, coef []float64, iv ival) {
		a := map[int]float64{}
		at := 0.0 // a·truth
		for i, j := range idx {
			at += coef[i] * p.truth[j]
			if col[j] < 0 {
				continue
			}
			a[col[j]] += coef[i]
			a[col[j]+1] -= coef[i]
		}
		for k, v := range a {
			if v == 0 {
				delete(a, k)
			}
		}
		if len(a) == 0 {
			return
		}
		if !math.IsInf(iv.hi, 1) { // a·δ ≤ hi − a·truth
			rows = append(rows, row{a, math.Max(iv.hi-at, 0)})
		}
		if !math.IsInf(iv.lo, -1) { // −a·δ ≤ a·truth − lo
			neg := make(map[int]float64, len(a))
			for k, v := range a {
				neg[k] = -v
			}
			rows = append(rows, row{neg, math.Max(at-iv.lo, 0)})
		}
	}
	for j, v := range p.vars {
		if col[j] >= 0 {
			addRow([]int{j}, []float64{1}, v)
		}
	}
	for _, c := range p.cons {
		addRow(c.idx, c.coef, c.iv)
	}
	cy := make([]float64, ncol)
	konst := 0.0
	for j := range p.vars {
		if j >= len(obj) || obj[j] == 0 {
			continue
		}
		konst += obj[j] * p.truth[j]
		if col[j] >= 0 {
			cy[col[j]] += obj[j]
			cy[col[j]+1] -= obj[j]
		}
	}
	used := make([]bool, ncol)
	for _, r := range rows {
		for k := range r.a {
			used[k] = true
		}
	}
	colMap := make([]int, ncol)
	n := 0
	for k := range ncol {
		if !used[k] {
			if cy[k] < 0 {
				return math.Inf(-1), nil
			}
			colMap[k] = -1
			continue
		}
		colMap[k] = n
		n++
	}
	if len(rows) == 0 {
		return konst, nil
	}
	m := len(rows)
	A := mat.NewDense(m, n+m, nil)
	b := make([]float64, m)
	c := make([]float64, n+m)
	for k := range ncol {
		if colMap[k] >= 0 {
			c[colMap[k]] = cy[k]
		}
	}
	basis := make([]int, m)
	for i, r := range rows {
		for k, v := range r.a {
			A.Set(i, colMap[k], v)
		}
		A.Set(i, n+i, 1)
		b[i] = r.b
		basis[i] = n + i
	}
	opt, _, err := lp.Simplex(c, A, b, 1e-10, basis)
	switch {
	case errors.Is(err, lp.ErrUnbounded):
		return math.Inf(-1), nil
	case errors.Is(err, lp.ErrInfeasible):
		return 0, errInfeasible
	case err != nil:
		return 0, err
	}
	return konst + opt, nil
}

// interval returns the minimum and maximum of obj·v.
func (p *lpProblem) interval(obj []float64) (ival, error) {
	lo, err := p.minimize(obj)
	if err != nil {
		return ival{}, err
	}
	neg := make([]float64, len(obj))
	for i, v := range obj {
		neg[i] = -v
	}
	hi, err := p.minimize(neg)
	if err != nil {
		return ival{}, err
	}
	return ival{lo, -hi}, nil
}
