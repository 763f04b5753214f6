-- Slow mode, topic notices, and what staff write about a member (issue #12). SQLite
-- dialect; keep in step with ../../postgres/.

-- Slow mode: each member (not those who moderate the topic) may post once in this many
-- seconds here. 0 is off.
ALTER TABLE topics ADD COLUMN slow_mode_seconds INTEGER NOT NULL DEFAULT 0;

-- A topic's notices ("closed by …") are its staff-log rows: read per topic page, in order.
CREATE INDEX staff_action_logs_by_topic ON staff_action_logs(topic_id, created_at);

-- What staff write about a member. kind: 'note' (private to staff: the moderators' memory
-- of a person) or 'warning' (an official warning: the member is shown it, and it counts on
-- their moderation record). The author's name is copied in, as the staff log does, so the
-- note stays readable when its author's account is gone.
CREATE TABLE user_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    author_username TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX user_notes_by_user ON user_notes(user_id, created_at);
