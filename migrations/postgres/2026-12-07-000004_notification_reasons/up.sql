-- Notifications beyond "a post to read" (issue #14). PostgreSQL dialect; keep in step with
-- ../../sqlite/.
-- A person had at most one notification per post: the most specific reason to read it (a
-- reply, a mention, a quote, a watched topic). A like, a solution and a bookmark's reminder
-- are other reasons, each at most once per person and post; `reason` keeps them apart
-- (0 a post to read, 1 liked, 2 marked as a solution, 3 a bookmark's reminder). Written by
-- services::effects and services::bookmarks.
ALTER TABLE notifications ADD COLUMN reason INTEGER NOT NULL DEFAULT 0;
DROP INDEX notifications_user_post;
CREATE UNIQUE INDEX notifications_user_post_reason ON notifications(user_id, post_id, reason);

-- When a bookmark's reminder became a notification; the reminders job looks for the due
-- ones not yet sent.
ALTER TABLE bookmarks ADD COLUMN reminded_at TIMESTAMP;
CREATE INDEX bookmarks_reminders_due ON bookmarks(reminder_at)
    WHERE reminder_at IS NOT NULL AND reminded_at IS NULL;
