-- Polls (issue #14). SQLite dialect; keep in step with ../../postgres/.
-- A post's Markdown defines its polls (`[poll]…[/poll]`, markdown::poll); services::polls
-- keeps these rows in step with it when the post is written, edited or rebaked, keeping the
-- votes of a poll whose options did not change.
CREATE TABLE polls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- 0 for one choice; otherwise the fewest and most options a voter picks.
    min_choices INTEGER NOT NULL,
    max_choices INTEGER NOT NULL,
    -- always, on_vote or on_close
    results TEXT NOT NULL,
    public BOOLEAN NOT NULL,
    closes_at TIMESTAMP,
    -- Closed by its author or staff before its time (or NULL).
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX polls_of_post ON polls(post_id, name);
CREATE TABLE poll_options (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    poll_id BIGINT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX poll_options_of_poll ON poll_options(poll_id, position);
-- One row per option a member chose.
CREATE TABLE poll_votes (
    poll_id BIGINT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    option_id BIGINT NOT NULL REFERENCES poll_options(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (poll_id, user_id, option_id)
);
CREATE INDEX poll_votes_by_option ON poll_votes(option_id);
