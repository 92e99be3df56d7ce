package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
)

// constInsert is SQLite's insert of a full batch of deliveries
// (deliveryInsertConstSQL), prepared once per import on the import's own
// driver connection and run there: through database/sql every Exec
// converted and checked each of its 3,000 arguments again
// (driverArgsConnLocked, ≈ 9% of the writer's CPU), while these values are
// driver values already (int64 and string). It runs inside the import's
// transaction: same connection, and database/sql holds the connection's
// lock during Raw.
type constInsert struct {
	stmt driver.Stmt
	st   driver.StmtExecContext // stmt
	bron string                 // the bron written in
	args []driver.NamedValue
}

func (im *Import) prepareConstInsert(ctx context.Context, bron string) error {
	return im.conn.Raw(func(dc any) error {
		c, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("store: SQLite-verbinding kan niet voorbereiden / driver cannot prepare")
		}
		st, err := c.PrepareContext(ctx, deliveryInsertConstSQL(deliveryBatch, im.ID, bron, im.gemeente))
		if err != nil {
			return err
		}
		se, ok := st.(driver.StmtExecContext)
		if !ok {
			st.Close()
			return fmt.Errorf("store: SQLite-opdracht zonder ExecContext / driver statement cannot exec")
		}
		im.constIns = &constInsert{stmt: st, st: se, bron: bron}
		return nil
	})
}

// execConstInsert runs the batch insert with args (appendConstArgs of
// each row) and says how many rows it stored.
func (im *Import) execConstInsert(ctx context.Context, args []any) (int64, error) {
	ci := im.constIns
	nv := ci.args[:0]
	for k, v := range args {
		nv = append(nv, driver.NamedValue{Ordinal: k + 1, Value: v})
	}
	ci.args = nv
	var n int64
	err := im.conn.Raw(func(any) error {
		res, err := ci.st.ExecContext(ctx, nv)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

func (im *Import) closeConstInsert() {
	if im.constIns == nil || im.conn == nil {
		return
	}
	st := im.constIns.stmt
	im.conn.Raw(func(any) error { return st.Close() })
	im.constIns = nil
}

// sameBron says whether every delivery of batch has bron b.
func sameBron(batch []Delivery, b string) bool {
	for i := range batch {
		if batch[i].Bron != b {
			return false
		}
	}
	return true
}

// appendConstArgs appends the row's values in deliveryCols order but for
// bron, import_id and gemeente, which deliveryInsertConstSQL writes in.
func (d *Delivery) appendConstArgs(args []any, personID int64) []any {
	return append(args, d.AGB, d.Referentie, b2i(d.Credit), personID, d.Geldstroom, d.Categorie, d.Productcode,
		int64(d.Begin), int64(d.Eind), d.Volume, d.Eenheid, int64(d.Bedrag), d.Toewijzing, d.Hash, int64(d.Line))
}

// deliveryInsertConstSQL is SQLite's multi-row insert of n deliveries of
// one import with one bron: the import, the bron and the import's gemeente
// are written into the statement as literals, so each row binds three
// values less (modernc takes the
// connection's mutex for every bind and allocates and later unbinds every
// text). It is prepared once per import.
func deliveryInsertConstSQL(n int, importID int64, bron, gemeente string) string {
	var row strings.Builder
	row.WriteByte('(')
	for i, c := range strings.Split(deliveryCols, ", ") {
		if i > 0 {
			row.WriteByte(',')
		}
		switch c {
		case "bron":
			row.WriteString("'" + strings.ReplaceAll(bron, "'", "''") + "'")
		case "import_id":
			row.WriteString(strconv.FormatInt(importID, 10))
		case "gemeente":
			row.WriteString("'" + strings.ReplaceAll(gemeente, "'", "''") + "'")
		default:
			row.WriteByte('?')
		}
	}
	row.WriteByte(')')
	var b strings.Builder
	b.WriteString("INSERT OR IGNORE INTO deliveries (" + deliveryCols + ") VALUES ")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row.String())
	}
	return b.String()
}
