-- Issue 16 point 4: a delivery row carries the gemeente (CBS code, 'GM0642';
-- '' = unknown) it was sent to, set per import (store/partitions.go). On
-- PostgreSQL deliveries are partitioned by it; SQLite has the column and
-- the same idempotency key: one gemeente receives its own messages, so a
-- referentie is unique per provider per gemeente. gemeente is the key's
-- last column, so the key still sorts and searches on referentie first
-- (migration 020).
--
-- Rows stored before this migration get the instance's gemeente when the
-- areas hold exactly one (so a file sent again after the upgrade is still
-- all duplicates), else '' (a region store: which gemeente an old row was
-- for is not known).
ALTER TABLE imports ADD COLUMN gemeente TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN gemeente TEXT NOT NULL DEFAULT '';
UPDATE deliveries SET gemeente = (SELECT MIN(g) FROM (SELECT DISTINCT CASE WHEN level = 'gemeente' THEN code ELSE gemeente END AS g FROM areas) a WHERE g <> '' HAVING COUNT(*) = 1)
WHERE (SELECT COUNT(DISTINCT CASE WHEN level = 'gemeente' THEN code ELSE gemeente END) FROM areas WHERE (CASE WHEN level = 'gemeente' THEN code ELSE gemeente END) <> '') = 1;
UPDATE imports SET gemeente = (SELECT MIN(gemeente) FROM deliveries) WHERE kind = 'deliveries' AND EXISTS (SELECT 1 FROM deliveries WHERE gemeente <> '');
DROP INDEX deliveries_key;
CREATE UNIQUE INDEX deliveries_key ON deliveries(referentie, agb, geldstroom, credit, gemeente);
