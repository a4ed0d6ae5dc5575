DROP INDEX IF EXISTS grants_person_idx;
CREATE INDEX grants_person_idx ON grants (person_id, (COALESCE(ended_on, end_date, 'infinity'::date)));
DROP INDEX IF EXISTS grants_citizen_idx;
CREATE INDEX grants_citizen_idx ON grants (citizen_id) INCLUDE (status, start_date, end_date, ended_on);
