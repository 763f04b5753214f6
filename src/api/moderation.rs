//! Moderation's JSON: the review queue (`GET /review.json`, Discourse's reviewables), the answer
//! to performing a review action, sanctions (`PUT /admin/users/{id}/suspend|silence`), locking
//! a post, and the staff action log (`GET /admin/logs/staff_action_logs.json`).

use serde::Serialize;

use crate::api::{BasicUser, avatar_template, json_time};
use crate::models::flag::Accuracy;
use crate::models::ids::{CategoryId, PostId, ReviewableId, TopicId, UserId};
use crate::models::reviewable::{CaseMessage, QueueData, Reviewable};
use crate::models::staff_log::StaffLogEntry;
use crate::models::user::User;
use crate::models::user_note::UserNote;
use crate::models::watched_word::{WatchedAction, WatchedWord};
use crate::services::moderation::ReviewAction;

/// `GET /review.json`: the items, the people they name, and counts.
#[derive(Debug, Serialize)]
pub struct ReviewListResponse {
    /// The items.
    pub reviewables: Vec<ReviewableJson>,
    /// Everyone the items name (authors, flaggers), once each.
    pub users: Vec<BasicUser>,
    /// Counts.
    pub meta: ReviewMeta,
}

/// Counts beside the queue.
#[derive(Debug, Serialize)]
pub struct ReviewMeta {
    /// Items in this answer.
    pub total_rows_reviewables: usize,
    /// Items waiting, in every category the viewer reviews.
    pub reviewable_count: i64,
}

/// One review item (Discourse's `ReviewableFlaggedPost`, and Convene's `ReviewableCocCase`).
#[derive(Debug, Serialize)]
pub struct ReviewableJson {
    /// Id.
    pub id: ReviewableId,
    /// Discourse's type name.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// 0 pending, 1 approved, 2 rejected, 3 ignored (Discourse's numbers).
    pub status: i32,
    /// A case's state: `open`, `under_review` or `resolved`.
    pub case_state: Option<&'static str>,
    /// `low`, `medium` or `high`.
    pub priority: &'static str,
    /// The flags' weights added up.
    pub score: i32,
    /// The post's topic.
    pub topic_id: Option<TopicId>,
    /// Its category.
    pub category_id: Option<CategoryId>,
    /// The post.
    pub target_id: Option<PostId>,
    /// `Post`.
    pub target_type: &'static str,
    /// The post's author.
    pub target_created_by_id: Option<UserId>,
    /// Who opened it.
    pub created_by_id: Option<UserId>,
    /// Opened.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
    /// When it was resolved.
    pub resolved_at: Option<String>,
    /// The action that resolved it.
    pub resolution: Option<String>,
    /// What the reporter was told.
    pub resolution_note: Option<String>,
    /// Why the forum opened it when no member flagged the post (a Convene extension): an
    /// author's edit added a watched word that requires approval.
    pub reason: Option<String>,
    /// Where the post is.
    pub target_url: Option<String>,
    /// The post as it is now (hidden and deleted ones too: reviewers see them).
    pub post: Option<ReviewedPost>,
    /// Every flag, with its flagger's record.
    pub reviewable_scores: Vec<ReviewableScore>,
    /// What may be done with it while it waits.
    pub bundled_actions: Vec<BundledAction>,
    /// A queued post's content (Discourse's `ReviewableQueuedPost` payload); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<QueuedPayload>,
}

/// What a queued post would publish.
#[derive(Debug, Serialize)]
pub struct QueuedPayload {
    /// Its Markdown.
    pub raw: String,
    /// Its HTML.
    pub cooked: String,
    /// A new topic's title.
    pub title: Option<String>,
    /// The post a reply answers.
    pub reply_to_post_number: Option<i32>,
    /// Why it waits: `new_member` or `watched_word`.
    pub reason: String,
    /// The watched word, for that reason.
    pub word: Option<String>,
}

/// The post under review.
#[derive(Debug, Serialize)]
pub struct ReviewedPost {
    /// Id.
    pub id: PostId,
    /// Its number in the topic.
    pub post_number: i32,
    /// The topic's title.
    pub topic_title: String,
    /// Its Markdown.
    pub raw: String,
    /// Its HTML.
    pub cooked: String,
    /// Whether flags or a moderator hid it.
    pub hidden: bool,
    /// When it was deleted.
    pub deleted_at: Option<String>,
}

/// One flag.
#[derive(Debug, Serialize)]
pub struct ReviewableScore {
    /// Id.
    pub id: i64,
    /// The flagger.
    pub user_id: UserId,
    /// Their username.
    pub username: String,
    /// The kind (Discourse's `post_action_type_id`).
    pub score_type: ScoreType,
    /// The flagger's words.
    pub reason: Option<String>,
    /// 0 pending, 1 agreed, 2 disagreed, 3 ignored.
    pub status: i32,
    /// When.
    pub created_at: String,
    /// How the flagger's flags have been resolved so far.
    pub accuracy: AccuracyJson,
}

/// A flag's kind.
#[derive(Debug, Serialize)]
pub struct ScoreType {
    /// Discourse's `post_action_type_id`.
    pub id: i32,
    /// The label.
    pub title: &'static str,
}

/// A flagger's record.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct AccuracyJson {
    /// Agreed with.
    pub agreed: i64,
    /// Disagreed with.
    pub disagreed: i64,
    /// Ignored.
    pub ignored: i64,
}

impl From<Accuracy> for AccuracyJson {
    fn from(a: Accuracy) -> Self {
        AccuracyJson {
            agreed: a.agreed,
            disagreed: a.disagreed,
            ignored: a.ignored,
        }
    }
}

/// A group of actions (Discourse bundles them; each action here is its own bundle).
#[derive(Debug, Serialize)]
pub struct BundledAction {
    /// The action id.
    pub id: &'static str,
    /// The actions in the bundle.
    pub actions: Vec<ActionJson>,
}

/// One action.
#[derive(Debug, Serialize)]
pub struct ActionJson {
    /// Its id, for `PUT /review/{id}/perform/{action}`.
    pub id: &'static str,
    /// What it says.
    pub label: &'static str,
}

impl ReviewableJson {
    /// The item as JSON; `actions` are those the viewer may take (none once resolved).
    pub fn new(item: &Reviewable, data: &QueueData, actions: &[ReviewAction]) -> ReviewableJson {
        let found = item.post_id.and_then(|id| data.posts.get(&id));
        let flags = data.flags.get(&item.id).map(Vec::as_slice).unwrap_or(&[]);
        ReviewableJson {
            id: item.id,
            kind: item.kind().discourse_type(),
            status: item.status,
            case_state: item.case_state().map(|s| s.as_str()),
            priority: item.priority().as_str(),
            score: item.score,
            topic_id: item.topic_id,
            category_id: item.category_id,
            target_id: item.post_id,
            target_type: "Post",
            target_created_by_id: item.target_user_id,
            created_by_id: item.created_by_id,
            created_at: json_time(item.created_at),
            updated_at: json_time(item.updated_at),
            resolved_at: item.resolved_at.map(json_time),
            resolution: item.resolution.clone(),
            resolution_note: item.resolution_note.clone(),
            reason: item.reason.clone(),
            target_url: found.map(|f| f.topic.post_url(f.post.post_number)),
            payload: data.queued.get(&item.id).map(|q| QueuedPayload {
                raw: q.raw.clone(),
                cooked: q.cooked.clone(),
                title: q.title.clone(),
                reply_to_post_number: q.reply_to_post_number,
                reason: q.reason.clone(),
                word: q.word.clone(),
            }),
            post: found.map(|f| ReviewedPost {
                id: f.post.id,
                post_number: f.post.post_number,
                topic_title: f.topic.title.clone(),
                raw: f.post.raw.clone(),
                cooked: f.post.cooked.clone(),
                hidden: f.post.hidden_at.is_some(),
                deleted_at: f.post.deleted_at.map(json_time),
            }),
            reviewable_scores: flags
                .iter()
                .map(|flag| ReviewableScore {
                    id: flag.id,
                    user_id: flag.user_id,
                    username: data
                        .users
                        .get(&flag.user_id)
                        .map(|u| u.username.clone())
                        .unwrap_or_default(),
                    score_type: ScoreType {
                        id: flag.post_action_type_id,
                        title: flag.kind().label(),
                    },
                    reason: flag.message.clone(),
                    status: flag.status,
                    created_at: json_time(flag.created_at),
                    accuracy: data
                        .accuracy
                        .get(&flag.user_id)
                        .copied()
                        .unwrap_or_default()
                        .into(),
                })
                .collect(),
            bundled_actions: actions
                .iter()
                .map(|a| BundledAction {
                    id: a.id(),
                    actions: vec![ActionJson {
                        id: a.id(),
                        label: a.label(),
                    }],
                })
                .collect(),
        }
    }
}

/// `GET /review/{id}.json`: one item, and for a case, its private thread.
#[derive(Debug, Serialize)]
pub struct ReviewableResponse {
    /// The item.
    pub reviewable: ReviewableJson,
    /// A case's messages, oldest first (empty for a flagged post).
    pub messages: Vec<CaseMessageJson>,
}

/// A message in a case's thread.
#[derive(Debug, Serialize)]
pub struct CaseMessageJson {
    /// Id.
    pub id: i64,
    /// Who wrote it (`system` when its author's account is gone).
    pub username: String,
    /// As HTML.
    pub cooked: String,
    /// When.
    pub created_at: String,
}

impl CaseMessageJson {
    /// A message and its writer's username (none when the account is gone).
    pub fn new(message: &CaseMessage, writer: Option<&str>) -> CaseMessageJson {
        CaseMessageJson {
            id: message.id,
            username: writer.unwrap_or("system").to_owned(),
            cooked: message.cooked.clone(),
            created_at: json_time(message.created_at),
        }
    }
}

/// `PUT /review/{id}/perform/{action}`: Discourse's `reviewable_perform_result`.
#[derive(Debug, Serialize)]
pub struct PerformResponse {
    /// The result.
    pub reviewable_perform_result: PerformResult,
}

/// What performing did.
#[derive(Debug, Serialize)]
pub struct PerformResult {
    /// `OK`.
    pub success: &'static str,
    /// The status it moved to (`approved`, `rejected`, `ignored`, or `pending` for a case
    /// taken under review).
    pub transition_to: &'static str,
    /// The same as a number.
    pub transition_to_id: i32,
    /// Items the client may drop from its list.
    pub remove_reviewable_ids: Vec<ReviewableId>,
}

/// `PUT /admin/users/{id}/suspend`.
#[derive(Debug, Serialize)]
pub struct SuspensionResponse {
    /// The suspension.
    pub suspension: Suspension,
}

/// A suspension as Discourse describes it.
#[derive(Debug, Serialize)]
pub struct Suspension {
    /// The reason given.
    pub suspend_reason: String,
    /// The same (Discourse adds the message sent by mail).
    pub full_suspend_reason: String,
    /// Until when.
    pub suspended_till: String,
    /// Since when.
    pub suspended_at: String,
    /// By whom.
    pub suspended_by: BasicUser,
}

/// `PUT /admin/users/{id}/silence`.
#[derive(Debug, Serialize)]
pub struct SilenceResponse {
    /// The silence.
    pub silence: Silence,
}

/// A silence as Discourse describes it.
#[derive(Debug, Serialize)]
pub struct Silence {
    /// Whether they are silenced now.
    pub silenced: bool,
    /// The reason given.
    pub silence_reason: String,
    /// The same.
    pub full_silence_reason: String,
    /// Until when.
    pub silenced_till: String,
    /// Since when.
    pub silenced_at: String,
    /// By whom.
    pub silenced_by: BasicUser,
}

/// Someone as a sanction names them.
pub fn basic_user(user: &User) -> BasicUser {
    BasicUser {
        id: user.id,
        username: user.username.clone(),
        name: user.name.clone(),
        avatar_template: avatar_template(&user.username),
    }
}

/// `PUT /posts/{id}/locked`.
#[derive(Debug, Serialize)]
pub struct LockedResponse {
    /// Whether its edits are locked now.
    pub locked: bool,
}

/// A plain success, for actions Discourse answers with no body of note (`DELETE /posts/{id}`).
#[derive(Debug, Serialize)]
pub struct Success {
    /// `OK`.
    pub success: &'static str,
}

/// A staff note or warning, as `POST /admin/users/{id}/notes.json` answers (Discourse's
/// user-notes plugin has no documented shape; this is Convene's).
#[derive(Debug, Serialize)]
pub struct StaffNoteJson {
    /// Id.
    pub id: i64,
    /// The member it is about.
    pub user_id: UserId,
    /// `note` or `warning`.
    pub kind: String,
    /// What it says.
    pub raw: String,
    /// Who wrote it (their username then).
    pub created_by: String,
    /// When.
    pub created_at: String,
}

/// A note as JSON.
pub fn staff_note(note: &UserNote) -> StaffNoteJson {
    StaffNoteJson {
        id: note.id,
        user_id: note.user_id,
        kind: note.kind.clone(),
        raw: note.body.clone(),
        created_by: note.author_username.clone(),
        created_at: json_time(note.created_at),
    }
}

/// `GET /admin/logs/staff_action_logs.json`.
#[derive(Debug, Serialize)]
pub struct StaffLogResponse {
    /// Newest first.
    pub staff_action_logs: Vec<StaffLogJson>,
}

/// Someone a log row names: id (while the account exists) and the username then.
#[derive(Debug, Serialize)]
pub struct LoggedUser {
    /// Id, while the account exists.
    pub id: Option<UserId>,
    /// Their username at the time.
    pub username: String,
    /// Their avatar.
    pub avatar_template: String,
}

/// One log row, in Discourse's field names.
#[derive(Debug, Serialize)]
pub struct StaffLogJson {
    /// Id.
    pub id: i64,
    /// What was done (Discourse's `action_name`).
    pub action_name: String,
    /// Who did it.
    pub acting_user: Option<LoggedUser>,
    /// On whom.
    pub target_user: Option<LoggedUser>,
    /// What it was about, as it read then.
    pub subject: Option<String>,
    /// Before.
    pub previous_value: Option<String>,
    /// After.
    pub new_value: Option<String>,
    /// Why.
    pub details: Option<String>,
    /// The topic.
    pub topic_id: Option<TopicId>,
    /// The post.
    pub post_id: Option<PostId>,
    /// The category.
    pub category_id: Option<CategoryId>,
    /// When.
    pub created_at: String,
}

impl StaffLogJson {
    /// A row; `name_moderators` false hides who acted (the public log's default).
    pub fn new(entry: &StaffLogEntry, name_moderators: bool) -> StaffLogJson {
        let acting = name_moderators.then(|| LoggedUser {
            id: entry.acting_user_id,
            username: entry.acting_username.clone(),
            avatar_template: avatar_template(&entry.acting_username),
        });
        StaffLogJson {
            id: entry.id,
            action_name: entry.action.clone(),
            acting_user: acting,
            target_user: entry.target_username.as_ref().map(|name| LoggedUser {
                id: entry.target_user_id,
                username: name.clone(),
                avatar_template: avatar_template(name),
            }),
            subject: entry.subject.clone(),
            previous_value: entry.previous_value.clone(),
            new_value: entry.new_value.clone(),
            details: entry.reason.clone(),
            topic_id: entry.topic_id,
            post_id: entry.post_id,
            category_id: entry.category_id,
            created_at: json_time(entry.created_at),
        }
    }
}

/// `POST /post_actions` (`performPostAction`): the post flagged, as Discourse answers.
#[derive(Debug, Serialize)]
pub struct PostActionResponse {
    /// The post, as `GET /posts/{id}` shows it.
    #[serde(flatten)]
    pub post: crate::api::post::PostResponse,
    /// The author's flair group: Convene has no groups yet.
    pub flair_group_id: Option<i64>,
    /// Badges the action earned: Convene has no badges.
    pub badges_granted: [(); 0],
}

/// `GET /admin/customize/watched_words.json`: the actions there are, and every word.
#[derive(Debug, Serialize)]
pub struct WatchedWordsResponse {
    /// The actions a word may have (Discourse's `action_key`s this forum knows).
    pub actions: Vec<&'static str>,
    /// Every word, by action then word.
    pub words: Vec<WatchedWordJson>,
}

impl WatchedWordsResponse {
    /// For these words.
    pub fn new(words: &[WatchedWord]) -> WatchedWordsResponse {
        WatchedWordsResponse {
            actions: WatchedAction::ALL.iter().map(|a| a.as_str()).collect(),
            words: words.iter().map(WatchedWordJson::from).collect(),
        }
    }
}

/// One watched word, as Discourse's admin API shows it.
#[derive(Debug, Serialize)]
pub struct WatchedWordJson {
    /// Id.
    pub id: i64,
    /// The word, in lower case; `*` matches any letters.
    pub word: String,
    /// `block`, `require_approval` or `censor`.
    pub action: String,
    /// Always false: words match ignoring case.
    pub case_sensitive: bool,
    /// No replacement words (Discourse's `replace` action is not offered).
    pub replacement: Option<String>,
}

impl From<&WatchedWord> for WatchedWordJson {
    fn from(word: &WatchedWord) -> Self {
        WatchedWordJson {
            id: word.id,
            word: word.word.clone(),
            action: word.action.clone(),
            case_sensitive: false,
            replacement: None,
        }
    }
}
