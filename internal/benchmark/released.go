package benchmark

import (
	"fmt"

	"github.com/ontschot/ontschot/internal/store"
)

// GroupOfCategory maps a released zorgsoort to the Iv3 group its spend is
// booked under, so a controller sees Ontschot's released total beside what
// the municipality reported to CBS. ok is false for a category without a
// clear taakveld (a type the municipality added, say); such spend is shown
// apart as "niet toe te wijzen".
func GroupOfCategory(cat string) (group string, ok bool) {
	if len(cat) == 2 && isDigit2(cat) {
		switch n := int(cat[0]-'0')*10 + int(cat[1]-'0'); {
		case n >= 31 && n <= 55: // JZ020: every iJw category is youth care
			return "jeugd", true
		case n >= 11 && n <= 14: // WMO020 rolstoelen, vervoer-, woonvoorzieningen, hulpmiddelen
			return "6.6", true
		case n >= 15 && n <= 18: // beschermd wonen en opvang
			return "6.81", true
		case n >= 1 && n <= 10: // Wmo maatwerk: huishouden, begeleiding, dagbesteding, …
			return "6.71", true
		}
		return "", false
	}
	switch cat {
	case "wijkteam":
		return "6.2", true
	case "bijstand":
		return "6.3", true
	}
	return "", false
}

func isDigit2(s string) bool { return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' }

// Unassigned is the pseudo-group of released spend with no Iv3 taakveld.
const Unassigned = "niet toe te wijzen"

// AddReleased puts a release's gemeente-level spend per zorgsoort beside
// each group. A group with a withheld cell gets no figure (null, never a
// partial sum that reads as complete); Meting names the release. Only the
// cells of the result's own gemeente count (its GM code); a release that
// has none for it is an error.
func (r *Result) AddReleased(meting string, cells []store.ReleaseCell) error {
	type acc struct {
		sum        int64
		incomplete bool
		seen       bool
	}
	groups := map[string]*acc{}
	for _, c := range cells {
		if c.Level != "gemeente" || c.By != "zorgsoort" || c.Area != r.Code {
			continue
		}
		g, ok := GroupOfCategory(c.Category)
		if !ok {
			g = Unassigned
		}
		a := groups[g]
		if a == nil {
			a = &acc{}
			groups[g] = a
		}
		a.seen = true
		if c.Suppressed || c.AmountEUR == nil {
			a.incomplete = true
			continue
		}
		a.sum += *c.AmountEUR
	}
	if len(groups) == 0 {
		return fmt.Errorf("meting %s heeft geen cijfers voor %s (%s) / the release has no figures for this municipality", meting, r.Gemeente, r.Code)
	}
	r.Meting = meting
	var total int64
	totalComplete := true
	for i := range r.Groepen {
		a := groups[r.Groepen[i].Taakveld]
		if a == nil {
			continue
		}
		if a.incomplete {
			totalComplete = false
			continue
		}
		v := a.sum
		r.Groepen[i].Released = &v
		total += v
	}
	if a := groups[Unassigned]; a != nil {
		if a.incomplete {
			totalComplete = false
		} else {
			v := a.sum
			r.ReleasedUnassigned = &v
			total += v
		}
	}
	if totalComplete {
		r.Totaal.Released = &total
	}
	return nil
}
