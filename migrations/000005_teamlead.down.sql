DROP TABLE supervision_participants;
DROP TABLE supervisions;
ALTER TABLE mentor_profiles
    DROP COLUMN presentation,
    DROP COLUMN specialties,
    DROP COLUMN languages,
    DROP COLUMN employment;
DELETE FROM settings WHERE key LIKE 'flag_%';
