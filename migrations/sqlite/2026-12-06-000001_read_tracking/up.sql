-- Read tracking and view counts (issue #14). SQLite dialect; keep in step with ../../postgres/.
-- Written in batches by services::reading from each node's buffer (src/reading.rs), never
-- once per page view.

-- How far each member has read each topic they opened. Apart from topic_users (watching):
-- there a row, even "normal", overrides the category's level, and reading must not.
CREATE TABLE topic_reads (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    last_read_post_number INTEGER NOT NULL,
    first_visited_at TIMESTAMP NOT NULL,
    last_visited_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, topic_id)
);

-- Topic views (Discourse's views), counted once per viewer and topic in a while.
ALTER TABLE topics ADD COLUMN views BIGINT NOT NULL DEFAULT 0;

-- What trust level 1 asks of a reader (Discourse: 5 topics entered, 30 posts read).
ALTER TABLE users ADD COLUMN topics_entered BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN posts_read_count BIGINT NOT NULL DEFAULT 0;
-- "Dismiss new": topics started before this are not new to them.
ALTER TABLE users ADD COLUMN dismissed_new_at TIMESTAMP;

-- The /new list and its count read the topics started in the last days.
CREATE INDEX topics_created ON topics(created_at);
