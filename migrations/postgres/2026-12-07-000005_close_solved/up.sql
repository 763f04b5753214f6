-- Questions that close themselves once solved (issue #14). PostgreSQL dialect; keep in step with
-- ../../sqlite/.
-- Days after a question is solved that it closes; NULL: never. Closed by the hourly
-- maintenance job (services::solutions::close_solved), which looks for solved open topics
-- in each such category through the partial index.
ALTER TABLE categories ADD COLUMN close_solved_after_days INTEGER;
CREATE INDEX topics_solved_open ON topics(category_id, solved_at)
    WHERE solution_post_id IS NOT NULL AND closed = FALSE;
