DELETE FROM settings WHERE key = 'flag_proposal_days';
DROP INDEX IF EXISTS grants_legal_basis_idx;
ALTER TABLE phase_switches DROP COLUMN IF EXISTS approved_by;
ALTER TABLE phase_switches DROP COLUMN IF EXISTS proposed_by;
DROP TABLE IF EXISTS proposals;
