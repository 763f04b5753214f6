DROP TABLE queued_posts;
DROP TABLE watched_words;
