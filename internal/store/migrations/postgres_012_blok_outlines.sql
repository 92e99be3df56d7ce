-- Blok outlines (SPEC §2, issue 15): the point of each postcode-6 area within
-- a buurt (the centroid of its addresses' points, in decimetres RD New; a
-- pc6 point, never an address) and the outline of each blok, frozen per
-- release year with the bloks so that a blok never moves on the map.
CREATE TABLE pc6_points (
    buurt TEXT NOT NULL,
    pc6 TEXT NOT NULL,
    x_dm BIGINT NOT NULL,
    y_dm BIGINT NOT NULL,
    PRIMARY KEY (buurt, pc6)
);

CREATE TABLE blok_outlines (
    year INTEGER NOT NULL,
    blok TEXT NOT NULL,
    geometry BYTEA NOT NULL,
    PRIMARY KEY (year, blok)
);
