-- Household plans (1Gezin1Plan1Budget) are personal data: they get their own
-- table, apart from the municipality's policy documents (business cases),
-- with which they shared `documents` by a kind string. Existing plans move
-- over; read and write them only through PersonalReader/PersonalWriter.
CREATE TABLE household_plans (
    household TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
INSERT INTO household_plans (household, body, updated_at, updated_by)
    SELECT name, body, updated_at, updated_by FROM documents WHERE kind = 'plan';
DELETE FROM documents WHERE kind = 'plan';
