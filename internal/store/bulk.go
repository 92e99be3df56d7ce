package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
)

// A bulk load is the import of deliveries into an empty deliveries table
// (a new store, or a new municipality's first file): the table's two
// indexes are dropped inside the import's transaction, the rows go in
// without index work, and the indexes are built once at the end. Building
// an index over sorted keys is far cheaper than a million random b-tree
// inserts (measured in docs/decisions.md, issue 16). The guarantees stay:
//   - atomic: the drop, the rows and the rebuild are one transaction (DDL
//     is transactional on both engines), a crash leaves the old state;
//   - idempotent: rows repeated within the file are found with one
//     GROUP BY before the unique key is built, and classified exactly as
//     the row-by-row path does (the first line wins; same content is a
//     duplicate, other content a conflict naming that first line).
//
// On SQLite the dropped indexes are the table's own (the import holds the
// write lock anyway). On PostgreSQL nothing is dropped: the rows go into a
// table of the gemeente's own, built and attached as its partition at the
// end (partitions.go), so other gemeenten stay readable.

// deliveryKey is the column list of the idempotency key deliveries_key,
// as migrations 020 and 021 made it: referentie first, on PostgreSQL
// compared bytewise, and the gemeente last.
func (s *Store) deliveryKey() string {
	if s.dialect == Postgres {
		return `(referentie COLLATE "C", agb COLLATE "C", geldstroom COLLATE "C", credit, gemeente)`
	}
	return `(referentie, agb, geldstroom, credit, gemeente)`
}

// sortOnDisk makes SQLite's index sort spill to temporary files rather
// than memory (the connection's default) when the deliveries table looks
// empty, so a bulk load's memory stays flat in file size. SQLite only
// allows this outside a transaction, so it is decided before the import's
// transaction starts; close sets the connection back.
func sortOnDisk(ctx context.Context, s *Store, conn *sql.Conn) bool {
	if s.dialect != SQLite {
		return false
	}
	var n int
	if conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM deliveries LIMIT 1) x`).Scan(&n) != nil || n > 0 {
		return false
	}
	_, err := conn.ExecContext(ctx, `PRAGMA temp_store=FILE`)
	return err == nil
}

// startBulk drops the deliveries indexes when the table is empty, and
// says whether it did.
func (im *Import) startBulk(ctx context.Context) (bool, error) {
	if im.s.dialect == Postgres {
		bulk, err := im.startPartitionBulk(ctx)
		if err == nil && bulk {
			err = im.startBulkIDs(ctx)
		}
		return bulk, err
	}
	var any int
	if err := im.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM deliveries LIMIT 1) x`).Scan(&any); err != nil {
		return false, err
	}
	if any > 0 {
		return false, nil
	}
	for _, q := range []string{`DROP INDEX deliveries_key`, `DROP INDEX deliveries_person`} {
		if _, err := im.tx.ExecContext(ctx, q); err != nil {
			return false, fmt.Errorf("bulk laden voorbereiden / prepare bulk load: %w", err)
		}
	}
	return true, nil
}

// finishBulk builds the indexes. The unique key is tried first: when the
// file repeats no key (the common case) that is the only extra work. When
// it does, the key is built without uniqueness, the repeats are found
// with it and classified, and the unique key is built again.
func (im *Import) finishBulk(ctx context.Context) error {
	if err := im.flushBulk(ctx); err != nil {
		return err
	}
	if !im.bulk || im.resolved {
		return nil
	}
	im.resolved = true
	if im.s.dialect == Postgres {
		// Sort the index keys in memory (server side, this transaction only):
		// the default 64 MB spills a million keys to disk.
		if _, err := im.tx.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
			return err
		}
		if err := im.finishBulkIDs(ctx); err != nil {
			return fmt.Errorf("indexen bouwen / build indexes: %w", err)
		}
	}
	if _, err := im.tx.ExecContext(ctx, `SAVEPOINT bulk_key`); err != nil {
		return err
	}
	table := im.copyTable()
	createKey := `CREATE UNIQUE INDEX ` + table + `_key ON ` + table + im.s.deliveryKey()
	if _, err := im.tx.ExecContext(ctx, createKey); err != nil {
		if _, err := im.tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT bulk_key`); err != nil {
			return err
		}
		if _, err := im.tx.ExecContext(ctx, `CREATE INDEX `+table+`_key ON `+table+im.s.deliveryKey()); err != nil {
			return fmt.Errorf("indexen bouwen / build indexes: %w", err)
		}
		if err := im.resolveRepeats(ctx); err != nil {
			return err
		}
		if _, err := im.tx.ExecContext(ctx, `DROP INDEX `+table+`_key`); err != nil {
			return err
		}
		if _, err := im.tx.ExecContext(ctx, createKey); err != nil {
			return fmt.Errorf("indexen bouwen / build indexes: %w", err)
		}
	}
	if _, err := im.tx.ExecContext(ctx, `RELEASE SAVEPOINT bulk_key`); err != nil {
		return err
	}
	if _, err := im.tx.ExecContext(ctx, `CREATE INDEX `+table+`_person ON `+table+`(person_id)`); err != nil {
		return fmt.Errorf("indexen bouwen / build indexes: %w", err)
	}
	return im.attachPartition(ctx)
}

// resolveRepeats finds the keys this file holds more than once and keeps
// only the first line of each: a later line with the same content is a
// duplicate, with other content a conflict.
func (im *Import) resolveRepeats(ctx context.Context) error {
	table := im.copyTable()
	rows, err := im.tx.QueryContext(ctx, `SELECT d.id, d.agb, d.referentie, d.credit, d.geldstroom, d.bron, d.content_hash, d.line
		FROM `+table+` d JOIN (SELECT referentie, agb, geldstroom, credit FROM `+table+` GROUP BY referentie, agb, geldstroom, credit HAVING COUNT(*) > 1) k
		ON d.referentie = k.referentie AND d.agb = k.agb AND d.geldstroom = k.geldstroom AND d.credit = k.credit
		ORDER BY d.agb, d.geldstroom, d.referentie, d.credit, d.id`)
	if err != nil {
		return fmt.Errorf("herhaalde regels zoeken / find repeated rows: %w", err)
	}
	type row struct {
		id, credit, hash, line int64
		agb, ref, geld, bron   string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.agb, &r.ref, &r.credit, &r.geld, &r.bron, &r.hash, &r.line); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(all) == 0 {
		return nil
	}
	var drop []int64
	var first row
	for i, r := range all {
		if i == 0 || r.agb != first.agb || r.geld != first.geld || r.ref != first.ref || r.credit != first.credit {
			first = r
			continue
		}
		drop = append(drop, r.id)
		im.accepted--
		if r.hash == first.hash {
			im.duplicates++
			continue
		}
		d := &Delivery{Line: int(r.line), AGB: r.agb, Referentie: r.ref, Credit: r.credit == 1, Geldstroom: r.geld, Bron: r.bron}
		if err := im.Reject(ctx, im.conflictRejection(ctx, d, im.ID, first.line)); err != nil {
			return err
		}
	}
	for len(drop) > 0 {
		n := min(len(drop), 500)
		args := make([]any, n)
		for i, id := range drop[:n] {
			args[i] = id
		}
		if _, err := im.tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id IN `+im.s.placeholders(0, n), args...); err != nil {
			return err
		}
		drop = drop[n:]
	}
	// The report lists rejections by line, as the row-by-row path does.
	sort.SliceStable(im.rejections, func(i, j int) bool { return im.rejections[i].Line < im.rejections[j].Line })
	return nil
}

// PostgreSQL's bulk load goes into a table of its own without indexes
// (partitions.go), and gives the rows their ids itself, from one reserved
// start: the sequence default (a nextval per row) and the primary key's
// b-tree cost ≈ 1.1 s of server time per million rows of COPY (issue 16,
// fourth round, docs/decisions.md). Building the key over monotonic ids at
// the end is cheap. Nothing else can take an id meanwhile: imports of
// deliveries take turns (lockImports) and ids come only from them. A
// rollback leaves the sequence where it was advanced to (sequences are
// not transactional): a gap, never a reuse.

// startBulkIDs reserves the first id.
func (im *Import) startBulkIDs(ctx context.Context) error {
	return im.tx.QueryRowContext(ctx, `SELECT nextval(pg_get_serial_sequence('deliveries', 'id'))`).Scan(&im.pg.nextID)
}

// finishBulkIDs moves the sequence past the ids given and builds the load
// table's primary key (before the unique key: resolveRepeats deletes by
// id); attachPartition adopts it.
func (im *Import) finishBulkIDs(ctx context.Context) error {
	if _, err := im.tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('deliveries', 'id'), $1, false)`, im.pg.nextID); err != nil {
		return err
	}
	t := im.copyTable()
	_, err := im.tx.ExecContext(ctx, `ALTER TABLE `+t+` ADD CONSTRAINT `+t+`_pkey PRIMARY KEY (id, gemeente)`)
	return err
}
