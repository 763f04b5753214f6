DROP INDEX topics_solved_open;
ALTER TABLE categories DROP COLUMN close_solved_after_days;
