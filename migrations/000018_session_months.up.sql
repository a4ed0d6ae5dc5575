-- The budget report and its CSV sum a month's sessions per budget, mentor
-- and citizen (issue 10). session_months keeps those sums, per grant,
-- author, citizen and month, up to date in the same transaction as every
-- write of a session, so a team's month is read as a few hundred rows
-- instead of grouping thousands of sessions on every view.
CREATE TABLE session_months (
    grant_id   bigint  NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    author_id  bigint  NOT NULL,
    citizen_id bigint  NOT NULL,
    month      date    NOT NULL CHECK (month = date_trunc('month', month)::date),
    budget_id  bigint  NOT NULL, -- the grant's budget, moved with it
    minutes    integer NOT NULL, -- delivered, discarded sessions left out
    PRIMARY KEY (grant_id, author_id, citizen_id, month)
);
-- a team's month: its members' rows (the budget page's default)
CREATE INDEX session_months_author_idx ON session_months (author_id, month) INCLUDE (budget_id, citizen_id, minutes);
-- the municipality's month
CREATE INDEX session_months_month_idx ON session_months (month);

-- session_months_add adds minutes to one row (negative to take away); the
-- upsert's increment commutes, so concurrent writers need no other lock.
CREATE FUNCTION session_months_add(s mentor_sessions, sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO session_months AS m (grant_id, author_id, citizen_id, month, budget_id, minutes)
    SELECT s.grant_id, s.author_id, s.citizen_id, date_trunc('month', s.occurred_on)::date, g.budget_id, sign * s.minutes
    FROM grants g WHERE g.id = s.grant_id AND s.discarded_at IS NULL
    ON CONFLICT (grant_id, author_id, citizen_id, month) DO UPDATE SET minutes = m.minutes + EXCLUDED.minutes;
$$;

CREATE FUNCTION session_months_on_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM session_months_add(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM session_months_add(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER mentor_sessions_months AFTER INSERT OR DELETE OR UPDATE OF grant_id, author_id, citizen_id, occurred_on,
    minutes, discarded_at ON mentor_sessions
    FOR EACH ROW EXECUTE FUNCTION session_months_on_change();

-- A grant moved to another budget takes its delivered time with it (the
-- report has always counted a grant's sessions on its current budget).
CREATE FUNCTION session_months_on_budget() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE session_months SET budget_id = NEW.budget_id WHERE grant_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER grants_session_months AFTER UPDATE OF budget_id ON grants
    FOR EACH ROW WHEN (OLD.budget_id IS DISTINCT FROM NEW.budget_id)
    EXECUTE FUNCTION session_months_on_budget();

-- session_months_rebuild sums every session afresh (after a bulk load that
-- ran with the triggers off, and for this migration).
CREATE FUNCTION session_months_rebuild() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM session_months;
    INSERT INTO session_months (grant_id, author_id, citizen_id, month, budget_id, minutes)
    SELECT s.grant_id, s.author_id, s.citizen_id, date_trunc('month', s.occurred_on)::date, g.budget_id, sum(s.minutes)
    FROM mentor_sessions s JOIN grants g ON g.id = s.grant_id
    WHERE s.discarded_at IS NULL
    GROUP BY 1, 2, 3, 4, 5;
$$;

SELECT session_months_rebuild();
