-- The triggers of migrations 15, 18 and 19 call SQL functions, and
-- PostgreSQL 15 plans the body of a SQL function that is not inlined on
-- every call: a session's insert spent 1.3 ms planning the facts of one
-- citizen for 0.5 ms of work (issue 10). As PL/pgSQL, each function's
-- statements are planned once per connection and their plans reused. The
-- functions compute the same rows as before.

CREATE OR REPLACE FUNCTION citizen_facts_compute(ids bigint[])
RETURNS TABLE (citizen_id bigint, last_contact_on date, recent_on date[], recent_toward boolean[],
               last_outside_coping_on date, open_window_expires_on date, open_concerns integer,
               caseworker_id bigint, new_concerns integer, grants_from date, grants_until date)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
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
    WHERE c.id = ANY (ids);
END
$$;

CREATE OR REPLACE FUNCTION session_months_add(s mentor_sessions, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO session_months AS m (grant_id, author_id, citizen_id, month, budget_id, minutes)
    SELECT s.grant_id, s.author_id, s.citizen_id, date_trunc('month', s.occurred_on)::date, g.budget_id, sign * s.minutes
    FROM grants g WHERE g.id = s.grant_id AND s.discarded_at IS NULL
    ON CONFLICT (grant_id, author_id, citizen_id, month) DO UPDATE SET minutes = m.minutes + EXCLUDED.minutes;
END
$$;
