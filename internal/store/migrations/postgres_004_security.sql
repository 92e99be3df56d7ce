-- Issue 11 (security). Keep in step with the other dialect.

-- Failed log-ins per key ("a:<account>" and "p:<address>|<account>"), so a
-- restart does not reset the throttle. last_at is Unix milliseconds.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at BIGINT NOT NULL
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);

-- Separation of duties: an assignment gives access only once a second
-- person (a teamleider or another admin) approved it.
ALTER TABLE assignments ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE assignments ADD COLUMN approved_at TEXT NOT NULL DEFAULT '';
-- Assignments made before approval existed were made under the old rule
-- and stay in force.
UPDATE assignments SET approved_by = '(voor goedkeuring bestond)', approved_at = created_at;

-- NEN 7513: where a request came from and which session made it (a short
-- hash of the session, never the token).
ALTER TABLE audit_log ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN session TEXT NOT NULL DEFAULT '';
