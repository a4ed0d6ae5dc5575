ALTER TABLE users DROP CONSTRAINT users_roles_check;
UPDATE users SET roles = array_remove(roles, 'socialraadgiver');
UPDATE users SET roles = ARRAY['sagsbehandler'] WHERE cardinality(roles) = 0;
ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (
    cardinality(roles) > 0
    AND roles <@ ARRAY['sagsbehandler', 'mentor', 'teamleder', 'administrator']::text[]);
DROP TRIGGER grants_budget_administration ON grants;
DROP FUNCTION grants_budget_administration();
ALTER TABLE legal_bases DROP COLUMN administration;
ALTER TABLE budgets DROP COLUMN administration;
DROP TABLE administrations;
