-- Readers' queries over a topic's posts leave deleted ones out (`deleted_at IS NULL`): this
-- index answers them (the page's first post number, the topic's post ids) without reading
-- the posts themselves, as the (topic_id, post_number) unique index did before posts could be
-- deleted. Partial, so it costs nothing for deleted posts.
-- With the id included, PostgreSQL answers the post ids from the index too.
CREATE INDEX posts_live_in_topic ON posts(topic_id, post_number) INCLUDE (id) WHERE deleted_at IS NULL;
