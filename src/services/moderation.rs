//! Moderation: flags and the review queue, the post tools (hide, delete, restore, lock), the
//! sanctions (silence, suspend, trust level), and code-of-conduct cases. Every action that a
//! moderator takes (and every one the forum takes for them, like flags hiding a post) writes
//! its staff action log row in the same transaction (`Event::Staff`).

use chrono::{Duration, NaiveDateTime};

use crate::auth::Guardian;
use crate::config::ModerationConfig;
use crate::markdown::Cooked;
use crate::models::category::{Category, CategoryModerators};
use crate::models::flag::{Flag, FlagOutcome, FlagType, NewFlag};
use crate::models::ids::{CategoryId, PostId, ReviewableId, UserId};
use crate::models::invalid::{Field, Problem};
use crate::models::post::Post;
use crate::models::reviewable::{
    CaseState, NewCaseMessage, NewReviewable, ReviewStatus, Reviewable, ReviewableKind,
};
use crate::models::session::Session;
use crate::models::staff_log::StaffAction;
use crate::models::topic::Topic;
use crate::models::trust;
use crate::models::user::User;
use crate::services::effects::StaffRecord;
use crate::services::{Clash, Event, Found, Missing, ServiceError, Tx};

/// How long after flags hide a post its author must wait before an edit unhides it
/// (Discourse's ten minutes: long enough to cool down, short enough to fix a mistake).
pub const UNHIDE_EDIT_COOLDOWN: Duration = Duration::minutes(10);

/// The longest reason, note or flag message, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// A reason or message, checked: `required` ones may not be blank; none may be too long.
fn reason(text: Option<&str>, required: bool) -> Result<Option<String>, ServiceError> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    match text {
        None if required => Err(ServiceError::invalid(Field::Reason, Problem::Blank)),
        None => Ok(None),
        Some(t) if t.chars().count() > MAX_REASON_CHARS => Err(ServiceError::invalid(
            Field::Reason,
            Problem::TooLong {
                max: MAX_REASON_CHARS,
                actual: t.chars().count(),
            },
        )),
        Some(t) => Ok(Some(t.to_owned())),
    }
}

/// A post that exists and is not deleted, with its topic's category.
fn live_post(tx: &mut Tx, id: PostId) -> Result<(Post, Category), ServiceError> {
    let post = Post::find(tx.conn(), id).found_or(Missing::Post(id))?;
    let (topic, category) = Topic::find_with_category(tx.conn(), post.topic_id)?;
    if post.deleted_at.is_some() || topic.deleted_at.is_some() {
        return Err(Missing::Post(id).into());
    }
    Ok((post, category))
}

/// What a flag did.
#[derive(Debug, Clone)]
pub struct Flagged {
    /// The review item it joined or opened.
    pub reviewable: Reviewable,
    /// Whether this flag tipped the post into hiding.
    pub hid_post: bool,
}

/// Flags `post` as `kind`, with the flagger's words (needed for "something else" and code of
/// conduct). A code-of-conduct report opens a private case; other flags join the post's one
/// pending review item, and when their weights reach `hide_at_score` the post is hidden.
pub fn flag(
    tx: &mut Tx,
    guardian: &Guardian,
    settings: &ModerationConfig,
    post_id: PostId,
    kind: FlagType,
    message: Option<&str>,
) -> Result<Flagged, ServiceError> {
    let flagger = guardian.acting_user()?;
    let (post, category) = live_post(tx, post_id)?;
    guardian.can_flag(&post)?;
    let message = reason(message, kind.needs_message())?;
    if Flag::exists(tx.conn(), post.id, flagger)? {
        return Err(Clash::AlreadyFlagged.into());
    }
    let now = tx.now();
    let weight = if guardian.is_forum_staff() {
        settings.staff_flag_weight
    } else {
        let level = guardian.actor().map_or(trust::MEMBER, |a| a.trust_level);
        settings.flag_weights[level.clamp(0, trust::LEADER) as usize]
    };
    let new_item = |kind: ReviewableKind| NewReviewable {
        kind: kind.as_str(),
        case_state: (kind == ReviewableKind::CocCase).then_some(CaseState::Open.as_str()),
        post_id: Some(post.id),
        topic_id: Some(post.topic_id),
        category_id: category.id,
        target_user_id: post.user_id,
        created_by_id: Some(flagger),
        score: 0,
        created_at: now,
        updated_at: now,
        reason: None,
    };
    let item = if kind == FlagType::CodeOfConduct {
        let case = new_item(ReviewableKind::CocCase).insert(tx.conn())?;
        if let Some(words) = &message {
            let cooked = crate::markdown::cook(words);
            NewCaseMessage {
                reviewable_id: case.id,
                user_id: Some(flagger),
                raw: words,
                cooked: cooked.as_str(),
                created_at: now,
            }
            .insert(tx.conn())?;
        }
        case
    } else {
        match Reviewable::pending_for_post(tx.conn(), post.id)? {
            Some(item) => item,
            None => new_item(ReviewableKind::FlaggedPost).insert(tx.conn())?,
        }
    };
    NewFlag {
        post_id: post.id,
        user_id: flagger,
        post_action_type_id: kind.id(),
        message: message.as_deref(),
        reviewable_id: item.id,
        created_at: now,
    }
    .insert(tx.conn())
    .map_err(|e| {
        // Two submissions of one flag at once: the second meets the unique index.
        if crate::models::is_unique_violation(&e) {
            ServiceError::from(Clash::AlreadyFlagged)
        } else {
            e.into()
        }
    })?;
    let score = Reviewable::add_score(tx.conn(), item.id, weight, now)?;
    let mut hid_post = false;
    if kind != FlagType::CodeOfConduct
        && score >= settings.hide_at_score
        && Post::set_hidden(tx.conn(), post.id, Some(now))?
    {
        hid_post = true;
        tx.record(Event::Staff(
            StaffRecord::new(StaffAction::PostHidden, None)
                .post(post.id, post.topic_id, post.user_id)
                .reason(Some("Flags from members reached the hiding threshold.")),
        ))?;
    }
    let reviewable = Reviewable::find(tx.conn(), item.id)?.unwrap_or(item);
    Ok(Flagged {
        reviewable,
        hid_post,
    })
}

/// What a moderator decides about a review item (Discourse's action ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// The flags are right: hide the post.
    AgreeAndHide,
    /// The flags are right, but the post may stay (it is shown again if flags hid it).
    AgreeAndKeep,
    /// The flags are right: delete the post.
    AgreeAndDelete,
    /// The flags are right: hide the post and silence its author.
    AgreeAndSilence,
    /// The flags are right: hide the post and suspend its author.
    AgreeAndSuspend,
    /// The flags are wrong: show the post again if they hid it.
    Disagree,
    /// Close the item without a verdict.
    Ignore,
    /// A case: a moderator is looking into it (the reporter sees "under review").
    StartReview,
    /// A case: decided, with a note the reporter is told.
    Resolve,
    /// A queued post: publish it.
    Approve,
    /// A queued post: do not publish it (its author sees the note).
    Reject,
    /// A queued post: reject it and silence its author.
    RejectAndSilence,
    /// A queued post: reject it and suspend its author.
    RejectAndSuspend,
}

impl ReviewAction {
    /// The actions a flagged post offers, in the queue's order.
    pub const FOR_FLAGS: [ReviewAction; 7] = [
        ReviewAction::AgreeAndHide,
        ReviewAction::AgreeAndKeep,
        ReviewAction::AgreeAndDelete,
        ReviewAction::AgreeAndSilence,
        ReviewAction::AgreeAndSuspend,
        ReviewAction::Disagree,
        ReviewAction::Ignore,
    ];
    /// The actions a code-of-conduct case offers.
    pub const FOR_CASES: [ReviewAction; 2] = [ReviewAction::StartReview, ReviewAction::Resolve];
    /// The actions a queued post offers.
    pub const FOR_QUEUED: [ReviewAction; 4] = [
        ReviewAction::Approve,
        ReviewAction::Reject,
        ReviewAction::RejectAndSilence,
        ReviewAction::RejectAndSuspend,
    ];

    /// The actions an item of `kind` offers, in the queue's order.
    pub fn offered(kind: ReviewableKind) -> &'static [ReviewAction] {
        match kind {
            ReviewableKind::FlaggedPost => &ReviewAction::FOR_FLAGS,
            ReviewableKind::CocCase => &ReviewAction::FOR_CASES,
            ReviewableKind::QueuedPost => &ReviewAction::FOR_QUEUED,
        }
    }

    /// Its id in `PUT /review/{id}/perform/{action}`.
    pub fn id(self) -> &'static str {
        match self {
            ReviewAction::AgreeAndHide => "agree_and_hide",
            ReviewAction::AgreeAndKeep => "agree_and_keep",
            ReviewAction::AgreeAndDelete => "agree_and_delete",
            ReviewAction::AgreeAndSilence => "agree_and_silence",
            ReviewAction::AgreeAndSuspend => "agree_and_suspend",
            ReviewAction::Disagree => "disagree",
            ReviewAction::Ignore => "ignore",
            ReviewAction::StartReview => "start_review",
            ReviewAction::Resolve => "resolve",
            ReviewAction::Approve => "approve_post",
            ReviewAction::Reject => "reject_post",
            ReviewAction::RejectAndSilence => "reject_and_silence",
            ReviewAction::RejectAndSuspend => "reject_and_suspend",
        }
    }

    /// The action with this id.
    pub fn parse(id: &str) -> Option<ReviewAction> {
        ReviewAction::FOR_FLAGS
            .into_iter()
            .chain(ReviewAction::FOR_CASES)
            .chain(ReviewAction::FOR_QUEUED)
            .find(|a| a.id() == id)
    }

    /// Its button's label.
    pub fn label(self) -> &'static str {
        match self {
            ReviewAction::AgreeAndHide => "Agree and hide post",
            ReviewAction::AgreeAndKeep => "Agree and keep post",
            ReviewAction::AgreeAndDelete => "Agree and delete post",
            ReviewAction::AgreeAndSilence => "Agree, hide, and silence author",
            ReviewAction::AgreeAndSuspend => "Agree, hide, and suspend author",
            ReviewAction::Disagree => "Disagree (show the post)",
            ReviewAction::Ignore => "Ignore",
            ReviewAction::StartReview => "Mark under review",
            ReviewAction::Resolve => "Resolve the case",
            ReviewAction::Approve => "Approve and publish",
            ReviewAction::Reject => "Reject",
            ReviewAction::RejectAndSilence => "Reject and silence author",
            ReviewAction::RejectAndSuspend => "Reject and suspend author",
        }
    }

    /// Whether it sanctions the author, and so needs a duration and a reason.
    pub fn sanctions(self) -> Option<Sanction> {
        match self {
            ReviewAction::AgreeAndSilence | ReviewAction::RejectAndSilence => {
                Some(Sanction::Silence)
            }
            ReviewAction::AgreeAndSuspend | ReviewAction::RejectAndSuspend => {
                Some(Sanction::Suspend)
            }
            _ => None,
        }
    }
}

/// A moderator's decision, with what it needs.
#[derive(Debug, Clone, Default)]
pub struct Decision<'a> {
    /// A note: the reason given; for a case, what the reporter is told.
    pub note: Option<&'a str>,
    /// For silencing or suspending the author: until when.
    pub until: Option<NaiveDateTime>,
}

/// Resolves (or, for a case, advances) a review item.
pub fn perform(
    tx: &mut Tx,
    guardian: &Guardian,
    settings: &ModerationConfig,
    id: ReviewableId,
    action: ReviewAction,
    decision: &Decision,
) -> Result<Reviewable, ServiceError> {
    let item = Reviewable::find(tx.conn(), id).present_or_missing(Missing::Reviewable(id))?;
    match item.category_id {
        Some(category) => guardian.can_moderate_in(category)?,
        None => guardian.can_read_staff_log()?,
    }
    if item.status() != ReviewStatus::Pending {
        return Err(Clash::AlreadyResolved.into());
    }
    let by = guardian.actor().map(|a| a.id);
    let now = tx.now();
    let kind = item.kind();
    if !ReviewAction::offered(kind).contains(&action) {
        return Err(Missing::ReviewAction(action.id().to_owned()).into());
    }
    let note = reason(
        decision.note,
        action == ReviewAction::Resolve || action.sanctions().is_some(),
    )?;
    let post = match item.post_id {
        Some(post) => Some(Post::find(tx.conn(), post)?),
        None => None,
    };
    // The sanction is checked (and its dates validated) before anything is written.
    if let Some(sanction) = action.sanctions() {
        let author = item
            .target_user_id
            .ok_or(ServiceError::NotFound(Missing::Post(PostId(0))))?;
        let target = User::find(tx.conn(), author)?;
        guardian.can_sanction(&target)?;
        let until = check_until(decision.until, now, settings)?;
        apply_sanction(tx, guardian, &target, sanction, until, note.as_deref())?;
    }
    if kind == ReviewableKind::QueuedPost {
        return decide_queued(tx, by, settings, &item, action, note.as_deref());
    }
    if action == ReviewAction::StartReview {
        Reviewable::set_case_state(tx.conn(), id, CaseState::UnderReview, now)?;
        tx.record(Event::Staff(
            case_record(&item, by).change(CaseState::Open.label(), CaseState::UnderReview.label()),
        ))?;
        return Reviewable::find(tx.conn(), id)?.ok_or_else(|| Missing::Reviewable(id).into());
    }
    let (status, outcome, logged) = match action {
        ReviewAction::Disagree => (
            ReviewStatus::Rejected,
            FlagOutcome::Disagreed,
            StaffAction::FlagDisagreed,
        ),
        ReviewAction::Ignore => (
            ReviewStatus::Ignored,
            FlagOutcome::Ignored,
            StaffAction::FlagIgnored,
        ),
        ReviewAction::Resolve => (
            ReviewStatus::Approved,
            FlagOutcome::Agreed,
            StaffAction::CaseUpdated,
        ),
        _ => (
            ReviewStatus::Approved,
            FlagOutcome::Agreed,
            StaffAction::FlagAgreed,
        ),
    };
    if !Reviewable::resolve(tx.conn(), id, status, by, action.id(), note.as_deref(), now)? {
        return Err(Clash::AlreadyResolved.into());
    }
    Flag::resolve_all(tx.conn(), id, outcome)?;
    if action == ReviewAction::Resolve {
        Reviewable::set_case_state(tx.conn(), id, CaseState::Resolved, now)?;
        tx.record(Event::Staff(
            case_record(&item, by)
                .change(
                    item.case_state().unwrap_or(CaseState::Open).label(),
                    CaseState::Resolved.label(),
                )
                .reason(note.as_deref()),
        ))?;
    } else if let Some(post) = &post {
        let mut record = StaffRecord::new(logged, by)
            .post(post.id, post.topic_id, post.user_id)
            .reason(note.as_deref());
        record.new = Some(action.id().to_owned());
        tx.record(Event::Staff(record))?;
        match action {
            ReviewAction::AgreeAndHide
            | ReviewAction::AgreeAndSilence
            | ReviewAction::AgreeAndSuspend => {
                set_hidden(tx, by, post, true, None)?;
            }
            ReviewAction::AgreeAndKeep | ReviewAction::Disagree => {
                set_hidden(tx, by, post, false, None)?;
            }
            ReviewAction::AgreeAndDelete => {
                set_deleted(tx, by, post, true, note.as_deref())?;
            }
            ReviewAction::Ignore
            | ReviewAction::StartReview
            | ReviewAction::Resolve
            | ReviewAction::Approve
            | ReviewAction::Reject
            | ReviewAction::RejectAndSilence
            | ReviewAction::RejectAndSuspend => {}
        }
    }
    Reviewable::find(tx.conn(), id)?.ok_or_else(|| Missing::Reviewable(id).into())
}

/// Approves (publishes) or rejects a queued post; any sanction was applied already.
fn decide_queued(
    tx: &mut Tx,
    by: Option<UserId>,
    settings: &ModerationConfig,
    item: &Reviewable,
    action: ReviewAction,
    note: Option<&str>,
) -> Result<Reviewable, ServiceError> {
    let now = tx.now();
    let approve = action == ReviewAction::Approve;
    let status = if approve {
        ReviewStatus::Approved
    } else {
        ReviewStatus::Rejected
    };
    // Resolved first: of two moderators deciding at once, one wins and the other is told.
    if !Reviewable::resolve(tx.conn(), item.id, status, by, action.id(), note, now)? {
        return Err(Clash::AlreadyResolved.into());
    }
    let mut record = if approve {
        let (_, post) = super::queue::publish(tx, item, settings)?;
        StaffRecord::new(StaffAction::QueuedPostApproved, by).post(
            post.id,
            post.topic_id,
            post.user_id,
        )
    } else {
        let mut record = StaffRecord::new(StaffAction::QueuedPostRejected, by);
        record.user = item.target_user_id;
        record.topic = item.topic_id;
        record.category = item.category_id;
        record
    };
    record.reason = note.map(str::to_owned);
    record.new = Some(action.id().to_owned());
    tx.record(Event::Staff(record))?;
    Reviewable::find(tx.conn(), item.id)?.ok_or_else(|| Missing::Reviewable(item.id).into())
}

fn case_record(item: &Reviewable, by: Option<UserId>) -> StaffRecord {
    // The case names neither its reporter nor its words: the log is for what moderators did.
    let mut record = StaffRecord::new(StaffAction::CaseUpdated, by);
    record.topic = item.topic_id;
    record.category = item.category_id;
    record
}

trait PresentOrMissing<T> {
    fn present_or_missing(self, missing: Missing) -> Result<T, ServiceError>;
}

impl<T> PresentOrMissing<T> for diesel::QueryResult<Option<T>> {
    fn present_or_missing(self, missing: Missing) -> Result<T, ServiceError> {
        match self {
            Ok(Some(value)) => Ok(value),
            Ok(None) => Err(missing.into()),
            Err(e) => Err(e.into()),
        }
    }
}

/// After its author's edit: a post flags hid once is shown again if the cooldown has passed
/// (a second hiding keeps it hidden until a moderator looks, and so does a hiding for a watched
/// word, [`hold_edit`]). Called by `services::post::edit`.
pub(crate) fn author_edited(tx: &mut Tx, post: &Post) -> Result<(), ServiceError> {
    let now = tx.now();
    if let Some(hidden_at) = post.hidden_at
        && post.times_hidden <= 1
        && Reviewable::pending_for_post(tx.conn(), post.id)?.is_none_or(|i| i.reason.is_none())
        && now - hidden_at >= UNHIDE_EDIT_COOLDOWN
        && Post::set_hidden(tx.conn(), post.id, None)?
    {
        tx.record(Event::Staff(
            StaffRecord::new(StaffAction::PostUnhidden, None)
                .post(post.id, post.topic_id, post.user_id)
                .reason(Some("Its author edited it after it was hidden.")),
        ))?;
    }
    Ok(())
}

/// An author's edit added `word`, a watched word that requires approval, to a published post:
/// the post is hidden and waits in the review queue as a new post with that word would have
/// waited, so publishing a clean post and editing the word in afterwards gains nothing.
/// Agreeing keeps it hidden (or deletes it); disagreeing shows it again. Called by
/// `services::post::edit`, in the edit's transaction.
pub(crate) fn hold_edit(tx: &mut Tx, post: &Post, word: &str) -> Result<(), ServiceError> {
    let (post, category) = live_post(tx, post.id)?;
    let now = tx.now();
    let why =
        format!("An edit added the watched word “{word}”, which needs a moderator's approval.");
    let item = match Reviewable::pending_for_post(tx.conn(), post.id)? {
        Some(item) => item,
        None => NewReviewable {
            kind: ReviewableKind::FlaggedPost.as_str(),
            case_state: None,
            post_id: Some(post.id),
            topic_id: Some(post.topic_id),
            category_id: category.id,
            target_user_id: post.user_id,
            created_by_id: None,
            score: 0,
            created_at: now,
            updated_at: now,
            reason: Some(&why),
        }
        .insert(tx.conn())?,
    };
    Reviewable::give_reason(tx.conn(), item.id, &why)?;
    set_hidden(tx, None, &post, true, Some(&why))?;
    Ok(())
}

/// Hides or shows a post, logging it when it changed.
fn set_hidden(
    tx: &mut Tx,
    by: Option<UserId>,
    post: &Post,
    hidden: bool,
    why: Option<&str>,
) -> Result<bool, ServiceError> {
    let now = tx.now();
    let changed = Post::set_hidden(tx.conn(), post.id, hidden.then_some(now))?;
    if changed {
        let action = if hidden {
            StaffAction::PostHidden
        } else {
            StaffAction::PostUnhidden
        };
        tx.record(Event::Staff(
            StaffRecord::new(action, by)
                .post(post.id, post.topic_id, post.user_id)
                .reason(why),
        ))?;
    }
    Ok(changed)
}

/// Deletes or restores a post (a first post takes its topic with it), logging it when it
/// changed.
fn set_deleted(
    tx: &mut Tx,
    by: Option<UserId>,
    post: &Post,
    deleted: bool,
    why: Option<&str>,
) -> Result<bool, ServiceError> {
    let now = tx.now();
    let changed = Post::set_deleted(tx.conn(), post.id, deleted.then_some((now, by)))?;
    if changed {
        // A deleted reply is no question's solution (restoring it does not make it one again).
        if deleted {
            Topic::drop_solution(tx.conn(), post.topic_id, post.id)?;
        }
        if post.post_number == 1 {
            Topic::set_deleted(tx.conn(), post.topic_id, deleted.then_some(now))?;
        }
        let action = if deleted {
            StaffAction::PostDeleted
        } else {
            StaffAction::PostRecovered
        };
        let mut record = StaffRecord::new(action, by)
            .post(post.id, post.topic_id, post.user_id)
            .reason(why);
        if post.post_number == 1 {
            // The whole topic left (or came back): search must see every post of it again.
            record.new = Some("topic".into());
            tx.record(Event::TopicStatusChanged {
                topic: post.topic_id,
                pinned: false,
                closed: false,
                by,
            })?;
        }
        tx.record(Event::Staff(record))?;
    }
    Ok(changed)
}

/// Hides or shows a post, as a moderator of its category.
pub fn hide_post(
    tx: &mut Tx,
    guardian: &Guardian,
    id: PostId,
    hidden: bool,
    why: Option<&str>,
) -> Result<Post, ServiceError> {
    let (post, category) = live_post(tx, id)?;
    guardian.can_moderate(&category)?;
    let why = reason(why, false)?;
    if !set_hidden(
        tx,
        guardian.actor().map(|a| a.id),
        &post,
        hidden,
        why.as_deref(),
    )? {
        return Err(Clash::AlreadyDone.into());
    }
    Ok(Post::find(tx.conn(), id)?)
}

/// Deletes a post (softly: staff still see it): its author a reply of their own, moderators
/// any in their categories. Deleting a first post deletes the topic.
pub fn delete_post(
    tx: &mut Tx,
    guardian: &Guardian,
    id: PostId,
    why: Option<&str>,
) -> Result<Post, ServiceError> {
    let post = Post::find(tx.conn(), id).found_or(Missing::Post(id))?;
    let (_, category) = Topic::find_with_category(tx.conn(), post.topic_id)?;
    guardian.can_delete_post(&post, &category)?;
    let why = reason(why, false)?;
    let by = guardian.actor().map(|a| a.id);
    if !set_deleted(tx, by, &post, true, why.as_deref())? {
        return Err(Clash::AlreadyDone.into());
    }
    Ok(Post::find(tx.conn(), id)?)
}

/// Restores a deleted post, as a moderator of its category.
pub fn recover_post(tx: &mut Tx, guardian: &Guardian, id: PostId) -> Result<Post, ServiceError> {
    let post = Post::find(tx.conn(), id).found_or(Missing::Post(id))?;
    let (_, category) = Topic::find_with_category(tx.conn(), post.topic_id)?;
    guardian.can_moderate(&category)?;
    if !set_deleted(tx, guardian.actor().map(|a| a.id), &post, false, None)? {
        return Err(Clash::AlreadyDone.into());
    }
    Ok(Post::find(tx.conn(), id)?)
}

/// Locks or unlocks a post's edits, as a moderator of its category (author edits are refused
/// while it is locked).
pub fn lock_post(
    tx: &mut Tx,
    guardian: &Guardian,
    id: PostId,
    locked: bool,
) -> Result<Post, ServiceError> {
    let (post, category) = live_post(tx, id)?;
    guardian.can_moderate(&category)?;
    // Idempotent, as Discourse's `PUT /posts/{id}/locked` is: asking again changes nothing.
    if post.locked_at.is_some() == locked {
        return Ok(post);
    }
    let now = tx.now();
    Post::set_locked(tx.conn(), id, locked.then_some(now))?;
    let action = if locked {
        StaffAction::PostLocked
    } else {
        StaffAction::PostUnlocked
    };
    tx.record(Event::Staff(
        StaffRecord::new(action, guardian.actor().map(|a| a.id)).post(
            post.id,
            post.topic_id,
            post.user_id,
        ),
    ))?;
    Ok(Post::find(tx.conn(), id)?)
}

/// A sanction on a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sanction {
    /// May read and log in, not post or flag.
    Silence,
    /// May not log in; every session ends now.
    Suspend,
}

/// Reads a sanction's end as people and clients write it: a number of `days` from now (the
/// form's choice), or `text` as a date (`2026-12-31`, midnight UTC at its start, as Discourse
/// reads `suspend_until`), a date and time (`2026-12-31 18:00`, `2026-12-31T18:00`), or
/// RFC 3339 (`2026-12-31T18:00:00.000Z`). Neither given is `None` ([`check_until`] asks for one).
pub fn until_from(
    text: Option<&str>,
    days: Option<i64>,
    now: NaiveDateTime,
    settings: &ModerationConfig,
) -> Result<Option<NaiveDateTime>, ServiceError> {
    if let Some(days) = days {
        if days <= 0 {
            return Err(ServiceError::invalid(Field::Until, Problem::NotAllowed));
        }
        // Compared before adding, so an absurd number cannot overflow the date.
        if days > settings.longest_sanction_days {
            return Err(ServiceError::invalid(
                Field::Until,
                Problem::TooLong {
                    max: usize::try_from(settings.longest_sanction_days).unwrap_or(0),
                    actual: usize::try_from(days).unwrap_or(usize::MAX),
                },
            ));
        }
        return Ok(Some(now + Duration::days(days)));
    }
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let malformed = || ServiceError::invalid(Field::Until, Problem::Malformed);
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(Some(at.naive_utc()));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(Some(at));
        }
    }
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| malformed())?;
    Ok(Some(date.and_hms_opt(0, 0, 0).ok_or_else(malformed)?))
}

/// Checks a sanction's end: given, in the future, and no later than the longest allowed.
pub fn check_until(
    until: Option<NaiveDateTime>,
    now: NaiveDateTime,
    settings: &ModerationConfig,
) -> Result<NaiveDateTime, ServiceError> {
    let until = until.ok_or(ServiceError::invalid(Field::Until, Problem::Blank))?;
    if until <= now {
        return Err(ServiceError::invalid(Field::Until, Problem::NotAllowed));
    }
    let longest = settings.longest_sanction_days;
    if until > now + Duration::days(longest) {
        let days = (until - now).num_days();
        return Err(ServiceError::invalid(
            Field::Until,
            Problem::TooLong {
                max: usize::try_from(longest).unwrap_or(0),
                actual: usize::try_from(days).unwrap_or(usize::MAX),
            },
        ));
    }
    Ok(until)
}

fn apply_sanction(
    tx: &mut Tx,
    guardian: &Guardian,
    target: &User,
    sanction: Sanction,
    until: NaiveDateTime,
    why: Option<&str>,
) -> Result<(), ServiceError> {
    let by = guardian.actor().map(|a| a.id);
    let until_text = until.format("%Y-%m-%d %H:%M UTC").to_string();
    let action = match sanction {
        Sanction::Silence => {
            User::set_silence(tx.conn(), target.id, Some(until), why)?;
            StaffAction::UserSilenced
        }
        Sanction::Suspend => {
            User::set_suspension(tx.conn(), target.id, Some(until), why)?;
            // Every session ends now, on every node: they are rows, and each node's cache of
            // them is dropped by this write (`auth::session_cache`).
            Session::delete_all_for(tx.conn(), target.id)?;
            StaffAction::UserSuspended
        }
    };
    tx.record(Event::Staff(
        StaffRecord::new(action, by)
            .user(target.id)
            .change("", until_text)
            .reason(why),
    ))?;
    Ok(())
}

/// Silences or suspends `username` until `until`, saying why (the reason is required: the
/// person is told it).
pub fn sanction(
    tx: &mut Tx,
    guardian: &Guardian,
    settings: &ModerationConfig,
    user: UserId,
    sanction: Sanction,
    until: Option<NaiveDateTime>,
    why: Option<&str>,
) -> Result<User, ServiceError> {
    let target = User::find(tx.conn(), user).found_or(Missing::UserId(user))?;
    guardian.can_sanction(&target)?;
    let why = reason(why, true)?;
    let until = check_until(until, tx.now(), settings)?;
    apply_sanction(tx, guardian, &target, sanction, until, why.as_deref())?;
    Ok(User::find(tx.conn(), user)?)
}

/// Lifts a silence or suspension early.
pub fn lift(
    tx: &mut Tx,
    guardian: &Guardian,
    user: UserId,
    sanction: Sanction,
) -> Result<User, ServiceError> {
    let target = User::find(tx.conn(), user).found_or(Missing::UserId(user))?;
    guardian.can_sanction(&target)?;
    let now = tx.now();
    let action = match sanction {
        Sanction::Silence if target.silenced_at(now) => {
            User::set_silence(tx.conn(), user, None, None)?;
            StaffAction::UserUnsilenced
        }
        Sanction::Suspend if target.suspended_at(now) => {
            User::set_suspension(tx.conn(), user, None, None)?;
            StaffAction::UserUnsuspended
        }
        _ => return Err(Clash::AlreadyDone.into()),
    };
    tx.record(Event::Staff(
        StaffRecord::new(action, guardian.actor().map(|a| a.id)).user(user),
    ))?;
    Ok(User::find(tx.conn(), user)?)
}

/// Sets someone's trust level (0–4) and whether the new-member limits spare them.
pub fn set_trust_level(
    tx: &mut Tx,
    guardian: &Guardian,
    user: UserId,
    level: i32,
    exempt: bool,
) -> Result<User, ServiceError> {
    let target = User::find(tx.conn(), user).found_or(Missing::UserId(user))?;
    guardian.can_sanction(&target)?;
    if !trust::is_valid(level) {
        return Err(ServiceError::invalid(
            Field::TrustLevel,
            Problem::Unknown(level.into()),
        ));
    }
    User::set_trust(tx.conn(), user, level, exempt)?;
    let describe = |level: i32, exempt: bool| {
        format!(
            "{level} ({}){}",
            trust::name(level),
            if exempt {
                ", spared the new-member limits"
            } else {
                ""
            }
        )
    };
    tx.record(Event::Staff(
        StaffRecord::new(
            StaffAction::TrustLevelChanged,
            guardian.actor().map(|a| a.id),
        )
        .user(user)
        .change(
            describe(target.trust_level, target.new_member_limits_exempt),
            describe(level, exempt),
        ),
    ))?;
    Ok(User::find(tx.conn(), user)?)
}

/// Makes `user` a moderator of `category`, or (`moderates` false) takes that from them
/// (admins). Asking for what already holds is a 409 when removing, and nothing when adding.
pub fn set_category_moderator(
    tx: &mut Tx,
    guardian: &Guardian,
    category: CategoryId,
    user: UserId,
    moderates: bool,
) -> Result<(), ServiceError> {
    guardian.can_manage_categories()?;
    Category::find(tx.conn(), category).found_or(Missing::Category(category))?;
    User::find(tx.conn(), user).found_or(Missing::UserId(user))?;
    let (before, after) = if moderates {
        CategoryModerators::assign(tx.conn(), category, user)?;
        ("", "category moderator")
    } else {
        if !CategoryModerators::unassign(tx.conn(), category, user)? {
            return Err(Clash::AlreadyDone.into());
        }
        ("category moderator", "")
    };
    tx.record(Event::Staff(
        StaffRecord::new(StaffAction::CategoryUpdated, guardian.actor().map(|a| a.id))
            .category(category)
            .user(user)
            .change(before, after),
    ))?;
    Ok(())
}

/// Writes in a code-of-conduct case's private thread: its reporter, and those who moderate
/// its category.
pub fn reply_to_case(
    tx: &mut Tx,
    guardian: &Guardian,
    id: ReviewableId,
    raw: &str,
    cooked: &Cooked,
) -> Result<(), ServiceError> {
    let item = Reviewable::find(tx.conn(), id).present_or_missing(Missing::Reviewable(id))?;
    if item.kind() != ReviewableKind::CocCase {
        return Err(Missing::Reviewable(id).into());
    }
    guardian.can_see_case(item.created_by_id, item.category_id)?;
    let writer = guardian.acting_user()?;
    let raw = reason(Some(raw), true)?.unwrap_or_default();
    NewCaseMessage {
        reviewable_id: id,
        user_id: Some(writer),
        raw: &raw,
        cooked: cooked.as_str(),
        created_at: tx.now(),
    }
    .insert(tx.conn())?;
    Ok(())
}

/// What anonymising someone does with their posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TheirPosts {
    /// Kept, under the new name: the discussion stays readable.
    Keep,
    /// Deleted (softly, as a moderator deletes: staff still see them, and each is logged).
    Delete,
}

/// Anonymises a member (GDPR erasure): a new username `anon…`, an address nobody receives
/// mail at, no name or password, every session and API key ended, every watch and mail
/// stopped, and their old username gone from the staff log and staff notes. Their posts are
/// kept or deleted as asked. Returns the new username.
pub fn anonymise(
    tx: &mut Tx,
    guardian: &Guardian,
    user: UserId,
    posts: TheirPosts,
) -> Result<String, ServiceError> {
    use crate::models::api_key::ApiKey;
    use crate::models::email_token::{EmailToken, Purpose};
    use crate::models::staff_log::StaffLogEntry;
    use crate::models::user_note::UserNote;
    use crate::models::user_option::{MailStream, UserOptions};
    use crate::models::watching::{CategoryWatch, TopicWatch};

    let target = User::find(tx.conn(), user).found_or(Missing::UserId(user))?;
    guardian.can_anonymise(&target)?;
    let by = guardian.actor().map(|a| a.id);
    let now = tx.now();
    if posts == TheirPosts::Delete {
        for post in Post::live_by(tx.conn(), user)? {
            set_deleted(
                tx,
                by,
                &post,
                true,
                Some("the author's account was anonymised"),
            )?;
        }
    }
    // `anon{id}` is unique unless someone chose it; then a counter makes it so.
    let mut username = format!("anon{}", user.0);
    let mut n = 1;
    while User::find_by_username(tx.conn(), &username)?.is_some_and(|u| u.id != user) {
        n += 1;
        username = format!("anon{}_{n}", user.0);
    }
    // `.invalid` is reserved (RFC 2606): mail there goes nowhere.
    let email = format!("{username}@anonymised.invalid");
    User::anonymise(tx.conn(), user, &username, &email)?;
    Session::delete_all_for(tx.conn(), user)?;
    crate::models::mail_outbox::Outbox::forget_user(tx.conn(), user, &email, now)?;
    ApiKey::revoke_all_of(tx.conn(), user, now)?;
    for purpose in [
        Purpose::Verify,
        Purpose::ResetPassword,
        Purpose::ChangeEmail,
    ] {
        EmailToken::retire_all(tx.conn(), user, purpose, now)?;
    }
    for stream in [
        MailStream::Notifications,
        MailStream::Digest,
        MailStream::MailingList,
    ] {
        UserOptions::stop(tx.conn(), user, stream)?;
    }
    TopicWatch::forget_all(tx.conn(), user)?;
    crate::models::reading::TopicRead::forget_all(tx.conn(), user)?;
    CategoryWatch::forget_all(tx.conn(), user)?;
    StaffLogEntry::rename_person(tx.conn(), user, &username)?;
    UserNote::rename_author(tx.conn(), user, &username)?;
    let kept = match posts {
        TheirPosts::Keep => "posts kept",
        TheirPosts::Delete => "posts deleted",
    };
    tx.record(Event::Staff(
        StaffRecord::new(StaffAction::UserAnonymised, by)
            .user(user)
            .change("", kept),
    ))?;
    Ok(username)
}
