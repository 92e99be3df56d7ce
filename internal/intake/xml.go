package intake

// iJw/iWmo release 3.2 messages: JW323/WMO323 declarations, JW301/WMO301
// assignments, JW305/WMO305 and JW307/WMO307 start and stop of care,
// JW315 requests for an assignment (with the referrer), bare
// or in a StUF-GGk envelope (stuf.go). The parser streams with encoding/xml token by token, so a
// declaration of any size is read with flat memory: nothing of a prestatie
// is kept once it has gone to the sink, except the running total.
//
// What refuses the whole message (a *FileError; the caller rolls back
// everything of the file): not well-formed XML or an unsupported encoding
// (xml_reader.go reads UTF-8 with or without BOM, and a declared
// ISO-8859-1/-15 or Windows-1252), a wrong root or namespace,
// another release (the 2.x JW303/WMO303 get a message telling the provider
// to send JW323/WMO323), a BerichtCode, BerichtVersie or BerichtSubversie
// that does not belong to the namespace, a header that cannot be read, an
// element the 3.2 schema does not have at that place (also inside one
// Prestatie: an unknown element means the sender's software does not speak
// 3.2, so none of its data is trusted), a 1..1 element that is missing or
// repeated in the header or declaration, and a TotaalIngediendBedrag that
// differs from the sum of the prestaties (debits minus credits).
//
// What refuses one prestatie or product (a Rejection): a bad BSN, a
// category outside JZ020/WMO020, a unit outside WJ756, a reason outside
// JZ588/WMO588, a date, volume or amount that cannot be read, a missing
// element inside the prestatie, a ProductPeriode after the DeclaratiePeriode
// (TR319; earlier periods are accepted).

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/money"
)

// XMLInfo describes one parsed message.
type XMLInfo struct {
	Bericht       string // "JW323", "WMO323", "JW301", "WMO301", "JW305", …
	BerichtCode   int    // 490, 484, 436, 414, 438, 418, 440, 420
	Identificatie string // Header BerichtIdentificatie/Identificatie
	Afzender      string // 323/305/307: the provider's AGB code; 301: the municipality
	Ontvanger     string // 323/305/307: the municipality; 301: the provider's AGB code
	Declaratie    string // DeclaratieNummer (323 only)
	Periode       [2]Date
	Totaal        money.Cents // TotaalIngediendBedrag, signed (323 only)
	Clients       int
	// Prestaties counts the prestaties (323), assigned products (301) or
	// started/stopped products (305/307) seen; each went to exactly one of
	// sink.Delivery/Toewijzing/StartStop or sink.Reject. It is the "rows" of the import report.
	Prestaties int
	// Envelop is the StUF-GGk envelope the message came in, or nil.
	Envelop *Envelop
}

// Release 3.2 namespaces.
const (
	xmlNSBase      = "http://www.istandaarden.nl/"
	xmlRelease     = "3_2"
	xmlVersie      = "3"
	xmlSubversie   = "2"
	xmlMaxTextSize = 4096 // no element of these messages holds more text
)

// xmlSoort is one message type this parser accepts.
type xmlSoort struct {
	bericht     string // "JW323"
	code        int
	standaard   string // "ijw" / "iwmo"
	naam        string // "jw323": the namespace segment
	geldstroom  string
	declaratie  bool // 323 (declaration) rather than 301 (assignment)
	categorieen map[string]string
	zorg        string // "start" (305), "stop" (307) or "verzoek" (315); "" for 323 and 301
}

// toewijzing reports whether s is a 301 (assignment) message: the only one
// the municipality sends, so its Ontvanger is the provider's AGB code.
func (s *xmlSoort) toewijzing() bool { return !s.declaratie && s.zorg == "" }

var xmlSoorten = []xmlSoort{
	{"JW323", 490, "ijw", "jw323", "jeugdwet", true, xmlJZ020, ""},
	{"WMO323", 484, "iwmo", "wmo323", "wmo", true, xmlWMO020, ""},
	{"JW301", 436, "ijw", "jw301", "jeugdwet", false, xmlJZ020, ""},
	{"WMO301", 414, "iwmo", "wmo301", "wmo", false, xmlWMO020, ""},
	{"JW305", 438, "ijw", "jw305", "jeugdwet", false, xmlJZ020, "start"},
	{"WMO305", 418, "iwmo", "wmo305", "wmo", false, xmlWMO020, "start"},
	{"JW307", 440, "ijw", "jw307", "jeugdwet", false, xmlJZ020, "stop"},
	{"WMO307", 420, "iwmo", "wmo307", "wmo", false, xmlWMO020, "stop"},
	{"JW315", 446, "ijw", "jw315", "jeugdwet", false, xmlJZ020, "verzoek"},
}

func (s *xmlSoort) namespace() string {
	return xmlNSBase + s.standaard + "/" + xmlRelease + "/" + s.naam + "/schema"
}

func (s *xmlSoort) basisNamespace() string {
	return xmlNSBase + s.standaard + "/" + xmlRelease + "/basisschema/schema"
}

// xmlNamespaceParts splits "http://www.istandaarden.nl/ijw/3_2/jw323/schema"
// into its standard, release and message segments.
func xmlNamespaceParts(ns string) (standaard, release, bericht string, ok bool) {
	rest, found := strings.CutPrefix(ns, xmlNSBase)
	if !found {
		return "", "", "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 4 || parts[3] != "schema" {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// ParseXML reads one iJw/iWmo 3.2 message (JW323, WMO323, JW301, WMO301)
// from r and hands every prestatie or assigned product to sink, in order.
// A *FileError refuses the whole message; the sink may already have
// received records of it, which the caller must discard. An error from the
// sink is returned as it is.
//
// A message wrapped in a StUF-GGk 0210 envelope (Di01 or Du01) is unwrapped
// first; XMLInfo.Envelop then says which envelope brought it.
func ParseXML(r io.Reader, sink Sink) (XMLInfo, error) {
	br, charset, err := xmlOpenInput(r)
	if err != nil {
		return XMLInfo{}, err
	}
	if stufEnvelope(br) {
		return parseEnvelope(br, charset, sink)
	}
	return parseMessage(br, charset, sink)
}

// parseMessage reads one iJw/iWmo message from br, which is UTF-8.
func parseMessage(br *bufio.Reader, charset string, sink Sink) (XMLInfo, error) {
	return parseMessageAt(br, charset, 0, sink)
}

// parseMessageAt reads a message that starts after lineBase lines of its file.
func parseMessageAt(br *bufio.Reader, charset string, lineBase int, sink Sink) (XMLInfo, error) {
	in := &xmlInput{r: br}
	p := &xmlParser{d: xmlDecoderTokens{xmlNewDecoder(in, charset)}, in: in, sink: sink, lineBase: lineBase}
	err := p.document()
	return p.info, err
}

type xmlParser struct {
	d     xmlTokens
	in    *xmlInput // what d reads; nil in a chunk worker
	sink  Sink
	soort *xmlSoort
	ns    string // the message namespace
	basis string // the basisschema namespace
	info  XMLInfo

	client, prestatie int // 1-based position, for messages
	sum               money.Cents
	sumUnknown        bool // a prestatie amount could not be read
	totaalLine        int  // where TotaalIngediendBedrag is, for the error about it
	text              []byte
	lineBase          int        // lines not seen by d: before a chunk, or read past by the splitter
	nsDecls           []xml.Attr // namespace declarations in scope at Clienten
	open              []xml.Name // raw names of the open elements
	scope             []xmlScope
	cur               xmlTok // the token tok returned last
}

// xmlProblem is the first thing wrong with one prestatie or product; more
// holds the others, so the report names every problem of the element.
type xmlProblem struct {
	line             int
	field, nl, en    string
	hasProblem       bool
	clientBSNProblem bool
	more             []xmlProblem
}

func (pr *xmlProblem) set(line int, field, nl, en string) {
	if pr.hasProblem {
		pr.more = append(pr.more, xmlProblem{line: line, field: field, nl: nl, en: en, hasProblem: true})
		return
	}
	*pr = xmlProblem{line: line, field: field, nl: nl, en: en, hasProblem: true}
}

func (p *xmlParser) line() int {
	l, _ := p.d.InputPos()
	return l + p.lineBase
}

// where names the place in the message for a person reading an error.
func (p *xmlParser) where() (nl, en string) {
	nl, en = p.info.Bericht, p.info.Bericht
	if p.info.Identificatie != "" {
		nl += " " + p.info.Identificatie
		en += " " + p.info.Identificatie
	}
	if p.client > 0 {
		nl += fmt.Sprintf(", cliënt %d", p.client)
		en += fmt.Sprintf(", client %d", p.client)
	}
	if p.prestatie > 0 {
		what := "prestatie"
		if p.soort != nil && !p.soort.declaratie {
			// 301 ToegewezenProduct, 305 StartProduct, 307 StopProduct
			what = "product"
		}
		nl += fmt.Sprintf(", %s %d", what, p.prestatie)
		en += fmt.Sprintf(", %s %d", what, p.prestatie)
	}
	if nl == "" {
		return "bericht", "message"
	}
	return nl, en
}

func (p *xmlParser) fail(line int, nl, en string) error {
	wnl, wen := p.where()
	return &FileError{Line: line, Reason: wnl + ": " + nl, ReasonEN: wen + ": " + en}
}

func (p *xmlParser) unknown(se xml.StartElement, parent string) error {
	return p.fail(p.line(), fmt.Sprintf("onbekend element <%s> in %s (niet in het iStandaarden 3.2-schema); het hele bericht is geweigerd", xmlLabel(se.Name), parent),
		fmt.Sprintf("unknown element <%s> in %s (not in the iStandaarden 3.2 schema); the whole message is refused", xmlLabel(se.Name), parent))
}

func (p *xmlParser) duplicate(se xml.StartElement, parent string) error {
	return p.fail(p.line(), fmt.Sprintf("element <%s> komt meer dan eens voor in %s", se.Name.Local, parent),
		fmt.Sprintf("element <%s> occurs more than once in %s", se.Name.Local, parent))
}

func (p *xmlParser) missing(line int, name, parent string) error {
	return p.fail(line, fmt.Sprintf("verplicht element <%s> ontbreekt in %s", name, parent),
		fmt.Sprintf("required element <%s> is missing in %s", name, parent))
}

func xmlLabel(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Local + " xmlns=" + strconv.Quote(n.Space)
}

func (p *xmlParser) syntax(err error) error {
	if errors.Is(err, io.EOF) {
		return p.fail(p.line(), "het bericht houdt halverwege op", "the message ends prematurely")
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		nl, en := xmlSyntaxReason(se.Msg)
		return p.fail(se.Line+p.lineBase, "geen geldige XML: "+nl, "not well-formed XML: "+en)
	}
	nl, en := xmlReadError(err)
	return p.fail(p.line(), nl, en)
}

func (p *xmlParser) document() error {
	var root *xml.StartElement
	for root == nil {
		tok, err := p.token()
		if err == io.EOF {
			return &FileError{Reason: "leeg bestand: geen XML-bericht gevonden", ReasonEN: "empty file: no XML message found"}
		}
		if err != nil {
			return p.syntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			se := t.Copy()
			root = &se
			p.nsDecls = append(p.nsDecls, se.Attr...)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return p.fail(p.line(), "tekst vóór het berichtelement", "text before the message element")
			}
		case xml.Directive:
			return p.fail(p.line(), "DOCTYPE of andere directive is niet toegestaan", "DOCTYPE or other directives are not allowed")
		}
	}
	if err := p.root(*root); err != nil {
		return err
	}
	line := p.line()
	if err := p.children("Bericht", p.bericht); err != nil {
		return err
	}
	if p.info.BerichtCode == 0 {
		return p.missing(line, "Header", "Bericht")
	}
	if p.soort.declaratie && p.info.Declaratie == "" {
		return p.missing(line, "Declaratie", "Bericht")
	}
	if !p.soort.declaratie && p.info.Clients == 0 {
		return p.missing(line, "Client", "Bericht")
	}
	// Only white space, comments and processing instructions may follow.
	for {
		tok, err := p.token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.syntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return p.fail(p.line(), "meer dan één berichtelement in het bestand", "more than one message element in the file")
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return p.fail(p.line(), "tekst na het einde van het bericht", "text after the end of the message")
			}
		}
	}
	if p.soort.declaratie {
		if p.sumUnknown {
			return p.fail(p.totaalLine, "TotaalIngediendBedrag kan niet worden gecontroleerd omdat een IngediendBedrag onleesbaar is; de hele declaratie is geweigerd",
				"TotaalIngediendBedrag cannot be checked because an IngediendBedrag is unreadable; the whole declaration is refused")
		}
		if p.sum != p.info.Totaal {
			return p.fail(p.totaalLine, fmt.Sprintf("TotaalIngediendBedrag %s is niet gelijk aan de som van de prestaties %s (debet min credit); de hele declaratie is geweigerd",
				money.Format(p.info.Totaal), money.Format(p.sum)),
				fmt.Sprintf("TotaalIngediendBedrag %s does not equal the sum of the prestaties %s (debits minus credits); the whole declaration is refused",
					money.Format(p.info.Totaal), money.Format(p.sum)))
		}
	}
	return nil
}

// root identifies the message type from the root element's namespace.
func (p *xmlParser) root(se xml.StartElement) error {
	line := p.line()
	std, rel, ber, ok := xmlNamespaceParts(se.Name.Space)
	if ok && (ber == "jw303" || ber == "wmo303") {
		nieuw := "JW323"
		if ber == "wmo303" {
			nieuw = "WMO323"
		}
		oud := strings.ToUpper(ber)
		return &FileError{Line: line,
			Reason: fmt.Sprintf("%s (release %s) wordt niet meer geaccepteerd: declareer met %s volgens release 3.2 (namespace %s%s/3_2/%s/schema)",
				oud, strings.ReplaceAll(rel, "_", "."), nieuw, xmlNSBase, std, strings.ToLower(nieuw)),
			ReasonEN: fmt.Sprintf("%s (release %s) is no longer accepted: send a %s declaration, release 3.2 (namespace %s%s/3_2/%s/schema)",
				oud, strings.ReplaceAll(rel, "_", "."), nieuw, xmlNSBase, std, strings.ToLower(nieuw))}
	}
	for i := range xmlSoorten {
		s := &xmlSoorten[i]
		if !ok || std != s.standaard || ber != s.naam {
			continue
		}
		if rel != xmlRelease {
			return &FileError{Line: line,
				Reason:   fmt.Sprintf("%s release %s wordt niet ondersteund: stuur release 3.2 (namespace %s)", s.bericht, strings.ReplaceAll(rel, "_", "."), s.namespace()),
				ReasonEN: fmt.Sprintf("%s release %s is not supported: send release 3.2 (namespace %s)", s.bericht, strings.ReplaceAll(rel, "_", "."), s.namespace())}
		}
		if se.Name.Local != "Bericht" {
			return &FileError{Line: line, Reason: fmt.Sprintf("het berichtelement heet <%s>, verwacht <Bericht>", se.Name.Local),
				ReasonEN: fmt.Sprintf("the message element is <%s>, expected <Bericht>", se.Name.Local)}
		}
		p.soort, p.ns, p.basis = s, s.namespace(), s.basisNamespace()
		p.info.Bericht = s.bericht
		return nil
	}
	if ok && (std == "ijw" || std == "iwmo") {
		return &FileError{Line: line,
			Reason:   fmt.Sprintf("berichttype %s wordt niet geïmporteerd; Ontschot leest JW323, WMO323, JW301, WMO301, JW305, WMO305, JW307, WMO307 en JW315 (release 3.2)", strings.ToUpper(ber)),
			ReasonEN: fmt.Sprintf("message type %s is not imported; Ontschot reads JW323, WMO323, JW301, WMO301, JW305, WMO305, JW307, WMO307 and JW315 (release 3.2)", strings.ToUpper(ber))}
	}
	ns := se.Name.Space
	if ns == "" {
		ns = "(geen)"
	}
	return &FileError{Line: line,
		Reason:   fmt.Sprintf("onbekende namespace %s van <%s>: verwacht een iJw/iWmo 3.2-bericht, bijv. %s", ns, se.Name.Local, xmlSoorten[0].namespace()),
		ReasonEN: fmt.Sprintf("unknown namespace %s of <%s>: expected an iJw/iWmo 3.2 message, e.g. %s", ns, se.Name.Local, xmlSoorten[0].namespace())}
}

func (p *xmlParser) bericht(se xml.StartElement) error {
	switch {
	case p.m(se, "Header"):
		if p.info.BerichtCode != 0 {
			return p.duplicate(se, "Bericht")
		}
		return p.header()
	case p.info.BerichtCode == 0:
		return p.fail(p.line(), fmt.Sprintf("<%s> vóór de Header", se.Name.Local), fmt.Sprintf("<%s> before the Header", se.Name.Local))
	case p.soort.declaratie && p.m(se, "Declaratie"):
		if p.info.Declaratie != "" {
			return p.duplicate(se, "Bericht")
		}
		p.nsDecls = append(p.nsDecls, se.Attr...)
		return p.declaratie()
	case !p.soort.declaratie && p.m(se, "Client"):
		if p.info.Clients > 0 {
			return p.duplicate(se, "Bericht")
		}
		if p.soort.zorg == "verzoek" {
			return p.client315()
		}
		if p.soort.zorg != "" {
			return p.client305307()
		}
		return p.client301()
	}
	return p.unknown(se, "Bericht")
}

func (p *xmlParser) header() error {
	line := p.line()
	var code, versie, subversie string
	seen := map[string]bool{}
	err := p.children("Header", func(se xml.StartElement) error {
		if se.Name.Space == p.ns && seen[se.Name.Local] {
			return p.duplicate(se, "Header")
		}
		var err error
		switch {
		case p.m(se, "BerichtCode"):
			code, err = p.value(se)
		case p.m(se, "BerichtVersie"):
			versie, err = p.value(se)
		case p.m(se, "BerichtSubversie"):
			subversie, err = p.value(se)
		case p.m(se, "Afzender"):
			p.info.Afzender, err = p.value(se)
		case p.m(se, "Ontvanger"):
			p.info.Ontvanger, err = p.value(se)
		case p.m(se, "BerichtIdentificatie"):
			err = p.children("BerichtIdentificatie", func(c xml.StartElement) error {
				var err error
				switch {
				case p.b(c, "Identificatie"):
					p.info.Identificatie, err = p.value(c)
				case p.b(c, "Dagtekening"):
					_, err = p.value(c)
				default:
					return p.unknown(c, "BerichtIdentificatie")
				}
				return err
			})
		case p.m(se, "XsdVersie"):
			err = p.children("XsdVersie", func(c xml.StartElement) error {
				if p.b(c, "BasisschemaXsdVersie") || p.b(c, "BerichtXsdVersie") {
					_, err := p.value(c)
					return err
				}
				return p.unknown(c, "XsdVersie")
			})
		default:
			return p.unknown(se, "Header")
		}
		seen[se.Name.Local] = true
		return err
	})
	if err != nil {
		return err
	}
	for _, name := range []string{"BerichtCode", "BerichtVersie", "BerichtSubversie", "Afzender", "Ontvanger", "BerichtIdentificatie", "XsdVersie"} {
		if !seen[name] {
			return p.missing(line, name, "Header")
		}
	}
	if code != strconv.Itoa(p.soort.code) {
		return p.fail(line, fmt.Sprintf("BerichtCode %q hoort niet bij namespace %s (verwacht %d)", code, p.ns, p.soort.code),
			fmt.Sprintf("BerichtCode %q does not belong to namespace %s (expected %d)", code, p.ns, p.soort.code))
	}
	p.info.BerichtCode = p.soort.code
	if versie != xmlVersie || subversie != xmlSubversie {
		return p.fail(line, fmt.Sprintf("BerichtVersie %q / BerichtSubversie %q: release 3.2 vraagt 3 / 2", versie, subversie),
			fmt.Sprintf("BerichtVersie %q / BerichtSubversie %q: release 3.2 requires 3 / 2", versie, subversie))
	}
	if p.info.Identificatie == "" {
		return p.missing(line, "Identificatie", "BerichtIdentificatie")
	}
	agb, gemeente := p.info.Afzender, p.info.Ontvanger
	agbField, gemField := "Afzender", "Ontvanger"
	if p.soort.toewijzing() {
		agb, gemeente = p.info.Ontvanger, p.info.Afzender
		agbField, gemField = "Ontvanger", "Afzender"
	}
	if !xmlDigits(agb, 8) {
		return p.fail(line, fmt.Sprintf("%s %q is geen AGB-code van 8 cijfers", agbField, agb), fmt.Sprintf("%s %q is not an 8-digit AGB code", agbField, agb))
	}
	if !xmlDigits(gemeente, 4) {
		return p.fail(line, fmt.Sprintf("%s %q is geen gemeentecode van 4 cijfers", gemField, gemeente), fmt.Sprintf("%s %q is not a 4-digit municipality code", gemField, gemeente))
	}
	return nil
}
