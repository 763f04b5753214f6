-- Why the forum itself put a post in the review queue, when no member flagged it (issue #12).
-- PostgreSQL dialect; keep in step with ../../sqlite/.
--
-- An author's edit that adds a watched word requiring approval hides the post and opens a
-- review item with no flagger: the moderator needs to read why it is there ("an edit added
-- the watched word …"), and a flag row cannot say it, since every flag names its member.
ALTER TABLE reviewables ADD COLUMN reason TEXT;
