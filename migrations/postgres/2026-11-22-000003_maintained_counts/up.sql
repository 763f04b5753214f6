-- Counts that category and profile pages show, kept by the services in the same transaction
-- as the topics and posts they count (services::topic, services::post, services::import)
-- rather than counted over every topic or post on each request. Filled from what is here.
-- PostgreSQL dialect; keep in step with ../../sqlite/.
ALTER TABLE categories ADD COLUMN topic_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN post_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN last_posted_at TIMESTAMP;
ALTER TABLE users ADD COLUMN topic_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN post_count BIGINT NOT NULL DEFAULT 0;

UPDATE categories SET
    topic_count = (SELECT count(*) FROM topics WHERE topics.category_id = categories.id),
    post_count = (SELECT coalesce(sum(topics.posts_count), 0) FROM topics
                  WHERE topics.category_id = categories.id),
    last_posted_at = (SELECT max(topics.last_posted_at) FROM topics
                      WHERE topics.category_id = categories.id);
UPDATE users SET
    topic_count = (SELECT count(*) FROM topics WHERE topics.user_id = users.id),
    post_count = (SELECT count(*) FROM posts WHERE posts.user_id = users.id);
