// Package importer runs one import end to end: it reads a file with intake,
// turns BSNs and addresses into pseudonyms with the kluis, and writes the
// result into the store in one transaction per file. It is the only road
// from an input file into the database, for the CLI, the web upload and
// the API alike.
package importer

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
	"github.com/ontschot/ontschot/internal/release"
	"github.com/ontschot/ontschot/internal/store"
)

// Importer imports files into one store with one kluis.
type Importer struct {
	Store *store.Store
	Kluis *kluis.Kluis
	Codes intake.Codes
	// Gemeente, when set ("GM0642"), is the gemeente the files of
	// ImportFile are for (the CLI's --gemeente); see Source.Gemeente.
	Gemeente string
}

// New returns an Importer with the standard code lists.
func New(s *store.Store, k *kluis.Kluis) *Importer {
	return &Importer{Store: s, Kluis: k, Codes: intake.DefaultCodes()}
}

// Source says who sends a file; empty for the command line.
type Source struct {
	UploadedBy string
	AGB        string // a provider may only send its own AGB code
	Channel    string // "web" or "api"; "" is the command line ("cli")
	// Gemeente is the gemeente a delivery file is for ("GM0642"). When ""
	// it is an XML message's Ontvanger, else the instance's only gemeente,
	// else unknown. An XML message addressed to another gemeente is refused.
	Gemeente string
}

// ImportFile opens path and imports it as kind ("deliveries", "brp",
// "addresses", "areas").
func (im *Importer) ImportFile(ctx context.Context, kind, path string) (store.Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return store.Summary{}, fmt.Errorf("%s openen: %w", path, err)
	}
	defer f.Close()
	return im.Import(ctx, kind, filepath.Base(path), f, Source{Gemeente: im.Gemeente})
}

// Import reads r (named name) as kind.
func (im *Importer) Import(ctx context.Context, kind, name string, r io.Reader, src Source) (store.Summary, error) {
	h := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(r, h), 1<<16)
	// The file name is free text a provider chooses: a BSN in it is masked.
	meta := store.ImportMeta{Kind: kind, FileName: kluis.MaskFreeText(name), UploadedBy: src.UploadedBy, AGB: src.AGB, Channel: src.Channel}
	if meta.Channel == "" {
		meta.Channel = "cli"
	}
	var sum store.Summary
	var err error
	switch kind {
	case "deliveries":
		sum, err = im.deliveries(ctx, br, h, meta, src)
	case "brp":
		sum, err = im.brp(ctx, br, h, meta)
	case "addresses":
		sum, err = im.addresses(ctx, br, h, meta)
	case "areas":
		sum, err = im.areas(ctx, br, h, meta)
	case "providers":
		sum, err = im.providers(ctx, br, h, meta)
	case "iv3":
		sum, err = im.iv3(ctx, br, h, meta)
	case "kerncijfers":
		sum, err = im.kerncijfers(ctx, br, h, meta)
	case "contracts":
		sum, err = im.contracts(ctx, br, h, meta)
	case "budgets":
		sum, err = im.budgets(ctx, br, h, meta)
	case "results":
		sum, err = im.results(ctx, br, h, meta)
	case "flows":
		sum, err = im.flows(ctx, br, h, meta)
	case "survey":
		sum, err = im.survey(ctx, br, h, meta)
	case "nazorg":
		sum, err = im.nazorg(ctx, br, h, meta)
	default:
		return sum, fmt.Errorf("onbekende soort import %q (deliveries, brp, addresses, areas, providers, iv3, kerncijfers, contracts, budgets, results, flows, survey, nazorg) / unknown import kind", kind)
	}
	if err != nil {
		return sum, fmt.Errorf("import %s: %w", name, err)
	}
	sort.SliceStable(sum.Rejections, func(i, j int) bool { return sum.Rejections[i].Line < sum.Rejections[j].Line })
	return sum, nil
}

// fileHash finishes the hash of a fully read file.
func fileHash(r *bufio.Reader, h hash.Hash) string {
	io.Copy(io.Discard, r)
	return hex.EncodeToString(h.Sum(nil))
}

// chunk is a piece of parsed input on its way to the store.
type chunk struct {
	deliveries []store.Delivery
	toewijzing []store.Toewijzing
	startStops []store.StartStop
	verzoeken  []store.Verwijzing
	residences []store.Residence
	rejections []intake.Rejection
	gemeente   string // the file's gemeente as known when the chunk was sent
}

const chunkSize = 2000

// afterChunk, when set (by tests), runs after each chunk is written into the
// open transaction.
var afterChunk func()

// pipeSink pseudonymises what the parser reads and passes it on in chunks,
// so parsing and hashing run on one core while the database writes on another.
type pipeSink struct {
	k   *kluis.Kluis
	out chan<- *chunk
	cur *chunk
	src Source
	ctx context.Context
	fnv hash.Hash64
	buf []byte
	// pending pseudonyms of the current chunk (kluis service only; see kluisbatch.go)
	pending []pendingPseudonym
	// gemeente is the file's gemeente: the import's, until an XML
	// message's Ontvanger names it (see ontvanger).
	gemeente string
	persons  personMemo // BSN → pseudonym and number, for this import only
}

func (p *pipeSink) flush() error {
	if p.cur == nil {
		return nil
	}
	if err := p.resolve(); err != nil {
		return err
	}
	p.cur.gemeente = p.gemeente
	select {
	case p.out <- p.cur:
	case <-p.ctx.Done():
		return p.ctx.Err()
	}
	p.cur = nil
	return nil
}

func (p *pipeSink) chunk() *chunk {
	if p.cur == nil {
		p.cur = &chunk{deliveries: make([]store.Delivery, 0, chunkSize)}
	}
	return p.cur
}

func (p *pipeSink) Delivery(d *intake.Delivery) error {
	if p.src.AGB != "" && d.AGB != p.src.AGB {
		p.Reject(intake.Rejection{Line: d.Line, Field: "agb",
			Reason:   fmt.Sprintf("u levert aan als aanbieder %s; deze regel is van AGB %s", p.src.AGB, d.AGB),
			ReasonEN: fmt.Sprintf("you upload as provider %s; this row is for AGB %s", p.src.AGB, d.AGB),
			Rule:     "de regel is van een andere aanbieder (AGB)", Value: d.AGB})
		return nil
	}
	if err := p.ontvanger(d.Line, d.Gemeente); err != nil {
		return err
	}
	c := p.chunk()
	// Referentie and toewijzing are free text and keys at once: a BSN in
	// them is masked with a keyed tag (kluis.MaskKey), so no BSN is stored
	// and two referenties never merge.
	c.deliveries = append(c.deliveries, store.Delivery{
		Line: d.Line, AGB: d.AGB, Credit: d.Credit,
		Geldstroom: d.Geldstroom, Categorie: d.Categorie, Productcode: d.Productcode,
		Begin: d.Begin, Eind: d.Eind, Volume: d.Volume, Eenheid: d.Eenheid, Bedrag: d.Bedrag,
		Bron: d.Bron, Hash: p.deliveryHash(d),
	})
	i := len(c.deliveries) - 1
	p.maskKey(d.Referentie, func(s string) { c.deliveries[i].Referentie = s })
	p.maskKey(d.Toewijzing, func(s string) { c.deliveries[i].Toewijzing = s })
	if ps, no, ok := p.persons.get(p.k, d.BSN); ok {
		c.deliveries[i].Person, c.deliveries[i].PersonNo = ps, no
	} else {
		p.pseudonym(kluis.Person, d.BSN, func(s string) { c.deliveries[i].Person = s })
	}
	if len(c.deliveries) >= chunkSize {
		return p.flush()
	}
	return nil
}

// deliveryHash is a stable hash of a delivery's content, to tell a re-sent
// duplicate from a conflicting row with the same reference.
func (p *pipeSink) deliveryHash(d *intake.Delivery) int64 {
	b := p.buf[:0]
	b = append(b, d.BSN...)
	b = append(b, 0)
	b = append(b, d.Geldstroom...)
	b = append(b, 0)
	b = append(b, d.Categorie...)
	b = append(b, 0)
	b = append(b, d.Productcode...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(d.Begin), 10)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(d.Eind), 10)
	b = append(b, 0)
	b = strconv.AppendInt(b, d.Volume, 10)
	b = append(b, 0)
	b = append(b, d.Eenheid...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(d.Bedrag), 10)
	b = append(b, 0)
	b = append(b, d.Toewijzing...)
	p.buf = b
	p.fnv.Reset()
	p.fnv.Write(b)
	return int64(p.fnv.Sum64())
}

func (p *pipeSink) Toewijzing(t *intake.Toewijzing) error {
	if p.src.AGB != "" {
		// Whatever the sniffer saw: an assignment from a provider's upload
		// stops the file, and nothing of it is stored.
		return errProviderAssignment(t.Bron, t.Line)
	}
	if err := p.ontvanger(t.Line, t.Gemeente); err != nil {
		return err
	}
	c := p.chunk()
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%s|%s|%d|%d|%d|%s|%s|%d|%s|%s", t.BSN, t.Geldstroom, t.Categorie, t.Productcode, t.Ingangsdatum, t.Einddatum, t.Volume, t.Eenheid, t.Frequentie, t.Budget, t.Gemeente, t.ReferentieAanbieder)
	c.toewijzing = append(c.toewijzing, store.Toewijzing{
		Line: t.Line, AGB: t.AGB, Gemeente: t.Gemeente, ToewijzingNummer: p.k.MaskKey(t.ToewijzingNummer),
		Geldstroom: t.Geldstroom, Categorie: t.Categorie, Productcode: t.Productcode,
		Ingangsdatum: t.Ingangsdatum, Einddatum: t.Einddatum, Volume: t.Volume, Eenheid: t.Eenheid,
		Frequentie: t.Frequentie, Budget: int64(t.Budget), Bron: t.Bron, Hash: int64(h.Sum64()),
		ReferentieAanbieder: p.k.MaskKey(t.ReferentieAanbieder),
	})
	ti := len(c.toewijzing) - 1
	p.pseudonym(kluis.Person, t.BSN, func(s string) { c.toewijzing[ti].Person = s })
	if t.Adres != nil {
		// The assignment carries the client's address; the store uses it
		// only for a person no BRP extract covers (see store.effective),
		// never over a BRP residence or a secret address.
		c.residences = append(c.residences, store.Residence{Peildatum: t.Ingangsdatum, Bron: t.Bron, PC6: t.Adres.Postcode})
		ri := len(c.residences) - 1
		p.pseudonym(kluis.Person, t.BSN, func(s string) { c.residences[ri].Person = s })
		p.pseudonym(kluis.Address, t.Adres.Key(), func(s string) { c.residences[ri].Address = s })
		p.pseudonym(kluis.Address, t.Adres.HouseKey(), func(s string) { c.residences[ri].House = s })
	}
	return nil
}

func (p *pipeSink) StartStop(z *intake.StartStop) error {
	if p.src.AGB != "" && z.AGB != p.src.AGB {
		p.Reject(intake.Rejection{Line: z.Line, Field: "agb",
			Reason:   fmt.Sprintf("u levert aan als aanbieder %s; deze start/stop zorg is van AGB %s", p.src.AGB, z.AGB),
			ReasonEN: fmt.Sprintf("you upload as provider %s; this start/stop of care is for AGB %s", p.src.AGB, z.AGB),
			Rule:     "de start/stop zorg is van een andere aanbieder (AGB)", Value: z.AGB})
		return nil
	}
	if err := p.ontvanger(z.Line, z.Gemeente); err != nil {
		return err
	}
	c := p.chunk()
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%s|%s|%s|%d|%d|%d|%s|%s|%s", z.BSN, z.Gemeente, z.Geldstroom, z.Categorie, z.Productcode, z.Toewijzing, z.Begindatum, z.Einddatum, z.Reden, z.Status, z.Bron)
	c.startStops = append(c.startStops, store.StartStop{
		Line: z.Line, Stop: z.Stop, AGB: z.AGB, Gemeente: z.Gemeente, ToewijzingNummer: p.k.MaskKey(z.ToewijzingNummer),
		Geldstroom: z.Geldstroom, Categorie: z.Categorie, Productcode: z.Productcode,
		Toewijzing: z.Toewijzing, Begindatum: z.Begindatum, Einddatum: z.Einddatum, Reden: z.Reden, Status: z.Status,
		Bron: z.Bron, Hash: int64(h.Sum64()),
	})
	zi := len(c.startStops) - 1
	p.pseudonym(kluis.Person, z.BSN, func(s string) { c.startStops[zi].Person = s })
	return nil
}

// Verzoek takes one requested product of a JW315. The provider sends the
// request, so a provider's upload may hold it — for its own AGB code only,
// like its declarations and start/stop messages.
func (p *pipeSink) Verzoek(v *intake.Verzoek) error {
	if p.src.AGB != "" && v.AGB != p.src.AGB {
		p.Reject(intake.Rejection{Line: v.Line, Field: "agb",
			Reason:   fmt.Sprintf("u levert aan als aanbieder %s; dit verzoek om toewijzing is van AGB %s", p.src.AGB, v.AGB),
			ReasonEN: fmt.Sprintf("you upload as provider %s; this request for an assignment is for AGB %s", p.src.AGB, v.AGB)})
		return nil
	}
	if err := p.ontvanger(v.Line, v.Gemeente); err != nil {
		return err
	}
	c := p.chunk()
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%s|%s|%d|%s", v.BSN, v.Gemeente, v.Categorie, v.Productcode, v.Ingangsdatum, v.Verwijzer)
	c.verzoeken = append(c.verzoeken, store.Verwijzing{
		Line: v.Line, AGB: v.AGB, Gemeente: v.Gemeente, Geldstroom: v.Geldstroom, Referentie: p.k.MaskKey(v.ReferentieAanbieder),
		Categorie: v.Categorie, Productcode: v.Productcode, Ingangsdatum: v.Ingangsdatum, Verwijzer: v.Verwijzer,
		Bron: v.Bron, Hash: int64(h.Sum64()),
	})
	vi := len(c.verzoeken) - 1
	p.pseudonym(kluis.Person, v.BSN, func(s string) { c.verzoeken[vi].Person = s })
	return nil
}

// errProviderAssignment refuses an assignment (JW301/WMO301) in a
// provider's upload. The municipality sends a 301 to the provider, never
// the other way round; taking one from a provider would let it place any
// BSN at any address (issue 11.1).
func errProviderAssignment(bericht string, line int) error {
	if bericht == "" {
		bericht = "JW301/WMO301"
	}
	return &intake.FileError{Line: line,
		Reason: fmt.Sprintf("een toewijzingsbericht (%s) stuurt de gemeente aan de aanbieder; een aanbieder kan het niet aanleveren. "+
			"Lever declaraties (JW323/WMO323) of leveringen (CSV) aan. Het bestand is niet verwerkt", bericht),
		ReasonEN: fmt.Sprintf("an assignment message (%s) is sent by the municipality to the provider; a provider cannot upload one. "+
			"Upload declarations (JW323/WMO323) or deliveries (CSV). Nothing of the file was stored", bericht)}
}

func (p *pipeSink) Reject(r intake.Rejection) {
	c := p.chunk()
	c.rejections = append(c.rejections, maskRejection(r))
}

// maskRejection masks BSNs in the texts of a rejection, which may quote
// the value it rejects.
func maskRejection(r intake.Rejection) intake.Rejection {
	r.Reason, r.ReasonEN, r.Message = kluis.MaskFreeText(r.Reason), kluis.MaskFreeText(r.ReasonEN), kluis.MaskFreeText(r.Message)
	r.Rule, r.Value = kluis.MaskFreeText(r.Rule), kluis.MaskFreeText(r.Value)
	return r
}

func (im *Importer) deliveries(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta, src Source) (store.Summary, error) {
	if err := im.fileGemeente(ctx, &meta, src); err != nil {
		return store.Summary{}, err
	}
	head, _ := br.Peek(4096)
	format, err := intake.SniffFormat(head)
	if err != nil {
		return store.Summary{}, err
	}
	meta.Format = format.String()
	if format == intake.FormatXML {
		if b := intake.SniffBericht(head); b != "" {
			meta.Format = b
		}
		if src.AGB != "" && (meta.Format == "JW301" || meta.Format == "WMO301") {
			return store.Summary{}, errProviderAssignment(meta.Format, 0)
		}
	}
	imp, err := im.Store.BeginImport(ctx, meta)
	if err != nil {
		return store.Summary{}, err
	}
	mark := im.Kluis.Mark()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan *chunk, 4)
	sink := &pipeSink{k: im.Kluis, out: ch, src: src, ctx: ctx, fnv: fnv.New64a(), gemeente: meta.Gemeente}
	var parseErr error
	var info intake.XMLInfo
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(ch)
		if format == intake.FormatXML {
			info, parseErr = intake.ParseXML(br, sink)
		} else {
			_, parseErr = intake.ParseDeliveriesCSV(br, im.Codes, sink)
		}
		if parseErr == nil {
			parseErr = sink.flush()
		}
	}()
	var writeErr error
	for c := range ch {
		if writeErr != nil {
			continue // drain so the parser can finish
		}
		writeErr = im.writeChunk(ctx, imp, c)
		if writeErr != nil {
			cancel()
		} else if afterChunk != nil {
			afterChunk()
		}
	}
	<-done
	if writeErr == nil {
		writeErr = parseErr
	}
	if err := im.Kluis.FailedSince(mark); err != nil {
		writeErr = err // a kluis service that failed: store nothing, say why
	}
	var late []store.LatePeriod
	if writeErr == nil {
		late, writeErr = latePeriods(ctx, imp)
	}
	if writeErr != nil {
		imp.Rollback()
		return store.Summary{}, writeErr
	}
	if info.Bericht != "" {
		imp.SetFormat(info.Bericht)
	}
	if info.Envelop != nil {
		imp.SetEnvelope(info.Envelop.Referentienummer)
	}
	imp.SetFileHash(fileHash(br, h))
	sum, err := imp.Commit(ctx)
	sum.Late = late
	return sum, err
}

// latePeriods lists the already released periods this import adds
// deliveries to. A frozen release is never changed in place (it records
// the highest delivery id it was made from); the late rows count in the
// next version of its meting, and the import report says so.
func latePeriods(ctx context.Context, imp *store.Import) ([]store.LatePeriod, error) {
	periods, err := imp.ReleasedPeriods(ctx)
	if err != nil || len(periods) == 0 {
		return nil, err
	}
	months, err := imp.AcceptedByMonth(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.LatePeriod
	for _, s := range periods {
		p, err := release.ParsePeriod(s)
		if err != nil {
			continue
		}
		from, _ := intake.ParseDate(p.Start())
		to, _ := intake.ParseDate(p.End())
		n := 0
		for m, c := range months {
			if m >= int(from)/100 && m <= int(to)/100 {
				n += c
			}
		}
		if n > 0 {
			out = append(out, store.LatePeriod{Period: p.String(), Rows: n,
				Reason:   fmt.Sprintf("%d prestaties horen bij een al vrijgegeven periode; een nieuwe versie van meting %s neemt ze mee", n, p),
				ReasonEN: fmt.Sprintf("%d prestaties belong to an already released period; a new version of release %s includes them", n, p)})
		}
	}
	return out, nil
}

func (im *Importer) writeChunk(ctx context.Context, imp *store.Import, c *chunk) error {
	if err := imp.SetGemeente(c.gemeente); err != nil {
		return err
	}
	for _, r := range c.rejections {
		if err := imp.Reject(ctx, r); err != nil {
			return err
		}
	}
	if len(c.deliveries) > 0 {
		if err := imp.AddDeliveries(ctx, c.deliveries); err != nil {
			return err
		}
	}
	for _, r := range c.residences {
		if _, err := imp.AddResidence(ctx, r); err != nil {
			return err
		}
	}
	for _, t := range c.toewijzing {
		o, err := imp.AddToewijzing(ctx, t)
		if err != nil {
			return err
		}
		imp.Counted(o)
	}
	for _, z := range c.startStops {
		o, err := imp.AddStartStop(ctx, z)
		if err != nil {
			return err
		}
		imp.Counted(o)
	}
	for _, v := range c.verzoeken {
		o, err := imp.AddVerwijzing(ctx, v)
		if err != nil {
			return err
		}
		imp.Counted(o)
	}
	return nil
}

// rowImport runs a CSV import whose rows the store classifies one by one:
// parse reads br, storing rows in imp and passing bad ones to reject. Any
// error rolls the whole file back.
func (im *Importer) rowImport(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta,
	parse func(imp *store.Import, reject func(intake.Rejection)) error) (store.Summary, error) {
	meta.Format = "csv"
	imp, err := im.Store.BeginImport(ctx, meta)
	if err != nil {
		return store.Summary{}, err
	}
	mark := im.Kluis.Mark()
	var rejectErr error
	err = parse(imp, func(r intake.Rejection) {
		if err := imp.Reject(ctx, maskRejection(r)); err != nil && rejectErr == nil {
			rejectErr = err
		}
	})
	if err == nil {
		err = rejectErr
	}
	if ferr := im.Kluis.FailedSince(mark); ferr != nil {
		err = ferr // a kluis service that failed: store nothing, say why
	}
	if err != nil {
		imp.Rollback()
		return store.Summary{}, err
	}
	imp.SetFileHash(fileHash(br, h))
	return imp.Commit(ctx)
}

func (im *Importer) brp(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, reject func(intake.Rejection)) error {
		add, flush := im.brpBatch(ctx, func(p *intake.Persoon) error {
			r := store.Residence{
				Person:        im.Kluis.Pseudonym(kluis.Person, p.BSN),
				Geboortedatum: p.Geboortedatum,
				Peildatum:     p.Peildatum,
				Bron:          "brp",
				Secret:        p.Geheim,
			}
			if !p.Geheim {
				// A secret address is never linked: no address, no buurt, no pc6.
				r.Address = im.Kluis.Pseudonym(kluis.Address, p.Adres.Key())
				r.House = im.Kluis.Pseudonym(kluis.Address, p.Adres.HouseKey())
				r.PC6 = p.Adres.Postcode
			}
			for _, c := range p.GezagOver {
				r.Children = append(r.Children, im.Kluis.Pseudonym(kluis.Person, c))
			}
			if err := imp.AddPseudonymPairs(ctx, im.rotationPairs(p)); err != nil {
				return err
			}
			o, err := imp.AddResidence(ctx, r)
			if err != nil {
				return err
			}
			if o == store.Conflict {
				return imp.Reject(ctx, intake.Rejection{Line: p.Line, Field: "peildatum",
					Reason:   "deze persoon staat op deze peildatum al op een ander adres",
					ReasonEN: "this person is already registered at another address on this reference date"})
			}
			imp.Counted(o)
			return nil
		})
		_, err := intake.ParseBRP(br, add, reject)
		if err == nil {
			err = flush()
		}
		return err
	})
}

// providers imports the provider register (agb,naam).
func (im *Importer) providers(ctx context.Context, br *bufio.Reader, h hash.Hash, meta store.ImportMeta) (store.Summary, error) {
	return im.rowImport(ctx, br, h, meta, func(imp *store.Import, reject func(intake.Rejection)) error {
		_, err := intake.ParseProviders(br, func(line int, agb, name string, eigen bool) error {
			o, err := imp.AddProvider(ctx, agb, kluis.MaskFreeText(name), eigen)
			if err != nil {
				return err
			}
			imp.Counted(o)
			return nil
		}, reject)
		return err
	})
}
