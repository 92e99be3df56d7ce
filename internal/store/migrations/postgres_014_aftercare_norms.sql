-- Issue 13: aftercare conversations (nazorg) per household and contract,
-- under the kluis pseudonym only, released as aggregates of ≥ 10; and the
-- municipality's population norms per year (a policy figure, no personal
-- data), so releases can publish the population-based budget.
CREATE TABLE aftercare (
    contract TEXT NOT NULL REFERENCES contracts(code),
    person TEXT NOT NULL,
    datum INTEGER NOT NULL,
    score INTEGER NOT NULL,
    geholpen INTEGER NOT NULL,
    import_id BIGINT NOT NULL,
    line INTEGER NOT NULL,
    PRIMARY KEY (contract, person, datum)
);

CREATE TABLE population_norms (
    jaar INTEGER NOT NULL,
    band TEXT NOT NULL,          -- 0_15, 15_25, 25_45, 45_65, 65plus; '' for a factor line
    factor TEXT NOT NULL,        -- a kerncijfers indicator for a factor line, else ''
    norm_cent BIGINT NOT NULL,
    gewicht DOUBLE PRECISION NOT NULL,
    referentie DOUBLE PRECISION NOT NULL,
    calibrated_on TEXT NOT NULL, -- the release the norms were derived from, else ''
    saved_at TEXT NOT NULL,
    PRIMARY KEY (jaar, band, factor)
);
