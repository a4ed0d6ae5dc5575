-- Back to one catalogue: the entries of other functions than the LAB mentor's
-- go; grants and sessions that used them keep their text as free lines.
UPDATE grant_revision_items SET catalogue_item_id = NULL
WHERE catalogue_item_id IN (SELECT id FROM catalogue_items WHERE function <> 'mentor');
UPDATE session_tasks SET catalogue_item_id = NULL
WHERE catalogue_item_id IN (SELECT id FROM catalogue_items WHERE function <> 'mentor');
DELETE FROM catalogue_items WHERE function <> 'mentor';
ALTER TABLE catalogue_items DROP CONSTRAINT catalogue_items_text_unique;
ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_text_unique UNIQUE (kind, text);
ALTER TABLE catalogue_items DROP COLUMN function;
