//! Replying and editing. A reply counts itself in its topic first, which locks the topic, then
//! checks permission against the topic as it now is; an edit keeps the version it replaces.

use crate::auth::Guardian;
use crate::markdown::Cooked;
use crate::models::category::Category;
use crate::models::invalid::{Field, Problem};
use crate::models::post::{EditInput, NewPost, Post, ReplyInput};
use crate::models::revision::PostRevision;
use crate::models::staff_log::StaffAction;
use crate::models::topic::Topic;
use crate::models::user::User;
use crate::models::watched_word::WatchedAction;
use crate::services::effects::StaffRecord;
use crate::services::{Clash, Event, Found, Missing, ServiceError, Tx};

/// Adds a reply to a topic as the guardian's member. Refused if the topic is closed or its
/// category read-only (unless they are staff), including when that changed a moment before,
/// and when the topic's slow mode says they posted there too recently.
pub fn reply(
    tx: &mut Tx,
    guardian: &Guardian,
    input: &ReplyInput,
    cooked: &Cooked,
) -> Result<(Topic, Post), ServiceError> {
    write_reply(tx, guardian, input, cooked, SlowMode::Applies)
}

/// Publishes a reply a moderator approved from the queue, as its author: checked as
/// [`reply`] is, but for slow mode, which the reply met when it was sent.
pub(crate) fn publish_approved_reply(
    tx: &mut Tx,
    as_author: &Guardian,
    input: &ReplyInput,
    cooked: &Cooked,
) -> Result<(Topic, Post), ServiceError> {
    write_reply(tx, as_author, input, cooked, SlowMode::Met)
}

/// Whether a reply is held to its topic's slow mode.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SlowMode {
    /// It is being sent now.
    Applies,
    /// It met it when sent, and waited in the queue since.
    Met,
}

fn write_reply(
    tx: &mut Tx,
    guardian: &Guardian,
    input: &ReplyInput,
    cooked: &Cooked,
    slow_mode: SlowMode,
) -> Result<(Topic, Post), ServiceError> {
    let author = guardian.acting_user()?;
    let now = tx.now();
    // Count the post first: the UPDATE locks the topic row, so the topic checked below is the
    // latest committed one and cannot be closed between the check and the insert. A refusal
    // rolls the count back.
    let topic = Topic::count_new_post(tx.conn(), input.topic, author, now)
        .found_or(Missing::Topic(input.topic))?;
    if topic.deleted_at.is_some() {
        return Err(Missing::Topic(input.topic).into());
    }
    let category = Category::find(tx.conn(), topic.category_id)?;
    guardian.can_reply(&topic, &category)?;
    if slow_mode == SlowMode::Applies {
        super::pace::slow_mode(tx, guardian, &topic, &category)?;
    }
    super::watched_words::refuse_blocked(tx, None, input.body.as_str())?;
    if let Some(number) = input.reply_to
        && Post::find_by_number(tx.conn(), topic.id, number)?.is_none()
    {
        return Err(ServiceError::invalid(
            Field::ReplyTo,
            Problem::Unknown(i64::from(number)),
        ));
    }
    let post = NewPost::written(
        topic.id,
        topic.highest_post_number,
        input.reply_to,
        author,
        &input.body,
        cooked.as_str(),
        now,
    )
    .insert(tx.conn())?;
    Category::count_posts(tx.conn(), category.id, 0, 1, Some(now))?;
    User::count_posts(tx.conn(), author, 0, 1)?;
    super::polls::sync(tx, post.id, input.body.as_str(), super::polls::Written::New)?;
    tx.record(Event::PostCreated {
        post: post.id,
        post_number: post.post_number,
        topic: topic.id,
        author,
        reply_to: input.reply_to,
    })?;
    Ok((topic, post))
}

/// Saves an edit as the guardian's member, keeping the current version as a revision, and
/// renames the topic when a first post's edit brings a new title. Refused unless they may
/// edit the post; a conflict if someone saved a newer version since the editor loaded it.
/// Saving the same text again stores no new version.
pub fn edit(
    tx: &mut Tx,
    guardian: &Guardian,
    input: &EditInput,
    cooked: &Cooked,
) -> Result<Post, ServiceError> {
    let current = Post::find(tx.conn(), input.post).found_or(Missing::Post(input.post))?;
    let topic_now = Topic::find(tx.conn(), current.topic_id)?;
    // Its author, staff, and the moderators of its category (the review queue's "edit post").
    let moderating = guardian.can_moderate_in(topic_now.category_id).is_ok();
    if !moderating {
        guardian.can_edit_post(&current)?;
    }
    let editor = guardian.acting_user()?;
    if current.version != input.expected_version {
        return Err(Clash::NewerVersion.into());
    }
    let watched = super::watched_words::refuse_blocked(tx, None, input.body.as_str())?;
    let new_title = match input.title.as_deref().filter(|_| current.post_number == 1) {
        Some(typed) => Some(super::watched_words::stored_title(tx, typed)?),
        None => None,
    };
    if let Some(title) = &new_title {
        let topic = Topic::find(tx.conn(), current.topic_id)?;
        if *title != topic.title {
            Topic::rename(tx.conn(), topic.id, title)?;
            tx.record(Event::TopicRenamed {
                topic: topic.id,
                by: Some(editor),
            })?;
        }
    }
    if current.raw == input.body.as_str() {
        return Ok(current);
    }
    // The UPDATE first: it locks the post and saves only over the version the editor saw, so
    // of two concurrent edits one wins and the other is a conflict, never a duplicate revision.
    // The version it replaced is then exactly `current`, kept as a revision.
    let now = tx.now();
    let saved = Post::save_version(
        tx.conn(),
        current.id,
        current.version,
        input.body.as_str(),
        cooked.as_str(),
        editor,
        input.reason.as_deref(),
        now,
    )?
    .ok_or(Clash::NewerVersion)?;
    PostRevision::keep(tx.conn(), &current)?;
    super::polls::sync(
        tx,
        saved.id,
        input.body.as_str(),
        super::polls::Written::Before,
    )?;
    tx.record(Event::PostEdited {
        post: saved.id,
        topic: saved.topic_id,
        editor,
        version: saved.version,
    })?;
    // A watched word that requires approval, in the edit and not in the version it replaces:
    // the post waits for a moderator, as a new post with it would have.
    let old_texts = [topic_now.title.as_str(), current.raw.as_str()];
    let new_texts: Vec<&str> = new_title
        .as_deref()
        .into_iter()
        .chain([input.body.as_str()])
        .collect();
    let needs_approval = watched
        .first(WatchedAction::RequireApproval, &new_texts)
        .filter(|_| !moderating && !guardian.publishes_unreviewed());
    let held = match needs_approval {
        Some(found)
            if watched
                .first(WatchedAction::RequireApproval, &old_texts)
                .is_none() =>
        {
            super::moderation::hold_edit(tx, &saved, &found.word)?;
            true
        }
        _ => false,
    };
    if held {
    } else if editor == current.user_id {
        super::moderation::author_edited(tx, &saved)?;
    } else if moderating {
        tx.record(Event::Staff(
            StaffRecord::new(StaffAction::PostEdited, Some(editor))
                .post(saved.id, saved.topic_id, saved.user_id)
                .change(
                    format!("version {}", current.version),
                    format!("version {}", saved.version),
                )
                .reason(input.reason.as_deref()),
        ))?;
    }
    Ok(Post::find(tx.conn(), saved.id)?)
}
