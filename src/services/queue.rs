//! Posts that wait for a moderator before anyone else sees them (Discourse's queued posts):
//! a new member's first posts (`moderation.approve_new_member_posts`), and posts with a
//! watched word that requires approval. Every way of posting a new topic or reply from the
//! outside (web forms, the JSON API) submits through here; the demo, the importer and the
//! command line write as the operator, who is never queued.
//!
//! Publishing is also when a new member may be promoted to trust level 1 (Discourse's
//! "basic user"): once they have `promote_after_posts` published posts and their account is
//! `promote_after_days` old, they leave the new-member limits, in the same transaction.
//!
//! A queued post is checked as a live one would be (permission, blocked words) before it
//! waits, so approving it cannot publish what the author could not have posted. Approving
//! publishes it then, as its author, through the same use-cases a live post goes through.

use crate::auth::Guardian;
use crate::config::ModerationConfig;
use crate::markdown::Cooked;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, TopicId, UserId};
use crate::models::invalid::{Field, FieldError, Problem};
use crate::models::post::{Body, Post, ReplyInput};
use crate::models::queued_post::{NewQueuedPost, QueueReason, QueuedPost};
use crate::models::reviewable::{NewReviewable, Reviewable, ReviewableKind};
use crate::models::staff_log::StaffAction;
use crate::models::topic::{NewTopicInput, Topic};
use crate::models::trust;
use crate::models::user::User;
use crate::models::watched_word::WatchedAction;
use crate::services::effects::StaffRecord;
use crate::services::{Event, Found, Missing, ServiceError, Tx};
use chrono::Duration;

/// What became of a submitted post.
#[derive(Debug)]
pub enum Submitted {
    /// It is live: the topic (as it now is) and the post.
    Published(Topic, Post),
    /// It waits for a moderator: its review item and what was queued.
    Queued(Reviewable, QueuedPost),
}

/// Refuses a new member's post with more links to other sites or images than
/// `[moderation] new_member_max_links` / `new_member_max_images` allow (links within the forum,
/// at `base_url`, are free). Counted on the Markdown before anything is written, by every way
/// of posting (the web, the API, replies by mail); an edit is held to the same limits.
pub fn within_new_member_limits(
    guardian: &Guardian,
    settings: &ModerationConfig,
    base_url: &str,
    raw: &str,
) -> Result<(), ServiceError> {
    if !guardian.is_new_member() {
        return Ok(());
    }
    let media = crate::markdown::media(raw, base_url);
    let mut problems = Vec::new();
    if media.outside_links > settings.new_member_max_links {
        problems.push(FieldError::new(
            Field::Body,
            Problem::TooManyLinks {
                max: settings.new_member_max_links,
                actual: media.outside_links,
            },
        ));
    }
    if media.images > settings.new_member_max_images {
        problems.push(FieldError::new(
            Field::Body,
            Problem::TooManyImages {
                max: settings.new_member_max_images,
                actual: media.images,
            },
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(problems))
    }
}

/// Why the guardian's member's post must wait, if it must: after refusing it for a blocked
/// word, a watched word that requires approval, then the new-member rule. Staff and the
/// operator publish unreviewed.
fn must_wait(
    tx: &mut Tx,
    guardian: &Guardian,
    settings: &ModerationConfig,
    title: Option<&str>,
    body: &str,
) -> Result<Option<QueueReason>, ServiceError> {
    let list = super::watched_words::refuse_blocked(tx, title, body)?;
    let Some(actor) = guardian.actor() else {
        return Ok(None);
    };
    if guardian.publishes_unreviewed() {
        return Ok(None);
    }
    let texts: Vec<&str> = title.into_iter().chain([body]).collect();
    if let Some(found) = list.first(WatchedAction::RequireApproval, &texts) {
        return Ok(Some(QueueReason::WatchedWord(found.word)));
    }
    // The guardian counts an exempt member as trust level 1 already.
    if actor.trust_level < trust::MEMBER && settings.approve_new_member_posts > 0 {
        let published = User::find(tx.conn(), actor.id)?.post_count;
        if published < settings.approve_new_member_posts {
            return Ok(Some(QueueReason::NewMember));
        }
    }
    Ok(None)
}

/// Starts a topic, or queues it.
pub fn topic(
    tx: &mut Tx,
    guardian: &Guardian,
    settings: &ModerationConfig,
    input: &NewTopicInput,
    cooked: &Cooked,
) -> Result<Submitted, ServiceError> {
    let Some(reason) = must_wait(
        tx,
        guardian,
        settings,
        Some(&input.title),
        input.body.as_str(),
    )?
    else {
        let (topic, post) = super::topic::create(tx, guardian, input, cooked)?;
        if guardian.is_new_member() {
            promote_when_ready(tx, post.user_id, settings)?;
        }
        return Ok(Submitted::Published(topic, post));
    };
    let category = super::topic::destination(tx, guardian, input.category_id)?;
    super::polls::check(input.body.as_str())?;
    super::tags::choose(
        tx,
        guardian,
        &input.tag_rules,
        category.id,
        &input.tags,
        super::tags::Unknown::Check,
    )?;
    // Kept as stored names (a typed "Machine Learning" is one tag, `machine-learning`).
    let names = super::tags::normalised(&input.tags)?;
    enqueue(
        tx,
        guardian.acting_user()?,
        Waiting {
            category: category.id,
            topic: None,
            title: Some(&input.title),
            reply_to: None,
            raw: input.body.as_str(),
            cooked,
            tags: &names,
        },
        &reason,
    )
}

/// Replies to a topic, or queues the reply.
pub fn reply(
    tx: &mut Tx,
    guardian: &Guardian,
    settings: &ModerationConfig,
    input: &ReplyInput,
    cooked: &Cooked,
) -> Result<Submitted, ServiceError> {
    let Some(reason) = must_wait(tx, guardian, settings, None, input.body.as_str())? else {
        let (topic, post) = super::post::reply(tx, guardian, input, cooked)?;
        if guardian.is_new_member() {
            promote_when_ready(tx, post.user_id, settings)?;
        }
        return Ok(Submitted::Published(topic, post));
    };
    let topic = Topic::find(tx.conn(), input.topic).found_or(Missing::Topic(input.topic))?;
    if topic.deleted_at.is_some() {
        return Err(Missing::Topic(input.topic).into());
    }
    let category = Category::find(tx.conn(), topic.category_id)?;
    guardian.can_reply(&topic, &category)?;
    super::pace::slow_mode(tx, guardian, &topic, &category)?;
    super::polls::check(input.body.as_str())?;
    if let Some(number) = input.reply_to
        && Post::find_by_number(tx.conn(), topic.id, number)?.is_none()
    {
        return Err(ServiceError::invalid(
            Field::ReplyTo,
            Problem::Unknown(i64::from(number)),
        ));
    }
    enqueue(
        tx,
        guardian.acting_user()?,
        Waiting {
            category: category.id,
            topic: Some(topic.id),
            title: None,
            reply_to: input.reply_to,
            raw: input.body.as_str(),
            cooked,
            tags: &[],
        },
        &reason,
    )
}

/// A post about to wait.
struct Waiting<'a> {
    category: CategoryId,
    topic: Option<TopicId>,
    title: Option<&'a str>,
    reply_to: Option<i32>,
    raw: &'a str,
    cooked: &'a Cooked,
    tags: &'a [String],
}

fn enqueue(
    tx: &mut Tx,
    author: UserId,
    post: Waiting,
    reason: &QueueReason,
) -> Result<Submitted, ServiceError> {
    let now = tx.now();
    let item = NewReviewable {
        kind: ReviewableKind::QueuedPost.as_str(),
        case_state: None,
        post_id: None,
        topic_id: post.topic,
        category_id: post.category,
        target_user_id: author,
        created_by_id: Some(author),
        score: 0,
        created_at: now,
        updated_at: now,
        reason: None,
    }
    .insert(tx.conn())?;
    let word = match reason {
        QueueReason::WatchedWord(word) => Some(word.as_str()),
        QueueReason::NewMember => None,
    };
    let queued = NewQueuedPost {
        reviewable_id: item.id,
        user_id: author,
        category_id: Some(post.category),
        topic_id: post.topic,
        title: post.title,
        reply_to_post_number: post.reply_to,
        raw: post.raw,
        cooked: post.cooked.as_str(),
        reason: reason.as_str(),
        word,
        created_at: now,
        tags: (!post.tags.is_empty()).then(|| post.tags.join(" ")),
    }
    .insert(tx.conn())?;
    Ok(Submitted::Queued(item, queued))
}

/// Publishes a queued post as its author, now; returns it. Called by the review queue's
/// "approve" (`services::moderation::perform`), which resolves the item and logs it.
pub(crate) fn publish(
    tx: &mut Tx,
    item: &Reviewable,
    settings: &ModerationConfig,
) -> Result<(Topic, Post), ServiceError> {
    let queued = QueuedPost::of(tx.conn(), item.id).found_or(Missing::Reviewable(item.id))?;
    let author = User::find(tx.conn(), queued.user_id)?;
    // As the author, who was allowed to post this when they sent it (the address check was
    // made then); if they have been silenced since, the refusal says so and the moderator
    // rejects instead.
    let as_author = Guardian::for_user(&author).unverified_may_post(true);
    let body = Body::new(queued.raw.clone(), usize::MAX).map_err(|e| vec![e])?;
    let cooked = Cooked::kept(queued.cooked.clone());
    let (topic, post) = match queued.topic_id {
        None => {
            // Its tags were checked when it was sent, against the rules then: the count and
            // who may make tags are not asked again (a tag group may still refuse one).
            let input = NewTopicInput {
                title: queued.title.clone().unwrap_or_default(),
                category_id: queued.category_id.unwrap_or(CategoryId(0)),
                body,
                tags: queued.tag_names(),
                tag_rules: crate::config::TagsConfig {
                    max_per_topic: usize::MAX,
                    create_min_trust_level: 0,
                },
            };
            super::topic::create(tx, &as_author, &input, &cooked)?
        }
        Some(topic) => {
            let input = ReplyInput {
                topic,
                body,
                reply_to: queued.reply_to_post_number,
            };
            super::post::publish_approved_reply(tx, &as_author, &input, &cooked)?
        }
    };
    Reviewable::set_published(tx.conn(), item.id, post.id, topic.id)?;
    promote_when_ready(tx, post.user_id, settings)?;
    Ok((topic, post))
}

/// Promotes `member` from trust level 0 to 1 once their account is old enough
/// (`[moderation] promote_after_days`) and they have either posted enough
/// (`promote_after_posts`) or read enough (`promote_after_topics_entered` and
/// `promote_after_posts_read`, Discourse's way); a 0 turns that way off. The staff log records
/// it as done by `system`, with why. Called after a post is published and after reading is
/// written. Returns whether they were promoted.
pub(crate) fn promote_when_ready(
    tx: &mut Tx,
    member: UserId,
    settings: &ModerationConfig,
) -> Result<bool, ServiceError> {
    let by_posting = settings.promote_after_posts > 0;
    let by_reading =
        settings.promote_after_topics_entered > 0 && settings.promote_after_posts_read > 0;
    if !by_posting && !by_reading {
        return Ok(false);
    }
    let user = User::find(tx.conn(), member)?;
    let old_enough = tx.now() - user.created_at >= Duration::days(settings.promote_after_days);
    if user.trust_level != trust::NEW || !old_enough {
        return Ok(false);
    }
    let posted = by_posting && user.post_count >= settings.promote_after_posts;
    let read = by_reading
        && user.topics_entered >= settings.promote_after_topics_entered
        && user.posts_read_count >= settings.promote_after_posts_read;
    if !posted && !read {
        return Ok(false);
    }
    User::set_trust(
        tx.conn(),
        member,
        trust::MEMBER,
        user.new_member_limits_exempt,
    )?;
    let mut record = StaffRecord::new(StaffAction::TrustLevelChanged, None)
        .user(member)
        .change(
            format!("{} ({})", trust::NEW, trust::name(trust::NEW)),
            format!("{} ({})", trust::MEMBER, trust::name(trust::MEMBER)),
        );
    let days = (tx.now() - user.created_at).num_days();
    record.reason = Some(if posted {
        format!(
            "Promoted automatically: {} published posts, member for {days} days.",
            user.post_count
        )
    } else {
        format!(
            "Promoted automatically: read {} posts in {} topics, member for {days} days.",
            user.posts_read_count, user.topics_entered
        )
    });
    tx.record(Event::Staff(record))?;
    Ok(true)
}
