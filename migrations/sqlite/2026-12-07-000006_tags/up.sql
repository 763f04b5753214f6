-- Tags (issue #14). SQLite dialect; keep in step with ../../postgres/.
-- A topic carries up to a few tags (`[tags] max_per_topic`), chosen from the tags staff made
-- or, for members trusted enough (`[tags] create_min_trust_level`), new ones made by using
-- them. Names are lower case, as Discourse forces them. How many topics carry a tag is counted
-- when a list asks (topic_tags_by_tag), so no count can drift from the topics' visibility.
CREATE TABLE tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    description TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX tags_name ON tags(name);
CREATE TABLE topic_tags (
    topic_id BIGINT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (topic_id, tag_id)
);
-- A tag's page and `tags:` in search: its topics.
CREATE INDEX topic_tags_by_tag ON topic_tags(tag_id, topic_id);
-- Tag groups gather tags; a group restricted to categories allows its tags only there (a tag
-- in several groups, in any of their categories). A group with no categories only gathers.
CREATE TABLE tag_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX tag_groups_name ON tag_groups(name);
CREATE TABLE tag_group_tags (
    tag_group_id BIGINT NOT NULL REFERENCES tag_groups(id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (tag_group_id, tag_id)
);
CREATE INDEX tag_group_tags_by_tag ON tag_group_tags(tag_id);
CREATE TABLE tag_group_categories (
    tag_group_id BIGINT NOT NULL REFERENCES tag_groups(id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    PRIMARY KEY (tag_group_id, category_id)
);
-- A new topic waiting for approval keeps the tags it was sent with (names, space-separated),
-- applied when it is published.
ALTER TABLE queued_posts ADD COLUMN tags TEXT;
