-- Citizens and grants: reference data (budgets, legal bases, the task and
-- exclusion catalogue, target groups, settings), mentor qualifications,
-- citizens, grants with numbered revisions, and adjustment meetings.

-- btree_gist lets an exclusion constraint combine = on ids with && on
-- periods. It is a trusted extension: no superuser needed.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE budgets (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL CHECK (btrim(name) <> ''),
    hourly_cost  numeric(10, 2) NOT NULL CHECK (hourly_cost >= 0),
    CONSTRAINT budgets_name_unique UNIQUE (name)
);

-- Legal bases are data, so a new act is a data change: LAB § 167 today,
-- its successor from 1/1/2027.
CREATE TABLE legal_bases (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code               text NOT NULL CHECK (btrim(code) <> ''),
    law                text NOT NULL,
    paragraph          text NOT NULL,
    title              text NOT NULL,
    function           text NOT NULL CHECK (function IN ('mentor', 'stoettekontaktperson')),
    valid_from         date NOT NULL,
    valid_to           date CHECK (valid_to IS NULL OR valid_to >= valid_from),
    max_months         integer CHECK (max_months IS NULL OR max_months > 0),
    default_budget_id  bigint NOT NULL REFERENCES budgets (id),
    CONSTRAINT legal_bases_code_unique UNIQUE (code)
);

-- The municipality's catalogue of the mentor's tasks and exclusions. An
-- entry in use is retired, never deleted.
CREATE TABLE catalogue_items (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('opgave', 'undtagelse')),
    text        text NOT NULL CHECK (btrim(text) <> ''),
    standard    boolean NOT NULL DEFAULT false, -- ticked by default on a new LAB grant
    position    integer NOT NULL DEFAULT 0,
    retired_at  timestamptz,
    CONSTRAINT catalogue_items_text_unique UNIQUE (kind, text)
);

CREATE TABLE target_groups (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (btrim(name) <> ''),
    retired_at  timestamptz,
    CONSTRAINT target_groups_name_unique UNIQUE (name)
);

CREATE TABLE settings (
    key         text PRIMARY KEY,
    value       text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- What a person may be assigned: LAB mentor and/or § 85, and how many
-- hours a week they can take. The profile booklet extends this later.
CREATE TABLE mentor_profiles (
    user_id           bigint PRIMARY KEY REFERENCES users (id),
    qualified_mentor  boolean NOT NULL DEFAULT false,
    qualified_support boolean NOT NULL DEFAULT false,
    capacity_hours    numeric(5, 2) NOT NULL DEFAULT 0 CHECK (capacity_hours BETWEEN 0 AND 80),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE citizens (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cpr               text NOT NULL CHECK (cpr ~ '^[0-9]{10}$'),
    name              text NOT NULL CHECK (btrim(name) <> ''),
    phone             text NOT NULL DEFAULT '',
    email             text NOT NULL DEFAULT '',
    address           text NOT NULL DEFAULT '',
    address_protected boolean NOT NULL DEFAULT false, -- navne- og adressebeskyttelse
    target_group_id   bigint REFERENCES target_groups (id),
    caseworker_id     bigint REFERENCES users (id),
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT citizens_cpr_unique UNIQUE (cpr)
);
CREATE INDEX citizens_name_idx ON citizens (lower(name));
CREATE INDEX citizens_caseworker_idx ON citizens (caseworker_id);

ALTER TABLE access_log
    ADD CONSTRAINT access_log_citizen_fk FOREIGN KEY (citizen_id) REFERENCES citizens (id);

CREATE TABLE grants (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    citizen_id           bigint NOT NULL REFERENCES citizens (id),
    legal_basis_id       bigint NOT NULL REFERENCES legal_bases (id),
    function             text NOT NULL CHECK (function IN ('mentor', 'stoettekontaktperson')),
    person_id            bigint NOT NULL REFERENCES users (id),
    purpose              text NOT NULL,
    hours_per_week       numeric(5, 2) NOT NULL
                         CHECK (hours_per_week BETWEEN 0.25 AND 40 AND hours_per_week * 4 = trunc(hours_per_week * 4)),
    start_date           date NOT NULL,
    end_date             date CHECK (end_date IS NULL OR end_date >= start_date),
    follow_up_date       date,
    review_date          date NOT NULL,
    budget_id            bigint NOT NULL REFERENCES budgets (id),
    status               text NOT NULL DEFAULT 'kladde' CHECK (status IN ('kladde', 'bevilget', 'afsluttet')),
    ended_on             date,
    end_reason           text NOT NULL DEFAULT '',
    complaint_info_on    date, -- klagevejledning givet
    min_plan_on          date, -- registreret i Min Plan
    previous_grant_id    bigint REFERENCES grants (id),
    extension_note       text NOT NULL DEFAULT '',
    revision             integer NOT NULL DEFAULT 1,
    version              integer NOT NULL DEFAULT 1,
    created_by           bigint REFERENCES users (id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT grants_ended_has_date CHECK (status <> 'afsluttet' OR ended_on IS NOT NULL),
    CONSTRAINT grants_one_extension UNIQUE (previous_grant_id),
    -- At most one granted grant per citizen and function at a time.
    CONSTRAINT grants_one_active_per_function EXCLUDE USING gist (
        citizen_id WITH =,
        function WITH =,
        daterange(start_date, COALESCE(ended_on, end_date), '[]') WITH &&
    ) WHERE (status = 'bevilget')
);
CREATE INDEX grants_citizen_idx ON grants (citizen_id);
CREATE INDEX grants_person_idx ON grants (person_id) WHERE status = 'bevilget';

-- Every change of tasks, exclusions, hours, goals or person is a numbered
-- revision holding the full state after the change; revision 1 is the grant
-- as first written. The grant row carries the current state for queries.
CREATE TABLE grant_revisions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grant_id        bigint NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    number          integer NOT NULL,
    reason          text NOT NULL,
    person_id       bigint NOT NULL REFERENCES users (id),
    hours_per_week  numeric(5, 2) NOT NULL,
    created_by      bigint REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT grant_revisions_number_unique UNIQUE (grant_id, number)
);

CREATE TABLE grant_revision_items (
    revision_id        bigint NOT NULL REFERENCES grant_revisions (id) ON DELETE CASCADE,
    kind               text NOT NULL CHECK (kind IN ('opgave', 'undtagelse', 'maal')),
    position           integer NOT NULL,
    catalogue_item_id  bigint REFERENCES catalogue_items (id),
    text               text NOT NULL CHECK (btrim(text) <> ''),
    PRIMARY KEY (revision_id, kind, position)
);

CREATE TABLE adjustment_meetings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grant_id      bigint NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    held_on       date NOT NULL,
    participants  text[] NOT NULL,
    others        text NOT NULL DEFAULT '',
    summary       text NOT NULL,
    decisions     text NOT NULL DEFAULT '',
    change_tasks  boolean NOT NULL DEFAULT false,
    revision_id   bigint REFERENCES grant_revisions (id),
    created_by    bigint REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX adjustment_meetings_grant_idx ON adjustment_meetings (grant_id);

-- Reference data every municipality starts with.
INSERT INTO budgets (name, hourly_cost) VALUES ('Beskæftigelse', 425.00), ('Social', 390.00);

INSERT INTO legal_bases (code, law, paragraph, title, function, valid_from, max_months, default_budget_id)
SELECT 'LAB-167', 'Lov om en aktiv beskæftigelsesindsats (LBK nr. 280 af 1/3/2024)', '§ 167, stk. 1',
       'Mentorstøtte', 'mentor', DATE '2024-03-01', 6, id FROM budgets WHERE name = 'Beskæftigelse';
INSERT INTO legal_bases (code, law, paragraph, title, function, valid_from, max_months, default_budget_id)
SELECT 'SEL-85', 'Serviceloven', '§ 85', 'Socialpædagogisk bistand (støttekontaktperson)',
       'stoettekontaktperson', DATE '1998-07-01', NULL, id FROM budgets WHERE name = 'Social';

INSERT INTO catalogue_items (kind, text, standard, position) VALUES
    ('opgave', 'Motivere og støtte borgeren i at gennemføre forløb og aktiviteter', false, 1),
    ('opgave', 'Støtte til at håndtere den sociale omgangstone på uddannelse eller arbejdsplads', false, 2),
    ('opgave', 'Hjælp til at komme op om morgenen og møde til tiden', false, 3),
    ('opgave', 'Hjælp til at kontakte egen læge', false, 4),
    ('opgave', 'Støtte til udvikling af sociale kompetencer', false, 5),
    ('opgave', 'Støtte ved opstart i fleksjob med skånehensyn, så kollegerne forstår og accepterer dem', false, 6),
    ('undtagelse', 'Ingen opgaver inden for borgerens hoveddør', true, 1),
    ('undtagelse', 'Ingen opgaver, der kræver bevillingskompetence', true, 2),
    ('undtagelse', 'Ikke fast transport (taxakørsel) for borgeren', true, 3),
    ('undtagelse', 'Ingen terapeutiske samtaler', true, 4);

INSERT INTO target_groups (name) VALUES
    ('Aktivitetsparat kontanthjælpsmodtager'),
    ('Uddannelseshjælpsmodtager (aktivitetsparat)'),
    ('Ressourceforløb'),
    ('Jobafklaringsforløb'),
    ('Sygedagpengemodtager'),
    ('Fleksjob / ledighedsydelse'),
    ('Borger uden ydelse (SEL)');

INSERT INTO settings (key, value) VALUES
    ('klagevejledning',
     'Du kan klage over afgørelsen. Klagen sendes til kommunen inden 4 uger fra den dag, du modtog afgørelsen. '
     || 'Kommunen ser på sagen igen, og hvis afgørelsen fastholdes, sendes klagen videre til Ankestyrelsen. '
     || 'Du kan klage skriftligt eller mundtligt. Kontakt din sagsbehandler, hvis du vil have hjælp til at klage.');
