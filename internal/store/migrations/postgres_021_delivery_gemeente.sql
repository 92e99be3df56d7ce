-- Issue 16 point 4: deliveries partitioned by gemeente (CBS code,
-- 'GM0642'; '' = unknown), declarative LIST partitioning. A partition per
-- gemeente is made when an import first meets that gemeente
-- (store/partitions.go); '' and any gemeente without its own partition go
-- to deliveries_default. gemeente is the distribution column a Citus
-- deployment would use unchanged (docs/partitioning.md), so every unique
-- key holds it:
--   - PRIMARY KEY (id, gemeente): id first, so the reads by id that do not
--     know the gemeente (a correction's delivery, id <= a release's
--     maximum, MAX(id)) still find it in each partition's index;
--   - deliveries_key (referentie, agb, geldstroom, credit, gemeente): one
--     gemeente receives its own messages, so a referentie is unique per
--     provider per gemeente. gemeente comes last so the key still sorts on
--     referentie first, with abbreviated keys (migration 020); within a
--     partition it is one value and costs nothing to compare.
-- id comes from a plain sequence rather than an identity column: a
-- partition made as a standalone table for a bulk load (LIKE … INCLUDING
-- DEFAULTS) then draws from the same sequence.
--
-- Rows stored before this migration get the instance's gemeente when the
-- areas hold exactly one (so a file sent again after the upgrade is still
-- all duplicates), else '' (a region store: which gemeente an old row was
-- for is not known).
ALTER TABLE imports ADD COLUMN gemeente TEXT NOT NULL DEFAULT '';

ALTER TABLE deliveries RENAME TO deliveries_020;
ALTER TABLE deliveries_020 RENAME CONSTRAINT deliveries_pkey TO deliveries_020_pkey;
ALTER INDEX deliveries_key RENAME TO deliveries_020_key;
ALTER INDEX deliveries_person RENAME TO deliveries_020_person;

CREATE TABLE deliveries (
    id BIGINT NOT NULL,
    agb TEXT NOT NULL,
    referentie TEXT NOT NULL,
    credit BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    geldstroom TEXT NOT NULL,
    categorie TEXT NOT NULL,
    productcode TEXT NOT NULL,
    begindatum BIGINT NOT NULL,
    einddatum BIGINT NOT NULL,
    volume BIGINT NOT NULL,
    eenheid TEXT NOT NULL,
    bedrag_cent BIGINT NOT NULL,
    toewijzing TEXT NOT NULL,
    bron TEXT NOT NULL,
    content_hash BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    line BIGINT NOT NULL,
    gemeente TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (id, gemeente)
) PARTITION BY LIST (gemeente);
CREATE TABLE deliveries_default PARTITION OF deliveries DEFAULT;

CREATE TEMPORARY TABLE migration_021 ON COMMIT DROP AS
SELECT COALESCE((SELECT MIN(g) FROM (SELECT DISTINCT CASE WHEN level = 'gemeente' THEN code ELSE gemeente END AS g FROM areas) a
    WHERE g <> '' HAVING COUNT(*) = 1), '') AS gemeente;
DO $$
DECLARE g TEXT := (SELECT gemeente FROM migration_021);
BEGIN
    IF g ~ '^GM[0-9]{4}$' AND EXISTS (SELECT 1 FROM deliveries_020) THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF deliveries FOR VALUES IN (%L)', 'deliveries_' || lower(g), g);
    END IF;
END $$;
UPDATE migration_021 SET gemeente = '' WHERE gemeente !~ '^GM[0-9]{4}$';

INSERT INTO deliveries (id, agb, referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line, gemeente)
SELECT d.id, d.agb, d.referentie, d.credit, d.person_id, d.geldstroom, d.categorie, d.productcode, d.begindatum, d.einddatum, d.volume, d.eenheid, d.bedrag_cent, d.toewijzing, d.bron, d.content_hash, d.import_id, d.line, m.gemeente
FROM deliveries_020 d CROSS JOIN migration_021 m;
UPDATE imports SET gemeente = (SELECT gemeente FROM migration_021) WHERE kind = 'deliveries' AND EXISTS (SELECT 1 FROM deliveries_020);

CREATE UNIQUE INDEX deliveries_key ON deliveries (referentie COLLATE "C", agb COLLATE "C", geldstroom COLLATE "C", credit, gemeente);
CREATE INDEX deliveries_person ON deliveries (person_id);

CREATE SEQUENCE deliveries_id_seq_021;
SELECT setval('deliveries_id_seq_021', COALESCE((SELECT MAX(id) FROM deliveries_020), 0) + 1, false);
DROP TABLE deliveries_020;
ALTER SEQUENCE deliveries_id_seq_021 RENAME TO deliveries_id_seq;
ALTER SEQUENCE deliveries_id_seq OWNED BY deliveries.id;
ALTER TABLE deliveries ALTER COLUMN id SET DEFAULT nextval('deliveries_id_seq');
