-- The caseworker's pages (the work queues, the concerns badge on every
-- page) started from all of a caseworker's citizens, about 1,000 at scale,
-- to find the 100–150 with an active grant or a new concern (issue 10).
-- citizen_facts now also keeps, per citizen, the caseworker, the new
-- concerns and the span of the granted grants, kept by the citizen and
-- grant writes as well, so those pages start from an index on the facts.
ALTER TABLE citizen_facts
    ADD COLUMN caseworker_id bigint,
    -- concerns not yet acknowledged (the navigation badge)
    ADD COLUMN new_concerns integer NOT NULL DEFAULT 0,
    -- the first start and the last end of the granted or ended grants: a
    -- citizen has an active grant on a day only inside this span
    ADD COLUMN grants_from date,
    ADD COLUMN grants_until date;

CREATE INDEX citizen_facts_caseworker_idx ON citizen_facts (caseworker_id, grants_until);
CREATE INDEX citizen_facts_new_concerns_idx ON citizen_facts (caseworker_id) WHERE new_concerns > 0;

DROP FUNCTION citizen_facts_rebuild();
DROP FUNCTION citizen_facts_refresh(bigint);
DROP FUNCTION citizen_facts_compute(bigint[]);

CREATE FUNCTION citizen_facts_compute(ids bigint[])
RETURNS TABLE (citizen_id bigint, last_contact_on date, recent_on date[], recent_toward boolean[],
               last_outside_coping_on date, open_window_expires_on date, open_concerns integer,
               caseworker_id bigint, new_concerns integer, grants_from date, grants_until date)
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
           (SELECT count(*)::int FROM concerns k WHERE k.citizen_id = c.id AND k.status <> 'afsluttet'),
           c.caseworker_id,
           (SELECT count(*)::int FROM concerns k WHERE k.citizen_id = c.id AND k.status = 'ny'),
           g.first, g.last
    FROM citizens c
    CROSS JOIN LATERAL (
        SELECT array_agg(x.occurred_on ORDER BY x.n) AS days, array_agg(x.direction = 'mod' ORDER BY x.n) AS toward
        FROM (SELECT s.occurred_on, s.direction,
                     row_number() OVER (ORDER BY s.occurred_on DESC, s.start_time DESC, s.id DESC) AS n
              FROM mentor_sessions s WHERE s.citizen_id = c.id AND s.discarded_at IS NULL
              ORDER BY s.occurred_on DESC, s.start_time DESC, s.id DESC LIMIT 20) x
    ) r
    CROSS JOIN LATERAL (
        SELECT min(gr.start_date) AS first, max(COALESCE(gr.ended_on, gr.end_date, 'infinity')) AS last
        FROM grants gr WHERE gr.citizen_id = c.id AND gr.status IN ('bevilget', 'afsluttet')
    ) g
    WHERE c.id = ANY (ids)
$$;

CREATE FUNCTION citizen_facts_refresh(cid bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO citizen_facts (citizen_id) SELECT cid WHERE EXISTS (SELECT 1 FROM citizens c WHERE c.id = cid)
    ON CONFLICT DO NOTHING;
    -- the row is locked before the facts are read (see migration 15)
    PERFORM 1 FROM citizen_facts f WHERE f.citizen_id = cid FOR UPDATE;
    UPDATE citizen_facts f
    SET last_contact_on = x.last_contact_on, recent_on = x.recent_on, recent_toward = x.recent_toward,
        last_outside_coping_on = x.last_outside_coping_on, open_window_expires_on = x.open_window_expires_on,
        open_concerns = x.open_concerns, caseworker_id = x.caseworker_id, new_concerns = x.new_concerns,
        grants_from = x.grants_from, grants_until = x.grants_until
    FROM citizen_facts_compute(ARRAY[cid]) x
    WHERE f.citizen_id = x.citizen_id;
END
$$;

CREATE FUNCTION citizen_facts_rebuild() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM citizen_facts;
    INSERT INTO citizen_facts (citizen_id, last_contact_on, recent_on, recent_toward, last_outside_coping_on,
                               open_window_expires_on, open_concerns, caseworker_id, new_concerns, grants_from, grants_until)
    SELECT * FROM citizen_facts_compute(ARRAY(SELECT id FROM citizens));
$$;

CREATE FUNCTION citizen_facts_on_citizen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM citizen_facts_refresh(NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER citizens_facts AFTER INSERT OR UPDATE OF caseworker_id ON citizens
    FOR EACH ROW EXECUTE FUNCTION citizen_facts_on_citizen();
CREATE TRIGGER grants_facts AFTER INSERT OR DELETE OR UPDATE OF citizen_id, status, start_date, end_date, ended_on
    ON grants FOR EACH ROW EXECUTE FUNCTION citizen_facts_on_change();
-- concerns: a change of status now also moves the new-concern count (the
-- trigger of migration 15 already fires on it)

SELECT citizen_facts_rebuild();
