-- An analyst's scope in an instance that holds several gemeenten (a
-- region): the gemeente (GMxxxx) whose released figures they may see;
-- '' is the whole region.
ALTER TABLE users ADD COLUMN gemeente TEXT NOT NULL DEFAULT '';
