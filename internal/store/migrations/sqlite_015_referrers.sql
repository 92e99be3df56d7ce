-- Issue 14: who referred a client to youth care. In iJw 3.2 the referrer
-- (Verwijzer) is in the provider's request for an assignment (JW315), one
-- per requested product; the JW301 that answers it repeats the provider's
-- ReferentieAanbieder (IV094, IV097), which is unique per provider within
-- the legal domain (TR347). Only the kind of referrer (COD327) is kept:
-- no name or AGB code of the referrer, no free text. Persons are kluis
-- pseudonyms and referenties masked keys (kluis.MaskKey), as everywhere.
-- Keep in step with the other dialect's 015.
CREATE TABLE verwijzingen (
    id INTEGER PRIMARY KEY,
    agb TEXT NOT NULL,
    gemeente TEXT NOT NULL,
    geldstroom TEXT NOT NULL,
    referentie TEXT NOT NULL,
    person TEXT NOT NULL,
    categorie TEXT NOT NULL,
    productcode TEXT NOT NULL,
    ingangsdatum INTEGER NOT NULL,
    verwijzer TEXT NOT NULL,
    bron TEXT NOT NULL,
    content_hash INTEGER NOT NULL,
    import_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    UNIQUE (agb, geldstroom, referentie)
);

-- The request an assignment answers; '' when the municipality assigned on
-- its own initiative. A later 301 of the same assignment without it keeps
-- the link (IV097: a change on the municipality's initiative leaves it out).
ALTER TABLE toewijzingen ADD COLUMN referentie_aanbieder TEXT NOT NULL DEFAULT '';
CREATE INDEX toewijzingen_referentie ON toewijzingen(agb, referentie_aanbieder);
