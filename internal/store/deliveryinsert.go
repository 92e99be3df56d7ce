package store

import (
	"strconv"
	"strings"
)

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
// bron and import_id, which deliveryInsertConstSQL writes in.
func (d *Delivery) appendConstArgs(args []any, personID int64) []any {
	return append(args, d.AGB, d.Referentie, b2i(d.Credit), personID, d.Geldstroom, d.Categorie, d.Productcode,
		int64(d.Begin), int64(d.Eind), d.Volume, d.Eenheid, int64(d.Bedrag), d.Toewijzing, d.Hash, int64(d.Line))
}

// deliveryInsertConstSQL is SQLite's multi-row insert of n deliveries of
// one import with one bron: both are written into the statement as
// literals, so each row binds two values less (modernc takes the
// connection's mutex for every bind and allocates and later unbinds every
// text). It is prepared once per import.
func deliveryInsertConstSQL(n int, importID int64, bron string) string {
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
