-- Notifications, watching levels, mail preferences, email tokens and the mail outbox
-- (DESIGN.md, "Mail goes through an outbox"). SQLite dialect; keep in step with ../../postgres/.

-- When the address was proved to be the person's. Accounts from before verification existed
-- count as verified: nobody can be asked to verify retroactively.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;
UPDATE users SET email_verified_at = created_at;

-- Per-person mail choices; every account has one row, written with the account.
CREATE TABLE user_options (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    -- Notification mail: 0 always, 1 only when away (unread after the delay), 2 never
    -- (Discourse's numbers).
    email_level INTEGER NOT NULL DEFAULT 1,
    -- Most notification mails a day; NULL takes the site's [mail] default.
    max_emails_per_day INTEGER,
    -- 'never', 'daily' or 'weekly'.
    digest_frequency TEXT NOT NULL DEFAULT 'weekly',
    -- Whether every category feeds the digest; if not, those marked in category_users.
    digest_all_categories BOOLEAN NOT NULL DEFAULT TRUE,
    -- IANA time zone the digest hour is read in.
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    -- Every new post in the categories marked in category_users, each as its own mail.
    mailing_list_mode BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO user_options (user_id) SELECT id FROM users;

-- A person's watching level for a category (Discourse's numbers: 0 muted, 1 normal,
-- 2 tracking, 3 watching, 4 watching first post), and which mail the category feeds them.
CREATE TABLE category_users (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    notification_level INTEGER NOT NULL DEFAULT 1,
    in_digest BOOLEAN NOT NULL DEFAULT FALSE,
    mailing_list BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (user_id, category_id)
);
CREATE INDEX category_users_watchers ON category_users(category_id, notification_level);

-- A person's watching level for a topic (0 muted, 1 normal, 2 tracking, 3 watching).
CREATE TABLE topic_users (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    notification_level INTEGER NOT NULL,
    PRIMARY KEY (user_id, topic_id)
);
CREATE INDEX topic_users_watchers ON topic_users(topic_id, notification_level);

-- Something a person should know about: a reply, mention, quote, a post where they watch.
-- Types are Discourse's numbers (1 mentioned, 2 replied, 3 quoted, 9 posted, 17 watching
-- first post). One per person per post: the most specific reason wins.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    notification_type INTEGER NOT NULL,
    topic_id BIGINT REFERENCES topics(id) ON DELETE CASCADE,
    post_id BIGINT REFERENCES posts(id) ON DELETE CASCADE,
    post_number INTEGER,
    actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    read BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX notifications_user_post ON notifications(user_id, post_id);
CREATE INDEX notifications_user_unread ON notifications(user_id, read, id);

-- Single-use links mailed to prove an address or reset a password; only the SHA-256 of the
-- secret is kept.
CREATE TABLE email_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- 'verify', 'reset_password' or 'change_email'.
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- The address the link was sent to (the new one, for a change of address).
    email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX email_tokens_user ON email_tokens(user_id, purpose);

-- Rate limits every node must share (mail asked for per address and per IP): one row per
-- counted action, counted over a window and pruned by maintenance.
CREATE TABLE rate_limit_hits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket TEXT NOT NULL,
    hit_at TIMESTAMP NOT NULL
);
CREATE INDEX rate_limit_hits_bucket ON rate_limit_hits(bucket, hit_at);

-- Secrets the nodes share, made once (the key that signs unsubscribe links and reply keys).
CREATE TABLE site_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Mail waiting to be sent, or sent. `dedupe_key` makes a second insert of the same mail a
-- no-op (the mail for notification N, the digest for user U and period P). A row is either
-- composed when written (`message`: account mail, whose link holds a secret that is kept
-- nowhere else, and cleared once sent), or composed by the sender from what it names, so it
-- says what is true when it leaves (a notification read meanwhile is not mailed).
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dedupe_key TEXT NOT NULL UNIQUE,
    -- 'account', 'notification', 'digest', 'mailing_list' or 'test'.
    kind TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
    to_address TEXT NOT NULL,
    notification_id BIGINT REFERENCES notifications(id) ON DELETE CASCADE,
    post_id BIGINT REFERENCES posts(id) ON DELETE CASCADE,
    message TEXT,
    send_after TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    -- Why it was not sent: a permanent failure, or a reason to skip (read, capped, opted out).
    gave_up_at TIMESTAMP,
    outcome TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox(send_after) WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX mail_outbox_user_sent ON mail_outbox(user_id, sent_at);

-- Replies received by mail, by Message-ID, so a message delivered twice is posted once.
CREATE TABLE incoming_mail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    post_id BIGINT REFERENCES posts(id) ON DELETE SET NULL,
    received_at TIMESTAMP NOT NULL
);
