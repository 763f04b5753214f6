ALTER TABLE topics DROP COLUMN has_notices;
ALTER TABLE topics DROP COLUMN merged_into;
ALTER TABLE mail_outbox DROP COLUMN staff_log_id;
