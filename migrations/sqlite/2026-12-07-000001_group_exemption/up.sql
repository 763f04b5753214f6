-- Exempting a group from the new-member limits (issue #12). SQLite dialect; keep in step with
-- ../../postgres/. A member of an exempt group (project maintainers, say) posts as a member
-- from their first day: no approval queue, no link or image limits, no daily caps.
ALTER TABLE groups ADD COLUMN exempt_new_member_limits BOOLEAN NOT NULL DEFAULT FALSE;
