package intake

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/ontschot/ontschot/internal/money"
)

// Parallel Clienten.
//
// encoding/xml reads about 20–50 MB/s on one core, which is not enough for
// 100,000 prestaties/s. So the Clienten of a 323 are cut into chunks of
// whole Client elements by a byte scanner that only tracks tags, comments,
// CDATA and quoted attribute values (it runs at memory speed); each chunk is
// then read token by token in a worker, with the same code as a sequential
// read: by the fast scanner (xml_fast.go), or by its own encoding/xml
// decoder where the fast scanner gives up or the chunk holds any error. The results go to the sink in
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

// xmlFastReads counts the chunks the fast scanner read, for tests.
var xmlFastReads atomic.Int64

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
func (s *xmlRecorder) StartStop(*StartStop) error   { return errors.New("start/stop in a declaration") }
func (s *xmlRecorder) Verzoek(*Verzoek) error       { return errors.New("verzoek in a declaration") }
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

// parseChunk reads one chunk with the sequential code: with the fast
// scanner first (xml_fast.go), and with its own encoding/xml decoder when
// the fast read ends in any error, so that errors are always told by
// encoding/xml.
func (p *xmlParser) parseChunk(c *xmlChunk) xmlChunkResult {
	if xmlFastChunks {
		if r := p.parseChunkWith(c, newXMLFastScanner(c.buf, make(map[string]string, 64))); r.err == nil {
			xmlFastReads.Add(1)
			return r
		}
	}
	return p.parseChunkWith(c, xmlDecoderTokens{xml.NewDecoder(bytes.NewReader(c.buf))})
}

func (p *xmlParser) parseChunkWith(c *xmlChunk, d xmlTokens) xmlChunkResult {
	rec := &xmlRecorder{events: make([]xmlEvent, 0, len(c.buf)/600)}
	w := &xmlParser{d: d, sink: rec, soort: p.soort, ns: p.ns, basis: p.basis,
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
				for i < len(block) {
					if sp.quote != 0 { // inside an attribute value
						j := bytes.IndexByte(block[i:], sp.quote)
						if j < 0 {
							sp.prev, i = block[len(block)-1], len(block)
							break
						}
						sp.prev, sp.quote = sp.quote, 0
						i += j + 1
						continue
					}
					j := i
					for j < len(block) && block[j] != '>' && block[j] != '"' && block[j] != '\'' {
						j++
					}
					if j > i {
						sp.prev = block[j-1]
					}
					if i = j; i == len(block) {
						break
					}
					if c := block[i]; c != '>' {
						sp.quote, sp.prev = c, c
						i++
						continue
					}
					if sp.mode == xmlModeTag && sp.prev == '/' {
						sp.depth--
					}
					sp.mode = xmlModeText
					i++
					break
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
