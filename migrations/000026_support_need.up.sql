-- § 85 records the support need in KL's Fælles Faglige Begreber (FFB,
-- voksenområdet; issue 12): for each area (tema) assessed the støttebehov
-- Intet / Let / Moderat / Højt / Fuldstændigt, the purpose of the support
-- (indsatsformål) and the follow-up date (grants.follow_up_date, which § 85
-- grants already have). Areas and purposes are reference data the
-- administrator edits; a row in use is retired, never deleted.
CREATE TABLE support_areas (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (btrim(name) <> ''),
    position    integer NOT NULL DEFAULT 0,
    retired_at  timestamptz,
    CONSTRAINT support_areas_name_unique UNIQUE (name)
);

CREATE TABLE support_purposes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (btrim(name) <> ''),
    position    integer NOT NULL DEFAULT 0,
    retired_at  timestamptz,
    CONSTRAINT support_purposes_name_unique UNIQUE (name)
);

-- The FFB voksen themes of funktionsevne.
INSERT INTO support_areas (name, position) VALUES
    ('Egenomsorg', 1),
    ('Praktiske opgaver i hjemmet', 2),
    ('Mobilitet', 3),
    ('Kommunikation', 4),
    ('Samfundsliv (uddannelse, beskæftigelse, økonomi)', 5),
    ('Socialt liv', 6),
    ('Sundhed', 7);

-- FFB indsatsformål.
INSERT INTO support_purposes (name, position) VALUES
    ('Udvikle funktionsevne', 1),
    ('Vedligeholde funktionsevne', 2),
    ('Forebygge forværring af funktionsevne', 3),
    ('Kompensere for nedsat funktionsevne', 4);

-- Only a § 85 grant has a purpose and an assessment: the grant's function is
-- part of the key the assessment refers to, so a LAB grant cannot get one.
ALTER TABLE grants ADD COLUMN support_purpose_id bigint REFERENCES support_purposes (id);
ALTER TABLE grants ADD CONSTRAINT grants_support_purpose_function
    CHECK (support_purpose_id IS NULL OR function = 'stoettekontaktperson');
ALTER TABLE grants ADD CONSTRAINT grants_id_function_unique UNIQUE (id, function);

CREATE TABLE grant_support_needs (
    grant_id    bigint NOT NULL,
    function    text NOT NULL DEFAULT 'stoettekontaktperson' CHECK (function = 'stoettekontaktperson'),
    area_id     bigint NOT NULL REFERENCES support_areas (id),
    level       text NOT NULL CHECK (level IN ('intet', 'let', 'moderat', 'hoejt', 'fuldstaendigt')),
    PRIMARY KEY (grant_id, area_id),
    FOREIGN KEY (grant_id, function) REFERENCES grants (id, function) ON DELETE CASCADE
);
-- "In use" on the administrator's page counts by area.
CREATE INDEX grant_support_needs_area_idx ON grant_support_needs (area_id);
CREATE INDEX grants_support_purpose_idx ON grants (support_purpose_id) WHERE support_purpose_id IS NOT NULL;
