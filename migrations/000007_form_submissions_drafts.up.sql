-- A write happens once: every create form carries a one-time token, claimed
-- in the same transaction as the row it creates. A second submit with the
-- same token finds the first one's result instead of creating a duplicate.
CREATE TABLE form_submissions (
    token       text PRIMARY KEY CHECK (length(token) BETWEEN 16 AND 64),
    user_id     bigint NOT NULL REFERENCES users (id),
    kind        text NOT NULL,          -- what the form creates, e.g. 'session'
    result_id   bigint,                 -- the created row; set in the claiming transaction
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_submissions_created_at_idx ON form_submissions (created_at);

-- A form posted after the sign-in expired is kept here, briefly, keyed by a
-- random id held in an HttpOnly cookie (never in a URL). The user who signs
-- in next on that browser claims it; the form page then shows it as typed.
CREATE TABLE form_drafts (
    id          text PRIMARY KEY,       -- sha-256 of the cookie value, hex
    path        text NOT NULL,          -- the form page to restore on
    form        jsonb NOT NULL,         -- the posted values
    user_id     bigint REFERENCES users (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_drafts_expires_at_idx ON form_drafts (expires_at);
