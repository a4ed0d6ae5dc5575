-- Money follows the law (issue 12): a budget's hourly cost is dated, so a
-- new rate prices the sessions from its day on and never re-prices a past
-- month; and each administration approves a monthly statement of the hours
-- and cost booked to its budgets.
CREATE TABLE budget_rates (
    budget_id    bigint NOT NULL REFERENCES budgets (id),
    valid_from   date NOT NULL,
    hourly_cost  numeric(10, 2) NOT NULL CHECK (hourly_cost >= 0),
    created_by   bigint REFERENCES users (id), -- null: from the migration
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (budget_id, valid_from) -- also the lookup "the rate in force on a day"
);

-- The rate every budget had until now is its rate from long before any
-- session; budgets.hourly_cost goes, so nothing can price by it.
INSERT INTO budget_rates (budget_id, valid_from, hourly_cost)
SELECT id, DATE '2000-01-01', hourly_cost FROM budgets;
ALTER TABLE budgets DROP COLUMN hourly_cost;

-- A month's statement as its administration's controller approved it: who,
-- when, and the figures then, so a later change shows as a correction
-- (current minus approved) instead of silently replacing what was approved.
CREATE TABLE statement_approvals (
    administration  text NOT NULL REFERENCES administrations (code),
    month           date NOT NULL CHECK (month = date_trunc('month', month)::date),
    approved_by     bigint NOT NULL REFERENCES users (id),
    approved_at     timestamptz NOT NULL,
    minutes         integer NOT NULL,
    cost_ore        bigint NOT NULL,
    PRIMARY KEY (administration, month)
);

-- The approved figures per person and citizen.
CREATE TABLE statement_approval_rows (
    administration  text NOT NULL,
    month           date NOT NULL,
    person_id       bigint NOT NULL REFERENCES users (id),
    citizen_id      bigint NOT NULL REFERENCES citizens (id),
    minutes         integer NOT NULL,
    cost_ore        bigint NOT NULL,
    PRIMARY KEY (administration, month, person_id, citizen_id),
    FOREIGN KEY (administration, month) REFERENCES statement_approvals (administration, month) ON DELETE CASCADE
);
