-- Mail to the member a moderator acted on (issue #12): silenced, suspended, warned, a post
-- hidden, a queued post not published. PostgreSQL dialect; keep in step with ../../sqlite/.
--
-- Such a row is composed by the sender from the staff-log row it names, so it says what is
-- true when it leaves: a silence lifted a minute after it was given is not mailed. The log is
-- never deleted from, so the reference needs no cascade.
ALTER TABLE mail_outbox ADD COLUMN staff_log_id BIGINT REFERENCES staff_action_logs(id);
