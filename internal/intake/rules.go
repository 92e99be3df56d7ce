package intake

import (
	"sort"
	"strings"
)

// RuleOf returns the kind of problem of a rejection, the key the upload
// report groups rejections by: its Rule when set, else its Dutch reason
// with what differs from line to line left out — quoted values and runs
// of four or more digits (codes, dates, masked BSNs) become "…". So
// `"1234" is geen AGB-code van 8 cijfers` and `"12x" is geen AGB-code van 8
// cijfers` fall in one group.
func RuleOf(r Rejection) string {
	if r.Rule != "" {
		return r.Rule
	}
	return reasonPattern(r.Reason)
}

func reasonPattern(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == '"' {
			// a quoted value as %q writes it, with \" escapes
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j < len(s) {
				b.WriteString(`"…"`)
				i = j + 1
				continue
			}
		}
		if isDigitOrStar(c) {
			j, digits := i, 0
			for j < len(s) && (isDigitOrStar(s[j]) || (s[j] == '-' || s[j] == '.') && j+1 < len(s) && isDigitOrStar(s[j+1])) {
				if isDigitOrStar(s[j]) {
					digits++
				}
				j++
			}
			if digits >= 4 {
				b.WriteString("…")
			} else {
				b.WriteString(s[i:j])
			}
			i = j
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

func isDigitOrStar(c byte) bool { return c >= '0' && c <= '9' || c == '*' }

// Group is one kind of problem in an import's report: its field and rule
// (RuleOf), how many rejections it has and the first of them.
type Group struct {
	Field string      `json:"field"`
	Rule  string      `json:"rule"`
	Count int         `json:"count"`
	First []Rejection `json:"first"`
}

// Grouper counts rejections by field and rule as they come, keeping the
// first PerGroup of each group. Past maxGroups distinct groups the rest
// count in one last group "overige problemen".
type Grouper struct {
	PerGroup int
	index    map[[2]string]int
	list     []Group
}

const maxGroups = 500

// Add counts r.
func (g *Grouper) Add(r Rejection) {
	if g.index == nil {
		g.index = map[[2]string]int{}
	}
	k := [2]string{r.Field, RuleOf(r)}
	i, ok := g.index[k]
	if !ok {
		if len(g.list) >= maxGroups {
			k = [2]string{"", "overige problemen"}
			i, ok = g.index[k]
		}
		if !ok {
			i = len(g.list)
			g.index[k] = i
			g.list = append(g.list, Group{Field: k[0], Rule: k[1]})
		}
	}
	grp := &g.list[i]
	grp.Count++
	if len(grp.First) < max(g.PerGroup, 1) {
		grp.First = append(grp.First, r)
	}
}

// Groups returns the groups, the most frequent first, then by field and
// rule (the order the store's report has).
func (g *Grouper) Groups() []Group {
	out := append([]Group(nil), g.list...)
	sort.SliceStable(out, func(a, b int) bool {
		x, y := &out[a], &out[b]
		if x.Count != y.Count {
			return x.Count > y.Count
		}
		if x.Field != y.Field {
			return x.Field < y.Field
		}
		return x.Rule < y.Rule
	})
	return out
}
