-- Roles (issue #15 item 9). An assignment carries the professional's own
-- case number (zaaknummer: a short code, never a BSN) and, once an admin
-- ends it, who ended it and when (valid_to then moves to the day before
-- the end date).
ALTER TABLE assignments ADD COLUMN zaaknummer TEXT NOT NULL DEFAULT '';
ALTER TABLE assignments ADD COLUMN ended_by TEXT NOT NULL DEFAULT '';
ALTER TABLE assignments ADD COLUMN ended_at TEXT NOT NULL DEFAULT '';

-- How a family reaches its hulpverlener: the e-mail address of a staff
-- account (empty when none was given).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- A family's request to correct something ("klopt er iets niet?"): about a
-- person (self or a minor), optionally one delivery, with the household it
-- concerned when asked, so the assigned professional sees it. The text is
-- stored with every BSN masked. Handled once, by a professional or admin.
CREATE TABLE correction_requests (
    id INTEGER PRIMARY KEY,
    household TEXT NOT NULL,
    subject TEXT NOT NULL,
    author TEXT NOT NULL,
    delivery_id BIGINT,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    handled_by TEXT NOT NULL DEFAULT '',
    handled_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX correction_requests_household ON correction_requests(household);
CREATE INDEX correction_requests_subject ON correction_requests(subject);
