-- Restriction of processing (DR-05): while set, Custos keeps the person's data but does not process it
-- (no agent runs, no model calls on their behalf); exports still work.
ALTER TABLE people ADD COLUMN processing_restricted_at timestamptz;
