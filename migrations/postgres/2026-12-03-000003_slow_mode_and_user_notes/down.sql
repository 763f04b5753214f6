DROP TABLE user_notes;
DROP INDEX staff_action_logs_by_topic;
ALTER TABLE topics DROP COLUMN slow_mode_seconds;
