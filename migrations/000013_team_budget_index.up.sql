-- The budget report and its CSV cover one team's month by default: the
-- sessions its members wrote in the month, read from this index alone
-- (with what the report sums), so the cost follows the team, not the
-- municipality.
CREATE INDEX mentor_sessions_author_month_idx ON mentor_sessions (author_id, occurred_on)
    INCLUDE (grant_id, citizen_id, minutes) WHERE discarded_at IS NULL;
