-- @-mention completion and search's people facet look people up by a prefix of their name;
-- without an index that is a scan of every member on each keystroke.
CREATE INDEX users_name_lower ON users (lower(name));
