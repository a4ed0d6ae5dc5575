DROP TRIGGER IF EXISTS concerns_facts ON concerns;
DROP TRIGGER IF EXISTS coping_windows_facts ON coping_windows;
DROP TRIGGER IF EXISTS mentor_sessions_facts ON mentor_sessions;
DROP FUNCTION IF EXISTS citizen_facts_on_change();
DROP FUNCTION IF EXISTS citizen_facts_rebuild();
DROP FUNCTION IF EXISTS citizen_facts_refresh(bigint);
DROP FUNCTION IF EXISTS citizen_facts_compute(bigint[]);
DROP TABLE IF EXISTS citizen_facts;
