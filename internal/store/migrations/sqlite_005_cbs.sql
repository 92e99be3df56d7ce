-- CBS open data for comparison with other municipalities (SPEC §3.7):
-- public figures about whole municipalities, never about a person.
-- A row sent again with other figures replaces the old one: CBS revises
-- its tables, and the newest figures are the ones to compare with.

-- Iv3 lasten and baten per taakveld, in cents (CBS: thousands of euros).
CREATE TABLE iv3_taakvelden (
    jaar INTEGER NOT NULL,
    document TEXT NOT NULL,
    gemeente TEXT NOT NULL,
    taakveld TEXT NOT NULL,
    taakveld_naam TEXT NOT NULL,
    lasten_cent BIGINT NOT NULL,
    baten_cent BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (jaar, document, gemeente, taakveld)
);

-- The Iv3 classes and inhabitants of each gemeente in one year's document.
CREATE TABLE iv3_gemeenten (
    jaar INTEGER NOT NULL,
    document TEXT NOT NULL,
    gemeente TEXT NOT NULL,
    inwoners BIGINT NOT NULL,
    provincie TEXT NOT NULL,
    grootte TEXT NOT NULL,
    stedelijkheid TEXT NOT NULL,
    centrumfunctie TEXT NOT NULL,
    sociale_structuur TEXT NOT NULL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (jaar, document, gemeente)
);

-- Kerncijfers per gemeente per year; NULL where CBS has no figure.
CREATE TABLE cbs_kerncijfers (
    jaar INTEGER NOT NULL,
    gemeentecode TEXT NOT NULL,
    gemeentenaam TEXT NOT NULL,
    inwoners BIGINT,
    huishoudens BIGINT,
    pct_0_15 REAL,
    pct_15_25 REAL,
    pct_25_45 REAL,
    pct_45_65 REAL,
    pct_65plus REAL,
    pct_rond_sociaal_min REAL,
    pct_hh_laag_inkomen REAL,
    wmo_per_1000 REAL,
    pct_jeugdzorg REAL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (jaar, gemeentecode)
);
