-- The age make-up of an area as CBS publishes it (percent of inhabitants
-- per band), for population-based budgets (SPEC §5.8).
CREATE TABLE area_ages (
    code TEXT PRIMARY KEY,
    pct_0_15 REAL NOT NULL,
    pct_15_25 REAL NOT NULL,
    pct_25_45 REAL NOT NULL,
    pct_45_65 REAL NOT NULL,
    pct_65plus REAL NOT NULL,
    import_id BIGINT NOT NULL
);
