-- Indexes for a municipality at national scale (issue 10): each matches a
-- filter a page applies before it computes anything.

-- A mentor's grants in every status by the day they end (no end: never), so
-- "the grants a mentor holds on a day" reads only the grants not ended
-- before it, not the mentor's whole history. The queries write the end as
-- COALESCE(ended_on, end_date, 'infinity') to match.
DROP INDEX IF EXISTS grants_person_idx;
CREATE INDEX grants_person_idx ON grants (person_id, (COALESCE(ended_on, end_date, 'infinity'::date)));

-- A citizen's grants with the columns that say whether one is active, so a
-- caseworker's citizens are narrowed to those with an active grant from the
-- index alone.
DROP INDEX IF EXISTS grants_citizen_idx;
CREATE INDEX grants_citizen_idx ON grants (citizen_id) INCLUDE (status, start_date, end_date, ended_on);

-- A caseworker's citizens, read from the index alone.
DROP INDEX IF EXISTS citizens_caseworker_idx;
CREATE INDEX citizens_caseworker_idx ON citizens (caseworker_id, id);

-- The access log searched by username (the search form's field), newest
-- first and paged by key (at, id).
CREATE INDEX access_log_username_at_idx ON access_log (username, at DESC, id DESC);

-- The sessions of a period (the budget report's months), with what the
-- report sums, so a month is read from the index alone, however the
-- sessions lie in the table.
CREATE INDEX mentor_sessions_occurred_idx ON mentor_sessions (occurred_on) INCLUDE (grant_id, author_id, citizen_id, minutes)
    WHERE discarded_at IS NULL;
