-- Bookmarks (issue #14). SQLite dialect; keep in step with ../../postgres/.
-- A member keeps a post to come back to, with an optional note (Discourse's "name") and an
-- optional reminder time; one bookmark per member and post. Written by services::bookmarks.
CREATE TABLE bookmarks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    name TEXT,
    reminder_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX bookmarks_once ON bookmarks(user_id, post_id);
-- The member's list: due reminders first, then newest.
CREATE INDEX bookmarks_by_user ON bookmarks(user_id, created_at);
