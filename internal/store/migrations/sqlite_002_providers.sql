-- Provider names by AGB code, so pages can say "Enver" instead of an
-- 8-digit code. Not personal data.
CREATE TABLE providers (
    agb TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    import_id INTEGER NOT NULL
);
