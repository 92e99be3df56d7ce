package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/money"
)

// ImportMeta describes one file being imported.
type ImportMeta struct {
	Kind       string // "deliveries", "brp", "addresses", "areas"
	FileName   string
	FileSHA256 string
	Format     string // "csv", "JW323", …
	UploadedBy string // user name, "" for the CLI
	AGB        string // uploading provider, "" for the CLI
	Channel    string // how it came: "web", "api" or "cli"
	Gemeente   string // the gemeente the file is for (CBS code "GM0642"), "" when unknown; see SetGemeente
}

// Outcome is what happened to one row offered to the store.
type Outcome int

const (
	Accepted Outcome = iota
	Duplicate
	Conflict
)

// Import is one file's import in progress. Everything of the file goes into
// one transaction: Commit stores all of it, Rollback (or a crash) none.
type Import struct {
	ID   int64
	s    *Store
	conn *sql.Conn
	tx   *sql.Tx
	meta ImportMeta

	accepted, duplicates int
	rejected             int                // rejected lines
	problems             int                // rejections: a line may have several
	rejections           []intake.Rejection // the first MaxKeptRejections, for the report
	groups               intake.Grouper     // all of them by kind of problem, for the report
	pendingRej           []intake.Rejection // not yet written

	envelope string // StUF referentienummer, when the file came in an envelope
	firstID  int64  // deliveries of this import have ids above this
	// constIns is SQLite's insert of a full batch (deliveryinsert.go).
	constIns *constInsert
	argBuf   []any // reused between batches
	staged   bool  // Postgres: the import holds the import lock
	bulk     bool  // the table was empty: indexes are built at commit (bulk.go)
	resolved bool  // bulk: repeats classified and indexes built

	gemeente string    // of every delivery of this import (partitions.go)
	prepared bool      // the first deliveries arrived: gemeente fixed, bulk decided
	part     partition // PostgreSQL: the partition the deliveries go to

	sortOnDisk bool    // SQLite: temp_store=FILE on the connection, set back in close
	pg         pgWrite // Postgres: the state of the COPY path (copy_pg.go)

	personIDs *personCache // pseudonym → pseudonyms.id, bounded (see personCacheMax)
	byNo      []personByNo // Delivery.PersonNo → pseudonym and id
	forgot    bool         // a person found by number left the person cache
	batchIDs  []int64      // the person ids of the batch being written
}

// ReportLinesPerGroup is how many lines of each kind of problem the upload
// report shows; the download has them all.
const ReportLinesPerGroup = 5

// MaxKeptRejections bounds the rejections kept in memory for the report;
// all of them are stored in the database.
const MaxKeptRejections = 10000

// deliveryCols are the columns of a delivery row, in insert order.
const deliveryCols = "agb, referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line, gemeente"

// deliveryNCols is the number of deliveryCols.
const deliveryNCols = 18

const deliveryBatch = 200 // rows per multi-row INSERT on SQLite: measured best of 50/200/500

// BeginImport starts the import of one file.
func (s *Store) BeginImport(ctx context.Context, meta ImportMeta) (*Import, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	onDisk := meta.Kind == "deliveries" && sortOnDisk(ctx, s, conn)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		if onDisk {
			conn.ExecContext(ctx, `PRAGMA temp_store=MEMORY`)
		}
		conn.Close()
		return nil, fmt.Errorf("transactie starten / begin transaction: %w", err)
	}
	im := &Import{s: s, conn: conn, tx: tx, meta: meta, sortOnDisk: onDisk, groups: intake.Grouper{PerGroup: ReportLinesPerGroup}}
	if err := im.SetGemeente(meta.Gemeente); err != nil {
		im.Rollback()
		return nil, err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO imports (kind, file_name, file_sha256, format, uploaded_by, agb, channel, created_at, gemeente) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		meta.Kind, meta.FileName, meta.FileSHA256, meta.Format, meta.UploadedBy, meta.AGB, meta.Channel, now(), meta.Gemeente).Scan(&im.ID)
	if err != nil {
		im.Rollback()
		return nil, fmt.Errorf("import registreren / register import: %w", err)
	}
	if meta.Kind == "deliveries" {
		// Rows are only added, with growing ids: what this import adds has
		// ids above the highest now (PostgreSQL imports take turns, see
		// stageDeliveries), so AcceptedByMonth reads them by key range.
		if s.dialect == Postgres {
			if err := im.lockImports(ctx); err != nil {
				im.Rollback()
				return nil, err
			}
		}
		if s.dialect == Postgres {
			if err := im.checkFreshPersons(ctx); err != nil {
				im.Rollback()
				return nil, err
			}
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM deliveries`).Scan(&im.firstID); err != nil {
			im.Rollback()
			return nil, err
		}
		// Whether this is a bulk load is decided when the first deliveries
		// come (prepareDeliveries): an XML file names its gemeente only in
		// its header.
	}
	return im, nil
}

// SetFileHash records the SHA-256 of the whole file once it has been read.
func (im *Import) SetFileHash(h string) { im.meta.FileSHA256 = h }

// SetFormat records the detected format once it is known.
func (im *Import) SetFormat(format string) { im.meta.Format = format }

// SetEnvelope records the StUF-GGk referentienummer of the envelope the
// file came in.
func (im *Import) SetEnvelope(ref string) { im.envelope = ref }

// AcceptedByMonth counts the deliveries this import stored so far by the
// month (YYYYMM) their period begins in; the importer tells from it which
// already released periods get late rows.
func (im *Import) AcceptedByMonth(ctx context.Context) (map[int]int, error) {
	if err := im.finishBulk(ctx); err != nil {
		return nil, err
	}
	rows, err := im.tx.QueryContext(ctx, `SELECT begindatum / 100, COUNT(*) FROM deliveries WHERE id > $1 AND import_id = $2 AND gemeente = $3 GROUP BY begindatum / 100`, im.firstID, im.ID, im.gemeente)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]int{}
	for rows.Next() {
		var month, n int
		if err := rows.Scan(&month, &n); err != nil {
			return nil, err
		}
		out[month] = n
	}
	return out, rows.Err()
}

// ReleasedPeriods lists the periods that have a published release.
func (im *Import) ReleasedPeriods(ctx context.Context) ([]string, error) {
	rows, err := im.tx.QueryContext(ctx, `SELECT DISTINCT period FROM releases ORDER BY period`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Reject records a rejected row, or another problem of a row already
// rejected (r.Further), which is stored but not counted as a row again.
func (im *Import) Reject(ctx context.Context, r intake.Rejection) error {
	if !r.Further {
		im.rejected++
	}
	im.problems++
	if r.Rule == "" {
		r.Rule = intake.RuleOf(r)
	}
	im.groups.Add(r)
	if len(im.rejections) < MaxKeptRejections {
		im.rejections = append(im.rejections, r)
	}
	im.pendingRej = append(im.pendingRej, r)
	if len(im.pendingRej) >= 500 {
		return im.flushRejections(ctx)
	}
	return nil
}

func (im *Import) flushRejections(ctx context.Context) error {
	if err := im.waitCopy(); err != nil {
		return err // the COPY before failed: say why, not "transaction aborted"
	}
	for len(im.pendingRej) > 0 {
		n := min(len(im.pendingRej), 100)
		var b strings.Builder
		b.WriteString(`INSERT INTO rejections (import_id, line, field, reason, reason_en, message, client, prestatie, rule, value) VALUES `)
		args := make([]any, 0, n*10)
		for i, r := range im.pendingRej[:n] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(im.s.placeholders(len(args), 10))
			args = append(args, im.ID, r.Line, r.Field, r.Reason, r.ReasonEN, r.Message, r.Client, r.Prestatie, r.Rule, r.Value)
		}
		if _, err := im.tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("afwijzingen opslaan / store rejections: %w", err)
		}
		im.pendingRej = im.pendingRej[n:]
	}
	im.pendingRej = nil
	return nil
}

// placeholders returns "($k+1, …, $k+n)" for PostgreSQL and "(?, …, ?)"
// for SQLite: the SQLite driver resolves each $N by name, which costs
// quadratic time in multi-row inserts with thousands of parameters
// (measured: 5,500 vs 200,000+ rows/s), while plain ? binds by position.
func (s *Store) placeholders(k, n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		if s.dialect == SQLite {
			b.WriteByte('?')
			continue
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(k + i))
	}
	b.WriteByte(')')
	return b.String()
}

// Delivery is a delivery as stored: the BSN replaced by the person pseudonym.
type Delivery struct {
	Line        int
	AGB         string
	Referentie  string
	Credit      bool
	Person      string
	Geldstroom  string
	Categorie   string
	Productcode string
	Begin, Eind intake.Date
	Volume      int64
	Eenheid     string
	Bedrag      money.Cents
	Toewijzing  string
	Bron        string
	Hash        int64 // content hash: the same key with another hash is a conflict
	// PersonNo optionally numbers Person within one import (1, 2, …, at
	// most personCacheMax), as the importer numbers the persons it meets:
	// the store then finds the person's id by that number, not by hashing
	// the pseudonym again. 0 is no number. A number is only trusted for
	// the pseudonym it was first given with.
	PersonNo int32
}

// appendArgs appends the row's values in deliveryCols order; personID is
// the pseudonyms.id of d.Person, gemeente the import's.
func (d *Delivery) appendArgs(args []any, importID, personID int64, gemeente string) []any {
	return append(args, d.AGB, d.Referentie, b2i(d.Credit), personID, d.Geldstroom, d.Categorie, d.Productcode,
		int64(d.Begin), int64(d.Eind), d.Volume, d.Eenheid, int64(d.Bedrag), d.Toewijzing, d.Bron, d.Hash, importID, int64(d.Line), gemeente)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// AddDeliveries offers a batch of deliveries: new rows are stored, re-sent
// ones counted as duplicates, conflicting ones rejected. SQLite inserts
// multi-row with ON CONFLICT; PostgreSQL classifies the batch with one
// look-up and copies the new rows with COPY.
func (im *Import) AddDeliveries(ctx context.Context, batch []Delivery) error {
	if err := im.prepareDeliveries(ctx); err != nil {
		return err
	}
	ids, err := im.personIDsOf(ctx, batch)
	if err != nil {
		return err
	}
	if im.s.dialect == Postgres {
		return im.stageDeliveries(ctx, batch, ids)
	}
	for len(batch) > 0 {
		n := min(len(batch), deliveryBatch)
		if err := im.insertDeliveries(ctx, batch[:n], ids[:n]); err != nil {
			return err
		}
		batch, ids = batch[n:], ids[n:]
	}
	return nil
}

// personIDs returns the pseudonyms.id of each delivery's person, in batch
// order, adding the pseudonyms not stored yet. Only pseudonyms missing from
// the import's cache cost a statement: with monthly rows most persons
// repeat, so a batch of a million rows adds about as many pseudonyms as it
// has persons. The new ids are part of the import's transaction: a
// rollback takes them back with the rows.
func (im *Import) personIDsOf(ctx context.Context, batch []Delivery) ([]int64, error) {
	if im.personIDs == nil {
		im.personIDs = newPersonCache()
	}
	im.personIDs.newBatch()
	ids := im.batchIDs[:0]
	var missing []string
	var seen map[string]bool
	for i := range batch {
		if id, ok := im.byNumber(&batch[i]); ok {
			ids = append(ids, id)
			continue
		}
		id, ok := im.personIDs.get(batch[i].Person)
		if ok && im.numbered(&batch[i], id) {
			im.personIDs.forget(batch[i].Person)
			im.forgot = true
		}
		if !ok {
			id = -1
			if im.forgot && !im.newNumber(&batch[i]) {
				// A person dropped from the cache (found by number) may be
				// back under no or another number: look misses up first.
				im.pg.freshPersons = false
			}
			if p := batch[i].Person; !seen[p] {
				if seen == nil {
					seen = map[string]bool{}
				}
				seen[p] = true
				missing = append(missing, p)
			}
		}
		ids = append(ids, id)
	}
	im.batchIDs = ids
	if len(missing) == 0 {
		return ids, nil
	}
	for len(missing) > 0 {
		n := min(len(missing), 400)
		if err := im.addPseudonyms(ctx, missing[:n]); err != nil {
			return nil, fmt.Errorf("personen opslaan / store persons: %w", err)
		}
		missing = missing[n:]
	}
	var numbered []int // rows whose person is now found by number
	for i := range batch {
		if ids[i] >= 0 {
			continue
		}
		if id, ok := im.byNumber(&batch[i]); ok { // numbered a row earlier
			ids[i] = id
			continue
		}
		id, ok := im.personIDs.get(batch[i].Person)
		if !ok {
			return nil, fmt.Errorf("store: person id missing after insert")
		}
		ids[i] = id
		if im.numbered(&batch[i], id) {
			numbered = append(numbered, i)
		}
	}
	for _, i := range numbered {
		im.personIDs.forget(batch[i].Person)
		im.forgot = true
	}
	return ids, nil
}

// addPseudonyms stores the pseudonyms not stored yet and caches the id of
// each of them. SQLite: the insert returns the ids it made (in a first
// file, all of them), and only the pseudonyms stored before cost a second
// look-up. PostgreSQL: addPseudonymsPG.
func (im *Import) addPseudonyms(ctx context.Context, ps []string) error {
	if err := im.waitCopy(); err != nil {
		return err // the COPY before failed: say why, not "transaction aborted"
	}
	if im.personIDs.full() {
		// Past the cache's bound a miss is mostly a person stored before:
		// look up first, insert only who is new.
		if err := im.lookUpPseudonyms(ctx, ps); err != nil {
			return err
		}
		if ps = im.uncached(ps); len(ps) == 0 {
			return nil
		}
	}
	if im.s.dialect == Postgres {
		return im.addPseudonymsPG(ctx, ps, !im.personIDs.full())
	}
	// OR IGNORE, as for deliveries: no statement journal for the
	// multi-row insert (it was a third of this statement's CPU).
	var b strings.Builder
	b.WriteString(`INSERT OR IGNORE INTO pseudonyms (pseudonym) VALUES `)
	for i := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(im.s.placeholders(i, 1))
	}
	b.WriteString(` RETURNING id, pseudonym`)
	n, err := im.cachePersonIDs(ctx, b.String(), anys(ps)...)
	if err != nil || n == len(ps) {
		return err
	}
	return im.lookUpPseudonyms(ctx, im.uncached(ps))
}

// uncached returns those of ps the import's person cache does not hold.
func (im *Import) uncached(ps []string) []string {
	var out []string
	for _, p := range ps {
		if _, ok := im.personIDs.get(p); !ok {
			out = append(out, p)
		}
	}
	return out
}

// lookUpPseudonyms caches the ids of those of ps that are stored.
func (im *Import) lookUpPseudonyms(ctx context.Context, ps []string) error {
	if im.s.dialect == Postgres {
		if err := im.flushPersons(ctx); err != nil { // a person collected is found too
			return err
		}
		if err := im.restorePersonIndexes(ctx); err != nil { // found by index, not by scanning
			return err
		}
		_, err := im.cachePersonIDs(ctx, `SELECT id, pseudonym FROM pseudonyms WHERE pseudonym = ANY($1::text[])`, ps)
		return err
	}
	_, err := im.cachePersonIDs(ctx, `SELECT id, pseudonym FROM pseudonyms WHERE pseudonym IN `+im.s.placeholders(0, len(ps)), anys(ps)...)
	return err
}

// cachePersonIDs runs q and caches the (id, pseudonym) rows it returns;
// it says how many.
func (im *Import) cachePersonIDs(ctx context.Context, q string, args ...any) (int, error) {
	rows, err := im.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var p string
		if err := rows.Scan(&id, &p); err != nil {
			return n, err
		}
		im.personIDs.put(p, id)
		n++
	}
	return n, rows.Err()
}

func (im *Import) insertDeliveries(ctx context.Context, batch []Delivery, personIDs []int64) error {
	if len(batch) == deliveryBatch && im.constIns == nil {
		if err := im.prepareConstInsert(ctx, batch[0].Bron); err != nil {
			return err
		}
	}
	args := im.argBuf[:0]
	var n int64
	var err error
	if len(batch) == deliveryBatch && sameBron(batch, im.constIns.bron) {
		for i := range batch {
			args = batch[i].appendConstArgs(args, personIDs[i])
		}
		n, err = im.execConstInsert(ctx, args)
	} else {
		for i := range batch {
			args = batch[i].appendArgs(args, im.ID, personIDs[i], im.gemeente)
		}
		var res sql.Result
		if res, err = im.tx.ExecContext(ctx, im.s.deliveryInsertSQL(len(batch)), args...); err == nil {
			n, _ = res.RowsAffected()
		}
	}
	im.argBuf = args
	if err != nil {
		return fmt.Errorf("leveringen opslaan / store deliveries: %w", err)
	}
	if int(n) == len(batch) {
		im.accepted += len(batch)
		return nil
	}
	// Some rows were already there: classify each against what is stored.
	for i := range batch {
		d := &batch[i]
		var hash, importID, line int64
		err := im.tx.QueryRowContext(ctx, `SELECT content_hash, import_id, line FROM deliveries WHERE referentie = $1 AND agb = $2 AND geldstroom = $3 AND credit = $4 AND gemeente = $5`,
			d.Referentie, d.AGB, d.Geldstroom, b2i(d.Credit), im.gemeente).Scan(&hash, &importID, &line)
		if err != nil {
			return fmt.Errorf("levering opzoeken / look up delivery: %w", err)
		}
		switch {
		case importID == im.ID && line == int64(d.Line):
			im.accepted++
		case hash == d.Hash:
			im.duplicates++
		default:
			if err := im.Reject(ctx, im.conflictRejection(ctx, d, importID, line)); err != nil {
				return err
			}
		}
	}
	return nil
}

// conflictRejection rejects d, whose key is stored with other content,
// naming both lines: d's own and the stored one, with its file when that
// was an earlier import. A ReferentieNummer is unique per provider (TR314).
func (im *Import) conflictRejection(ctx context.Context, d *Delivery, otherImport, otherLine int64) intake.Rejection {
	where, whereEN := im.earlier(ctx, otherImport, otherLine)
	what, whatEN := "debetregel", "debit"
	if d.Credit {
		what, whatEN = "creditregel", "credit"
	}
	r := intake.Rejection{Line: d.Line, Field: "referentie",
		Reason: fmt.Sprintf("referentie %q van AGB %s (%s) staat al op %s met andere inhoud; een referentie is uniek per aanbieder en geldstroom (TR314): stuur een creditregel en een nieuwe referentie",
			d.Referentie, d.AGB, what, where),
		ReasonEN: fmt.Sprintf("reference %q of AGB %s (%s) is already on %s with different content; a reference is unique per provider and funding stream (TR314): send a credit and a new reference",
			d.Referentie, d.AGB, whatEN, whereEN),
		Rule:  "referentie staat al opgeslagen met andere inhoud (TR314)",
		Value: d.Referentie}
	if d.Bron != "csv" {
		r.Field = "ReferentieNummer"
	}
	return r
}

// earlier names the place of a stored row: a line of this file, or a line
// of an earlier import and its file.
func (im *Import) earlier(ctx context.Context, importID, line int64) (nl, en string) {
	if importID == im.ID {
		return fmt.Sprintf("regel %d van dit bestand", line), fmt.Sprintf("line %d of this file", line)
	}
	var file, at string
	if err := im.tx.QueryRowContext(ctx, `SELECT file_name, created_at FROM imports WHERE id = $1`, importID).Scan(&file, &at); err != nil {
		return fmt.Sprintf("regel %d van import %d", line, importID), fmt.Sprintf("line %d of import %d", line, importID)
	}
	if len(at) > 10 {
		at = at[:10]
	}
	return fmt.Sprintf("regel %d van %s (import %d van %s)", line, file, importID, at),
		fmt.Sprintf("line %d of %s (import %d of %s)", line, file, importID, at)
}

func (s *Store) deliveryInsertSQL(n int) string {
	var b strings.Builder
	// OR IGNORE rather than ON CONFLICT … DO NOTHING: when every constraint
	// resolves by ignoring, SQLite needs no statement journal for the
	// multi-row insert (that journal was 9% of the import's CPU). This path
	// is SQLite's only; PostgreSQL uses COPY.
	b.WriteString("INSERT OR IGNORE INTO deliveries (" + deliveryCols + ") VALUES ")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s.placeholders(i*deliveryNCols, deliveryNCols))
	}
	return b.String()
}

// stageDeliveries writes a batch on PostgreSQL: it looks up which keys
// are already stored (one query for the batch), classifies those, and
// copies the new rows straight into the table with COPY. Imports take
// turns under an advisory lock, so nothing can slip in between.
func (im *Import) stageDeliveries(ctx context.Context, batch []Delivery, personIDs []int64) error {
	if im.bulk {
		// No index to look up in; repeats are resolved at commit. The rows
		// carry ids from the range reserved in startBulkIDs, and go while
		// the next batch is prepared (copyAsync).
		cp := &im.pg.copyBufs[im.pg.copyTurn]
		if !cp.filling {
			cp.reset(true, im.copyTable())
			cp.filling = true
		}
		for i := range batch {
			cp.add(&batch[i], im.pg.nextID, im.ID, personIDs[i], im.gemeente)
			im.pg.nextID++
		}
		im.accepted += len(batch)
		if cp.rows < bulkCopyRows {
			return nil // more rows to one COPY (bulkCopyRows)
		}
		cp.filling = false
		return im.copyAsync(ctx, cp)
	}
	agbs := make([]string, len(batch))
	geld := make([]string, len(batch))
	refs := make([]string, len(batch))
	credits := make([]int64, len(batch))
	for i := range batch {
		agbs[i], geld[i], refs[i], credits[i] = batch[i].AGB, batch[i].Geldstroom, batch[i].Referentie, b2i(batch[i].Credit)
	}
	type stored struct {
		hash, importID, line int64
	}
	type key struct {
		agb, geld, ref string
		credit         int64
	}
	existing := map[key]stored{}
	rows, err := im.tx.QueryContext(ctx, `SELECT d.agb, d.geldstroom, d.referentie, d.credit, d.content_hash, d.import_id, d.line
		FROM deliveries d JOIN unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS k(agb, geldstroom, referentie, credit)
		ON d.referentie = k.referentie COLLATE "C" AND d.agb = k.agb COLLATE "C" AND d.geldstroom = k.geldstroom COLLATE "C" AND d.credit = k.credit
		WHERE d.gemeente = $5`, agbs, geld, refs, credits, im.gemeente)
	if err != nil {
		return fmt.Errorf("leveringen opzoeken / look up deliveries: %w", err)
	}
	for rows.Next() {
		var k key
		var v stored
		if err := rows.Scan(&k.agb, &k.geld, &k.ref, &k.credit, &v.hash, &v.importID, &v.line); err != nil {
			rows.Close()
			return err
		}
		existing[k] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	cp := &im.pg.copyBufs[0]
	cp.reset(false, im.copyTable())
	for i := range batch {
		d := &batch[i]
		k := key{d.AGB, d.Geldstroom, d.Referentie, b2i(d.Credit)}
		if v, ok := existing[k]; ok {
			if v.hash == d.Hash {
				im.duplicates++
			} else if err := im.Reject(ctx, im.conflictRejection(ctx, d, v.importID, v.line)); err != nil {
				return err
			}
			continue
		}
		existing[k] = stored{d.Hash, im.ID, int64(d.Line)}
		cp.add(d, 0, im.ID, personIDs[i], im.gemeente)
	}
	im.accepted += cp.rows
	return im.sendCopy(ctx, cp)
}

// lockImports makes PostgreSQL imports of deliveries take turns, so
// nothing slips in between a batch's look-up and its COPY.
func (im *Import) lockImports(ctx context.Context) error {
	if im.staged {
		return nil
	}
	if _, err := im.tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7350102)`); err != nil {
		return err
	}
	im.staged = true
	return nil
}

// Counted adds rows to the accepted or duplicate counts, for imports whose
// rows are classified by the caller (BRP, addresses, areas).
func (im *Import) Counted(o Outcome) {
	switch o {
	case Accepted:
		im.accepted++
	case Duplicate:
		im.duplicates++
	}
}

// Tx gives the import's transaction to the store's own row writers.
func (im *Import) Tx() *sql.Tx { return im.tx }

// Summary is the outcome of one import, as printed by `import --json`.
type Summary struct {
	ImportID   int64              `json:"import_id"`
	File       string             `json:"file"`
	Kind       string             `json:"kind"`
	Format     string             `json:"format"`
	Rows       int                `json:"rows"`
	Accepted   int                `json:"accepted"`
	Duplicates int                `json:"duplicates"`
	Rejected   int                `json:"rejected"`
	Rejections []intake.Rejection `json:"rejections"`
	Truncated  bool               `json:"rejections_truncated,omitempty"`
	// Groups are the rejections by field and kind of problem, the most
	// frequent first, each with its count and first lines (all rejections,
	// also past the truncated list).
	Groups []intake.Group `json:"groups,omitempty"`
	// Envelope is the StUF-GGk referentienummer of the envelope the file
	// came in, "" when it came bare.
	Envelope string `json:"envelope_ref,omitempty"`
	// Late lists the already released periods this import adds rows to;
	// the importer fills it (see importer.latePeriods).
	Late []LatePeriod `json:"late_periods,omitempty"`
}

// LatePeriod says how many rows of an import belong to a period whose
// release (meting) is already frozen: they count in its next version.
type LatePeriod struct {
	Period   string `json:"period"`
	Rows     int    `json:"rows"`
	Reason   string `json:"reason"`
	ReasonEN string `json:"reason_en"`
}

// Commit finishes the import: classifies what is staged, writes the
// counts and commits. It returns the summary.
func (im *Import) Commit(ctx context.Context) (Summary, error) {
	defer im.close()
	if err := im.finishBulk(ctx); err != nil {
		im.tx.Rollback()
		return Summary{}, err
	}
	if err := im.flushRejections(ctx); err != nil {
		im.tx.Rollback()
		return Summary{}, err
	}
	total := im.accepted + im.duplicates + im.rejected
	groups := im.groups.Groups()
	report, err := reportGroupsJSON(groups)
	if err != nil {
		im.tx.Rollback()
		return Summary{}, err
	}
	if _, err := im.tx.ExecContext(ctx, `UPDATE imports SET format = $1, rows_total = $2, accepted = $3, duplicates = $4, rejected = $5, file_sha256 = $6, envelope_ref = $7, report_groups = $8, gemeente = $9 WHERE id = $10`,
		im.meta.Format, total, im.accepted, im.duplicates, im.rejected, im.meta.FileSHA256, im.envelope, report, im.gemeente, im.ID); err != nil {
		im.tx.Rollback()
		return Summary{}, err
	}
	if err := im.tx.Commit(); err != nil {
		return Summary{}, fmt.Errorf("import vastleggen / commit import: %w", err)
	}
	rej := im.rejections
	if rej == nil {
		rej = []intake.Rejection{}
	}
	return Summary{ImportID: im.ID, File: im.meta.FileName, Kind: im.meta.Kind, Format: im.meta.Format,
		Rows: total, Accepted: im.accepted, Duplicates: im.duplicates, Rejected: im.rejected,
		Rejections: rej, Truncated: im.problems > len(im.rejections), Groups: groups, Envelope: im.envelope}, nil
}

// Rollback abandons the import: nothing of the file is stored.
func (im *Import) Rollback() {
	im.waitCopy()
	if im.tx != nil {
		im.tx.Rollback()
	}
	im.close()
}

func (im *Import) close() {
	im.closeConstInsert()
	if im.conn != nil {
		if im.sortOnDisk {
			im.conn.ExecContext(context.Background(), `PRAGMA temp_store=MEMORY`)
		}
		im.conn.Close()
		im.conn = nil
	}
}
