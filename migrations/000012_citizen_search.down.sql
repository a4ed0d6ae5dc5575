DROP INDEX IF EXISTS citizens_cpr_prefix_idx;
DROP INDEX IF EXISTS citizens_name_fold_trgm_idx;
DROP FUNCTION IF EXISTS mentorspor_fold(text);
