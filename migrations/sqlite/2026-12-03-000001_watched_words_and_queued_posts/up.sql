-- Watched words and queued posts (issue #12). SQLite dialect; keep in step with ../../postgres/.

-- Words or phrases an admin lists, applied to titles and bodies when a post is written or
-- edited. action: 'block' (the post is refused), 'require_approval' (it waits in the review
-- queue), 'censor' (shown masked). Stored in lower case: matching ignores case; `*` in a word
-- matches any letters.
CREATE TABLE watched_words (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    word TEXT NOT NULL,
    action TEXT NOT NULL,
    created_by_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX watched_words_once ON watched_words(action, word);

-- A post waiting for a moderator before anyone else sees it (Discourse's queued post): a new
-- member's first posts, and posts with a "require approval" word. Each is a review item (kind
-- 'queued_post'); approving it publishes the topic or reply as its author wrote it, then.
CREATE TABLE queued_posts (
    reviewable_id BIGINT PRIMARY KEY REFERENCES reviewables(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- A new topic has its category and title; a reply has its topic (and the post it answers).
    category_id BIGINT REFERENCES categories(id) ON DELETE CASCADE,
    topic_id BIGINT REFERENCES topics(id) ON DELETE CASCADE,
    title TEXT,
    reply_to_post_number INTEGER,
    raw TEXT NOT NULL,
    cooked TEXT NOT NULL,
    -- Why it waits: 'new_member' or 'watched_word' (with the word).
    reason TEXT NOT NULL,
    word TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX queued_posts_by_user ON queued_posts(user_id);
