ALTER TABLE users DROP COLUMN likes_received;
ALTER TABLE users DROP COLUMN likes_given;
ALTER TABLE topics DROP COLUMN like_count;
ALTER TABLE posts DROP COLUMN like_count;
DROP INDEX post_likes_by_user;
DROP TABLE post_likes;
