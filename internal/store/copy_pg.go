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
// BIGINT, so a row is 17 (or, with the id, 18) length-prefixed fields:
// text as its UTF-8 bytes, a bigint as 8 bytes big-endian.

// pgCopySignature opens a binary COPY stream: the signature, flags and
// the length of the header extension (none).
var pgCopySignature = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// deliveryCopy collects one COPY's worth of delivery rows.
type deliveryCopy struct {
	buf    []byte
	rows   int
	withID bool // the rows carry their id (a bulk load assigns them)
}

func (c *deliveryCopy) reset(withID bool) {
	c.buf = append(c.buf[:0], pgCopySignature...)
	c.rows = 0
	c.withID = withID
}

// add appends d as one row; id is used only when the copy carries ids.
func (c *deliveryCopy) add(d *Delivery, id, importID, personID int64) {
	b := c.buf
	if c.withID {
		b = binary.BigEndian.AppendUint16(b, 18)
		b = appendCopyInt(b, id)
	} else {
		b = binary.BigEndian.AppendUint16(b, 17)
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
	c.buf = b
	c.rows++
}

// finish closes the stream with the trailer (a field count of -1).
func (c *deliveryCopy) finish() []byte {
	return binary.BigEndian.AppendUint16(c.buf, 0xffff)
}

func (c *deliveryCopy) statement() string {
	if c.withID {
		return `COPY deliveries (id, ` + deliveryCols + `) FROM STDIN (FORMAT binary)`
	}
	return `COPY deliveries (` + deliveryCols + `) FROM STDIN (FORMAT binary)`
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
