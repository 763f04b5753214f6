ALTER TABLE queued_posts DROP COLUMN tags;
DROP TABLE tag_group_categories;
DROP TABLE tag_group_tags;
DROP TABLE tag_groups;
DROP TABLE topic_tags;
DROP TABLE tags;
