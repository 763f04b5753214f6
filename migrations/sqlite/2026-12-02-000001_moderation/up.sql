-- Moderation: trust levels and sanctions on people, hidden and deleted posts, unlisted and
-- deleted topics, flags, the review queue (flagged posts and code-of-conduct cases), category
-- moderators, and the staff action log. SQLite dialect; keep in step with ../../postgres/.

-- Trust level 0–4 with Discourse's meaning. Accounts from before trust levels existed are
-- members (1): nobody already posting is sent back to the sandbox.
ALTER TABLE users ADD COLUMN trust_level INTEGER NOT NULL DEFAULT 1;
-- Staff may exempt a member (a project maintainer) from the new-member limits.
ALTER TABLE users ADD COLUMN new_member_limits_exempt BOOLEAN NOT NULL DEFAULT FALSE;
-- Silenced: may read and log in, may not post or flag, until then.
ALTER TABLE users ADD COLUMN silenced_until TIMESTAMP;
ALTER TABLE users ADD COLUMN silence_reason TEXT;
-- Suspended: may not log in until then; their sessions are deleted when it starts.
ALTER TABLE users ADD COLUMN suspended_until TIMESTAMP;
ALTER TABLE users ADD COLUMN suspend_reason TEXT;

-- Hidden (by flags or a moderator): readers see a notice; its author and staff see it.
ALTER TABLE posts ADD COLUMN hidden_at TIMESTAMP;
-- How many times flags hid it: after the second, the author's edit no longer unhides it.
ALTER TABLE posts ADD COLUMN times_hidden INTEGER NOT NULL DEFAULT 0;
-- Deleted (soft): gone for readers, kept and marked for staff, restorable.
ALTER TABLE posts ADD COLUMN deleted_at TIMESTAMP;
-- No foreign key: SQLite cannot drop a column that has one, and the staff log keeps who.
ALTER TABLE posts ADD COLUMN deleted_by_id BIGINT;
-- Edits locked by a moderator: only staff may edit it.
ALTER TABLE posts ADD COLUMN locked_at TIMESTAMP;

-- Unlisted topics are left out of lists and search for everyone but staff, reachable by link.
ALTER TABLE topics ADD COLUMN visible BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE topics ADD COLUMN deleted_at TIMESTAMP;

-- Moderators of one category: the review queue and the topic and post tools, only there.
CREATE TABLE category_moderators (
    category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (category_id, user_id)
);
CREATE INDEX category_moderators_by_user ON category_moderators(user_id);

-- An item in the review queue: a flagged post (every flag on it joins the one pending item),
-- or a code-of-conduct case (a private thread between its reporter and the moderators).
-- Status: 0 pending, 1 approved (flags agreed), 2 rejected (disagreed), 3 ignored.
-- Case state: 'open', 'under_review', 'resolved' (for cases; NULL for flagged posts).
CREATE TABLE reviewables (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    status INTEGER NOT NULL DEFAULT 0,
    case_state TEXT,
    post_id BIGINT REFERENCES posts(id) ON DELETE SET NULL,
    topic_id BIGINT REFERENCES topics(id) ON DELETE SET NULL,
    category_id BIGINT REFERENCES categories(id) ON DELETE SET NULL,
    target_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_by_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    -- The sum of its flags' weights (flag type and flagger's trust level): the priority.
    score INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    resolved_by_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    resolved_at TIMESTAMP,
    -- The action taken ('agree_and_hide', 'disagree', …) and the note the reporter is told.
    resolution TEXT,
    resolution_note TEXT
);
-- One pending item per flagged post, however many flag it at once.
CREATE UNIQUE INDEX reviewables_one_pending_per_post ON reviewables(post_id)
    WHERE status = 0 AND kind = 'flagged_post';
CREATE INDEX reviewables_queue ON reviewables(status, created_at);

-- A flag (Discourse's post action): its type (Discourse's ids: 3 off-topic, 4 inappropriate,
-- 7 something else, 8 spam; 20 code of conduct is ours), and how it was resolved, which is
-- the flagger's accuracy: 0 pending, 1 agreed, 2 disagreed, 3 ignored.
CREATE TABLE post_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    post_action_type_id INTEGER NOT NULL,
    message TEXT,
    reviewable_id BIGINT REFERENCES reviewables(id) ON DELETE SET NULL,
    status INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
-- One flag per person per post: a second is refused, not counted twice.
CREATE UNIQUE INDEX post_actions_once ON post_actions(post_id, user_id);
CREATE INDEX post_actions_by_flagger ON post_actions(user_id, status);

-- The thread of a code-of-conduct case: its reporter and moderators write here, nobody else
-- reads it.
CREATE TABLE case_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reviewable_id BIGINT NOT NULL REFERENCES reviewables(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    raw TEXT NOT NULL,
    cooked TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX case_messages_thread ON case_messages(reviewable_id, id);

-- Every moderator and admin action. Names and titles are copied into the row, so the record
-- stays readable when what it names is renamed or deleted; the ids link while they exist.
CREATE TABLE staff_action_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL,
    acting_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    -- 'system' for the operator at the command line and automatic actions.
    acting_username TEXT NOT NULL,
    target_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    target_username TEXT,
    topic_id BIGINT REFERENCES topics(id) ON DELETE SET NULL,
    post_id BIGINT REFERENCES posts(id) ON DELETE SET NULL,
    category_id BIGINT REFERENCES categories(id) ON DELETE SET NULL,
    -- What the action was about, as it read then: a topic title, a category name.
    subject TEXT,
    previous_value TEXT,
    new_value TEXT,
    reason TEXT,
    -- Shown on the public moderation log (/modlog) when that is turned on.
    public BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_action_logs_latest ON staff_action_logs(created_at);
CREATE INDEX staff_action_logs_by_action ON staff_action_logs(action, created_at);
