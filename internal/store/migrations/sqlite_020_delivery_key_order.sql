-- Issue 16: the idempotency key leads with referentie, the column that
-- tells rows apart, so building and searching it compares one column
-- instead of first walking through agb and geldstroom, which a million
-- rows share among forty and four values (docs/decisions.md).
DROP INDEX deliveries_key;
CREATE UNIQUE INDEX deliveries_key ON deliveries(referentie, agb, geldstroom, credit);
