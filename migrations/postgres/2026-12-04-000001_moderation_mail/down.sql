ALTER TABLE mail_outbox DROP COLUMN staff_log_id;
