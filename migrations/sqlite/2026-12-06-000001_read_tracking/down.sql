DROP INDEX topics_created;
ALTER TABLE users DROP COLUMN dismissed_new_at;
ALTER TABLE users DROP COLUMN posts_read_count;
ALTER TABLE users DROP COLUMN topics_entered;
ALTER TABLE topics DROP COLUMN views;
DROP TABLE topic_reads;
