DROP INDEX IF EXISTS mentor_sessions_author_month_idx;
