-- One definition of an active grant, the same as domain.Grant.Active:
-- granted or ended (a phase switch may end a grant from a future date),
-- started on or before the day, and not past its last day, the day it was
-- ended on or else the end of its period. A plain SQL expression, so the
-- planner inlines it and the indexes serve it as if written out; a store
-- test compares it with the Go rule case by case.
CREATE FUNCTION grant_active(status text, start_date date, end_date date, ended_on date, day date)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN status IN ('bevilget', 'afsluttet') AND start_date <= day
    AND COALESCE(ended_on, end_date, 'infinity'::date) >= day;
