DROP INDEX bookmarks_by_user;
DROP INDEX bookmarks_once;
DROP TABLE bookmarks;
