-- Every page that shows a citizen writes to the access log, so what each
-- row costs to insert is paid on every request (issue 10). Two costs go:
--
-- The index by user id: the log is searched by the username it keeps
-- (access_log_username_at_idx); no query reads it by user id.
DROP INDEX IF EXISTS access_log_user_at_idx;
--
-- The foreign keys: each checked every inserted row with a look-up of its
-- user and citizen, half the cost of a list page's 25-row insert. The log
-- is append-only and must outlive what it names (a user or a citizen
-- removed later keeps their history), and its ids are stamped by the app
-- from rows it has just read, so the keys protected nothing a reader needs.
ALTER TABLE access_log DROP CONSTRAINT IF EXISTS access_log_user_id_fkey;
ALTER TABLE access_log DROP CONSTRAINT IF EXISTS access_log_citizen_fk;
