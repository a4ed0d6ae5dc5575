DROP INDEX IF EXISTS mentor_sessions_occurred_idx;
DROP INDEX IF EXISTS access_log_username_at_idx;
DROP INDEX IF EXISTS citizens_caseworker_idx;
CREATE INDEX citizens_caseworker_idx ON citizens (caseworker_id);
DROP INDEX IF EXISTS grants_citizen_idx;
CREATE INDEX grants_citizen_idx ON grants (citizen_id);
DROP INDEX IF EXISTS grants_person_idx;
CREATE INDEX grants_person_idx ON grants (person_id) WHERE status = 'bevilget';
