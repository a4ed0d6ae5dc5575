-- Proposals (indstillinger): the job centre's caseworker finds that the need
-- persists and proposes § 85 support to the social administration, which
-- approves (the phase switch happens then, in the same transaction) or
-- rejects with a reason. The proposed grant's content is kept as proposed;
-- the approver may change it in the switch they save.
CREATE TABLE proposals (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    citizen_id        bigint NOT NULL REFERENCES citizens (id),
    from_grant_id     bigint REFERENCES grants (id),          -- the LAB grant it builds on
    coping_window_id  bigint REFERENCES coping_windows (id),  -- the coping window it decides, if any
    kind              text NOT NULL CHECK (kind IN ('lab_til_85', 'tilfoej_parallel')),
    administration    text NOT NULL DEFAULT 'social' REFERENCES administrations (code),
    effective_on      date NOT NULL,
    person_id         bigint NOT NULL REFERENCES users (id),  -- the proposed støttekontaktperson
    hours_per_week    numeric(5, 2) NOT NULL CHECK (hours_per_week BETWEEN 0.25 AND 40),
    need              text NOT NULL CHECK (btrim(need) <> ''), -- the need and the justification
    purpose           text NOT NULL DEFAULT '',
    goals             jsonb NOT NULL DEFAULT '[]',  -- [{"catalogue_id": n|null, "text": "..."}]
    tasks             jsonb NOT NULL DEFAULT '[]',
    exclusions        jsonb NOT NULL DEFAULT '[]',
    proposed_by       bigint NOT NULL REFERENCES users (id),
    proposed_at       timestamptz NOT NULL,
    status            text NOT NULL DEFAULT 'afventer' CHECK (status IN ('afventer', 'godkendt', 'afvist')),
    decided_by        bigint REFERENCES users (id),
    decided_at        timestamptz,
    reason            text NOT NULL DEFAULT '',     -- why it was rejected (or a note on approval)
    switch_id         bigint REFERENCES phase_switches (id),
    grant_id          bigint REFERENCES grants (id), -- the § 85 grant the approval created
    version           integer NOT NULL DEFAULT 1,
    CONSTRAINT proposals_decided CHECK (
        (status = 'afventer' AND decided_by IS NULL AND decided_at IS NULL)
        OR (status <> 'afventer' AND decided_by IS NOT NULL AND decided_at IS NOT NULL)),
    CONSTRAINT proposals_rejected_reason CHECK (status <> 'afvist' OR btrim(reason) <> ''),
    CONSTRAINT proposals_approved_switch CHECK (status <> 'godkendt' OR switch_id IS NOT NULL)
);
-- The social administration's queue (pending first, oldest first) and the
-- job centre's: per citizen and per proposer.
CREATE INDEX proposals_status_idx ON proposals (status, proposed_at);
CREATE INDEX proposals_citizen_idx ON proposals (citizen_id, proposed_at DESC);
CREATE INDEX proposals_proposed_by_idx ON proposals (proposed_by, proposed_at DESC);
-- One pending proposal per citizen at a time.
CREATE UNIQUE INDEX proposals_one_pending ON proposals (citizen_id) WHERE status = 'afventer';

-- The phase log names both sides of a switch that came from a proposal.
ALTER TABLE phase_switches ADD COLUMN proposed_by bigint REFERENCES users (id);
ALTER TABLE phase_switches ADD COLUMN approved_by bigint REFERENCES users (id);

-- Which citizens the social administration reads: those with a grant under
-- one of its legal bases (grants has no index on the basis yet).
CREATE INDEX grants_legal_basis_idx ON grants (legal_basis_id, citizen_id);

-- A proposal unanswered for this many days is an attention flag.
INSERT INTO settings (key, value) VALUES ('flag_proposal_days', '5') ON CONFLICT (key) DO NOTHING;
