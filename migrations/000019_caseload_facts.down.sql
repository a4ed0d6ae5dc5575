DROP TRIGGER IF EXISTS grants_facts ON grants;
DROP TRIGGER IF EXISTS citizens_facts ON citizens;
DROP FUNCTION IF EXISTS citizen_facts_on_citizen();
DROP INDEX IF EXISTS citizen_facts_new_concerns_idx;
DROP INDEX IF EXISTS citizen_facts_caseworker_idx;
DROP FUNCTION citizen_facts_rebuild();
DROP FUNCTION citizen_facts_refresh(bigint);
DROP FUNCTION citizen_facts_compute(bigint[]);
ALTER TABLE citizen_facts DROP COLUMN caseworker_id, DROP COLUMN new_concerns, DROP COLUMN grants_from, DROP COLUMN grants_until;
-- migration 15's functions
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
CREATE FUNCTION citizen_facts_rebuild() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM citizen_facts;
    INSERT INTO citizen_facts SELECT * FROM citizen_facts_compute(ARRAY(SELECT id FROM citizens));
$$;
