DROP INDEX bookmarks_reminders_due;
ALTER TABLE bookmarks DROP COLUMN reminded_at;
DELETE FROM notifications WHERE reason <> 0;
DROP INDEX notifications_user_post_reason;
CREATE UNIQUE INDEX notifications_user_post ON notifications(user_id, post_id);
ALTER TABLE notifications DROP COLUMN reason;
