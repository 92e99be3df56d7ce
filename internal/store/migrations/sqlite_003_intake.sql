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
