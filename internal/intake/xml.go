package intake

// iJw/iWmo release 3.2 messages: JW323/WMO323 declarations and JW301/WMO301
// assignments. The parser streams with encoding/xml token by token, so a
// declaration of any size is read with flat memory: nothing of a prestatie
// is kept once it has gone to the sink, except the running total.
//
// What refuses the whole message (a *FileError; the caller rolls back
// everything of the file): not well-formed XML, a wrong root or namespace,
// another release (the 2.x JW303/WMO303 get a message telling the provider
// to send JW323/WMO323), a BerichtCode, BerichtVersie or BerichtSubversie
// that does not belong to the namespace, a header that cannot be read, an
// element the 3.2 schema does not have at that place (also inside one
// Prestatie: an unknown element means the sender's software does not speak
// 3.2, so none of its data is trusted), a 1..1 element that is missing or
// repeated in the header or declaration, and a TotaalIngediendBedrag that
// differs from the sum of the prestaties (debits minus credits).
//
// What refuses one prestatie or assigned product (a Rejection): a bad BSN,
// a category outside JZ020/WMO020, a unit outside WJ756, a date, volume or
// amount that cannot be read, a missing element inside the prestatie.

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/money"
)

// XMLInfo describes one parsed message.
type XMLInfo struct {
	Bericht       string // "JW323", "WMO323", "JW301", "WMO301"
	BerichtCode   int    // 490, 484, 436, 414
	Identificatie string // Header BerichtIdentificatie/Identificatie
	Afzender      string // 323: the provider's AGB code; 301: the municipality
	Ontvanger     string // 323: the municipality; 301: the provider's AGB code
	Declaratie    string // DeclaratieNummer (323 only)
	Periode       [2]Date
	Totaal        money.Cents // TotaalIngediendBedrag, signed (323 only)
	Clients       int
	// Prestaties counts the prestaties (323) or assigned products (301)
	// seen; each went to exactly one of sink.Delivery/Toewijzing or
	// sink.Reject. It is the "rows" of the import report.
	Prestaties int
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
}

// JZ020 (iJw 3.2) product categories.
var xmlJZ020 = map[string]string{
	"31": "(2015) zonder verblijf: wijk- of buurtteam", "32": "(2015) zonder verblijf: ambulant op locatie aanbieder",
	"33": "(2015) zonder verblijf: daghulp op locatie aanbieder", "34": "(2015) zonder verblijf: in het netwerk van de jeugdige",
	"35": "(2015) met verblijf: pleegzorg", "36": "(2015) met verblijf: gezinsgericht", "37": "(2015) met verblijf: gesloten plaatsing",
	"38": "(2015) met verblijf: overig residentieel", "40": "persoonlijke verzorging", "41": "dagbehandeling", "42": "vervoerdiensten",
	"43": "jeugdhulp verblijf (incl. behandeling)", "44": "jeugdhulp verblijf (excl. behandeling)", "45": "jeugdhulp ambulant",
	"46": "jeugdhulp crisis", "47": "jeugdreclassering", "48": "jeugdbescherming", "49": "preventief justitieel kader",
	"50": "maatwerkarrangementen jeugd", "51": "generalistische basis-ggz", "52": "specialistische ggz", "53": "kindergeneeskunde",
	"54": "jeugd-ggz", "55": "landelijk ingekochte zorg",
}

// WMO020 (iWmo 3.2) product categories.
var xmlWMO020 = map[string]string{
	"01": "hulp bij het huishouden", "02": "begeleiding", "03": "persoonlijke verzorging", "04": "kortdurend verblijf",
	"05": "woondiensten", "06": "overige ondersteuning individu/huishouden", "07": "dagbesteding", "08": "vervoerdiensten",
	"09": "overige groepsgerichte ondersteuning", "10": "overige maatwerkarrangementen", "11": "rolstoelen",
	"12": "vervoervoorzieningen", "13": "woonvoorzieningen", "14": "overige hulpmiddelen", "15": "beschermd wonen",
	"16": "opvang", "17": "spoedopvang", "18": "overige beschermd wonen en opvang",
}

// WMO757 frequencies, used in the Omvang of both standards.
var xmlFrequenties = map[string]string{"1": "per dag", "2": "per week", "4": "per maand", "6": "totaal binnen geldigheidsduur toewijzing"}

var xmlSoorten = []xmlSoort{
	{"JW323", 490, "ijw", "jw323", "jeugdwet", true, xmlJZ020},
	{"WMO323", 484, "iwmo", "wmo323", "wmo", true, xmlWMO020},
	{"JW301", 436, "ijw", "jw301", "jeugdwet", false, xmlJZ020},
	{"WMO301", 414, "iwmo", "wmo301", "wmo", false, xmlWMO020},
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
func ParseXML(r io.Reader, sink Sink) (XMLInfo, error) {
	// The 3.2 messages are UTF-8; the decoder refuses another declared
	// encoding, as it has no CharsetReader.
	in := &xmlInput{r: bufio.NewReaderSize(r, 64<<10)}
	p := &xmlParser{d: xml.NewDecoder(in), in: in, sink: sink}
	err := p.document()
	return p.info, err
}

type xmlParser struct {
	d     *xml.Decoder
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
}

// xmlProblem is the first thing wrong with one prestatie or product.
type xmlProblem struct {
	line             int
	field, nl, en    string
	hasProblem       bool
	clientBSNProblem bool
}

func (pr *xmlProblem) set(line int, field, nl, en string) {
	if pr.hasProblem {
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
		return p.fail(se.Line+p.lineBase, "geen geldige XML: "+se.Msg, "not well-formed XML: "+se.Msg)
	}
	return p.fail(p.line(), "bericht niet leesbaar: "+err.Error(), "message cannot be read: "+err.Error())
}

// xmlScope is one namespace declaration in scope.
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
			Reason:   fmt.Sprintf("berichttype %s wordt niet geïmporteerd; Ontschot leest JW323, WMO323, JW301 en WMO301 (release 3.2)", strings.ToUpper(ber)),
			ReasonEN: fmt.Sprintf("message type %s is not imported; Ontschot reads JW323, WMO323, JW301 and WMO301 (release 3.2)", strings.ToUpper(ber))}
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
	if !p.soort.declaratie {
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

func (p *xmlParser) declaratie() error {
	line := p.line()
	seen := map[string]bool{}
	var totaalDC string
	var totaalBedrag int64
	totaalOK := false
	err := p.children("Declaratie", func(se xml.StartElement) error {
		if se.Name.Space == p.ns && seen[se.Name.Local] {
			return p.duplicate(se, "Declaratie")
		}
		if !p.m(se, "Clienten") {
			if p.info.Clients > 0 {
				return p.fail(p.line(), fmt.Sprintf("<%s> na Clienten", se.Name.Local), fmt.Sprintf("<%s> after Clienten", se.Name.Local))
			}
		}
		var err error
		switch {
		case p.m(se, "DeclaratieNummer"):
			p.info.Declaratie, err = p.value(se)
			if err == nil && p.info.Declaratie == "" {
				return p.fail(p.line(), "DeclaratieNummer is leeg", "DeclaratieNummer is empty")
			}
		case p.m(se, "DeclaratiePeriode"):
			var nl, en, field string
			p.info.Periode, field, nl, en, err = p.periode(se)
			if err == nil && nl != "" {
				return p.fail(p.line(), "DeclaratiePeriode/"+field+": "+nl, "DeclaratiePeriode/"+field+": "+en)
			}
		case p.m(se, "DeclaratieDagtekening"):
			var v string
			v, err = p.value(se)
			if err == nil {
				if _, ok := xmlDate(v); !ok {
					return p.fail(p.line(), fmt.Sprintf("DeclaratieDagtekening %q is geen datum JJJJ-MM-DD", v), fmt.Sprintf("DeclaratieDagtekening %q is not a date YYYY-MM-DD", v))
				}
			}
		case p.m(se, "TotaalIngediendBedrag"):
			p.totaalLine = p.line()
			err = p.children("TotaalIngediendBedrag", func(c xml.StartElement) error {
				var err error
				var v string
				switch {
				case p.b(c, "TotaalBedrag"):
					v, err = p.value(c)
					if err == nil {
						if totaalBedrag, totaalOK = xmlCents(v); !totaalOK {
							return p.fail(p.line(), fmt.Sprintf("TotaalBedrag %q is geen geheel aantal eurocent", v), fmt.Sprintf("TotaalBedrag %q is not a whole number of eurocents", v))
						}
					}
				case p.b(c, "DebetCredit"):
					totaalDC, err = p.value(c)
				default:
					return p.unknown(c, "TotaalIngediendBedrag")
				}
				return err
			})
			if err == nil && (!totaalOK || (totaalDC != "D" && totaalDC != "C")) {
				return p.fail(p.line(), "TotaalIngediendBedrag heeft een TotaalBedrag en DebetCredit D of C nodig", "TotaalIngediendBedrag needs a TotaalBedrag and DebetCredit D or C")
			}
			p.info.Totaal = money.Cents(totaalBedrag)
			if totaalDC == "C" {
				p.info.Totaal = -p.info.Totaal
			}
		case p.m(se, "Clienten"):
			for _, name := range []string{"DeclaratieNummer", "DeclaratiePeriode", "DeclaratieDagtekening", "TotaalIngediendBedrag"} {
				if !seen[name] {
					return p.missing(p.line(), name, "Declaratie")
				}
			}
			p.nsDecls = append(p.nsDecls, se.Attr...)
			err = p.clienten()
			if err == nil && p.info.Clients == 0 {
				return p.missing(p.line(), "Client", "Clienten")
			}
		default:
			return p.unknown(se, "Declaratie")
		}
		seen[se.Name.Local] = true
		return err
	})
	if err != nil {
		return err
	}
	if !seen["Clienten"] {
		return p.missing(line, "Clienten", "Declaratie")
	}
	return nil
}

// periode reads a CDT_GeslotenPeriode (Begindatum, Einddatum). A content
// problem comes back as field/nl/en, a structural one as err.
func (p *xmlParser) periode(se xml.StartElement) (per [2]Date, field, nl, en string, err error) {
	var begin, eind string
	var hasBegin, hasEind bool
	for {
		c, ok, err := p.next(se.Name.Local)
		if err != nil {
			return per, "", "", "", err
		}
		if !ok {
			break
		}
		switch {
		case p.b(c, "Begindatum") && !hasBegin:
			begin, err = p.value(c)
			hasBegin = true
		case p.b(c, "Einddatum") && !hasEind:
			eind, err = p.value(c)
			hasEind = true
		case p.b(c, "Begindatum"), p.b(c, "Einddatum"):
			err = p.duplicate(c, se.Name.Local)
		default:
			err = p.unknown(c, se.Name.Local)
		}
		if err != nil {
			return per, "", "", "", err
		}
	}
	var ok bool
	if per[0], ok = xmlDate(begin); !ok {
		return per, "Begindatum", fmt.Sprintf("%q is geen datum JJJJ-MM-DD", begin), fmt.Sprintf("%q is not a date YYYY-MM-DD", begin), nil
	}
	if per[1], ok = xmlDate(eind); !ok {
		return per, "Einddatum", fmt.Sprintf("%q is geen datum JJJJ-MM-DD", eind), fmt.Sprintf("%q is not a date YYYY-MM-DD", eind), nil
	}
	if per[1] < per[0] {
		return per, "Einddatum", fmt.Sprintf("einddatum %s ligt vóór begindatum %s", per[1], per[0]), fmt.Sprintf("end date %s is before start date %s", per[1], per[0]), nil
	}
	return per, "", "", "", nil
}

// xmlClientBSN checks a client's Bsn; a bad one rejects all the client's rows.
func xmlClientBSN(v string) (string, *xmlProblem) {
	bsn, err := kluis.NormalizeBSN(v)
	if err != nil || len(strings.TrimSpace(v)) != 9 {
		reason := "BSN moet 9 cijfers hebben / BSN must have 9 digits"
		if err != nil {
			reason = err.Error()
		}
		nl, en, _ := strings.Cut(reason, " / ")
		return "", &xmlProblem{field: "Bsn", nl: nl + " (" + kluis.MaskBSN(strings.TrimSpace(v)) + ")", en: en, hasProblem: true, clientBSNProblem: true}
	}
	return bsn, nil
}

func (p *xmlParser) client323() error {
	p.info.Clients++
	p.client, p.prestatie = p.info.Clients, 0
	defer func() { p.client, p.prestatie = 0, 0 }()
	clientLine := p.line()
	var bsn string
	var bsnProblem *xmlProblem
	seenBsn, seenPrestaties := false, false
	for {
		se, ok, err := p.next("Client")
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch {
		case p.m(se, "Bsn"):
			if seenBsn {
				return p.duplicate(se, "Client")
			}
			seenBsn = true
			v, err := p.value(se)
			if err != nil {
				return err
			}
			bsn, bsnProblem = xmlClientBSN(v)
		case p.m(se, "Prestaties"):
			if seenPrestaties {
				return p.duplicate(se, "Client")
			}
			seenPrestaties = true
			if !seenBsn {
				return p.missing(p.line(), "Bsn", "Client (vóór Prestaties)")
			}
			n := 0
			for {
				c, ok, err := p.next("Prestaties")
				if err != nil {
					return err
				}
				if !ok {
					break
				}
				if !p.m(c, "Prestatie") {
					return p.unknown(c, "Prestaties")
				}
				n++
				p.prestatie = n
				if err := p.prestatie323(bsn, bsnProblem); err != nil {
					return err
				}
				p.prestatie = 0
			}
			if n == 0 {
				return p.missing(p.line(), "Prestatie", "Prestaties")
			}
		default:
			return p.unknown(se, "Client")
		}
	}
	if !seenPrestaties {
		return p.missing(clientLine, "Prestaties", "Client")
	}
	return nil
}

// The children of a Prestatie, in schema order.
var xmlPrestatieElementen = [...]string{"ProductReferentie", "ToewijzingNummer", "ProductCategorie", "ProductCode",
	"ProductPeriode", "GeleverdVolume", "Eenheid", "ProductTarief", "IngediendBedrag"}

// prestatie323 reads one Prestatie and sends it to the sink. It is the hot
// path of a large declaration, so it loops instead of using closures.
func (p *xmlParser) prestatie323(bsn string, bsnProblem *xmlProblem) error {
	p.info.Prestaties++
	line := p.line()
	d := Delivery{Line: line, AGB: p.info.Afzender, BSN: bsn, Geldstroom: p.soort.geldstroom, Bron: p.soort.bericht}
	var pr xmlProblem
	if bsnProblem != nil {
		pr = *bsnProblem
		pr.line = line
	}
	var seen [len(xmlPrestatieElementen)]bool
	var refNummer, vorigRef, dc string
	amountOK := false
	for {
		se, ok, err := p.next("Prestatie")
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		idx := -1
		if se.Name.Space == p.ns {
			for i, name := range xmlPrestatieElementen {
				if se.Name.Local == name {
					idx = i
					break
				}
			}
		}
		if idx < 0 {
			return p.unknown(se, "Prestatie")
		}
		if seen[idx] {
			return p.duplicate(se, "Prestatie")
		}
		seen[idx] = true
		l := p.line()
		var v string
		switch idx {
		case 0: // ProductReferentie
			var hasRef, hasVorig bool
			for {
				c, ok, err := p.next("ProductReferentie")
				if err != nil {
					return err
				}
				if !ok {
					break
				}
				switch {
				case p.b(c, "ReferentieNummer") && !hasRef:
					refNummer, err = p.value(c)
					hasRef = true
				case p.b(c, "VorigReferentieNummer") && !hasVorig:
					vorigRef, err = p.value(c)
					hasVorig = true
				case p.b(c, "ReferentieNummer"), p.b(c, "VorigReferentieNummer"):
					err = p.duplicate(c, "ProductReferentie")
				default:
					err = p.unknown(c, "ProductReferentie")
				}
				if err != nil {
					return err
				}
			}
			if refNummer == "" {
				pr.set(l, "ReferentieNummer", "ReferentieNummer ontbreekt of is leeg", "ReferentieNummer is missing or empty")
			}
		case 1:
			if d.Toewijzing, err = p.value(se); err != nil {
				return err
			}
			if d.Toewijzing == "" || len(d.Toewijzing) > 20 {
				pr.set(l, "ToewijzingNummer", fmt.Sprintf("ToewijzingNummer %q is leeg of langer dan 20 tekens", d.Toewijzing), fmt.Sprintf("ToewijzingNummer %q is empty or longer than 20 characters", d.Toewijzing))
			}
		case 2:
			if d.Categorie, err = p.value(se); err != nil {
				return err
			}
			if _, ok := p.soort.categorieen[d.Categorie]; !ok {
				pr.set(l, "ProductCategorie", p.categorieNL(d.Categorie), p.categorieEN(d.Categorie))
			}
		case 3:
			if d.Productcode, err = p.value(se); err != nil {
				return err
			}
			if !xmlProductcode(d.Productcode) {
				pr.set(l, "ProductCode", fmt.Sprintf("ProductCode %q moet 1 tot 5 letters of cijfers zijn", d.Productcode), fmt.Sprintf("ProductCode %q must be 1 to 5 letters or digits", d.Productcode))
			}
		case 4:
			per, field, nl, en, err := p.periode(se)
			if err != nil {
				return err
			}
			d.Begin, d.Eind = per[0], per[1]
			switch {
			case nl != "":
				pr.set(l, field, "ProductPeriode: "+nl, "ProductPeriode: "+en)
			case d.Begin < p.info.Periode[0] || d.Eind > p.info.Periode[1]:
				pr.set(l, "ProductPeriode", fmt.Sprintf("ProductPeriode %s–%s valt niet binnen de DeclaratiePeriode %s–%s", d.Begin, d.Eind, p.info.Periode[0], p.info.Periode[1]),
					fmt.Sprintf("ProductPeriode %s–%s is not within the DeclaratiePeriode %s–%s", d.Begin, d.Eind, p.info.Periode[0], p.info.Periode[1]))
			}
		case 5:
			if v, err = p.value(se); err != nil {
				return err
			}
			var ok bool
			if d.Volume, ok = xmlCents(v); !ok || d.Volume < 1 || d.Volume > 99999999 {
				pr.set(l, "GeleverdVolume", fmt.Sprintf("GeleverdVolume %q is geen geheel getal van 1 tot 99999999", v), fmt.Sprintf("GeleverdVolume %q is not a whole number from 1 to 99999999", v))
			}
		case 6:
			if d.Eenheid, err = p.value(se); err != nil {
				return err
			}
			if _, ok := Eenheden[d.Eenheid]; !ok {
				pr.set(l, "Eenheid", fmt.Sprintf("Eenheid %q staat niet in codelijst WJ756 (01, 04, 14, 16, 82, 83, 84)", d.Eenheid), fmt.Sprintf("Eenheid %q is not in code list WJ756 (01, 04, 14, 16, 82, 83, 84)", d.Eenheid))
			}
		case 7:
			if v, err = p.value(se); err != nil {
				return err
			}
			if _, ok := xmlCents(v); !ok {
				pr.set(l, "ProductTarief", fmt.Sprintf("ProductTarief %q is geen geheel aantal eurocent", v), fmt.Sprintf("ProductTarief %q is not a whole number of eurocents", v))
			}
		case 8:
			var bedrag string
			var hasBedrag, hasDC bool
			for {
				c, ok, err := p.next("IngediendBedrag")
				if err != nil {
					return err
				}
				if !ok {
					break
				}
				switch {
				case p.b(c, "Bedrag") && !hasBedrag:
					bedrag, err = p.value(c)
					hasBedrag = true
				case p.b(c, "DebetCredit") && !hasDC:
					dc, err = p.value(c)
					hasDC = true
				case p.b(c, "Bedrag"), p.b(c, "DebetCredit"):
					err = p.duplicate(c, "IngediendBedrag")
				default:
					err = p.unknown(c, "IngediendBedrag")
				}
				if err != nil {
					return err
				}
			}
			cents, ok := xmlCents(bedrag)
			switch {
			case !ok:
				pr.set(l, "Bedrag", fmt.Sprintf("IngediendBedrag %q is geen geheel aantal eurocent", bedrag), fmt.Sprintf("IngediendBedrag %q is not a whole number of eurocents", bedrag))
			case dc != "D" && dc != "C":
				pr.set(l, "DebetCredit", fmt.Sprintf("DebetCredit %q moet D of C zijn", dc), fmt.Sprintf("DebetCredit %q must be D or C", dc))
			default:
				amountOK = true
				d.Bedrag = money.Cents(cents)
				d.Credit = dc == "C"
			}
		}
	}
	for i, name := range xmlPrestatieElementen {
		if !seen[i] && name != "ProductTarief" {
			pr.set(line, name, fmt.Sprintf("verplicht element <%s> ontbreekt", name), fmt.Sprintf("required element <%s> is missing", name))
		}
	}
	if amountOK {
		p.sum += d.Signed()
	} else {
		p.sumUnknown = true
	}
	// A credit corrects an earlier debit. In 3.2 it names that debit in
	// VorigReferentieNummer; a credit that reuses the debit's own
	// ReferentieNummer means the same. Either way the Delivery carries the
	// debit's reference, so (AGB, Referentie) joins the pair.
	d.Referentie = refNummer
	if vorigRef != "" {
		if !d.Credit && amountOK {
			pr.set(line, "VorigReferentieNummer", "VorigReferentieNummer hoort alleen bij een creditprestatie (DebetCredit C)", "VorigReferentieNummer belongs only to a credit prestatie (DebetCredit C)")
		}
		d.Referentie = vorigRef
	}
	if pr.hasProblem {
		p.reject(pr)
		return nil
	}
	return p.sink.Delivery(&d)
}

func (p *xmlParser) reject(pr xmlProblem) {
	msg := p.info.Bericht
	if p.info.Identificatie != "" {
		msg += " " + p.info.Identificatie
	}
	p.sink.Reject(Rejection{Line: pr.line, Field: pr.field, Reason: pr.nl, ReasonEN: pr.en, Message: msg, Client: p.client, Prestatie: p.prestatie})
}

func (p *xmlParser) categorieNL(c string) string {
	lijst := "JZ020"
	if p.soort.standaard == "iwmo" {
		lijst = "WMO020"
	}
	return fmt.Sprintf("productcategorie %q staat niet in codelijst %s", c, lijst)
}

func (p *xmlParser) categorieEN(c string) string {
	lijst := "JZ020"
	if p.soort.standaard == "iwmo" {
		lijst = "WMO020"
	}
	return fmt.Sprintf("product category %q is not in code list %s", c, lijst)
}

// client301 reads the one Client of a 301 message. The parts Ontschot does
// not use (name, birth date, relations, phone numbers) are skipped without
// checking their content; their place in the Client is still checked.
func (p *xmlParser) client301() error {
	p.info.Clients = 1
	p.client = 1
	defer func() { p.client, p.prestatie = 0, 0 }()
	clientLine := p.line()
	var bsn string
	var bsnProblem *xmlProblem
	var adres *Adres
	seen := map[string]bool{}
	err := p.children("Client", func(se xml.StartElement) error {
		if se.Name.Space == p.ns && seen[se.Name.Local] {
			return p.duplicate(se, "Client")
		}
		var err error
		switch {
		case p.m(se, "Bsn"):
			var v string
			v, err = p.value(se)
			bsn, bsnProblem = xmlClientBSN(v)
		case p.m(se, "Geboortedatum"), p.m(se, "Naam"), p.m(se, "Communicatie"), p.m(se, "Relaties"):
			err = p.skip()
		case p.m(se, "Geslacht"), p.m(se, "JuridischeStatus"), p.m(se, "WettelijkeVertegenwoordiging"), p.m(se, "Commentaar"):
			_, err = p.value(se)
		case p.m(se, "Contactgegevens"):
			err = p.children("Contactgegevens", func(c xml.StartElement) error {
				if !p.m(c, "Contact") {
					return p.unknown(c, "Contactgegevens")
				}
				a, err := p.contact()
				if a != nil && adres == nil {
					adres = a
				}
				return err
			})
		case p.m(se, "ToegewezenProducten"):
			if !seen["Bsn"] {
				return p.missing(p.line(), "Bsn", "Client (vóór ToegewezenProducten)")
			}
			n := 0
			err = p.children("ToegewezenProducten", func(c xml.StartElement) error {
				if !p.m(c, "ToegewezenProduct") {
					return p.unknown(c, "ToegewezenProducten")
				}
				n++
				p.prestatie = n
				err := p.product301(bsn, bsnProblem, adres)
				p.prestatie = 0
				return err
			})
			if err == nil && n == 0 {
				return p.missing(p.line(), "ToegewezenProduct", "ToegewezenProducten")
			}
		default:
			return p.unknown(se, "Client")
		}
		seen[se.Name.Local] = true
		return err
	})
	if err != nil {
		return err
	}
	if !seen["ToegewezenProducten"] {
		return p.missing(clientLine, "ToegewezenProducten", "Client")
	}
	return nil
}

// contact reads one Contact and returns its address when it is the BRP
// address (Soort 01) and readable. An unreadable BRP address does not
// refuse the assignment: the products are kept without the address link.
func (p *xmlParser) contact() (*Adres, error) {
	var soort string
	var a Adres
	var hasAdres, adresOK bool
	err := p.children("Contact", func(se xml.StartElement) error {
		var err error
		switch {
		case p.m(se, "Soort"):
			soort, err = p.value(se)
		case p.m(se, "Adres"):
			hasAdres = true
			adresOK = true
			var postcode, nummer string
			err = p.children("Adres", func(c xml.StartElement) error {
				var err error
				switch {
				case p.b(c, "Straatnaam"), p.b(c, "Plaatsnaam"), p.b(c, "LandCode"):
					_, err = p.value(c)
				case p.b(c, "Postcode"):
					postcode, err = p.value(c)
				case p.b(c, "Huis"):
					err = p.children("Huis", func(h xml.StartElement) error {
						var err error
						switch {
						case p.b(h, "Huisnummer"):
							nummer, err = p.value(h)
						case p.b(h, "Huisletter"):
							a.Huisletter, err = p.value(h)
						case p.b(h, "HuisnummerToevoeging"):
							a.Toevoeging, err = p.value(h)
						case p.b(h, "AanduidingWoonadres"):
							_, err = p.value(h)
						default:
							return p.unknown(h, "Huis")
						}
						return err
					})
				default:
					return p.unknown(c, "Adres")
				}
				return err
			})
			if err != nil {
				return err
			}
			var ok bool
			if a.Postcode, ok = xmlPostcode(postcode); !ok {
				adresOK = false
			}
			n, nerr := strconv.Atoi(nummer)
			if nerr != nil || n < 1 || n > 99999 {
				adresOK = false
			}
			a.Huisnummer = n
		case p.m(se, "Organisatie"), p.m(se, "Emailadres"):
			_, err = p.value(se)
		case p.m(se, "Telefoon"), p.m(se, "Periode"):
			err = p.skip()
		default:
			return p.unknown(se, "Contact")
		}
		return err
	})
	if err != nil || !hasAdres || !adresOK || (soort != "01" && soort != "1") {
		return nil, err
	}
	return &a, nil
}

func (p *xmlParser) product301(bsn string, bsnProblem *xmlProblem, adres *Adres) error {
	p.info.Prestaties++
	line := p.line()
	t := Toewijzing{Line: line, AGB: p.info.Ontvanger, Gemeente: p.info.Afzender, BSN: bsn, Geldstroom: p.soort.geldstroom, Bron: p.soort.bericht}
	if adres != nil {
		a := *adres
		t.Adres = &a
	}
	var pr xmlProblem
	if bsnProblem != nil {
		pr = *bsnProblem
		pr.line = line
	}
	seen := map[string]bool{}
	err := p.children("ToegewezenProduct", func(se xml.StartElement) error {
		if se.Name.Space == p.ns && seen[se.Name.Local] {
			return p.duplicate(se, "ToegewezenProduct")
		}
		l := p.line()
		var v string
		var err error
		switch {
		case p.m(se, "ToewijzingNummer"):
			t.ToewijzingNummer, err = p.value(se)
			if err == nil && (t.ToewijzingNummer == "" || len(t.ToewijzingNummer) > 20) {
				pr.set(l, "ToewijzingNummer", fmt.Sprintf("ToewijzingNummer %q is leeg of langer dan 20 tekens", t.ToewijzingNummer), fmt.Sprintf("ToewijzingNummer %q is empty or longer than 20 characters", t.ToewijzingNummer))
			}
		case p.m(se, "ReferentieAanbieder"), p.m(se, "Toewijzingstijd"), p.m(se, "Commentaar"):
			_, err = p.value(se)
		case p.m(se, "Product"):
			err = p.children("Product", func(c xml.StartElement) error {
				var err error
				switch {
				case p.b(c, "Categorie"):
					t.Categorie, err = p.value(c)
				case p.b(c, "Code"):
					t.Productcode, err = p.value(c)
				default:
					return p.unknown(c, "Product")
				}
				return err
			})
			if err != nil {
				break
			}
			if _, ok := p.soort.categorieen[t.Categorie]; !ok {
				pr.set(l, "Categorie", p.categorieNL(t.Categorie), p.categorieEN(t.Categorie))
			} else if t.Productcode != "" && !xmlProductcode(t.Productcode) {
				pr.set(l, "Code", fmt.Sprintf("productcode %q moet 1 tot 5 letters of cijfers zijn", t.Productcode), fmt.Sprintf("product code %q must be 1 to 5 letters or digits", t.Productcode))
			}
		case p.m(se, "Toewijzingsdatum"), p.m(se, "Ingangsdatum"), p.m(se, "Einddatum"):
			v, err = p.value(se)
			if err != nil {
				break
			}
			dt, ok := xmlDate(v)
			if !ok {
				pr.set(l, se.Name.Local, fmt.Sprintf("%s %q is geen datum JJJJ-MM-DD", se.Name.Local, v), fmt.Sprintf("%s %q is not a date YYYY-MM-DD", se.Name.Local, v))
			}
			switch se.Name.Local {
			case "Ingangsdatum":
				t.Ingangsdatum = dt
			case "Einddatum":
				t.Einddatum = dt
			}
		case p.m(se, "RedenWijziging"):
			t.Reden, err = p.value(se)
		case p.m(se, "Omvang"):
			var volume string
			err = p.children("Omvang", func(c xml.StartElement) error {
				var err error
				switch {
				case p.b(c, "Volume"):
					volume, err = p.value(c)
				case p.b(c, "Eenheid"):
					t.Eenheid, err = p.value(c)
				case p.b(c, "Frequentie"):
					t.Frequentie, err = p.value(c)
				default:
					return p.unknown(c, "Omvang")
				}
				return err
			})
			if err != nil {
				break
			}
			var ok bool
			if t.Volume, ok = xmlCents(volume); !ok || t.Volume < 1 {
				pr.set(l, "Volume", fmt.Sprintf("Volume %q is geen positief geheel getal", volume), fmt.Sprintf("Volume %q is not a positive whole number", volume))
			} else if _, ok := Eenheden[t.Eenheid]; !ok {
				pr.set(l, "Eenheid", fmt.Sprintf("Eenheid %q staat niet in codelijst WJ756 (01, 04, 14, 16, 82, 83, 84)", t.Eenheid), fmt.Sprintf("Eenheid %q is not in code list WJ756 (01, 04, 14, 16, 82, 83, 84)", t.Eenheid))
			} else if _, ok := xmlFrequenties[t.Frequentie]; !ok {
				pr.set(l, "Frequentie", fmt.Sprintf("Frequentie %q staat niet in codelijst WMO757 (1, 2, 4, 6)", t.Frequentie), fmt.Sprintf("Frequentie %q is not in code list WMO757 (1, 2, 4, 6)", t.Frequentie))
			}
		case p.m(se, "Budget"):
			v, err = p.value(se)
			if err != nil {
				break
			}
			c, ok := xmlCents(v)
			if !ok {
				pr.set(l, "Budget", fmt.Sprintf("Budget %q is geen geheel aantal eurocent", v), fmt.Sprintf("Budget %q is not a whole number of eurocents", v))
			}
			t.Budget = money.Cents(c)
		default:
			return p.unknown(se, "ToegewezenProduct")
		}
		seen[se.Name.Local] = true
		return err
	})
	if err != nil {
		return err
	}
	for _, name := range []string{"ToewijzingNummer", "Toewijzingsdatum", "Ingangsdatum"} {
		if !seen[name] {
			pr.set(line, name, fmt.Sprintf("verplicht element <%s> ontbreekt", name), fmt.Sprintf("required element <%s> is missing", name))
		}
	}
	if t.Einddatum != 0 && t.Ingangsdatum != 0 && t.Einddatum < t.Ingangsdatum {
		pr.set(line, "Einddatum", fmt.Sprintf("Einddatum %s ligt vóór Ingangsdatum %s", t.Einddatum, t.Ingangsdatum), fmt.Sprintf("Einddatum %s is before Ingangsdatum %s", t.Einddatum, t.Ingangsdatum))
	}
	if pr.hasProblem {
		p.reject(pr)
		return nil
	}
	return p.sink.Toewijzing(&t)
}

// xmlDate reads an xs:date without time zone, "2025-01-31".
func xmlDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := xmlAtoi(s[0:4])
	m, ok2 := xmlAtoi(s[5:7])
	d, ok3 := xmlAtoi(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1900 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m) {
		return 0, false
	}
	return MakeDate(y, m, d), true
}

func xmlAtoi(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// xmlCents reads a non-negative whole number (eurocents, volumes); the
// 3.2 amounts have no decimal point and at most 10 digits (LDT_Bedrag).
func xmlCents(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 12 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func xmlDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	_, ok := xmlAtoi(s)
	return ok
}

func xmlProductcode(s string) bool {
	if len(s) < 1 || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// xmlPostcode normalises a Dutch postcode to "1234AB".
func xmlPostcode(s string) (string, bool) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if len(s) != 6 || s[0] == '0' {
		return "", false
	}
	for i := 0; i < 6; i++ {
		c := s[i]
		if i < 4 && (c < '0' || c > '9') || i >= 4 && (c < 'A' || c > 'Z') {
			return "", false
		}
	}
	return s, true
}

// Parallel Clienten.
//
// encoding/xml reads about 20–50 MB/s on one core, which is not enough for
// 100,000 prestaties/s. So the Clienten of a 323 are cut into chunks of
// whole Client elements by a byte scanner that only tracks tags, comments,
// CDATA and quoted attribute values (it runs at memory speed); each chunk is
// then read by its own encoding/xml decoder, token by token, in a worker,
// with the same code as a sequential read. The results go to the sink in
// input order, so the sink sees exactly what a sequential parse would send,
// and the first error in input order is the one returned. Memory stays flat:
// at most xmlChunksInFlight chunks of about xmlChunkSize bytes exist at once.

const (
	xmlChunkSize      = 256 << 10
	xmlChunksInFlight = 6
)

// xmlChunkTarget is the chunk size in use; tests make it tiny so that
// every Client is a chunk of its own.
var xmlChunkTarget = xmlChunkSize

// xmlInput is what the main decoder reads. It is an io.ByteReader, so the
// decoder does not buffer ahead and the splitter can take over the bytes
// of Clienten from the same bufio.Reader at the exact position.
type xmlInput struct{ r *bufio.Reader }

func (in *xmlInput) Read(b []byte) (int, error) { return in.r.Read(b) }
func (in *xmlInput) ReadByte() (byte, error)    { return in.r.ReadByte() }

type xmlChunk struct {
	buf         []byte // wrapper start tag + the chunk + wrapper end tag
	line        int    // line of the chunk's first byte
	firstClient int    // 1-based index of the first Client in the chunk
	res         chan xmlChunkResult
}

type xmlEvent struct {
	reject bool
	d      Delivery
	r      Rejection
}

type xmlChunkResult struct {
	events              []xmlEvent
	clients, prestaties int
	sum                 money.Cents
	sumUnknown          bool
	err                 error
}

// xmlRecorder is the sink of a chunk worker.
type xmlRecorder struct{ events []xmlEvent }

func (s *xmlRecorder) Delivery(d *Delivery) error {
	s.events = append(s.events, xmlEvent{d: *d})
	return nil
}
func (s *xmlRecorder) Toewijzing(*Toewijzing) error { return errors.New("toewijzing in a declaration") }
func (s *xmlRecorder) Reject(r Rejection)           { s.events = append(s.events, xmlEvent{reject: true, r: r}) }

// clienten reads the children of Clienten (just opened) in parallel and
// consumes its end tag.
func (p *xmlParser) clienten() error {
	wrapOpen, wrapClose := p.chunkWrapper()
	done := make(chan struct{})
	work := make(chan *xmlChunk, xmlChunksInFlight)
	free := make(chan []byte, 2*xmlChunksInFlight) // chunk buffers to reuse
	order := make(chan *xmlChunk, xmlChunksInFlight)
	var splitErr error
	var wg sync.WaitGroup

	startLine := p.line()
	sp := &xmlSplitter{r: p.in.r, line: startLine}
	wg.Add(1)
	go func() { // splitter
		defer wg.Done()
		defer close(work)
		defer close(order)
		clients := 0
		for {
			c := &xmlChunk{line: sp.line, firstClient: clients + 1, res: make(chan xmlChunkResult, 1)}
			var buf []byte
			select {
			case buf = <-free:
			default:
				buf = make([]byte, 0, xmlChunkSize+xmlChunkSize/4)
			}
			buf = append(buf[:0], wrapOpen...)
			buf, n, end, err := sp.next(buf, xmlChunkTarget)
			if err != nil {
				splitErr = err
				return
			}
			if n == 0 && len(buf) == len(wrapOpen) {
				return // only the end tag of Clienten is left
			}
			c.buf = append(buf, wrapClose...)
			clients += n
			select {
			case order <- c:
			case <-done:
				return
			}
			select {
			case work <- c:
			case <-done:
				return
			}
			if end {
				return
			}
		}
	}()
	// The workers get a copy of what they need, so that the sequencer
	// below can update p while they run.
	tmpl := &xmlParser{soort: p.soort, ns: p.ns, basis: p.basis, info: p.info}
	workers := min(runtime.GOMAXPROCS(0), 4)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				c.res <- tmpl.parseChunk(c)
				select { // the decoder copied what it kept
				case free <- c.buf:
				default:
				}
			}
		}()
	}

	var err error
	for c := range order {
		r := <-c.res // every chunk in order was also sent to work
		for i := range r.events {
			if err != nil {
				break
			}
			e := &r.events[i]
			if e.reject {
				p.sink.Reject(e.r)
			} else {
				err = p.sink.Delivery(&e.d)
			}
		}
		p.info.Clients += r.clients
		p.info.Prestaties += r.prestaties
		p.sum += r.sum
		p.sumUnknown = p.sumUnknown || r.sumUnknown
		if err == nil {
			err = r.err
		}
		if err != nil {
			break
		}
	}
	close(done)
	for range order { // let the splitter finish
	}
	wg.Wait()
	if err != nil {
		return err
	}
	if splitErr != nil {
		p.lineBase += sp.line - startLine
		return p.syntax(splitErr)
	}
	// The splitter stopped just before the end tag of Clienten; the main
	// decoder reads on from there, so count the lines it did not see.
	p.lineBase += sp.line - startLine
	for {
		tok, err := p.token()
		if err != nil {
			return p.syntax(err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			return p.unknown(t, "Clienten")
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return p.fail(p.line(), "tekst buiten een element in Clienten", "text outside an element in Clienten")
			}
		}
	}
}

// chunkWrapper returns a start and end tag that put a chunk of Clienten
// children in the namespace scope they have in the message.
func (p *xmlParser) chunkWrapper() (open, close []byte) {
	decl := map[string]string{}
	var order []string
	for _, a := range p.nsDecls {
		var key string
		switch {
		case a.Name.Space == "xmlns":
			key = "xmlns:" + a.Name.Local
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			key = "xmlns"
		default:
			continue
		}
		if _, ok := decl[key]; !ok {
			order = append(order, key)
		}
		decl[key] = a.Value
	}
	var b bytes.Buffer
	b.WriteString("<ontschot-chunk")
	for _, k := range order {
		b.WriteString(" " + k + `="`)
		xml.EscapeText(&b, []byte(decl[k]))
		b.WriteString(`"`)
	}
	b.WriteString(">")
	return b.Bytes(), []byte("</ontschot-chunk>")
}

// parseChunk reads one chunk with its own decoder and the sequential code.
func (p *xmlParser) parseChunk(c *xmlChunk) xmlChunkResult {
	rec := &xmlRecorder{events: make([]xmlEvent, 0, len(c.buf)/600)}
	w := &xmlParser{d: xml.NewDecoder(bytes.NewReader(c.buf)), sink: rec, soort: p.soort, ns: p.ns, basis: p.basis,
		lineBase: c.line - 1}
	w.info = XMLInfo{Bericht: p.info.Bericht, Identificatie: p.info.Identificatie, Afzender: p.info.Afzender,
		Ontvanger: p.info.Ontvanger, Periode: p.info.Periode, Clients: c.firstClient - 1}
	err := func() error {
		if _, err := w.token(); err != nil { // the wrapper
			return w.syntax(err)
		}
		return w.children("Clienten", func(se xml.StartElement) error {
			if !w.m(se, "Client") {
				return w.unknown(se, "Clienten")
			}
			return w.client323()
		})
	}()
	return xmlChunkResult{events: rec.events, clients: w.info.Clients - (c.firstClient - 1), prestaties: w.info.Prestaties,
		sum: w.sum, sumUnknown: w.sumUnknown, err: err}
}

// xmlSplitter cuts the content of Clienten into chunks at the boundaries
// of its child elements. It knows just enough XML to find them.
type xmlSplitter struct {
	r     *bufio.Reader
	line  int // line of the next byte
	depth int // element depth below Clienten
	mode  int
	quote byte
	prev  byte
	term  int // bytes of the mode's terminator matched so far
}

const (
	xmlModeText = iota
	xmlModeTag
	xmlModeEndTag
	xmlModeComment // until "-->"
	xmlModeCDATA   // until "]]>"
	xmlModePI      // until "?>"
)

// next appends Clienten content to buf until it holds at least target
// bytes and ends at a child boundary, or the end tag of Clienten is next
// (end; that tag is left unread). n counts the child elements started.
func (sp *xmlSplitter) next(buf []byte, target int) (_ []byte, n int, end bool, err error) {
	start := len(buf)
	for {
		// At least 16 bytes, so a '<' can be classified without a refill.
		block, perr := sp.r.Peek(max(sp.r.Buffered(), 16))
		atEOF := perr == io.EOF
		if perr != nil && !atEOF {
			return buf, n, true, perr
		}
		if len(block) == 0 {
			return buf, n, true, &xml.SyntaxError{Msg: "unexpected EOF", Line: sp.line}
		}
		i, cut := 0, false
	scan:
		for i < len(block) {
			switch sp.mode {
			case xmlModeText:
				j := bytes.IndexByte(block[i:], '<')
				if j < 0 {
					i = len(block)
					break scan
				}
				i += j
				rest := block[i:]
				if len(rest) < 9 && !atEOF {
					break scan // refill so that rest holds what this '<' opens
				}
				switch {
				case len(rest) >= 2 && rest[1] == '/':
					if sp.depth == 0 {
						end = true
						break scan
					}
					sp.depth--
					sp.mode = xmlModeEndTag
					i += 2
				case bytes.HasPrefix(rest, []byte("<!--")):
					sp.mode, sp.term = xmlModeComment, 0
					i += 4
				case bytes.HasPrefix(rest, []byte("<![CDATA[")):
					sp.mode, sp.term = xmlModeCDATA, 0
					i += 9
				case len(rest) >= 2 && rest[1] == '?':
					sp.mode, sp.term = xmlModePI, 0
					i += 2
				default:
					if sp.depth == 0 {
						if len(buf)-start+i >= target {
							cut = true
							break scan
						}
						n++
					}
					sp.depth++
					sp.mode, sp.quote, sp.prev = xmlModeTag, 0, 0
					i++
				}
			case xmlModeTag, xmlModeEndTag:
				for ; i < len(block); i++ {
					c := block[i]
					if sp.quote != 0 {
						if c == sp.quote {
							sp.quote = 0
						}
					} else if c == '"' || c == '\'' {
						sp.quote = c
					} else if c == '>' {
						if sp.mode == xmlModeTag && sp.prev == '/' {
							sp.depth--
						}
						sp.mode = xmlModeText
						i++
						break
					}
					sp.prev = c
				}
			default:
				t := "?>"
				switch sp.mode {
				case xmlModeComment:
					t = "-->"
				case xmlModeCDATA:
					t = "]]>"
				}
				for ; i < len(block); i++ {
					c := block[i]
					switch {
					case c == t[sp.term]:
						sp.term++
					case c == t[0] && sp.term > 0 && t != "?>":
						// "--->" and "]]]>" still end the section
					case c == t[0]:
						sp.term = 1
					default:
						sp.term = 0
					}
					if sp.term == len(t) {
						sp.mode = xmlModeText
						i++
						break
					}
				}
			}
		}
		buf = append(buf, block[:i]...)
		sp.line += bytes.Count(block[:i], []byte{'\n'})
		sp.r.Discard(i)
		if end || cut {
			return buf, n, end, nil
		}
		if atEOF && i == len(block) {
			return buf, n, true, &xml.SyntaxError{Msg: "unexpected EOF", Line: sp.line}
		}
	}
}
