-- Funding (SPEC §3.5, §3.6, §5.8): contracts, budget lines per partner and
-- year, result agreements, and flows without a declaration per client.
-- Contracts and budgets are policy documents, not personal data; a flow
-- per person holds only the kluis pseudonym.

CREATE TABLE contracts (
    code TEXT PRIMARY KEY,
    naam TEXT NOT NULL,
    variant TEXT NOT NULL,
    opdrachtnemer TEXT NOT NULL,
    aanbieders TEXT NOT NULL,   -- AGB codes, ';'-separated
    geldstromen TEXT NOT NULL,  -- ';'-separated; '' = all
    categorieen TEXT NOT NULL,  -- ';'-separated; '' = all
    gebied TEXT NOT NULL,       -- CBS code; '' = every resident
    begindatum INTEGER NOT NULL,
    einddatum INTEGER NOT NULL,
    import_id BIGINT NOT NULL
);

CREATE TABLE budget_lines (
    contract TEXT NOT NULL REFERENCES contracts(code),
    jaar INTEGER NOT NULL,
    partner TEXT NOT NULL,
    bedrag_cent BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (contract, jaar, partner)
);

CREATE TABLE result_agreements (
    contract TEXT NOT NULL REFERENCES contracts(code),
    jaar INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    doel REAL NOT NULL,
    aandeel REAL NOT NULL,
    gemeten REAL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (contract, jaar, indicator)
);

CREATE TABLE flows (
    id INTEGER PRIMARY KEY,
    bron TEXT NOT NULL,
    referentie TEXT NOT NULL,
    credit INTEGER NOT NULL,
    soort TEXT NOT NULL,
    geldstroom TEXT NOT NULL,
    categorie TEXT NOT NULL,
    begindatum INTEGER NOT NULL,
    einddatum INTEGER NOT NULL,
    gebied TEXT NOT NULL,       -- CBS code of a flow per area, else ''
    person TEXT NOT NULL,       -- pseudonym of a flow per person, else ''
    contract TEXT NOT NULL,
    volume BIGINT NOT NULL,
    eenheid TEXT NOT NULL,
    bedrag_cent BIGINT NOT NULL,
    content_hash BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    line INTEGER NOT NULL,
    UNIQUE (bron, referentie, credit)
);
CREATE INDEX flows_period ON flows(begindatum);
