-- Q&A (issue #14): categories marked for questions, and each question's accepted answer
-- (the Solved plugin's accepted_answer). SQLite dialect; keep in step with ../../postgres/.

ALTER TABLE categories ADD COLUMN questions BOOLEAN NOT NULL DEFAULT FALSE;

-- The reply its asker (or staff, or the category's moderators) marked as the solution, and
-- when; NULL while unsolved. A post keeps its id when moved, so this follows it.
ALTER TABLE topics ADD COLUMN solution_post_id BIGINT;
ALTER TABLE topics ADD COLUMN solved_at TIMESTAMP;
