// Package benchmark compares a municipality's social-domain spend with
// comparable municipalities from CBS open data: Iv3 lasten per taakveld per
// inhabitant, the peers' median, and growth between two years against the
// peers' growth (SPEC §5.4, the Oirschot question).
//
// It is pure: it takes the rows the store holds and returns figures. It
// never guesses: a name that cannot be matched is reported with the nearest
// known names, a taakveld row that is a subtotal of its refinements is never
// counted beside them, and groups that have no counterpart across the Iv3
// code change of 2025 are not compared across it.
package benchmark

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeName folds a municipality's name for matching: lower case,
// accents removed, punctuation to spaces, a leading "gemeente" dropped.
// "Súdwest-Fryslân" and "sudwest fryslan" fold the same; "Bergen (L.)"
// and "Bergen (NH.)" stay apart.
func NormalizeName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r): // a combining accent
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return strings.TrimPrefix(b.String(), "gemeente ")
}

// Nearest returns up to n known names closest to name (edit distance on the
// folded names, a shared prefix counting as close), for "did you mean".
func Nearest(name string, known []string, n int) []string {
	q := NormalizeName(name)
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	for _, k := range known {
		f := NormalizeName(k)
		d := editDistance(q, f)
		if q != "" && (strings.HasPrefix(f, q) || strings.HasPrefix(q, f)) {
			d = min(d, 1)
		}
		cs = append(cs, cand{k, d})
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].name < cs[j].name
	})
	var out []string
	for _, c := range cs {
		if len(out) == n || c.d > max(3, len(q)/2) {
			break
		}
		out = append(out, c.name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Codes links Iv3 names (CBS Iv3 has names only) to GM codes from the
// kerncijfers of one year, by folded name. The kerncijfers write a
// province after a name that occurs more than once in the country
// ("Hengelo (O.)") where Iv3 may not ("Hengelo"); such a name matches only
// when it is the one kerncijfers name without its province that folds the
// same. Names that match no code, or more than one, are returned as
// unmatched — never guessed.
func Codes(iv3Names []string, codeNames map[string]string) (codes map[string]string, unmatched []string) {
	exact, bare := map[string][]string{}, map[string][]string{}
	for code, name := range codeNames {
		exact[NormalizeName(name)] = append(exact[NormalizeName(name)], code)
		bare[NormalizeName(withoutProvince(name))] = append(bare[NormalizeName(withoutProvince(name))], code)
	}
	codes = map[string]string{}
	for _, n := range iv3Names {
		if n == Nederland {
			continue
		}
		f := NormalizeName(n)
		switch cs, bs := exact[f], bare[f]; {
		case len(cs) == 1:
			codes[n] = cs[0]
		case len(cs) == 0 && len(bs) == 1:
			codes[n] = bs[0]
		default:
			unmatched = append(unmatched, n)
		}
	}
	sort.Strings(unmatched)
	return codes, unmatched
}

// withoutProvince drops a trailing province in brackets: "Beek (L.)" → "Beek".
func withoutProvince(name string) string {
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		return name[:i]
	}
	return name
}

// Nederland is the name of the national total row in the CBS extract.
const Nederland = "Nederland"
