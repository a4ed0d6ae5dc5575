-- Foundation: teams, users, sign-in attempts, the append-only access log and
-- the session store used by scs/pgxstore.

CREATE TABLE teams (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (btrim(name) <> ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT teams_name_unique UNIQUE (name)
);

CREATE TABLE users (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text NOT NULL CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
    display_name   text NOT NULL CHECK (btrim(display_name) <> ''),
    email          text NOT NULL DEFAULT '',
    phone          text NOT NULL DEFAULT '',
    roles          text[] NOT NULL CHECK (
                       cardinality(roles) > 0
                       AND roles <@ ARRAY['sagsbehandler', 'mentor', 'teamleder', 'administrator']::text[]),
    team_id        bigint REFERENCES teams (id),
    active         boolean NOT NULL DEFAULT true,
    password_hash  text NOT NULL,
    -- Bumped when a password is reset: sessions signed in under an older
    -- epoch end at their next request.
    session_epoch  integer NOT NULL DEFAULT 1,
    is_demo        boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_username_unique UNIQUE (username)
);
CREATE INDEX users_team_idx ON users (team_id);

-- Every sign-in attempt, kept for the lock-out rule (5 failures in 15 minutes).
CREATE TABLE login_attempts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username    text NOT NULL,
    succeeded   boolean NOT NULL,
    ip          text NOT NULL DEFAULT '',
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_username_at_idx ON login_attempts (username, at DESC);

-- The access log: who saw or changed what, when and from where. Append-only;
-- the triggers below refuse UPDATE, DELETE and TRUNCATE for every role.
-- citizen_id gets its foreign key when the citizens table arrives.
CREATE TABLE access_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    user_id      bigint REFERENCES users (id),
    username     text NOT NULL DEFAULT '',
    action       text NOT NULL CHECK (btrim(action) <> ''),
    citizen_id   bigint,
    entity       text NOT NULL DEFAULT '',
    entity_id    text NOT NULL DEFAULT '',
    detail       text NOT NULL DEFAULT '',
    request_id   text NOT NULL DEFAULT '',
    ip           text NOT NULL DEFAULT ''
);
CREATE INDEX access_log_at_idx ON access_log (at DESC);
CREATE INDEX access_log_user_at_idx ON access_log (user_id, at DESC);
CREATE INDEX access_log_citizen_at_idx ON access_log (citizen_id, at DESC) WHERE citizen_id IS NOT NULL;

CREATE FUNCTION access_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER access_log_no_update_delete
    BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();

CREATE TRIGGER access_log_no_truncate
    BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change();

-- Fixed by github.com/alexedwards/scs/pgxstore.
CREATE TABLE sessions (
    token   text PRIMARY KEY,
    data    bytea NOT NULL,
    expiry  timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);
