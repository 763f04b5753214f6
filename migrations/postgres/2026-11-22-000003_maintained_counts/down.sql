ALTER TABLE users DROP COLUMN post_count;
ALTER TABLE users DROP COLUMN topic_count;
ALTER TABLE categories DROP COLUMN last_posted_at;
ALTER TABLE categories DROP COLUMN post_count;
ALTER TABLE categories DROP COLUMN topic_count;
