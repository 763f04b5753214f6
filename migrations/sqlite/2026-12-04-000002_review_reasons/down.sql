ALTER TABLE reviewables DROP COLUMN reason;
