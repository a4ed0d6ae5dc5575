-- Mentors' session log, goals with progress scores, and concerns
-- (tavshedspligt og indberetningspligt).

-- Goals belong to the citizen; grants name them in their revisions. A goal
-- is identified by its text per citizen, so a goal kept across revisions
-- keeps its progress history.
CREATE TABLE goals (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    citizen_id  bigint NOT NULL REFERENCES citizens (id),
    text        text NOT NULL CHECK (btrim(text) <> ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT goals_citizen_text_unique UNIQUE (citizen_id, text)
);

INSERT INTO goals (citizen_id, text)
SELECT DISTINCT g.citizen_id, i.text
FROM grant_revision_items i
JOIN grant_revisions r ON r.id = i.revision_id
JOIN grants g ON g.id = r.grant_id
WHERE i.kind = 'maal';

CREATE TABLE mentor_sessions (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grant_id            bigint NOT NULL REFERENCES grants (id),
    citizen_id          bigint NOT NULL REFERENCES citizens (id),
    author_id           bigint NOT NULL REFERENCES users (id),
    occurred_on         date NOT NULL,
    start_time          time NOT NULL,
    minutes             integer NOT NULL CHECK (minutes BETWEEN 5 AND 600),
    form                text NOT NULL CHECK (form IN ('fremmoede', 'telefon', 'video', 'sms_mail', 'ledsagelse', 'virksomhedsbesoeg')),
    contact             text NOT NULL CHECK (contact IN ('kontakt', 'forsoegt', 'udeblevet')),
    place               text NOT NULL CHECK (place IN ('uden_for_hjemmet', 'i_hjemmet')),
    everyday_coping     boolean NOT NULL DEFAULT false,
    home_justification  text NOT NULL DEFAULT '',
    home_flag           boolean NOT NULL DEFAULT false, -- in the home although the grant excludes it
    direction           text NOT NULL CHECK (direction IN ('mod', 'uaendret', 'vaek')),
    note                text NOT NULL DEFAULT '',
    discarded_at        timestamptz,
    discarded_by        bigint REFERENCES users (id),
    discard_reason      text NOT NULL DEFAULT '',
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sessions_home_needs_reason CHECK (NOT home_flag OR btrim(home_justification) <> ''),
    CONSTRAINT sessions_discard_needs_reason CHECK (discarded_at IS NULL OR btrim(discard_reason) <> '')
);
CREATE INDEX mentor_sessions_citizen_idx ON mentor_sessions (citizen_id, occurred_on DESC);
CREATE INDEX mentor_sessions_grant_idx ON mentor_sessions (grant_id, occurred_on DESC);
CREATE INDEX mentor_sessions_author_idx ON mentor_sessions (author_id, occurred_on DESC);

-- The grant's tasks worked on in a session (copied, so later revisions do
-- not rewrite history).
CREATE TABLE session_tasks (
    session_id         bigint NOT NULL REFERENCES mentor_sessions (id) ON DELETE CASCADE,
    position           integer NOT NULL,
    catalogue_item_id  bigint REFERENCES catalogue_items (id),
    text               text NOT NULL,
    PRIMARY KEY (session_id, position)
);

CREATE TABLE session_goal_scores (
    session_id  bigint NOT NULL REFERENCES mentor_sessions (id) ON DELETE CASCADE,
    goal_id     bigint NOT NULL REFERENCES goals (id),
    score       integer NOT NULL CHECK (score BETWEEN 1 AND 10),
    PRIMARY KEY (session_id, goal_id)
);

-- Corrections after the 7-day window are amendments: the session is
-- changed and the amendment records who, why and what.
CREATE TABLE session_amendments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id  bigint NOT NULL REFERENCES mentor_sessions (id),
    author_id   bigint NOT NULL REFERENCES users (id),
    reason      text NOT NULL CHECK (btrim(reason) <> ''),
    changes     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX session_amendments_session_idx ON session_amendments (session_id);

CREATE TABLE concerns (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    citizen_id       bigint NOT NULL REFERENCES citizens (id),
    session_id       bigint REFERENCES mentor_sessions (id),
    reporter_id      bigint NOT NULL REFERENCES users (id),
    category         text NOT NULL CHECK (category IN ('barn', 'politi', 'anden_myndighed', 'helbred_sikkerhed')),
    urgency          text NOT NULL CHECK (urgency IN ('akut', 'hoej', 'normal')),
    description      text NOT NULL CHECK (btrim(description) <> ''),
    status           text NOT NULL DEFAULT 'ny' CHECK (status IN ('ny', 'kvitteret', 'afsluttet')),
    acknowledged_by  bigint REFERENCES users (id),
    acknowledged_at  timestamptz,
    handling         text NOT NULL DEFAULT '',
    outcome          text NOT NULL DEFAULT '',
    handled_by       bigint REFERENCES users (id),
    handled_at       timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX concerns_open_idx ON concerns (citizen_id) WHERE status <> 'afsluttet';

INSERT INTO settings (key, value) VALUES ('goal_scale_max', '5') ON CONFLICT (key) DO NOTHING;
