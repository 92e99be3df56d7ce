package trajectory

import "github.com/ontschot/ontschot/internal/release"

// secondaryReason is the reason of a figure withheld because the region's
// figure less the other gemeenten would give another one away.
const secondaryReason = "secundair afgeschermd (regio = som van de gemeenten)"

// Across applies the secondary suppression of region = Σ gemeenten + rest
// to a region's trajectories: results[0] is the region's, results[1:] the
// gemeenten's, rest that of the people of unknown gemeente (never
// published). Every figure that adds up over gemeenten — a count, a mean
// (times its count), a share (of its count) — is a group; a group withheld
// in exactly one term takes the smallest published gemeente's with it
// (release.AcrossRegion). Medians and intervals do not add up, but go with
// their cell.
func Across(results []*Result, rest *Result) {
	cells := make([]map[string]*Cell, len(results))
	for i, r := range results {
		cells[i] = map[string]*Cell{}
		for j := range r.Cells {
			c := &r.Cells[j]
			cells[i][c.Type+"|"+c.Category] = c
		}
	}
	restCells := map[string]*Cell{}
	for j := range rest.Cells {
		c := &rest.Cells[j]
		restCells[c.Type+"|"+c.Category] = c
	}
	for _, g := range []struct {
		pub  func(*Cell) bool
		hide func(*Cell)
	}{
		{func(c *Cell) bool { return !c.Suppressed }, func(c *Cell) {
			*c = Cell{Type: c.Type, Category: c.Category, Inflow: c.Inflow, Suppressed: true, Reason: secondaryReason}
		}},
		{func(c *Cell) bool { return c.Inflow != nil }, func(c *Cell) { c.Inflow = nil }},
		{func(c *Cell) bool { return c.CostMeanEUR != nil }, func(c *Cell) { c.CostMeanEUR, c.Reason = nil, secondaryReason }},
		{func(c *Cell) bool { return c.SatisfactionMean != nil }, func(c *Cell) { c.SatisfactionMean, c.Responses = nil, nil }},
		{func(c *Cell) bool { return c.ReentryPct != nil || c.EscalationPct != nil }, func(c *Cell) { c.ReentryPct, c.EscalationPct = nil, nil }},
	} {
		across(cells, restCells, g.pub, g.hide)
	}

	waits := make([]map[string]*Waiting, len(results))
	for i, r := range results {
		waits[i] = map[string]*Waiting{}
		for j := range r.Waiting {
			waits[i][r.Waiting[j].Provider] = &r.Waiting[j]
		}
	}
	restWaits := map[string]*Waiting{}
	for j := range rest.Waiting {
		restWaits[rest.Waiting[j].Provider] = &rest.Waiting[j]
	}
	across(waits, restWaits, func(w *Waiting) bool { return !w.Suppressed }, func(w *Waiting) { *w = Waiting{Provider: w.Provider, Suppressed: true, Reason: secondaryReason} })

	refs := make([]map[string]*Referrer, len(results))
	for i, r := range results {
		refs[i] = map[string]*Referrer{}
		for j := range r.Referrers {
			refs[i][r.Referrers[j].Referrer] = &r.Referrers[j]
		}
	}
	restRefs := map[string]*Referrer{}
	for j := range rest.Referrers {
		restRefs[rest.Referrers[j].Referrer] = &rest.Referrers[j]
	}
	across(refs, restRefs, func(x *Referrer) bool { return !x.Suppressed }, func(x *Referrer) {
		*x = Referrer{Referrer: x.Referrer, Name: x.Name, Suppressed: true, Reason: secondaryReason}
	})
}

// across applies release.AcrossRegion to every key of the region's items
// for one group of figures; a term without the key has a published zero.
func across[T any](terms []map[string]*T, rest map[string]*T, pub func(*T) bool, hide func(*T)) {
	for key, region := range terms[0] {
		published := make([]bool, len(terms))
		published[0] = pub(region)
		for i := 1; i < len(terms); i++ {
			x, ok := terms[i][key]
			published[i] = !ok || pub(x)
		}
		r, ok := rest[key]
		for _, i := range release.AcrossRegion(published, ok && !pub(r)) {
			hide(terms[i][key])
		}
	}
}
