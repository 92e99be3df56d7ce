package intake

// StUF-GGk 0210 envelopes. Messages that travel through the GGk arrive
// wrapped: envelopHeenbericht-ggk_Di01 (to the provider) or
// envelopRetourbericht-ggk_Du01 (back to the municipality), with the iJw/iWmo
// message in parameters/bericht/xmlBestand — base64 as the schema says
// (StUF:BinaireInhoud-basis_ggkbericht_xml), or inline as elements or text
// as some software sends it. The envelope is read whole into memory (the
// GGk bounds its size); the message inside is read as any other.

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ontschot/ontschot/internal/kluis"
)

const (
	stufGGkNS = "http://www.stufstandaarden.nl/koppelvlak/ggk0210"
	stufNS    = "http://www.egem.nl/StUF/StUF0301"
	// stufMaxEnvelope bounds what is read into memory for one envelope.
	stufMaxEnvelope = 1 << 30
)

// Envelop is the StUF-GGk envelope a message arrived in.
type Envelop struct {
	Berichtcode      string `json:"berichtcode"`      // "Di01" or "Du01"
	Referentienummer string `json:"referentienummer"` // StUF:referentienummer of the stuurgegevens
	Functie          string `json:"functie,omitempty"`
	Zender           string `json:"zender,omitempty"` // StUF:zender/organisatie
	// Base64 is true when the message was base64 inside the envelope: its
	// line numbers then count in the unwrapped message.
	Base64 bool `json:"base64"`
}

// stufEnvelope reports whether br starts with a StUF-GGk envelope.
func stufEnvelope(br *bufio.Reader) bool {
	head, _ := br.Peek(4096)
	if !bytes.Contains(head, []byte(stufGGkNS)) {
		return false
	}
	d := xmlNewDecoder(bytes.NewReader(head), "*")
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Space == stufGGkNS && strings.HasPrefix(se.Name.Local, "envelop")
		}
	}
}

// stufPayload is what the envelope carries.
type stufPayload struct {
	env        Envelop
	text       strings.Builder // the text of xmlBestand
	inline     []byte          // xmlBestand's child element, raw
	lineBase   int             // lines before inline
	tekst      string          // tekstBestand's bestandsnaam, when that is what came
	hasBericht bool
}

// parseEnvelope unwraps the envelope in br and parses the message inside.
func parseEnvelope(br *bufio.Reader, charset string, sink Sink) (XMLInfo, error) {
	data, err := io.ReadAll(io.LimitReader(br, stufMaxEnvelope+1))
	if err != nil {
		return XMLInfo{}, err
	}
	if len(data) > stufMaxEnvelope {
		return XMLInfo{}, &FileError{Reason: "de StUF-envelop is groter dan 1 GB", ReasonEN: "the StUF envelope is larger than 1 GB"}
	}
	pl, err := stufRead(data, charset)
	if err != nil {
		return XMLInfo{}, err
	}
	msg, lineBase, err := pl.message()
	if err != nil {
		return XMLInfo{}, err
	}
	env := pl.env
	in := bufio.NewReaderSize(bytes.NewReader(msg), 64<<10)
	innerCharset := "*" // inline: already UTF-8, whatever its declaration says
	if env.Base64 {
		if in, innerCharset, err = xmlOpenInput(bytes.NewReader(msg)); err != nil {
			return XMLInfo{}, stufWrap(&env, err)
		}
	}
	info, err := parseMessageAt(in, innerCharset, lineBase, sink)
	info.Envelop = &env
	return info, stufWrap(&env, err)
}

// stufWrap says that a refusal is about the message inside the envelope.
func stufWrap(env *Envelop, err error) error {
	var fe *FileError
	if !errors.As(err, &fe) {
		return err
	}
	nl := fmt.Sprintf("bericht in StUF-envelop %s (referentienummer %s)", env.Berichtcode, env.Referentienummer)
	en := fmt.Sprintf("message in StUF envelope %s (referentienummer %s)", env.Berichtcode, env.Referentienummer)
	if env.Base64 {
		nl += ", regelnummer in het uitgepakte bericht"
		en += ", line number in the unwrapped message"
	}
	return &FileError{Line: fe.Line, Reason: nl + ": " + fe.Reason, ReasonEN: en + ": " + fe.ReasonEN}
}

// stufRead walks the envelope and collects its stuurgegevens and payload.
func stufRead(data []byte, charset string) (*stufPayload, error) {
	d := xmlNewDecoder(bytes.NewReader(data), charset)
	pl := &stufPayload{}
	var path []string
	var text strings.Builder
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, stufSyntax(d, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(path) == 0 {
				if err := pl.root(t); err != nil {
					return nil, err
				}
			}
			if len(path) > 0 && path[len(path)-1] == "xmlBestand" {
				if pl.inline != nil {
					return nil, stufError(d, "xmlBestand bevat meer dan één bericht", "xmlBestand holds more than one message")
				}
				if err := d.Skip(); err != nil {
					return nil, stufSyntax(d, err)
				}
				pl.inline = data[off:d.InputOffset()]
				pl.lineBase = bytes.Count(data[:off], []byte{'\n'})
				continue
			}
			path = append(path, t.Name.Local)
			text.Reset()
			if t.Name.Local == "tekstBestand" {
				pl.tekst = "(zonder naam)"
				for _, a := range t.Attr {
					if a.Name.Local == "bestandsnaam" {
						pl.tekst = a.Value
					}
				}
			}
		case xml.CharData:
			if len(path) > 0 && path[len(path)-1] == "xmlBestand" {
				pl.text.Write(t)
			} else {
				text.Write(t)
			}
		case xml.EndElement:
			pl.set(strings.Join(path[1:], "/"), strings.TrimSpace(text.String()))
			path = path[:len(path)-1]
		}
	}
	return pl, nil
}

func (pl *stufPayload) root(se xml.StartElement) error {
	switch {
	case se.Name.Space == stufGGkNS && se.Name.Local == "envelopHeenbericht-ggk_Di01":
		pl.env.Berichtcode = "Di01"
	case se.Name.Space == stufGGkNS && se.Name.Local == "envelopRetourbericht-ggk_Du01":
		pl.env.Berichtcode = "Du01"
	default:
		return &FileError{Line: 1,
			Reason:   fmt.Sprintf("StUF-GGk-bericht <%s> wordt niet geïmporteerd; verwacht een envelop envelopHeenbericht-ggk_Di01 of envelopRetourbericht-ggk_Du01", se.Name.Local),
			ReasonEN: fmt.Sprintf("StUF-GGk message <%s> is not imported; expected an envelopHeenbericht-ggk_Di01 or envelopRetourbericht-ggk_Du01 envelope", se.Name.Local)}
	}
	return nil
}

// set keeps the stuurgegevens Ontschot reports.
func (pl *stufPayload) set(path, v string) {
	switch path {
	case "stuurgegevens/referentienummer":
		pl.env.Referentienummer = v
	case "stuurgegevens/functie":
		pl.env.Functie = v
	case "stuurgegevens/zender/organisatie":
		pl.env.Zender = v
	case "parameters/bericht":
		pl.hasBericht = true
	}
}

// message returns the iJw/iWmo message the envelope carries, and the lines
// of the envelope before it (0 unless it is inline).
func (pl *stufPayload) message() ([]byte, int, error) {
	env := &pl.env
	fail := func(nl, en string) ([]byte, int, error) {
		return nil, 0, &FileError{Reason: fmt.Sprintf("StUF-envelop %s (referentienummer %s): %s", env.Berichtcode, env.Referentienummer, nl),
			ReasonEN: fmt.Sprintf("StUF envelope %s (referentienummer %s): %s", env.Berichtcode, env.Referentienummer, en)}
	}
	if env.Referentienummer == "" {
		return fail("stuurgegevens/referentienummer ontbreekt", "stuurgegevens/referentienummer is missing")
	}
	if pl.tekst != "" {
		return fail(fmt.Sprintf("de envelop bevat een tekstbestand (%s), geen iJw/iWmo-bericht; lever een CSV-bestand rechtstreeks aan", kluis.MaskFreeText(pl.tekst)),
			fmt.Sprintf("the envelope holds a text file (%s), not an iJw/iWmo message; upload a CSV file directly", kluis.MaskFreeText(pl.tekst)))
	}
	if pl.inline != nil {
		return pl.inline, pl.lineBase, nil
	}
	if !pl.hasBericht {
		return fail("parameters/bericht/xmlBestand ontbreekt", "parameters/bericht/xmlBestand is missing")
	}
	text := strings.TrimSpace(pl.text.String())
	if strings.HasPrefix(text, "<") { // inline as text or CDATA
		return []byte(text), 0, nil
	}
	msg, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), ""))
	if err != nil || len(msg) == 0 {
		return fail("xmlBestand is leeg of geen geldige base64 (verwacht het iJw/iWmo-bericht in base64 of als XML)",
			"xmlBestand is empty or not valid base64 (expected the iJw/iWmo message as base64 or as XML)")
	}
	env.Base64 = true
	if start := bytes.TrimLeft(bytes.TrimPrefix(msg, []byte("\xef\xbb\xbf")), " \t\r\n"); len(start) == 0 || start[0] != '<' {
		head := string(start[:min(len(start), 40)])
		return fail(fmt.Sprintf("xmlBestand bevat geen XML-bericht maar tekst (%q…); verwacht een iJw/iWmo 3.2-bericht", kluis.MaskFreeText(head)),
			fmt.Sprintf("xmlBestand holds no XML message but text (%q…); expected an iJw/iWmo 3.2 message", kluis.MaskFreeText(head)))
	}
	return msg, 0, nil
}

func stufError(d *xml.Decoder, nl, en string) error {
	line, _ := d.InputPos()
	return &FileError{Line: line, Reason: "StUF-envelop: " + nl, ReasonEN: "StUF envelope: " + en}
}

func stufSyntax(d *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		nl, en := xmlSyntaxReason(se.Msg)
		return &FileError{Line: se.Line, Reason: "StUF-envelop: geen geldige XML: " + nl, ReasonEN: "StUF envelope: not well-formed XML: " + en}
	}
	nl, en := xmlReadError(err)
	return stufError(d, nl, en)
}
