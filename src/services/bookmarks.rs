//! Bookmarks: a signed-in member keeps a post they can read, with an optional note and reminder
//! time, changes them, or removes the bookmark. A bookmark is its owner's alone: nobody else
//! sees, changes or removes it (another's bookmark is answered as missing).

use chrono::{Duration, NaiveDateTime};

use crate::auth::Guardian;
use crate::models::bookmark::{Bookmark, MAX_NAME_CHARS};
use crate::models::ids::{BookmarkId, PostId};
use crate::models::invalid::{Field, Problem};
use crate::models::notification::{Kind, NewNotification, Notification, Reason};
use crate::models::post::Post;
use crate::services::{Clash, Found, Missing, ServiceError, Tx};

/// The furthest ahead a reminder may be set.
const FURTHEST_REMINDER_DAYS: i64 = 10 * 366;

/// What a bookmark form (or its JSON) sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookmarkDraft {
    /// The note.
    pub name: String,
    /// When to remind them: empty, `2027-01-31T08:00` (the form's, in UTC), or RFC 3339.
    pub reminder_at: String,
}

/// A checked draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkInput {
    /// The note, if any.
    pub name: Option<String>,
    /// The reminder, if any.
    pub reminder_at: Option<NaiveDateTime>,
}

impl BookmarkDraft {
    /// Checks the draft at `now`: a note of at most [`MAX_NAME_CHARS`], a reminder that reads as
    /// a time in the future and within ten years.
    pub fn validate(&self, now: NaiveDateTime) -> Result<BookmarkInput, ServiceError> {
        let name = self.name.trim();
        let length = name.chars().count();
        if length > MAX_NAME_CHARS {
            return Err(ServiceError::invalid(
                Field::Note,
                Problem::TooLong {
                    max: MAX_NAME_CHARS,
                    actual: length,
                },
            ));
        }
        let reminder_at = match self.reminder_at.trim() {
            "" => None,
            text => {
                let at = parse_time(text)
                    .ok_or_else(|| ServiceError::invalid(Field::Reminder, Problem::Malformed))?;
                if at <= now || at > now + Duration::days(FURTHEST_REMINDER_DAYS) {
                    return Err(ServiceError::invalid(Field::Reminder, Problem::NotAllowed));
                }
                Some(at)
            }
        };
        Ok(BookmarkInput {
            name: (!name.is_empty()).then(|| name.to_owned()),
            reminder_at,
        })
    }
}

/// A time as a form or a Discourse client sends it, in UTC.
fn parse_time(text: &str) -> Option<NaiveDateTime> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(at.naive_utc());
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
}

/// The post, if the member may keep it: there and readable (not deleted, not hidden from them).
fn keepable(tx: &mut Tx, guardian: &Guardian, id: PostId) -> Result<Post, ServiceError> {
    let visibility = guardian.visibility();
    let found = Post::find_in_topic(tx.conn(), id, visibility).found_or(Missing::Post(id))?;
    Ok(found.post)
}

/// Bookmarks `post` for the signed-in member (a second bookmark of one post is a clash: change
/// the first).
pub fn create(
    tx: &mut Tx,
    guardian: &Guardian,
    post: PostId,
    input: &BookmarkInput,
) -> Result<Bookmark, ServiceError> {
    let member = guardian.acting_user()?;
    let post = keepable(tx, guardian, post)?;
    let now = tx.now();
    Bookmark::insert(
        tx.conn(),
        member,
        post.id,
        input.name.as_deref(),
        input.reminder_at,
        now,
    )?
    .ok_or_else(|| Clash::AlreadyBookmarked.into())
}

/// Bookmarks `post`, or changes the member's bookmark of it (the post's form does either).
pub fn save(
    tx: &mut Tx,
    guardian: &Guardian,
    post: PostId,
    input: &BookmarkInput,
) -> Result<Bookmark, ServiceError> {
    let member = guardian.acting_user()?;
    match Bookmark::of_post(tx.conn(), member, post)? {
        Some(existing) => update(tx, guardian, existing.id, input),
        None => create(tx, guardian, post, input),
    }
}

/// The member's own bookmark `id` (another's is missing to them).
fn own(tx: &mut Tx, guardian: &Guardian, id: BookmarkId) -> Result<Bookmark, ServiceError> {
    let member = guardian.acting_user()?;
    Bookmark::find(tx.conn(), id)?
        .filter(|b| b.user_id == member)
        .ok_or_else(|| Missing::Bookmark(id).into())
}

/// Changes the note and reminder of the member's bookmark `id`.
pub fn update(
    tx: &mut Tx,
    guardian: &Guardian,
    id: BookmarkId,
    input: &BookmarkInput,
) -> Result<Bookmark, ServiceError> {
    let bookmark = own(tx, guardian, id)?;
    let now = tx.now();
    Bookmark::update(
        tx.conn(),
        &bookmark,
        input.name.as_deref(),
        input.reminder_at,
        now,
    )?;
    own(tx, guardian, id)
}

/// Removes the member's bookmark `id`; returns it as it was.
pub fn remove(tx: &mut Tx, guardian: &Guardian, id: BookmarkId) -> Result<Bookmark, ServiceError> {
    let bookmark = own(tx, guardian, id)?;
    Bookmark::delete(tx.conn(), bookmark.id)?;
    Ok(bookmark)
}

/// Turns bookmarks' reminders that are due into notifications (shown on the site, never
/// mailed), at most `limit` of them; returns how many. Each bookmark reminds once per
/// reminder time; the notification leads to the post.
pub fn send_due_reminders(tx: &mut Tx, limit: i64) -> Result<usize, ServiceError> {
    let now = tx.now();
    let due = Bookmark::due_unsent(tx.conn(), now, limit)?;
    for (bookmark, post) in &due {
        let row = NewNotification::about_post(
            bookmark.user_id,
            Kind::BookmarkReminder,
            post.topic_id,
            post.id,
            post.post_number,
            None,
            now,
        );
        Notification::renew(tx.conn(), Reason::Reminder, &row)?;
    }
    let ids: Vec<BookmarkId> = due.iter().map(|(bookmark, _)| bookmark.id).collect();
    Bookmark::mark_reminded(tx.conn(), &ids, now)?;
    Ok(due.len())
}

#[cfg(test)]
#[expect(
    clippy::unwrap_used,
    reason = "a test that cannot get what it needs should fail loudly"
)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_draft_reads_form_and_api_times_and_refuses_the_past_and_the_absurd() {
        let now = at("2026-12-07 10:00");
        let draft = |name: &str, reminder: &str| BookmarkDraft {
            name: name.into(),
            reminder_at: reminder.into(),
        };
        let checked = draft("  read later ", "2026-12-08T09:30")
            .validate(now)
            .unwrap();
        assert_eq!(checked.name.as_deref(), Some("read later"));
        assert_eq!(checked.reminder_at, Some(at("2026-12-08 09:30")));
        let api = draft("", "2026-12-08T09:30:00+01:00")
            .validate(now)
            .unwrap();
        assert_eq!(api.reminder_at, Some(at("2026-12-08 08:30")));
        assert_eq!(api.name, None);
        assert!(draft("", "").validate(now).unwrap().reminder_at.is_none());
        for bad in ["tomorrow", "2026-12-07T09:00", "3026-01-01T00:00"] {
            assert!(draft("", bad).validate(now).is_err(), "{bad}");
        }
        assert!(draft(&"x".repeat(201), "").validate(now).is_err());
    }
}
