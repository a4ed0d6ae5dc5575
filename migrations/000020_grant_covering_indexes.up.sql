-- The team page and the work queues read a team's or a caseworker's grants
-- (issue 10). Each index below carries what those reads take from a grant,
-- so they come from the index alone instead of visiting one table page per
-- grant: a mentor holds about 200 grants over the years, and the team page
-- read all of them to list their ids.

-- A mentor's grants by the day they end (as in migration 11), with the
-- columns of "active on a day", the granted hours and the ids.
DROP INDEX IF EXISTS grants_person_idx;
CREATE INDEX grants_person_idx ON grants (person_id, (COALESCE(ended_on, end_date, 'infinity'::date)))
    INCLUDE (id, citizen_id, status, start_date, end_date, ended_on, hours_per_week);

-- A citizen's grants with everything the attention flags read from them.
DROP INDEX IF EXISTS grants_citizen_idx;
CREATE INDEX grants_citizen_idx ON grants (citizen_id)
    INCLUDE (status, start_date, end_date, ended_on, person_id, function, hours_per_week, review_date, follow_up_date);
