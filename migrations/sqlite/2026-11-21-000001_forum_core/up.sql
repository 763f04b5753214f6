-- Forum core, SQLite dialect. Keep in step with ../../postgres/ (same tables, columns, order).
-- Only `INTEGER PRIMARY KEY` aliases the rowid in SQLite, so ids are declared that way here
-- and read as BIGINT (i64) everywhere.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    username_lower TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    email_lower TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'user',
    created_at TIMESTAMP NOT NULL,
    coc_accepted_at TIMESTAMP
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user_id ON sessions(user_id);

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    color TEXT NOT NULL DEFAULT '0088CC',
    parent_id BIGINT REFERENCES categories(id),
    position INTEGER NOT NULL DEFAULT 0,
    read_only BOOLEAN NOT NULL DEFAULT FALSE,
    homepage_url TEXT,
    repository_url TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX categories_parent_id ON categories(parent_id);

CREATE TABLE topics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    slug TEXT NOT NULL,
    category_id BIGINT NOT NULL REFERENCES categories(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    bumped_at TIMESTAMP NOT NULL,
    last_posted_at TIMESTAMP NOT NULL,
    last_poster_id BIGINT NOT NULL REFERENCES users(id),
    posts_count INTEGER NOT NULL DEFAULT 0,
    highest_post_number INTEGER NOT NULL DEFAULT 0,
    closed BOOLEAN NOT NULL DEFAULT FALSE,
    pinned BOOLEAN NOT NULL DEFAULT FALSE
);
-- Topic lists order by (pinned, bumped_at, id) descending; these serve that order directly,
-- without sorting the whole table per page.
CREATE INDEX topics_latest ON topics(pinned, bumped_at, id);
CREATE INDEX topics_category_latest ON topics(category_id, pinned, bumped_at, id);
CREATE INDEX topics_user_id ON topics(user_id);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_id BIGINT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    post_number INTEGER NOT NULL,
    reply_to_post_number INTEGER,
    raw TEXT NOT NULL,
    cooked TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    edit_reason TEXT,
    last_editor_id BIGINT NOT NULL REFERENCES users(id),
    UNIQUE (topic_id, post_number)
);
CREATE INDEX posts_user_id_created_at ON posts(user_id, created_at);

-- One row per superseded version of a post: version N's text, who wrote it, and when.
-- The current version lives in `posts` itself.
CREATE TABLE post_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    raw TEXT NOT NULL,
    cooked TEXT NOT NULL,
    edit_reason TEXT,
    editor_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (post_id, version)
);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username_lower TEXT NOT NULL,
    ip TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_username ON login_attempts(username_lower, attempted_at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, attempted_at);
