ALTER TABLE topics DROP COLUMN solved_at;
ALTER TABLE topics DROP COLUMN solution_post_id;
ALTER TABLE categories DROP COLUMN questions;
