-- Two administrations as equals (issue 12): the job centre (beskæftigelse)
-- decides LAB mentor support, the social administration (voksenområdet)
-- decides SEL § 85. Each legal basis and each budget belongs to one of
-- them; the administration says, as data, which role grants under it, which
-- role approves its budget's month, and what its letters say.
CREATE TABLE administrations (
    code             text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
    name             text NOT NULL CHECK (btrim(name) <> ''),     -- "Jobcentret"
    letter_sender    text NOT NULL CHECK (btrim(letter_sender) <> ''), -- the sender block of its letters
    complaint_text   text NOT NULL CHECK (btrim(complaint_text) <> ''),
    granting_role    text NOT NULL CHECK (granting_role IN ('sagsbehandler', 'socialraadgiver')),
    controller_role  text NOT NULL CHECK (controller_role IN ('sagsbehandler', 'socialraadgiver', 'teamleder')),
    position         integer NOT NULL DEFAULT 0
);

-- The job centre's complaint text starts as the one the letters use today
-- (the setting klagevejledning, which the letters read until they read this).
INSERT INTO administrations (code, name, letter_sender, complaint_text, granting_role, controller_role, position)
SELECT 'beskaeftigelse', 'Jobcentret', 'Jobcentret', COALESCE((SELECT value FROM settings WHERE key = 'klagevejledning'),
       'Du kan klage over afgørelsen inden 4 uger. Kontakt din sagsbehandler, hvis du vil have hjælp til at klage.'),
       'sagsbehandler', 'teamleder', 1;
INSERT INTO administrations (code, name, letter_sender, complaint_text, granting_role, controller_role, position) VALUES
    ('social', 'Socialforvaltningen', 'Socialforvaltningen, Voksenområdet',
     'Du kan klage over afgørelsen om støtte efter serviceloven § 85. Klagen skal være modtaget i kommunen senest '
     || '4 uger efter, at du har fået afgørelsen. Socialforvaltningen ser på sagen igen, og hvis afgørelsen '
     || 'fastholdes, sendes klagen videre til Ankestyrelsen. Du kan klage skriftligt eller mundtligt. Kontakt din '
     || 'socialrådgiver, hvis du vil have hjælp til at klage.',
     'socialraadgiver', 'socialraadgiver', 2);

ALTER TABLE budgets ADD COLUMN administration text REFERENCES administrations (code);
UPDATE budgets SET administration = CASE WHEN name ILIKE 'social%' THEN 'social' ELSE 'beskaeftigelse' END;
ALTER TABLE budgets ALTER COLUMN administration SET NOT NULL;

ALTER TABLE legal_bases ADD COLUMN administration text REFERENCES administrations (code);
UPDATE legal_bases SET administration = CASE function WHEN 'mentor' THEN 'beskaeftigelse' ELSE 'social' END;
ALTER TABLE legal_bases ALTER COLUMN administration SET NOT NULL;

-- A legal basis' default budget is its administration's.
UPDATE legal_bases lb SET default_budget_id = (
    SELECT b.id FROM budgets b WHERE b.administration = lb.administration ORDER BY b.id LIMIT 1)
WHERE (SELECT administration FROM budgets WHERE id = lb.default_budget_id) <> lb.administration;

-- Existing grants on the other administration's budget (a § 85 grant on the
-- employment budget) move to their own administration's budget; their
-- delivered time follows them (trigger grants_session_months).
UPDATE grants g SET budget_id = lb.default_budget_id
FROM legal_bases lb, budgets b
WHERE lb.id = g.legal_basis_id AND b.id = g.budget_id AND b.administration <> lb.administration;

-- From now on the database refuses a grant on a budget of another
-- administration than its legal basis' (the domain says so first, in Danish).
CREATE FUNCTION grants_budget_administration() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT administration FROM budgets WHERE id = NEW.budget_id)
       IS DISTINCT FROM (SELECT administration FROM legal_bases WHERE id = NEW.legal_basis_id) THEN
        RAISE EXCEPTION 'grant % is on a budget of another administration than its legal basis', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'grants_budget_administration';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER grants_budget_administration BEFORE INSERT OR UPDATE OF budget_id, legal_basis_id ON grants
    FOR EACH ROW EXECUTE FUNCTION grants_budget_administration();

-- The social administration's caseworker: socialrådgiver.
ALTER TABLE users DROP CONSTRAINT users_roles_check;
ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (
    cardinality(roles) > 0
    AND roles <@ ARRAY['sagsbehandler', 'socialraadgiver', 'mentor', 'teamleder', 'administrator']::text[]);
