DROP INDEX posts_live_in_topic;
