-- Each access-log entry says which support the read or change served, in
-- plain Danish, for the citizen's access-request export (Datatilsynet 2024).
ALTER TABLE access_log ADD COLUMN purpose text NOT NULL DEFAULT '';
