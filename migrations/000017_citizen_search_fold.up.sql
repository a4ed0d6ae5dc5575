-- The citizen search at scale (issue 10): a common surname matches thousands
-- of citizens, and folding, counting and sorting every one of them cost more
-- than finding the page.
--
-- The folded name is stored: a generated column, kept in step with name on
-- every insert and update (mentorspor_fold is IMMUTABLE, as a generated
-- column needs). The trigram index reads the column, so the index's recheck
-- and the search's filters read a value instead of calling the function per
-- candidate. It replaces the expression index on mentorspor_fold(name),
-- which nothing reads any more.
ALTER TABLE citizens ADD COLUMN name_fold text GENERATED ALWAYS AS (mentorspor_fold(name)) STORED;

DROP INDEX IF EXISTS citizens_name_fold_trgm_idx;
CREATE INDEX citizens_name_fold_trgm_idx ON citizens USING gin (name_fold gin_trgm_ops);

-- The list is in name order. With the folded name carried in the index, a
-- page of a common surname (more matches than the search counts) is read
-- in that order from the index alone, its names filtered as they come, and
-- the read stops when the page is full: the cost follows the page, not the
-- number of matches. The whole list (no search) is read from it too.
CREATE INDEX citizens_name_order_idx ON citizens (name, id) INCLUDE (name_fold);

-- The planner's estimates of how many names a word matches read the new
-- column's statistics. (The table was rewritten: until it is vacuumed, the
-- index-only reads above visit the table as well. VACUUM cannot run in a
-- migration's transaction; run VACUUM citizens after migrating a large
-- database.)
ANALYZE citizens;
