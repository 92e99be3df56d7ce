-- Key rotation (ontschot kluis rotate / migrate): a BRP extract imported
-- while the kluis has an old and a new key version records, per person and
-- address, its old pseudonym next to its new one. `ontschot kluis migrate`
-- relabels every stored pseudonym through this table in one transaction and
-- then empties it. It holds pseudonyms only, never a BSN or an address.
CREATE TABLE pseudonym_map (
    old TEXT PRIMARY KEY,
    new TEXT NOT NULL
);
