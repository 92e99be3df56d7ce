package intake

// The fast scanner for chunks of Clienten.
//
// A chunk of a 323 (xml_parallel.go) is plain, machine-written XML: start
// and end tags with short ASCII names, a few attributes, and short text.
// encoding/xml spends most of its time on that in general-purpose name
// scanning and byte-by-byte reading. xmlFastScanner reads the same tokens
// straight from the chunk in memory, with names interned, for exactly the
// subset it knows to read the way encoding/xml's RawToken does; at
// anything else (a comment, CDATA, a processing instruction or directive,
// a non-ASCII byte, a character reference, a name or tag it does not know
// the shape of) it gives up with errXMLFast. A chunk whose fast read ends
// in any error at all is read again with encoding/xml, so every rejection
// and error message comes from the one reader it always came from; the
// fast scanner only ever answers for chunks it reads to the end without
// doubt. The differential test (xml_fast_test.go) holds the two readers
// to the same Sink calls.

import (
	"encoding/xml"
	"errors"
)

// xmlTokens is what an xmlParser reads: an encoding/xml decoder, or the
// fast scanner in a chunk worker.
type xmlTokens interface {
	rawTok(to *xmlTok) error
	InputPos() (line, column int)
}

// xmlFastChunks turns the fast scanner on; the differential test turns it off.
var xmlFastChunks = true

// errXMLFast means the fast scanner met something it does not read; the
// chunk is then read by encoding/xml.
var errXMLFast = errors.New("fast XML scanner: not handled here")

type xmlFastScanner struct {
	buf     []byte
	pos     int
	line    int // line of buf[pos], from 1 as encoding/xml counts
	endNext bool
	end     xml.Name // the end element of a self-closing tag, sent next
	names   map[string]string
	recent  [128]string // the names met last, by length and last byte
	attrs   []xml.Attr
	text    []byte // unescaped text, when it differs from the input
	failed  bool
}

func newXMLFastScanner(buf []byte, names map[string]string) *xmlFastScanner {
	return &xmlFastScanner{buf: buf, line: 1, names: names}
}

func (s *xmlFastScanner) InputPos() (line, column int) { return s.line, 0 }

func (s *xmlFastScanner) bail() error {
	s.failed = true
	return errXMLFast
}

// rawTok reads the next token as encoding/xml's RawToken would.
func (s *xmlFastScanner) rawTok(to *xmlTok) error {
	if s.failed {
		return errXMLFast
	}
	to.attr, to.text, to.other = nil, nil, nil
	if s.endNext {
		s.endNext = false
		to.kind, to.name = xmlTokEnd, s.end
		return nil
	}
	b, i := s.buf, s.pos
	if i >= len(b) {
		return s.bail()
	}
	if b[i] != '<' {
		return s.charData(to)
	}
	i++
	if i >= len(b) {
		return s.bail()
	}
	if b[i] == '/' {
		name, j, ok := s.name(i + 1)
		if !ok {
			return s.bail()
		}
		j, ok = s.space(j)
		if !ok || j >= len(b) || b[j] != '>' {
			return s.bail()
		}
		s.pos = j + 1
		to.kind, to.name = xmlTokEnd, name
		return nil
	}
	name, j, ok := s.name(i)
	if !ok {
		return s.bail()
	}
	s.attrs = nil
	for {
		k, ok := s.space(j)
		if !ok || k >= len(b) {
			return s.bail()
		}
		switch b[k] {
		case '>':
			s.pos = k + 1
			to.kind, to.name, to.attr = xmlTokStart, name, s.attrs
			return nil
		case '/':
			if k+1 >= len(b) || b[k+1] != '>' {
				return s.bail()
			}
			s.pos = k + 2
			s.endNext, s.end = true, name
			to.kind, to.name, to.attr = xmlTokStart, name, s.attrs
			return nil
		}
		if k == j { // an attribute right after the name or a value
			return s.bail()
		}
		var a xml.Attr
		if a.Name, k, ok = s.name(k); !ok {
			return s.bail()
		}
		if k, ok = s.space(k); !ok || k >= len(b) || b[k] != '=' {
			return s.bail()
		}
		if k, ok = s.space(k + 1); !ok || k >= len(b) || (b[k] != '"' && b[k] != '\'') {
			return s.bail()
		}
		v, next, ok := s.value(k+1, b[k])
		if !ok {
			return s.bail()
		}
		a.Value = string(v)
		s.attrs = append(s.attrs, a)
		j = next
	}
}

// name reads an ASCII name [A-Za-z_][A-Za-z0-9._-]* with at most one
// colon between two such parts, at i; anything else is not handled.
func (s *xmlFastScanner) name(i int) (xml.Name, int, bool) {
	b := s.buf
	start, colon := i, -1
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9', c == '.', c == '-':
			if i == start || i == colon+1 {
				return xml.Name{}, i, false
			}
		case c == ':':
			if colon >= 0 || i == start {
				return xml.Name{}, i, false
			}
			colon = i
		default:
			goto done
		}
	}
done:
	if i == start || i == colon+1 || i >= len(b) {
		return xml.Name{}, i, false
	}
	if colon < 0 {
		return xml.Name{Local: s.intern(b[start:i])}, i, true
	}
	return xml.Name{Space: s.intern(b[start:colon]), Local: s.intern(b[colon+1 : i])}, i, true
}

// intern returns the one string for the name b: from a small cache
// indexed by length and last byte (a chunk repeats a few dozen names), else
// from the map.
func (s *xmlFastScanner) intern(b []byte) string {
	slot := &s.recent[(len(b)*31+int(b[len(b)-1]))%len(s.recent)]
	if *slot == string(b) {
		return *slot
	}
	n, ok := s.names[string(b)]
	if !ok {
		n = string(b)
		s.names[n] = n
	}
	*slot = n
	return n
}

// space skips white space inside a tag, counting lines.
func (s *xmlFastScanner) space(i int) (int, bool) {
	b := s.buf
	for ; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '\r':
		case '\n':
			s.line++
		default:
			return i, true
		}
	}
	return i, false
}

// charData reads text up to the next '<'.
func (s *xmlFastScanner) charData(to *xmlTok) error {
	v, next, ok := s.value(s.pos, '<')
	if !ok {
		return s.bail()
	}
	s.pos = next - 1 // the '<' starts the next token
	to.kind, to.text = xmlTokText, v
	return nil
}

// value reads text or an attribute value from i up to the byte end and
// returns it as encoding/xml does (entities replaced, CR LF and CR as LF)
// and the index after end. Only printable ASCII, tab, LF and CR, and the
// five predefined entities are handled.
func (s *xmlFastScanner) value(i int, end byte) ([]byte, int, bool) {
	b := s.buf
	start, plain := i, true
	lines := 0
	for ; i < len(b); i++ {
		c := b[i]
		if c == end {
			break
		}
		switch {
		case c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != ']':
		case c == '\n':
			lines++
		case c == '\t':
		case c == '\r', c == '&':
			plain = false
		case c == ']':
			if end == '<' && i+2 < len(b) && b[i+1] == ']' && b[i+2] == '>' {
				return nil, i, false
			}
		default: // '<' in a value, a control character or a non-ASCII byte
			return nil, i, false
		}
	}
	if i >= len(b) {
		return nil, i, false
	}
	s.line += lines
	v := b[start:i]
	if plain {
		return v, i + 1, true
	}
	t := s.text[:0]
	for k := 0; k < len(v); k++ {
		switch c := v[k]; c {
		case '\r':
			t = append(t, '\n')
			if k+1 < len(v) && v[k+1] == '\n' {
				k++
			}
		case '&':
			r, n := xmlFastEntity(v[k+1:])
			if n == 0 {
				return nil, i, false
			}
			t = append(t, r)
			k += n
		default:
			t = append(t, c)
		}
	}
	s.text = t
	return t, i + 1, true
}

// xmlFastEntity reads one of the five predefined entities after '&' and
// returns its character and the bytes it took after the '&'; n == 0 for
// anything else.
func xmlFastEntity(b []byte) (byte, int) {
	for _, e := range [...]struct {
		name string
		c    byte
	}{{"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"apos;", '\''}, {"quot;", '"'}} {
		if len(b) >= len(e.name) && string(b[:len(e.name)]) == e.name {
			return e.c, len(e.name)
		}
	}
	return 0, 0
}
