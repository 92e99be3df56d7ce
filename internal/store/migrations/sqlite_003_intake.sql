-- iJw/iWmo intake as providers really send it (issue 10). Keep in step with
-- postgres_003_intake.sql.

-- The StUF-GGk envelope an import arrived in: its StUF:referentienummer,
-- so the import can be traced back to the GGk's delivery.
ALTER TABLE imports ADD COLUMN envelope_ref TEXT NOT NULL DEFAULT '';

-- The real start (JW305/WMO305) and stop (JW307/WMO307) of care, per
-- assignment and care episode. A later StatusAanlevering 2 (changed) or 3
-- (withdrawn) of the same key replaces the row; readers skip status 3.
-- Persons are kluis pseudonyms, never a BSN.
CREATE TABLE zorg_start_stop (
    id INTEGER PRIMARY KEY,
    soort TEXT NOT NULL,                    -- 'start' or 'stop'
    agb TEXT NOT NULL,
    gemeente TEXT NOT NULL,
    toewijzingnummer TEXT NOT NULL,
    person TEXT NOT NULL,
    geldstroom TEXT NOT NULL,
    categorie TEXT NOT NULL,
    productcode TEXT NOT NULL,
    toewijzing_ingangsdatum INTEGER NOT NULL, -- 0 when not given
    begindatum INTEGER NOT NULL,
    einddatum INTEGER NOT NULL,             -- stop only, else 0
    reden TEXT NOT NULL,                    -- stop only: JZ588 / WMO588
    status TEXT NOT NULL,                   -- COD467 StatusAanlevering
    bron TEXT NOT NULL,
    content_hash INTEGER NOT NULL,
    import_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    UNIQUE (agb, toewijzingnummer, soort, begindatum)
);
CREATE INDEX zorg_start_stop_person ON zorg_start_stop(person);

-- TR314: a ReferentieNummer is unique per provider *within the legal
-- domain* (Jeugdwet, Wmo): a provider may number its iJw and iWmo
-- prestaties each from RN001. The key of a delivery therefore holds the
-- geldstroom. SQLite cannot change a table's UNIQUE constraint, so the
-- table is rebuilt with the same columns in the same order.
CREATE TABLE deliveries_tr314 (
    id INTEGER PRIMARY KEY,
    agb TEXT NOT NULL,
    referentie TEXT NOT NULL,
    credit INTEGER NOT NULL,
    person TEXT NOT NULL,
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
    line INTEGER NOT NULL,
    UNIQUE (agb, geldstroom, referentie, credit)
);
INSERT INTO deliveries_tr314 SELECT * FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_tr314 RENAME TO deliveries;
CREATE INDEX deliveries_person ON deliveries(substr(person, 1, 12));
