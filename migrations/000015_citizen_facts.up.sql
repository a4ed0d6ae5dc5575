-- Per-citizen facts behind the attention flags (issue 10), kept by the
-- database in the same transaction as each write of a session, a coping
-- window or a concern. A team page or a work queue then reads one small row
-- per citizen instead of probing each citizen's history five times.
--
-- The facts do not depend on the day: each flag compares them with today
-- when it is read, so nothing needs refreshing at midnight.
CREATE TABLE citizen_facts (
    citizen_id bigint PRIMARY KEY REFERENCES citizens (id) ON DELETE CASCADE,
    -- the latest session with contact ("ingen kontakt")
    last_contact_on date,
    -- the latest 20 sessions, newest first (occurred_on, start_time, id):
    -- their days and whether each was "mod arbejdsmarkedet"; the setting
    -- "the last N sessions" is at most 20
    recent_on date[] NOT NULL DEFAULT '{}',
    recent_toward boolean[] NOT NULL DEFAULT '{}',
    -- the latest everyday-coping session outside every started window
    last_outside_coping_on date,
    -- the earliest expiry of an open coping window
    open_window_expires_on date,
    -- concerns not yet closed
    open_concerns integer NOT NULL DEFAULT 0
);

-- citizen_facts_compute gives the facts of the citizens asked for, computed
-- from the tables themselves. The refresh and the full rebuild share it.
CREATE FUNCTION citizen_facts_compute(ids bigint[])
RETURNS TABLE (citizen_id bigint, last_contact_on date, recent_on date[], recent_toward boolean[],
               last_outside_coping_on date, open_window_expires_on date, open_concerns integer)
LANGUAGE sql STABLE AS $$
    SELECT c.id,
           (SELECT max(s.occurred_on) FROM mentor_sessions s
             WHERE s.citizen_id = c.id AND s.contact = 'kontakt' AND s.discarded_at IS NULL),
           COALESCE(r.days, '{}'), COALESCE(r.toward, '{}'),
           (SELECT max(s.occurred_on) FROM mentor_sessions s
             WHERE s.citizen_id = c.id AND s.everyday_coping AND s.discarded_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM coping_windows w WHERE w.citizen_id = s.citizen_id
                               AND w.start_on IS NOT NULL AND s.occurred_on BETWEEN w.start_on AND w.expires_on)),
           (SELECT min(w.expires_on) FROM coping_windows w WHERE w.citizen_id = c.id AND w.status = 'aaben'),
           (SELECT count(*)::int FROM concerns k WHERE k.citizen_id = c.id AND k.status <> 'afsluttet')
    FROM unnest(ids) AS c(id)
    CROSS JOIN LATERAL (
        SELECT array_agg(x.occurred_on ORDER BY x.n) AS days, array_agg(x.direction = 'mod' ORDER BY x.n) AS toward
        FROM (SELECT s.occurred_on, s.direction,
                     row_number() OVER (ORDER BY s.occurred_on DESC, s.start_time DESC, s.id DESC) AS n
              FROM mentor_sessions s WHERE s.citizen_id = c.id AND s.discarded_at IS NULL
              ORDER BY s.occurred_on DESC, s.start_time DESC, s.id DESC LIMIT 20) x
    ) r
    WHERE EXISTS (SELECT 1 FROM citizens WHERE citizens.id = c.id)
$$;

-- citizen_facts_refresh recomputes one citizen's row. The row is locked
-- before the facts are read, so two transactions writing sessions for the
-- same citizen at once take turns, and the second reads the first's
-- committed session (each statement of a function takes a new snapshot
-- under READ COMMITTED).
CREATE FUNCTION citizen_facts_refresh(cid bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO citizen_facts (citizen_id) SELECT cid WHERE EXISTS (SELECT 1 FROM citizens c WHERE c.id = cid)
    ON CONFLICT DO NOTHING;
    PERFORM 1 FROM citizen_facts f WHERE f.citizen_id = cid FOR UPDATE;
    UPDATE citizen_facts f
    SET last_contact_on = x.last_contact_on, recent_on = x.recent_on, recent_toward = x.recent_toward,
        last_outside_coping_on = x.last_outside_coping_on, open_window_expires_on = x.open_window_expires_on,
        open_concerns = x.open_concerns
    FROM citizen_facts_compute(ARRAY[cid]) x
    WHERE f.citizen_id = x.citizen_id;
END
$$;

-- citizen_facts_rebuild recomputes every citizen's row in one pass (after a
-- bulk load that ran with the triggers off, and for this migration).
CREATE FUNCTION citizen_facts_rebuild() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM citizen_facts;
    INSERT INTO citizen_facts SELECT * FROM citizen_facts_compute(ARRAY(SELECT id FROM citizens));
$$;

CREATE FUNCTION citizen_facts_on_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM citizen_facts_refresh(OLD.citizen_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.citizen_id <> OLD.citizen_id) THEN
        PERFORM citizen_facts_refresh(NEW.citizen_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER mentor_sessions_facts AFTER INSERT OR DELETE OR UPDATE OF citizen_id, occurred_on, start_time,
    contact, direction, everyday_coping, discarded_at ON mentor_sessions
    FOR EACH ROW EXECUTE FUNCTION citizen_facts_on_change();
CREATE TRIGGER coping_windows_facts AFTER INSERT OR DELETE OR UPDATE OF citizen_id, status, start_on, expires_on
    ON coping_windows FOR EACH ROW EXECUTE FUNCTION citizen_facts_on_change();
CREATE TRIGGER concerns_facts AFTER INSERT OR DELETE OR UPDATE OF citizen_id, status ON concerns
    FOR EACH ROW EXECUTE FUNCTION citizen_facts_on_change();

SELECT citizen_facts_rebuild();
