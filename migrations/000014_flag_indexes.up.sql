-- The attention flags probe each citizen's recent sessions (issue 10). Each
-- index holds only what its flag reads, so a probe finds its answer in the
-- index instead of visiting every recent session in the table:
-- "no contact": the latest session with contact;
CREATE INDEX IF NOT EXISTS mentor_sessions_contact_idx ON mentor_sessions (citizen_id, occurred_on)
    WHERE contact = 'kontakt' AND discarded_at IS NULL;
-- "employment focus fading": the directions of the last sessions, newest first;
CREATE INDEX IF NOT EXISTS mentor_sessions_direction_idx ON mentor_sessions (citizen_id, occurred_on DESC, start_time DESC, id DESC)
    INCLUDE (direction) WHERE discarded_at IS NULL;
-- "outside the agreed frame": the everyday-coping sessions.
CREATE INDEX IF NOT EXISTS mentor_sessions_coping_idx ON mentor_sessions (citizen_id, occurred_on)
    WHERE everyday_coping AND discarded_at IS NULL;
