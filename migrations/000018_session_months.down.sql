DROP TRIGGER IF EXISTS grants_session_months ON grants;
DROP TRIGGER IF EXISTS mentor_sessions_months ON mentor_sessions;
DROP FUNCTION IF EXISTS session_months_rebuild();
DROP FUNCTION IF EXISTS session_months_on_budget();
DROP FUNCTION IF EXISTS session_months_on_change();
DROP FUNCTION IF EXISTS session_months_add(mentor_sessions, integer);
DROP TABLE IF EXISTS session_months;
