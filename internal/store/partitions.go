package store

import (
	"context"
	"fmt"
	"strings"
)

// Deliveries carry the gemeente they were sent to (migration 021), one
// per import: a JW323's Ontvanger, a CSV's --gemeente, or the instance's
// only gemeente. On PostgreSQL the table is partitioned by it (LIST), with
// a partition per gemeente made when an import first meets that gemeente
// and a DEFAULT partition for '' (docs/partitioning.md). A gemeente's
// first file is a bulk load into a standalone table without indexes —
// the indexes are built after the rows and the table is attached as the
// gemeente's partition at the end of the import's transaction — so other
// gemeenten stay readable and writable while it loads: ATTACH takes a
// SHARE UPDATE EXCLUSIVE lock on deliveries, which blocks no reader or
// writer, only other DDL. Only when an empty partition of that name
// already exists (the DEFAULT one of a new store) is it detached and
// dropped, which locks deliveries from there to the commit.
//
// Imports of deliveries take turns on PostgreSQL (lockImports), so two
// imports never make the same partition.

// partition is where an import's deliveries go on PostgreSQL.
type partition struct {
	name    string // deliveries_gm0642, or deliveries_default for ''
	load    string // the standalone table a bulk load fills; "" when not bulk
	replace bool   // an empty partition called name exists: swapped at attach
}

// ValidGemeente says whether g is a CBS gemeentecode as deliveries carry
// it ("GM" and four digits) or "" (unknown).
func ValidGemeente(g string) bool {
	if g == "" {
		return true
	}
	if len(g) != 6 || g[:2] != "GM" {
		return false
	}
	for _, c := range g[2:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// partitionName is the table of g's deliveries on PostgreSQL. g is valid,
// so the name needs no quoting.
func partitionName(g string) string {
	if g == "" {
		return "deliveries_default"
	}
	return "deliveries_" + strings.ToLower(g)
}

// SetGemeente says which gemeente this import's deliveries are for; "" is
// unknown. It may change until the first deliveries are stored (an XML
// file names its gemeente in its header), not after.
func (im *Import) SetGemeente(g string) error {
	if !ValidGemeente(g) {
		return fmt.Errorf("gemeente %q is geen CBS-gemeentecode zoals GM0642 / is not a CBS municipality code like GM0642", g)
	}
	if g == im.gemeente {
		return nil
	}
	if im.prepared {
		return fmt.Errorf("dit bestand heeft al leveringen voor gemeente %q opgeslagen en noemt nu %q; één bestand is voor één gemeente / this file already stored deliveries for %q and now names %q; one file is for one municipality",
			im.gemeente, g, im.gemeente, g)
	}
	im.gemeente = g
	return nil
}

// prepareDeliveries fixes the gemeente and decides on a bulk load when the
// first deliveries arrive.
func (im *Import) prepareDeliveries(ctx context.Context) error {
	if im.prepared {
		return nil
	}
	im.prepared = true
	var err error
	im.bulk, err = im.startBulk(ctx)
	return err
}

// copyTable is the table the import's rows are copied into: the bulk
// load's own table, else the gemeente's partition (COPY into it skips the
// routing of each row; PostgreSQL still checks the partition's bound),
// else deliveries.
func (im *Import) copyTable() string {
	if im.part.load != "" {
		return im.part.load
	}
	if im.part.name != "" {
		return im.part.name
	}
	return "deliveries"
}

// startPartitionBulk makes the standalone table a bulk load fills when the
// gemeente's partition is new or empty, and says whether it did.
func (im *Import) startPartitionBulk(ctx context.Context) (bool, error) {
	name := partitionName(im.gemeente)
	var exists bool
	if err := im.tx.QueryRowContext(ctx, `SELECT to_regclass($1) IS NOT NULL`, name).Scan(&exists); err != nil {
		return false, err
	}
	if exists {
		var rows bool
		if err := im.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+name+`)`).Scan(&rows); err != nil {
			return false, err
		}
		if rows {
			im.part = partition{name: name}
			return false, nil
		}
	}
	load := name
	if exists {
		load = name + "_load"
	}
	// The CHECK is the partition's bound: with it ATTACH need not scan the
	// rows to prove they belong there.
	q := `CREATE TABLE ` + load + ` (LIKE deliveries INCLUDING DEFAULTS, CHECK (gemeente = '` + im.gemeente + `'))`
	if _, err := im.tx.ExecContext(ctx, q); err != nil {
		return false, fmt.Errorf("partitie voor gemeente %q maken / create partition: %w", im.gemeente, err)
	}
	im.part = partition{name: name, load: load, replace: exists}
	return true, nil
}

// attachPartition gives the bulk-loaded table, its indexes built, its
// primary key and attaches it as the gemeente's partition. ATTACH adopts
// the table's key and person index as the partitions of deliveries_key and
// deliveries_person, as they have the same definition.
func (im *Import) attachPartition(ctx context.Context) error {
	p := im.part
	if p.load == "" {
		return nil
	}
	// The primary key was built with the other indexes (finishBulkIDs).
	var stmts []string
	if p.replace {
		stmts = append(stmts,
			`ALTER TABLE deliveries DETACH PARTITION `+p.name,
			`DROP TABLE `+p.name,
			`ALTER TABLE `+p.load+` RENAME TO `+p.name,
			`ALTER TABLE `+p.name+` RENAME CONSTRAINT `+p.load+`_pkey TO `+p.name+`_pkey`,
			`ALTER INDEX `+p.load+`_key RENAME TO `+p.name+`_key`,
			`ALTER INDEX `+p.load+`_person RENAME TO `+p.name+`_person`)
	}
	bound := `FOR VALUES IN ('` + im.gemeente + `')`
	if im.gemeente == "" {
		bound = `DEFAULT`
	}
	stmts = append(stmts, `ALTER TABLE deliveries ATTACH PARTITION `+p.name+` `+bound)
	for _, q := range stmts {
		if _, err := im.tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("partitie voor gemeente %q koppelen / attach partition: %w", im.gemeente, err)
		}
	}
	im.part.load = ""
	return nil
}

// OnlyGemeente is the instance's gemeente when its areas hold exactly one
// (a gemeente's own instance), else "" (none loaded yet, or a region).
func (s *Store) OnlyGemeente(ctx context.Context) (string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT g FROM (SELECT CASE WHEN level = 'gemeente' THEN code ELSE gemeente END AS g FROM areas) a WHERE g <> '' ORDER BY g LIMIT 2`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var gs []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			return "", err
		}
		gs = append(gs, g)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(gs) != 1 || !ValidGemeente(gs[0]) {
		return "", nil
	}
	return gs[0], nil
}

// DeliveryPartitions lists deliveries' partitions on PostgreSQL with the
// bound of each ("GM0642", or "" for the DEFAULT one); nil on SQLite.
func (s *Store) DeliveryPartitions(ctx context.Context) (map[string]string, error) {
	if s.dialect != Postgres {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
		FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'deliveries'::regclass`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, bound string
		if err := rows.Scan(&name, &bound); err != nil {
			return nil, err
		}
		if b, ok := strings.CutPrefix(bound, "FOR VALUES IN ('"); ok {
			bound = strings.TrimSuffix(b, "')")
		} else {
			bound = ""
		}
		out[name] = bound
	}
	return out, rows.Err()
}
