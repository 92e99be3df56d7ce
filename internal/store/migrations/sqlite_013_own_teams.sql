-- The municipality's own teams (SPEC §5.4, "eigen trajecten"): a mark on
-- the provider register, so their trajectories can be set against
-- contracted care.
ALTER TABLE providers ADD COLUMN eigen INTEGER NOT NULL DEFAULT 0;
