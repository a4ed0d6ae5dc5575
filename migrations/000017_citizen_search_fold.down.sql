DROP INDEX IF EXISTS citizens_name_order_idx;
DROP INDEX IF EXISTS citizens_name_fold_trgm_idx;
ALTER TABLE citizens DROP COLUMN IF EXISTS name_fold;
CREATE INDEX citizens_name_fold_trgm_idx ON citizens USING gin (mentorspor_fold(name) gin_trgm_ops);
