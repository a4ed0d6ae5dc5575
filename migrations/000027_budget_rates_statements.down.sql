DROP TABLE statement_approval_rows;
DROP TABLE statement_approvals;
ALTER TABLE budgets ADD COLUMN hourly_cost numeric(10, 2);
UPDATE budgets b SET hourly_cost = COALESCE((SELECT r.hourly_cost FROM budget_rates r WHERE r.budget_id = b.id
    ORDER BY r.valid_from DESC LIMIT 1), 0);
ALTER TABLE budgets ALTER COLUMN hourly_cost SET NOT NULL;
ALTER TABLE budgets ADD CONSTRAINT budgets_hourly_cost_check CHECK (hourly_cost >= 0);
DROP TABLE budget_rates;
