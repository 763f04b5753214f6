-- Mail to the member a moderator acted on, where a merged topic went, and which topics have
-- notices (issue #12).
-- PostgreSQL dialect; keep in step with ../../sqlite/.
--
-- The mail (silenced, suspended, warned, a post hidden, a queued post not published) is
-- composed by the sender from the staff-log row it names, so it says what is true when it
-- leaves: a silence lifted a minute after it was given is not mailed. The log is never
-- deleted from, so the reference needs no cascade.
ALTER TABLE mail_outbox ADD COLUMN staff_log_id BIGINT REFERENCES staff_action_logs(id);

-- Where a merged topic's posts went, so its old address leads readers there (a merged topic
-- is deleted softly; staff still see it with its notice).
ALTER TABLE topics ADD COLUMN merged_into BIGINT REFERENCES topics(id);


-- Whether the topic has notices ("closed by …", its staff-log rows readers see between its
-- posts): a topic page asks the log for them only then, so the many topics nobody moderated
-- pay nothing for the feature. Set by the staff log's writer; here for the rows already there.
ALTER TABLE topics ADD COLUMN has_notices BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE topics SET has_notices = TRUE WHERE id IN (
    SELECT topic_id FROM staff_action_logs WHERE topic_id IS NOT NULL AND action IN (
        'topic_closed', 'topic_opened', 'topic_pinned', 'topic_unpinned', 'topic_unlisted',
        'topic_listed', 'change_category', 'change_title', 'topic_slow_mode', 'move_posts',
        'merge_topic'));
