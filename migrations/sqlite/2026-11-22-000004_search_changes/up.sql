-- The change feed search follows (DESIGN.md, "Search follows a change feed"). A write that
-- changes what search sees appends a row here in its own transaction; each node's indexer
-- applies rows in id order and remembers in its index how far it got. A row names what to look
-- at again (a post, or every post of a topic), never what changed: the indexer reads the
-- current rows, so applying a change twice, or late, is harmless.
-- SQLite dialect; keep in step with ../../postgres/.
CREATE TABLE search_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id BIGINT,
    topic_id BIGINT,
    created_at TIMESTAMP NOT NULL
);
