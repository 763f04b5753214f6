ALTER TABLE groups DROP COLUMN exempt_new_member_limits;
