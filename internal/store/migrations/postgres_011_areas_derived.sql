-- A wijk or gemeente that an area file only implies (its buurten are in the file,
-- the record itself is not) is stored as derived = 1. A derived record never
-- replaces a real CBS one with its inhabitants and outline; a real one replaces it.
ALTER TABLE areas ADD COLUMN derived INTEGER NOT NULL DEFAULT 0;
