package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
)

// PostgreSQL's COPY of new delivery rows, encoded here in COPY's binary
// format straight from the Delivery values: pgx's CopyFrom boxed every
// value into an []any and encoded it through pgtype.Map, which cost the
// writer goroutine ≈ 1.1 s of CPU per million rows (issue 16, fourth
// round, docs/decisions.md). Every column of a delivery row is TEXT or
// BIGINT, so a row is deliveryNCols (or, with the id, one more)
// length-prefixed fields:
// text as its UTF-8 bytes, a bigint as 8 bytes big-endian.

// pgWrite is the state of PostgreSQL's write path during one import.
type pgWrite struct {
	copyBufs      [2]deliveryCopy // a batch's new rows in COPY's binary format, one being filled while the other is sent
	copyTurn      int             // which of copyBufs is filled next
	copyDone      chan error      // bulk load: the COPY in flight, nil when none (copyAsync)
	personBuf     []byte          // new pseudonyms in COPY's binary format, not sent yet
	personRows    int             // the pseudonyms in personBuf
	personsBulk   bool            // pseudonyms' key and unique index dropped until restorePersonIndexes
	nextID        int64           // bulk load: the id of the next row (startBulkIDs)
	freshPersons  bool            // pseudonyms was empty when the import began (checkFreshPersons)
	personPool    []int64         // person ids reserved and not given out yet
	personsLocked bool            // pseudonyms locked against other writers (reservePersonIDs)
}

// pgCopySignature opens a binary COPY stream: the signature, flags and
// the length of the header extension (none).
var pgCopySignature = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// deliveryCopy collects one COPY's worth of delivery rows.
type deliveryCopy struct {
	buf     []byte
	rows    int
	withID  bool   // the rows carry their id (a bulk load assigns them)
	filling bool   // a bulk load is collecting rows in it (stageDeliveries)
	table   string // deliveries, the gemeente's partition or a bulk load's table (Import.copyTable)
}

func (c *deliveryCopy) reset(withID bool, table string) {
	c.buf = append(c.buf[:0], pgCopySignature...)
	c.rows = 0
	c.withID = withID
	c.table = table
}

// add appends d as one row; id is used only when the copy carries ids.
func (c *deliveryCopy) add(d *Delivery, id, importID, personID int64, gemeente string) {
	b := c.buf
	if c.withID {
		b = binary.BigEndian.AppendUint16(b, deliveryNCols+1)
		b = appendCopyInt(b, id)
	} else {
		b = binary.BigEndian.AppendUint16(b, deliveryNCols)
	}
	// deliveryCols order.
	b = appendCopyText(b, d.AGB)
	b = appendCopyText(b, d.Referentie)
	b = appendCopyInt(b, b2i(d.Credit))
	b = appendCopyInt(b, personID)
	b = appendCopyText(b, d.Geldstroom)
	b = appendCopyText(b, d.Categorie)
	b = appendCopyText(b, d.Productcode)
	b = appendCopyInt(b, int64(d.Begin))
	b = appendCopyInt(b, int64(d.Eind))
	b = appendCopyInt(b, d.Volume)
	b = appendCopyText(b, d.Eenheid)
	b = appendCopyInt(b, int64(d.Bedrag))
	b = appendCopyText(b, d.Toewijzing)
	b = appendCopyText(b, d.Bron)
	b = appendCopyInt(b, d.Hash)
	b = appendCopyInt(b, importID)
	b = appendCopyInt(b, int64(d.Line))
	b = appendCopyText(b, gemeente)
	c.buf = b
	c.rows++
}

// finish closes the stream with the trailer (a field count of -1).
func (c *deliveryCopy) finish() []byte {
	return binary.BigEndian.AppendUint16(c.buf, 0xffff)
}

func (c *deliveryCopy) statement() string {
	if c.withID {
		return `COPY ` + c.table + ` (id, ` + deliveryCols + `) FROM STDIN (FORMAT binary)`
	}
	return `COPY ` + c.table + ` (` + deliveryCols + `) FROM STDIN (FORMAT binary)`
}

func appendCopyText(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func appendCopyInt(b []byte, v int64) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, uint64(v))
}

// sendCopy sends the collected rows with one COPY on the import's
// connection, inside its transaction.
func (im *Import) sendCopy(ctx context.Context, c *deliveryCopy) error {
	if c.rows == 0 {
		return nil
	}
	data := c.finish()
	return im.conn.Raw(func(dc any) error {
		pc, ok := pgxConnOf(dc)
		if !ok {
			return fmt.Errorf("store: no pgx connection for COPY")
		}
		tag, err := pc.Conn.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(data), c.statement())
		if err != nil {
			return fmt.Errorf("leveringen kopiëren / copy deliveries: %w", err)
		}
		if tag.RowsAffected() != int64(c.rows) {
			return fmt.Errorf("leveringen kopiëren / copy deliveries: %d of %d rows stored", tag.RowsAffected(), c.rows)
		}
		return nil
	})
}

// copyAsync sends c with COPY while the caller prepares the next batch, so
// the client's work and the server's insert overlap instead of taking
// turns; it first waits for the COPY before it, whose error it returns.
// Only the bulk load sends this way: the row-by-row path's next look-up
// must see this batch's rows. The connection stays safe meanwhile:
// database/sql holds the driver connection's lock for the COPY (Conn.Raw),
// so any other statement of the import — a pseudonym look-up, rejections,
// another kind of row — waits for it, and in order. finishBulk and
// Rollback wait for the last one.
func (im *Import) copyAsync(ctx context.Context, c *deliveryCopy) error {
	if err := im.waitCopy(); err != nil {
		return err
	}
	done := make(chan error, 1)
	im.pg.copyDone = done
	im.pg.copyTurn ^= 1
	go func() { done <- im.sendCopy(ctx, c) }()
	return nil
}

// waitCopy waits for the COPY in flight, if any, and returns its error.
func (im *Import) waitCopy() error {
	if im.pg.copyDone == nil {
		return nil
	}
	err := <-im.pg.copyDone
	im.pg.copyDone = nil
	return err
}

// New pseudonyms go in with COPY as well, with ids reserved from the
// table's identity sequence: the INSERT … ON CONFLICT … RETURNING of 400
// pseudonyms at a time cost the server ≈ 1 s per 100,000 new persons
// (issue 16, fourth round). Only a deliveries import adds pseudonyms, and
// those take turns (lockImports), so a pseudonym not found is not stored
// by anyone else meanwhile; were it, the COPY would fail on the unique
// key and the import would roll back, never store it twice.

// personIDBlock is how many person ids one reservation takes: unused ones
// at the end of an import are a gap in the ids, nothing more.
const personIDBlock = 4096

// checkFreshPersons notes whether pseudonyms is empty as the import begins
// (a new store): then every person missing from the import's cache while
// the cache is not full is one this import has not stored, and new, so it
// needs no look-up. Called under the import lock.
func (im *Import) checkFreshPersons(ctx context.Context) error {
	var any int
	if err := im.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM pseudonyms LIMIT 1) x`).Scan(&any); err != nil {
		return err
	}
	im.pg.freshPersons = any == 0
	return nil
}

// addPseudonymsPG stores those of ps not stored yet and caches their ids.
// lookUp says ps may hold persons stored before (a caller past the
// cache's bound has looked them up already).
func (im *Import) addPseudonymsPG(ctx context.Context, ps []string, lookUp bool) error {
	if lookUp && !im.pg.freshPersons {
		if err := im.lookUpPseudonyms(ctx, ps); err != nil {
			return err
		}
		ps = im.uncached(ps)
	}
	if len(ps) == 0 {
		return nil
	}
	if err := im.reservePersonIDs(ctx, len(ps)); err != nil {
		return err
	}
	ids := im.pg.personPool[:len(ps)]
	im.pg.personPool = im.pg.personPool[len(ps):]
	if len(im.pg.personBuf) == 0 {
		im.pg.personBuf = append(im.pg.personBuf, pgCopySignature...)
	}
	b := im.pg.personBuf
	for i, p := range ps {
		b = binary.BigEndian.AppendUint16(b, 2)
		b = appendCopyInt(b, ids[i])
		b = appendCopyText(b, p)
	}
	im.pg.personBuf = b
	im.pg.personRows += len(ps)
	// A fresh store's bulk load looks no person up, so its new persons
	// can wait and go in with one COPY of many (each COPY costs the server
	// a statement); anything else sends them now.
	if !im.bulk || !im.pg.freshPersons || im.pg.personRows >= bulkCopyRows {
		if err := im.flushPersons(ctx); err != nil {
			return err
		}
	}
	for i, p := range ps {
		im.personIDs.put(p, ids[i])
	}
	return nil
}

// flushPersons sends the new pseudonyms collected in personBuf.
func (im *Import) flushPersons(ctx context.Context) error {
	if im.pg.personRows == 0 {
		return nil
	}
	b := binary.BigEndian.AppendUint16(im.pg.personBuf, 0xffff)
	err := im.conn.Raw(func(dc any) error {
		pc, ok := pgxConnOf(dc)
		if !ok {
			return fmt.Errorf("store: no pgx connection for COPY")
		}
		_, err := pc.Conn.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(b), `COPY pseudonyms (id, pseudonym) FROM STDIN (FORMAT binary)`)
		return err
	})
	im.pg.personBuf, im.pg.personRows = im.pg.personBuf[:0], 0
	return err
}

// bulkCopyRows is how many rows a bulk load collects before it sends them
// with one COPY: per COPY statement the server spends ≈ 2 ms beside the
// rows (500 COPYs of 2,000 rows took 2.5 s of server time against 1.5 s
// for one COPY of the same million rows; docs/decisions.md).
const bulkCopyRows = 20000

// flushBulk sends what a bulk load still holds: the rows of the batch
// being collected and the new pseudonyms, and waits for the COPY in
// flight.
func (im *Import) flushBulk(ctx context.Context) error {
	if cp := &im.pg.copyBufs[im.pg.copyTurn]; cp.filling {
		cp.filling = false
		if err := im.copyAsync(ctx, cp); err != nil {
			return err
		}
	}
	if err := im.waitCopy(); err != nil {
		return err
	}
	if err := im.flushPersons(ctx); err != nil {
		return err
	}
	return im.restorePersonIndexes(ctx)
}

// A fresh store's first import also loads pseudonyms in bulk: the table is
// empty, so its primary key and unique index are dropped when the first
// persons come and built once at the end, instead of 100,000 random
// inserts into a text index (≈ 0.3 s of server time per 100,000 persons,
// docs/decisions.md). The table is locked exclusively meanwhile; being
// empty, there was nothing to read in it. Anything that must find a
// person by pseudonym (a look-up past the person cache's bound) builds
// them first. Were a pseudonym collected twice, building the unique index
// fails the import, which then stores nothing.

// dropPersonIndexes drops pseudonyms' key and unique index.
func (im *Import) dropPersonIndexes(ctx context.Context) error {
	for _, q := range []string{`LOCK TABLE pseudonyms IN ACCESS EXCLUSIVE MODE`,
		`ALTER TABLE pseudonyms DROP CONSTRAINT pseudonyms_pkey, DROP CONSTRAINT pseudonyms_pseudonym_key`} {
		if _, err := im.tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("personen bulk laden voorbereiden / prepare bulk load of persons: %w", err)
		}
	}
	im.pg.personsBulk = true
	return nil
}

// restorePersonIndexes builds pseudonyms' key and unique index again
// after dropPersonIndexes, with every collected person sent first.
func (im *Import) restorePersonIndexes(ctx context.Context) error {
	if !im.pg.personsBulk {
		return nil
	}
	if err := im.flushPersons(ctx); err != nil {
		return err
	}
	if _, err := im.tx.ExecContext(ctx, `ALTER TABLE pseudonyms ADD CONSTRAINT pseudonyms_pkey PRIMARY KEY (id), ADD CONSTRAINT pseudonyms_pseudonym_key UNIQUE (pseudonym)`); err != nil {
		return fmt.Errorf("personen opslaan / store persons: %w", err)
	}
	im.pg.personsBulk = false
	return nil
}

// reservePersonIDs makes sure the pool holds at least n reserved ids: one
// block of consecutive ids a statement (a nextval per id cost ≈ 5 µs of
// server time each, more than the COPY of the pseudonym). The first
// reservation locks pseudonyms against other writers until the commit —
// readers go on — so no insert can take an id from the block in between.
func (im *Import) reservePersonIDs(ctx context.Context, n int) error {
	if len(im.pg.personPool) >= n {
		return nil
	}
	if !im.pg.personsLocked {
		if im.bulk && im.pg.freshPersons {
			if err := im.dropPersonIndexes(ctx); err != nil {
				return err
			}
		} else if _, err := im.tx.ExecContext(ctx, `LOCK TABLE pseudonyms IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		im.pg.personsLocked = true
	}
	k := max(n-len(im.pg.personPool), personIDBlock)
	var last int64
	if err := im.tx.QueryRowContext(ctx, `SELECT setval(pg_get_serial_sequence('pseudonyms', 'id'), nextval(pg_get_serial_sequence('pseudonyms', 'id')) + $1 - 1)`, k).Scan(&last); err != nil {
		return err
	}
	for id := last - int64(k) + 1; id <= last; id++ {
		im.pg.personPool = append(im.pg.personPool, id)
	}
	return nil
}
