//! Staff notes and official warnings about a member. A note is private to staff; a warning is
//! shown to the member on their moderation page and counted on their record, and staff give
//! it to the same people they may silence. Both are in the staff log (the log says that a
//! note was written, not what it says: the log is read by more people than the notes).

use crate::auth::Guardian;
use crate::models::ids::UserId;
use crate::models::invalid::{Field, Problem};
use crate::models::staff_log::StaffAction;
use crate::models::user::User;
use crate::models::user_note::{MAX_NOTE_CHARS, NewUserNote, NoteKind, UserNote};
use crate::services::effects::StaffRecord;
use crate::services::{Event, Found, Missing, ServiceError, Tx};

/// The note's text, trimmed, or why it cannot be saved.
fn checked(body: &str) -> Result<&str, ServiceError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(ServiceError::invalid(Field::Note, Problem::Blank));
    }
    let actual = body.chars().count();
    if actual > MAX_NOTE_CHARS {
        return Err(ServiceError::invalid(
            Field::Note,
            Problem::TooLong {
                max: MAX_NOTE_CHARS,
                actual,
            },
        ));
    }
    Ok(body)
}

/// Writes a note or gives a warning about `user`; returns the new row.
pub fn add(
    tx: &mut Tx,
    guardian: &Guardian,
    user: UserId,
    kind: NoteKind,
    body: &str,
) -> Result<UserNote, ServiceError> {
    let target = User::find(tx.conn(), user).found_or(Missing::UserId(user))?;
    match kind {
        NoteKind::Note => guardian.can_keep_staff_notes()?,
        NoteKind::Warning => guardian.can_sanction(&target)?,
    }
    let body = checked(body)?;
    let author = guardian.actor().map(|a| a.id);
    let author_name = match author {
        Some(id) => User::find(tx.conn(), id)?.username,
        None => "system".to_owned(),
    };
    let id = NewUserNote {
        user_id: target.id,
        author_id: author,
        author_username: &author_name,
        kind: kind.as_str(),
        body,
        created_at: tx.now(),
    }
    .insert(tx.conn())?;
    let (action, reason) = match kind {
        NoteKind::Note => (StaffAction::StaffNoteAdded, None),
        // A warning's words are its reason: the member is told them anyway.
        NoteKind::Warning => (StaffAction::WarningGiven, Some(body)),
    };
    tx.record(Event::Staff(
        StaffRecord::new(action, author)
            .user(target.id)
            .reason(reason),
    ))?;
    UserNote::find(tx.conn(), id)?.ok_or(ServiceError::NotFound(Missing::StaffNote(id)))
}

/// Removes a private note about `user`. Warnings stay: they are the member's record.
pub fn remove(tx: &mut Tx, guardian: &Guardian, user: UserId, id: i64) -> Result<(), ServiceError> {
    guardian.can_keep_staff_notes()?;
    let note = UserNote::find(tx.conn(), id)?
        .filter(|n| n.user_id == user && !n.is_warning())
        .ok_or(ServiceError::NotFound(Missing::StaffNote(id)))?;
    UserNote::delete(tx.conn(), note.id)?;
    tx.record(Event::Staff(
        StaffRecord::new(
            StaffAction::StaffNoteRemoved,
            guardian.actor().map(|a| a.id),
        )
        .user(user),
    ))?;
    Ok(())
}
