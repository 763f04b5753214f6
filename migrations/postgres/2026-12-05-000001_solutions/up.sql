-- Q&A (issue #14): categories marked for questions, and each question's accepted answer
-- (the Solved plugin's accepted_answer). PostgreSQL dialect; keep in step with ../../sqlite/.

ALTER TABLE categories ADD COLUMN questions BOOLEAN NOT NULL DEFAULT FALSE;

-- The reply its asker (or staff, or the category's moderators) marked as the solution, and
-- when; NULL while unsolved (and again when that reply is deleted or moved to another topic).
ALTER TABLE topics ADD COLUMN solution_post_id BIGINT;
ALTER TABLE topics ADD COLUMN solved_at TIMESTAMP;
