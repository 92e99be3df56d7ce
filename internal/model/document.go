package model

import "strings"

// Document is a named policy document kept as a whole, such as a business
// case (kind "businesscase", body the case file's JSON). A policy document
// is never personal data; a household's plan, which is, is handed out in
// this shape (kind "plan") but kept in its own table and read only inside
// an access decision.
type Document struct {
	Kind      string
	Name      string
	Body      string
	UpdatedAt string
	UpdatedBy string
}

// DocumentName turns a title into the name a document is stored and linked
// under: lower-case ASCII letters, digits and hyphens, at most 60 long
// ("Transformatie Jeugdzorg" → "transformatie-jeugdzorg").
func DocumentName(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if f, ok := foldAccents[r]; ok {
			r = f
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	if b.Len() == 0 {
		return "naamloos"
	}
	return b.String()
}

var foldAccents = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a', 'ç': 'c', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ñ': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'ö': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ĳ': 'y',
}
