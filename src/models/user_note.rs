//! What staff write about a member: private notes (the moderators' shared memory of a person,
//! never shown to them) and official warnings (shown to the member, and counted on their
//! moderation record). Written by `services::user_notes`; the author's name is copied in so a
//! note stays readable when its author's account is gone.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::user_notes;
use crate::models::ids::UserId;

/// The longest note or warning, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// A note or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// Private to staff.
    Note,
    /// An official warning: the member is shown it.
    Warning,
}

impl NoteKind {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Note => "note",
            NoteKind::Warning => "warning",
        }
    }

    /// From its stored or form name.
    pub fn parse(text: &str) -> Option<NoteKind> {
        [NoteKind::Note, NoteKind::Warning]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// A `user_notes` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = user_notes)]
pub struct UserNote {
    /// Id.
    pub id: i64,
    /// The member it is about.
    pub user_id: UserId,
    /// Who wrote it, while their account exists.
    pub author_id: Option<UserId>,
    /// Their username then.
    pub author_username: String,
    /// [`NoteKind::as_str`].
    pub kind: String,
    /// What it says (plain text).
    pub body: String,
    /// When.
    pub created_at: NaiveDateTime,
}

impl UserNote {
    /// Whether it is a warning (an unknown stored kind, which no code writes, reads as a
    /// private note: nothing meant for staff is ever shown to the member).
    pub fn is_warning(&self) -> bool {
        NoteKind::parse(&self.kind) == Some(NoteKind::Warning)
    }

    /// Everything staff wrote about `user`, newest first.
    pub fn about(conn: &mut AnyConnection, user: UserId) -> QueryResult<Vec<UserNote>> {
        user_notes::table
            .filter(user_notes::user_id.eq(user))
            .order((user_notes::created_at.desc(), user_notes::id.desc()))
            .select(UserNote::as_select())
            .load(conn)
    }

    /// The warnings `user` was given, newest first: what they are shown.
    pub fn warnings_to(conn: &mut AnyConnection, user: UserId) -> QueryResult<Vec<UserNote>> {
        user_notes::table
            .filter(user_notes::user_id.eq(user))
            .filter(user_notes::kind.eq(NoteKind::Warning.as_str()))
            .order((user_notes::created_at.desc(), user_notes::id.desc()))
            .select(UserNote::as_select())
            .load(conn)
    }

    /// One note.
    pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<UserNote>> {
        user_notes::table
            .find(id)
            .select(UserNote::as_select())
            .first(conn)
            .optional()
    }

    /// Writes `name` as the author's name on every note `author` wrote (anonymising them).
    pub(crate) fn rename_author(
        conn: &mut AnyConnection,
        author: UserId,
        name: &str,
    ) -> QueryResult<usize> {
        diesel::update(user_notes::table.filter(user_notes::author_id.eq(author)))
            .set(user_notes::author_username.eq(name))
            .execute(conn)
    }

    /// Deletes one note.
    pub(crate) fn delete(conn: &mut AnyConnection, id: i64) -> QueryResult<usize> {
        diesel::delete(user_notes::table.find(id)).execute(conn)
    }
}

/// A new note or warning.
#[derive(Debug, Insertable)]
#[diesel(table_name = user_notes)]
pub(crate) struct NewUserNote<'a> {
    pub user_id: UserId,
    pub author_id: Option<UserId>,
    pub author_username: &'a str,
    pub kind: &'a str,
    pub body: &'a str,
    pub created_at: NaiveDateTime,
}

impl NewUserNote<'_> {
    /// Inserts it and returns its id.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<i64> {
        diesel::insert_into(user_notes::table)
            .values(self)
            .returning(user_notes::id)
            .get_result(conn)
    }
}
