-- Phase switches between mentor (LAB) and støttekontaktperson (SEL § 85),
-- and the one-month everyday-coping window (hverdagsmestringsperiode).

-- Every phase switch is one decision, stored in the same transaction as the
-- grant changes it makes. The log is append-only.
CREATE TABLE phase_switches (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    citizen_id       bigint NOT NULL REFERENCES citizens (id),
    kind             text NOT NULL CHECK (kind IN ('lab_til_85', '85_til_lab', 'tilfoej_parallel', 'afslut_en', 'afslut_alle')),
    effective_on     date NOT NULL,
    reason           text NOT NULL CHECK (btrim(reason) <> ''),
    ended_grant_ids  bigint[] NOT NULL DEFAULT '{}',
    new_grant_id     bigint REFERENCES grants (id),
    person_before_id bigint REFERENCES users (id),
    person_after_id  bigint REFERENCES users (id),
    same_person      boolean NOT NULL,
    decided_by       bigint NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phase_switches_citizen_idx ON phase_switches (citizen_id, effective_on DESC);
CREATE INDEX phase_switches_effective_idx ON phase_switches (effective_on DESC);

CREATE FUNCTION phase_switches_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'phase_switches is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER phase_switches_no_update_delete
    BEFORE UPDATE OR DELETE ON phase_switches
    FOR EACH ROW EXECUTE FUNCTION phase_switches_refuse_change();

CREATE TRIGGER phase_switches_no_truncate
    BEFORE TRUNCATE ON phase_switches
    FOR EACH STATEMENT EXECUTE FUNCTION phase_switches_refuse_change();

-- A coping window belongs to an active LAB grant. It is requested by the
-- mentor (status 'anmodet') or started directly by a caseworker ('aaben'),
-- and decided at expiry ('afsluttet': the need is met; 'omlagt': the need
-- is lasting and § 85 was granted by a phase switch). Expiry and overdue
-- are computed from the dates when read.
CREATE TABLE coping_windows (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    citizen_id      bigint NOT NULL REFERENCES citizens (id),
    grant_id        bigint NOT NULL REFERENCES grants (id),
    status          text NOT NULL CHECK (status IN ('anmodet', 'aaben', 'afsluttet', 'omlagt', 'afvist')),
    requested_by    bigint REFERENCES users (id),
    requested_at    timestamptz,
    request_need    text NOT NULL DEFAULT '',
    start_on        date,
    expires_on      date,
    need            text NOT NULL DEFAULT '',
    repeat_reason   text NOT NULL DEFAULT '',
    started_by      bigint REFERENCES users (id),
    started_at      timestamptz,
    decision_note   text NOT NULL DEFAULT '',
    decided_by      bigint REFERENCES users (id),
    decided_at      timestamptz,
    switch_id       bigint REFERENCES phase_switches (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coping_open_has_dates CHECK (status = 'anmodet' OR status = 'afvist' OR (start_on IS NOT NULL AND expires_on >= start_on)),
    CONSTRAINT coping_decided_has_note CHECK (status NOT IN ('afsluttet', 'omlagt') OR decided_at IS NOT NULL)
);
-- One open window per citizen at a time.
CREATE UNIQUE INDEX coping_windows_one_open ON coping_windows (citizen_id) WHERE status = 'aaben';
CREATE INDEX coping_windows_citizen_idx ON coping_windows (citizen_id, start_on DESC);

INSERT INTO settings (key, value) VALUES
    ('coping_months', '1'),
    ('coping_repeat_months', '6')
ON CONFLICT (key) DO NOTHING;
