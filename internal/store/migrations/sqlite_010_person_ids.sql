-- Issue 16: a delivery row holds an integer person id instead of the
-- 56-character pseudonym. The pseudonym is stored once, in pseudonyms;
-- deliveries index the integer. Measured (docs/decisions.md): the text
-- pseudonym in every row and in the person index was what cost most of
-- the import's b-tree work. Readers join pseudonyms to get the pseudonym
-- back. pseudonyms holds kluis pseudonyms only, never a BSN.
CREATE TABLE pseudonyms (
    id INTEGER PRIMARY KEY,
    pseudonym TEXT NOT NULL UNIQUE
);
INSERT INTO pseudonyms (pseudonym) SELECT DISTINCT person FROM deliveries ORDER BY person;

CREATE TABLE deliveries_010 (
    id INTEGER PRIMARY KEY,
    agb TEXT NOT NULL,
    referentie TEXT NOT NULL,
    credit INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    geldstroom TEXT NOT NULL,
    categorie TEXT NOT NULL,
    productcode TEXT NOT NULL,
    begindatum INTEGER NOT NULL,
    einddatum INTEGER NOT NULL,
    volume INTEGER NOT NULL,
    eenheid TEXT NOT NULL,
    bedrag_cent INTEGER NOT NULL,
    toewijzing TEXT NOT NULL,
    bron TEXT NOT NULL,
    content_hash INTEGER NOT NULL,
    import_id INTEGER NOT NULL,
    line INTEGER NOT NULL
);
INSERT INTO deliveries_010 (id, agb, referentie, credit, person_id, geldstroom, categorie, productcode, begindatum, einddatum, volume, eenheid, bedrag_cent, toewijzing, bron, content_hash, import_id, line)
SELECT d.id, d.agb, d.referentie, d.credit, p.id, d.geldstroom, d.categorie, d.productcode, d.begindatum, d.einddatum, d.volume, d.eenheid, d.bedrag_cent, d.toewijzing, d.bron, d.content_hash, d.import_id, d.line
FROM deliveries d JOIN pseudonyms p ON p.pseudonym = d.person;
DROP TABLE deliveries;
ALTER TABLE deliveries_010 RENAME TO deliveries;
-- The idempotency key is a named unique index rather than a table
-- constraint, so a bulk load into the empty table can build it after the
-- rows (store/bulk.go).
CREATE UNIQUE INDEX deliveries_key ON deliveries(agb, geldstroom, referentie, credit);
CREATE INDEX deliveries_person ON deliveries(person_id);
