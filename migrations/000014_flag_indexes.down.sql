DROP INDEX IF EXISTS mentor_sessions_coping_idx;
DROP INDEX IF EXISTS mentor_sessions_direction_idx;
DROP INDEX IF EXISTS mentor_sessions_contact_idx;
