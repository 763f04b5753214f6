-- Likes (issue #14). PostgreSQL dialect; keep in step with ../../sqlite/.
-- Apart from post_actions (flags): one member may both like and flag a post, and a like is
-- never reviewed. Written by services::likes, with the counters below in the same transaction.
CREATE TABLE post_likes (
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
-- A member's likes given, newest first (their profile's likes tab).
CREATE INDEX post_likes_by_user ON post_likes(user_id, created_at);

-- Counted where they are shown, so pages and lists never count rows.
ALTER TABLE posts ADD COLUMN like_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE topics ADD COLUMN like_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN likes_given BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN likes_received BIGINT NOT NULL DEFAULT 0;
