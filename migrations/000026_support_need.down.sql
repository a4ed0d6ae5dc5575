DROP TABLE grant_support_needs;
DROP INDEX grants_support_purpose_idx;
ALTER TABLE grants DROP CONSTRAINT grants_id_function_unique;
ALTER TABLE grants DROP CONSTRAINT grants_support_purpose_function;
ALTER TABLE grants DROP COLUMN support_purpose_id;
DROP TABLE support_purposes;
DROP TABLE support_areas;
