package intake

// Reading XML tokens: namespaces resolved by hand over RawToken, child
// elements, simple values.

import (
	"bytes"
	"encoding/xml"
	"fmt"
)

type xmlScope struct {
	prefix, uri string
	depth       int
}

// token returns the next token with element names in their namespace. It
// uses RawToken, which is faster than Token, and does Token's work itself:
// it resolves prefixes and checks that every end tag closes the element
// that is open.
func (p *xmlParser) token() (xml.Token, error) {
	tok, err := p.d.RawToken()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case xml.StartElement:
		for _, a := range t.Attr {
			switch {
			case a.Name.Space == "xmlns":
				p.scope = append(p.scope, xmlScope{a.Name.Local, a.Value, len(p.open) + 1})
			case a.Name.Space == "" && a.Name.Local == "xmlns":
				p.scope = append(p.scope, xmlScope{"", a.Value, len(p.open) + 1})
			}
		}
		p.open = append(p.open, t.Name)
		t.Name.Space = p.resolve(t.Name.Space)
		return t, nil
	case xml.EndElement:
		if len(p.open) == 0 {
			return nil, p.syntaxAt(fmt.Sprintf("eindtag </%s> zonder begintag", xmlRaw(t.Name)))
		}
		if top := p.open[len(p.open)-1]; top != t.Name {
			return nil, p.syntaxAt(fmt.Sprintf("element <%s> wordt gesloten door </%s>", xmlRaw(top), xmlRaw(t.Name)))
		}
		t.Name.Space = p.resolve(t.Name.Space)
		p.open = p.open[:len(p.open)-1]
		for len(p.scope) > 0 && p.scope[len(p.scope)-1].depth > len(p.open) {
			p.scope = p.scope[:len(p.scope)-1]
		}
		return t, nil
	}
	return tok, nil
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
		tok, err := p.token()
		if err != nil {
			return se, false, p.syntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, true, nil
		case xml.EndElement:
			return se, false, nil
		case xml.CharData:
			if !xmlBlank(t) {
				return se, false, p.fail(p.line(), "tekst buiten een element in "+parent, "text outside an element in "+parent)
			}
		case xml.Directive:
			return se, false, p.fail(p.line(), "DOCTYPE of andere directive is niet toegestaan", "DOCTYPE or other directives are not allowed")
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
		tok, err := p.token()
		if err != nil {
			return "", p.syntax(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(p.text)+len(t) > xmlMaxTextSize {
				return "", p.fail(p.line(), fmt.Sprintf("tekst van <%s> is te lang", se.Name.Local), fmt.Sprintf("text of <%s> is too long", se.Name.Local))
			}
			p.text = append(p.text, t...)
		case xml.StartElement:
			return "", p.unknown(t, se.Name.Local)
		case xml.EndElement:
			return string(bytes.TrimSpace(p.text)), nil
		case xml.Directive:
			return "", p.fail(p.line(), "DOCTYPE of andere directive is niet toegestaan", "DOCTYPE or other directives are not allowed")
		}
	}
}

// skip passes over an element whose content Ontschot does not use.
func (p *xmlParser) skip() error {
	for depth := 1; depth > 0; {
		tok, err := p.token()
		if err != nil {
			return p.syntax(err)
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.Directive:
			return p.fail(p.line(), "DOCTYPE of andere directive is niet toegestaan", "DOCTYPE or other directives are not allowed")
		}
	}
	return nil
}
