-- API keys as Discourse has them: for one user or for all users (Api-Username then says whom
-- to act as; user_id is the admin who made it), limited to scopes (empty: everything), with
-- their last use, and revocable. SQLite dialect; keep in step with ../../postgres/.
ALTER TABLE api_keys ADD COLUMN all_users BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP;
ALTER TABLE api_keys ADD COLUMN revoked_at TIMESTAMP;
