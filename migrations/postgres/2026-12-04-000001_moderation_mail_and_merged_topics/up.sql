-- Mail to the member a moderator acted on, and where a merged topic went (issue #12).
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
