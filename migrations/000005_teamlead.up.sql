-- Team leads: the profile booklet (profilhæfte), supervision and collegial
-- sparring, and the thresholds of the attention flags.

ALTER TABLE mentor_profiles
    ADD COLUMN presentation    text NOT NULL DEFAULT '',
    ADD COLUMN specialties     text[] NOT NULL DEFAULT '{}',
    ADD COLUMN languages       text[] NOT NULL DEFAULT '{}',
    ADD COLUMN employment      text NOT NULL DEFAULT 'fastansat'
        CHECK (employment IN ('fastansat', 'timeloennet', 'ekstern_konsulent'));

CREATE TABLE supervisions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    held_on       date NOT NULL,
    form          text NOT NULL CHECK (form IN ('supervision', 'kollegial_sparring', 'reflekterende_team')),
    facilitator   text NOT NULL CHECK (btrim(facilitator) <> ''),
    themes        text NOT NULL DEFAULT '',
    note          text NOT NULL DEFAULT '',
    team_id       bigint REFERENCES teams (id),
    created_by    bigint NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX supervisions_held_on_idx ON supervisions (held_on DESC);

CREATE TABLE supervision_participants (
    supervision_id  bigint NOT NULL REFERENCES supervisions (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL REFERENCES users (id),
    PRIMARY KEY (supervision_id, user_id)
);
CREATE INDEX supervision_participants_user_idx ON supervision_participants (user_id);

INSERT INTO settings (key, value) VALUES
    ('flag_coping_days', '7'),
    ('flag_grant_end_days', '30'),
    ('flag_no_contact_days', '14'),
    ('flag_sel85_only_days', '90'),
    ('flag_direction_sessions', '5'),
    ('flag_supervision_weeks', '8'),
    ('flag_underdelivery_percent', '50')
ON CONFLICT (key) DO NOTHING;
