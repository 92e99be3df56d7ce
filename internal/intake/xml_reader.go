package intake

// Reading XML as providers' software really sends it: the input opened as
// UTF-8 (a BOM dropped, a declared ISO-8859-1/-15 or Windows-1252
// transcoded), tokens with namespaces resolved by hand over RawToken, child
// elements, simple values, and syntax errors told in Dutch and English.

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// xmlCharsets are the encodings a message may declare besides UTF-8. The
// ISO-8859-1 labels read as Windows-1252, as browsers do (WHATWG): the two
// differ only in 0x80–0x9F, which ISO-8859-1 uses for control characters no
// message holds, and where software that says ISO-8859-1 writes € or ’.
var xmlCharsets = map[string]encoding.Encoding{
	"iso-8859-1": charmap.Windows1252, "iso8859-1": charmap.Windows1252, "iso_8859-1": charmap.Windows1252,
	"latin1": charmap.Windows1252, "latin-1": charmap.Windows1252, "l1": charmap.Windows1252, "cp819": charmap.Windows1252,
	"windows-1252": charmap.Windows1252, "cp1252": charmap.Windows1252, "x-cp1252": charmap.Windows1252,
	"iso-8859-15": charmap.ISO8859_15, "iso8859-15": charmap.ISO8859_15, "iso_8859-15": charmap.ISO8859_15, "latin9": charmap.ISO8859_15,
}

// xmlUTF8Labels need no transcoding (ASCII is a subset of UTF-8).
var xmlUTF8Labels = map[string]bool{"utf-8": true, "utf8": true, "us-ascii": true, "ascii": true}

var xmlDeclEncoding = regexp.MustCompile(`^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']`)

// xmlOpenInput returns r as UTF-8 text: a UTF-8 byte order mark is dropped
// and a declared ISO-8859-1, ISO-8859-15 or Windows-1252 is transcoded. It
// returns the declared encoding ("" when none), for the decoder's
// CharsetReader. Another declared encoding, or UTF-16, is a *FileError.
func xmlOpenInput(r io.Reader) (*bufio.Reader, string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(3); bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	} else if bytes.HasPrefix(head, []byte("\xfe\xff")) || bytes.HasPrefix(head, []byte("\xff\xfe")) {
		return nil, "", &FileError{Line: 1, Reason: "het bericht is in UTF-16 gecodeerd; lever UTF-8 aan (ISO-8859-1 en Windows-1252 worden ook gelezen)",
			ReasonEN: "the message is encoded in UTF-16; send UTF-8 (ISO-8859-1 and Windows-1252 are read too)"}
	}
	head, _ := br.Peek(512)
	m := xmlDeclEncoding.FindSubmatch(head)
	if m == nil {
		return br, "", nil
	}
	label := strings.ToLower(strings.TrimSpace(string(m[1])))
	if xmlUTF8Labels[label] {
		return br, label, nil
	}
	enc, ok := xmlCharsets[label]
	if !ok {
		return nil, "", &FileError{Line: 1,
			Reason:   fmt.Sprintf("tekencodering %q in de XML-declaratie wordt niet ondersteund; verwacht UTF-8 (ISO-8859-1, ISO-8859-15 en Windows-1252 worden ook gelezen)", string(m[1])),
			ReasonEN: fmt.Sprintf("character encoding %q in the XML declaration is not supported; expected UTF-8 (ISO-8859-1, ISO-8859-15 and Windows-1252 are read too)", string(m[1]))}
	}
	return bufio.NewReaderSize(enc.NewDecoder().Reader(br), 64<<10), label, nil
}

// xmlNewDecoder returns a decoder over in, which xmlOpenInput already made
// UTF-8: the declared encoding is accepted as is. charset "*" accepts any
// declaration (a message unwrapped from an already decoded envelope).
func xmlNewDecoder(in io.Reader, charset string) *xml.Decoder {
	d := xml.NewDecoder(in)
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		if l := strings.ToLower(label); charset == "*" || l == charset || xmlUTF8Labels[l] {
			return input, nil
		}
		return nil, errXMLCharset
	}
	return d
}

var errXMLCharset = errors.New("tekencodering niet ondersteund / character encoding not supported")

// xmlSyntaxReason tells what encoding/xml found wrong (a SyntaxError's
// Msg) in Dutch and English, for a person who has to fix the file.
func xmlSyntaxReason(msg string) (nl, en string) {
	name := func(prefix string) string { return strings.TrimSuffix(strings.TrimPrefix(msg, prefix), ">") }
	switch {
	case msg == "unexpected EOF", strings.HasPrefix(msg, "unexpected EOF"):
		return "het bericht houdt halverwege op: een element of commentaar is niet gesloten",
			"the message ends prematurely: an element or comment is not closed"
	case msg == "invalid UTF-8":
		return "ongeldige UTF-8: het bestand heeft een andere tekencodering dan de XML-declaratie noemt (bijv. ISO-8859-1 zonder encoding=\"ISO-8859-1\" in de declaratie)",
			"invalid UTF-8: the file has another character encoding than its XML declaration names (e.g. ISO-8859-1 without encoding=\"ISO-8859-1\" in the declaration)"
	case strings.HasPrefix(msg, "element <") && strings.Contains(msg, "> closed by </"):
		open, close, _ := strings.Cut(name("element <"), "> closed by </")
		return fmt.Sprintf("element <%s> wordt gesloten door </%s>; verwacht </%s>", open, close, open),
			fmt.Sprintf("element <%s> is closed by </%s>; expected </%s>", open, close, open)
	case strings.HasPrefix(msg, "unexpected end element </"):
		n := name("unexpected end element </")
		return fmt.Sprintf("eindtag </%s> zonder bijbehorende begintag", n), fmt.Sprintf("end tag </%s> without a matching start tag", n)
	case strings.HasPrefix(msg, "invalid character entity "):
		e := strings.TrimPrefix(msg, "invalid character entity ")
		return fmt.Sprintf("onbekende entiteit %s; schrijf een & in tekst als &amp;", e), fmt.Sprintf("unknown entity %s; write an & in text as &amp;", e)
	case strings.HasPrefix(msg, "illegal character code "):
		c := strings.TrimPrefix(msg, "illegal character code ")
		return fmt.Sprintf("teken %s is niet toegestaan in XML", c), fmt.Sprintf("character %s is not allowed in XML", c)
	case strings.HasPrefix(msg, "expected element name after <"), strings.HasPrefix(msg, "invalid XML name"):
		return "na '<' wordt een elementnaam verwacht; schrijf een < in tekst als &lt;", "an element name is expected after '<'; write a < in text as &lt;"
	case strings.Contains(msg, "attribute"):
		return "een attribuut is onleesbaar: verwacht naam=\"waarde\"", "an attribute cannot be read: expected name=\"value\""
	case strings.Contains(msg, "<!-") || strings.Contains(msg, "CDATA") || strings.Contains(msg, "]]>"):
		return "commentaar of CDATA-sectie is onjuist gevormd", "a comment or CDATA section is malformed"
	case strings.HasPrefix(msg, "unescaped < inside quoted string"):
		return "een '<' in een attribuutwaarde; schrijf die als &lt;", "a '<' inside an attribute value; write it as &lt;"
	}
	return "onjuist gevormde XML (" + msg + ")", "malformed XML (" + msg + ")"
}

// xmlReadError tells a non-syntax error of the decoder in Dutch and English.
func xmlReadError(err error) (nl, en string) {
	msg := strings.TrimPrefix(err.Error(), "xml: ")
	switch {
	case errors.Is(err, errXMLCharset), strings.Contains(msg, "CharsetReader"):
		return "de tekencodering in de XML-declaratie wordt niet ondersteund; verwacht UTF-8 (ISO-8859-1, ISO-8859-15 en Windows-1252 worden ook gelezen)",
			"the character encoding in the XML declaration is not supported; expected UTF-8 (ISO-8859-1, ISO-8859-15 and Windows-1252 are read too)"
	case strings.Contains(msg, "unsupported version"):
		return "XML-versie wordt niet ondersteund; verwacht <?xml version=\"1.0\"?>", "XML version is not supported; expected <?xml version=\"1.0\"?>"
	}
	return "bericht niet leesbaar (" + msg + ")", "message cannot be read (" + msg + ")"
}

type xmlScope struct {
	prefix, uri string
	depth       int
}

// xmlTok is one token as the parser reads it, without the allocation of
// an xml.Token interface value: a start or end tag (name, attr), text
// (only valid until the next token, as RawToken's CharData), or another
// token of encoding/xml (comment, processing instruction, directive).
type xmlTok struct {
	kind  byte
	name  xml.Name
	attr  []xml.Attr
	text  []byte
	other xml.Token
}

const (
	xmlTokOther = iota
	xmlTokStart
	xmlTokEnd
	xmlTokText
)

func (t *xmlTok) start() xml.StartElement { return xml.StartElement{Name: t.name, Attr: t.attr} }

// xmlDecoderTokens reads xmlToks from encoding/xml.
type xmlDecoderTokens struct{ *xml.Decoder }

func (d xmlDecoderTokens) rawTok(to *xmlTok) error {
	tok, err := d.RawToken()
	if err != nil {
		*to = xmlTok{}
		return err
	}
	switch t := tok.(type) {
	case xml.StartElement:
		*to = xmlTok{kind: xmlTokStart, name: t.Name, attr: t.Attr}
	case xml.EndElement:
		*to = xmlTok{kind: xmlTokEnd, name: t.Name}
	case xml.CharData:
		*to = xmlTok{kind: xmlTokText, text: t}
	default:
		*to = xmlTok{other: tok}
	}
	return nil
}

// token returns the next token as an xml.Token (see tok).
func (p *xmlParser) token() (xml.Token, error) {
	t, err := p.tok()
	if err != nil {
		return nil, err
	}
	switch t.kind {
	case xmlTokStart:
		return t.start(), nil
	case xmlTokEnd:
		return xml.EndElement{Name: t.name}, nil
	case xmlTokText:
		return xml.CharData(t.text), nil
	}
	return t.other, nil
}

// tok returns the next token with element names in their namespace; it
// is valid until the next call. It uses RawToken, which is faster than
// Token, and does Token's work itself: it resolves prefixes and checks that
// every end tag closes the element that is open.
func (p *xmlParser) tok() (*xmlTok, error) {
	t := &p.cur
	if err := p.d.rawTok(t); err != nil {
		return t, err
	}
	switch t.kind {
	case xmlTokStart:
		for _, a := range t.attr {
			switch {
			case a.Name.Space == "xmlns":
				p.scope = append(p.scope, xmlScope{a.Name.Local, a.Value, len(p.open) + 1})
			case a.Name.Space == "" && a.Name.Local == "xmlns":
				p.scope = append(p.scope, xmlScope{"", a.Value, len(p.open) + 1})
			}
		}
		p.open = append(p.open, t.name)
		t.name.Space = p.resolve(t.name.Space)
	case xmlTokEnd:
		if len(p.open) == 0 {
			return t, p.syntaxAt(fmt.Sprintf("unexpected end element </%s>", xmlRaw(t.name)))
		}
		if top := p.open[len(p.open)-1]; top != t.name {
			return t, p.syntaxAt(fmt.Sprintf("element <%s> closed by </%s>", xmlRaw(top), xmlRaw(t.name)))
		}
		t.name.Space = p.resolve(t.name.Space)
		p.open = p.open[:len(p.open)-1]
		for len(p.scope) > 0 && p.scope[len(p.scope)-1].depth > len(p.open) {
			p.scope = p.scope[:len(p.scope)-1]
		}
	}
	return t, nil
}

func (p *xmlParser) syntaxAt(msg string) error {
	l, _ := p.d.InputPos()
	return &xml.SyntaxError{Msg: msg, Line: l}
}

func xmlRaw(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func (p *xmlParser) resolve(prefix string) string {
	if prefix == "xml" {
		return "http://www.w3.org/XML/1998/namespace"
	}
	for i := len(p.scope) - 1; i >= 0; i-- {
		if p.scope[i].prefix == prefix {
			return p.scope[i].uri
		}
	}
	return prefix // unbound: left as is, as Decoder.Token does; it then matches nothing
}

// m and b report whether se is the message-namespace or basisschema element local.
func (p *xmlParser) m(se xml.StartElement, local string) bool {
	return se.Name.Local == local && se.Name.Space == p.ns
}

func (p *xmlParser) b(se xml.StartElement, local string) bool {
	return se.Name.Local == local && se.Name.Space == p.basis
}

func xmlBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// next returns the next child element of the element last opened, or
// ok == false at that element's end tag. Text between child elements
// must be white space.
func (p *xmlParser) next(parent string) (se xml.StartElement, ok bool, err error) {
	for {
		t, err := p.tok()
		if err != nil {
			return se, false, p.syntax(err)
		}
		switch t.kind {
		case xmlTokStart:
			return t.start(), true, nil
		case xmlTokEnd:
			return se, false, nil
		case xmlTokText:
			if !xmlBlank(t.text) {
				return se, false, p.fail(p.line(), "tekst buiten een element in "+parent, "text outside an element in "+parent)
			}
		default:
			if _, ok := t.other.(xml.Directive); ok {
				return se, false, p.fail(p.line(), "DOCTYPE of andere directive is niet toegestaan", "DOCTYPE or other directives are not allowed")
			}
		}
	}
}

// children calls fn for every child element of the element just opened
// and returns at its end tag.
func (p *xmlParser) children(parent string, fn func(se xml.StartElement) error) error {
	for {
		se, ok, err := p.next(parent)
		if err != nil || !ok {
			return err
		}
		if err := fn(se); err != nil {
			return err
		}
	}
}

// value reads the text of a simple element just opened, up to its end tag.
func (p *xmlParser) value(se xml.StartElement) (string, error) {
	p.text = p.text[:0]
	for {
		t, err := p.tok()
		if err != nil {
			return "", p.syntax(err)
		}
		switch t.kind {
		case xmlTokText:
			if len(p.text)+len(t.text) > xmlMaxTextSize {
				return "", p.fail(p.line(), fmt.Sprintf("tekst van <%s> is te lang", se.Name.Local), fmt.Sprintf("text of <%s> is too long", se.Name.Local))
			}
			p.text = append(p.text, t.text...)
		case xmlTokStart:
			return "", p.unknown(t.start(), se.Name.Local)
		case xmlTokEnd:
			return string(bytes.TrimSpace(p.text)), nil
		default:
			if _, ok := t.other.(xml.Directive); ok {
				return "", p.fail(p.line(), "DOCTYPE of andere directive is niet toegestaan", "DOCTYPE or other directives are not allowed")
			}
		}
	}
}

// skip passes over an element whose content Ontschot does not use.
func (p *xmlParser) skip() error {
	for depth := 1; depth > 0; {
		t, err := p.tok()
		if err != nil {
			return p.syntax(err)
		}
		switch t.kind {
		case xmlTokStart:
			depth++
		case xmlTokEnd:
			depth--
		default:
			if _, ok := t.other.(xml.Directive); ok {
				return p.fail(p.line(), "DOCTYPE of andere directive is niet toegestaan", "DOCTYPE or other directives are not allowed")
			}
		}
	}
	return nil
}
