DROP TABLE login_attempts;
DROP TABLE post_revisions;
DROP TABLE posts;
DROP TABLE topics;
DROP TABLE categories;
DROP TABLE api_keys;
DROP TABLE sessions;
DROP TABLE users;
