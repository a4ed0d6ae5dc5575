-- A catalogue per function (issue 12): a § 85 grant is framed in § 85's own
-- tasks and exclusions, not in the LAB mentor's. Every entry belongs to one
-- function; the entries that exist are the LAB mentor's. "standard" now
-- means: ticked in advance on a new grant of the entry's function.
ALTER TABLE catalogue_items
    ADD COLUMN function text NOT NULL DEFAULT 'mentor'
        CHECK (function IN ('mentor', 'stoettekontaktperson'));
ALTER TABLE catalogue_items ALTER COLUMN function DROP DEFAULT;
ALTER TABLE catalogue_items DROP CONSTRAINT catalogue_items_text_unique;
ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_text_unique UNIQUE (function, kind, text);

-- The støttekontaktperson's catalogue (socialpædagogisk bistand, SEL § 85):
-- help, support and training so the citizen can manage everyday life, often
-- given in the home. It does not carry the LAB mentor's front-door rule.
INSERT INTO catalogue_items (function, kind, text, standard, position) VALUES
    ('stoettekontaktperson', 'opgave',
     'Struktur i hverdagen: faste rutiner, døgnrytme og overblik over aftaler', false, 1),
    ('stoettekontaktperson', 'opgave',
     'Post og økonomi: åbne og forstå post, overblik over faste udgifter og budget', false, 2),
    ('stoettekontaktperson', 'opgave',
     'Kontakt til myndigheder: forberede og følge borgeren til møder med fx kommunen, egen læge og psykiatrien', false, 3),
    ('stoettekontaktperson', 'opgave',
     'Indkøb og bolig: træning i at planlægge indkøb og mad og i at holde styr på boligen', false, 4),
    ('stoettekontaktperson', 'opgave',
     'Sociale relationer: støtte til at skabe og holde kontakt med familie, netværk og fællesskaber', false, 5),
    ('stoettekontaktperson', 'undtagelse', 'Ikke behandling (terapi eller misbrugsbehandling)', true, 1),
    ('stoettekontaktperson', 'undtagelse', 'Ikke økonomisk rådgivning eller forvaltning af borgerens penge', true, 2),
    ('stoettekontaktperson', 'undtagelse', 'Ingen afgørelser om hjælp eller ydelser (dem træffer socialrådgiveren)', true, 3),
    ('stoettekontaktperson', 'undtagelse', 'Ikke praktisk hjælp, hvor støttekontaktpersonen gør arbejdet for borgeren (rengøring, tøjvask)', false, 4);
