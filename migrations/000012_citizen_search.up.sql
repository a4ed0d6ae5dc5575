-- Citizen search by name that folds Danish letters and accents and forgives
-- small typos (issue 10). pg_trgm and unaccent are trusted extensions: the
-- database's owner may create them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- mentorspor_fold is the form of a name that search compares: lower case,
-- æ ø å spelt ae oe aa (so "Søren" finds "Soeren" and "Aase" finds "Åse"),
-- other accents dropped. unaccent is only STABLE (its dictionary could
-- change); with the dictionary named, the fold is fixed, so it may be
-- declared IMMUTABLE and indexed.
CREATE FUNCTION mentorspor_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN public.unaccent('public.unaccent'::regdictionary,
    replace(replace(replace(lower($1), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa'));

CREATE INDEX citizens_name_fold_trgm_idx ON citizens USING gin (mentorspor_fold(name) gin_trgm_ops);

-- A CPR number or its first digits.
CREATE INDEX citizens_cpr_prefix_idx ON citizens (cpr text_pattern_ops);
