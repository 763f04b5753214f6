//! What a use-case can fail with, in the forum's own terms rather than HTTP's: refused, missing,
//! invalid (field by field), clashing with what exists, or the database failing. `messages`
//! words each for people; `error::AppError` maps them to HTTP once, and the command line and
//! jobs carry them in `anyhow`.

use crate::auth::Refusal;
use crate::db::DbError;
use crate::models::ids::{CategoryId, PostId, TopicId, UserId};
use crate::models::invalid::{Field, FieldError, Problem};

/// Why a use-case did not happen. Nothing was written.
#[derive(Debug)]
pub enum ServiceError {
    /// The guardian said no.
    Refused(Refusal),
    /// Something it refers to does not exist.
    NotFound(Missing),
    /// What was sent is not acceptable; every problem found, each tied to its field.
    Invalid(Vec<FieldError>),
    /// It clashes with what exists (a taken name, a newer version).
    Conflict(Vec<Clash>),
    /// Too much, too fast: the member may write again in this many seconds.
    TooFast(Pace),
    /// A per-client limit on a costly action (`[limits]`) reached.
    Limited(Limit),
    /// The title or body has a watched word that blocks posts.
    Blocked(Blocked),
    /// A tag the topic cannot carry, named so the message can say which.
    Tag(TagRefused),
    /// The database failed.
    Database(DbError),
}

/// A `[limits]` limit reached: which, what it allows, and when it allows again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The action limited.
    pub what: Limited,
    /// How many it allows in its window.
    pub limit: i64,
    /// Seconds until it allows again.
    pub seconds: u64,
}

/// A costly action limited per client (`[limits]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    /// Markdown previews, per member per minute.
    Previews,
    /// Searches, per member per minute.
    Searches,
    /// Requests, per API key per minute.
    ApiRequests,
    /// New accounts, per address per hour.
    Signups,
}

/// A tag refused for a topic, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRefused {
    /// The tag as typed.
    pub name: String,
    /// Why.
    pub why: TagProblem,
}

/// Why a tag is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagProblem {
    /// Not a tag name: letters, digits, `-` or `_`, at most `MAX_TAG_CHARS`.
    Malformed,
    /// No such tag, and they may not make one (`min_trust` is who may).
    Unknown {
        /// The trust level from which members make tags (5: staff only).
        min_trust: i32,
    },
    /// A tag group keeps it to other categories.
    NotHere,
}

/// A watched word stopped a post (`models::watched_word`): which, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    /// The title or the body.
    pub field: Field,
    /// The text that matched, as the author wrote it.
    pub found: String,
}

/// A posting limit reached (`services::pace`): which one, and how long until it allows again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// A topic or a reply.
    pub writing: Writing,
    /// The limit reached (posts in the window).
    pub limit: i64,
    /// Which window the limit counts in.
    pub window: Window,
    /// Seconds until the oldest counted post leaves the window.
    pub seconds: u64,
}

/// The window a posting limit counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// The last minute (everyone but staff).
    Minute,
    /// The last day (new members).
    Day,
    /// A topic in slow mode: one post per member in this many seconds.
    SlowMode(i32),
}

/// What kind of post a limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    /// A new topic (its first post).
    Topic,
    /// A reply.
    Reply,
}

/// A thing that was looked for and is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// No topic has this id.
    Topic(TopicId),
    /// No post has this id.
    Post(PostId),
    /// The topic has no post with this number.
    PostNumber(i32),
    /// No category has this id.
    Category(CategoryId),
    /// No category has this slug.
    CategorySlug(String),
    /// Nobody has this username.
    User(String),
    /// No user has this id.
    UserId(UserId),
    /// No API key has this id.
    ApiKey(i64),
    /// An all-users API key was asked for at the command line, and no admin exists to be
    /// recorded as its maker.
    Admin,
    /// A topic has `pages` pages and page `wanted` was asked for.
    TopicPage {
        /// How many pages there are.
        pages: i64,
        /// The page asked for.
        wanted: i64,
    },
    /// Post `post_number` has `versions` versions and version `wanted` was asked for.
    Revision {
        /// The post's number in its topic.
        post_number: i32,
        /// How many versions it has.
        versions: i32,
        /// The version asked for.
        wanted: i32,
    },
    /// No page lives at the address asked for.
    Page,
    /// A mailed link that does not work (unknown, used, or expired).
    EmailLink(crate::models::email_token::LinkProblem),
    /// The member has no notification with this id.
    Notification(crate::models::ids::NotificationId),
    /// No review item has this id.
    Reviewable(crate::models::ids::ReviewableId),
    /// A review item has no action by this name.
    ReviewAction(String),
    /// No watched word has this id.
    WatchedWord(i64),
    /// No staff note has this id (about this member).
    StaffNote(i64),
    /// The topic is not a proposal.
    Proposal(TopicId),
    /// No project has this slug.
    Project(String),
    /// No group has this name.
    Group(String),
    /// The member has no bookmark with this id.
    Bookmark(crate::models::ids::BookmarkId),
    /// No tag by this name.
    Tag(String),
    /// No tag group with this id.
    TagGroup(crate::models::ids::TagGroupId),
    /// No poll by this name in the post.
    Poll(String),
}

/// A clash with what already exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// Someone has this username (as typed).
    UsernameTaken(String),
    /// Someone has an account with this email.
    EmailTaken,
    /// Another category has this slug.
    SlugTaken,
    /// Someone saved a newer version of the post being edited.
    NewerVersion,
    /// The member has flagged this post already.
    AlreadyFlagged,
    /// The review item was resolved already (perhaps by another moderator just now).
    AlreadyResolved,
    /// The post or topic is already in the state asked for (deleted, restored).
    AlreadyDone,
    /// The word is on the watched list with this action already.
    WordWatched,
    /// Another proposal has this number (numbers are never reused).
    NumberTaken(i32),
    /// The project has endorsed the proposal already.
    AlreadyEndorsed,
    /// The project has recorded adopting the proposal already.
    AlreadyAdopted,
    /// The topic is a proposal already.
    AlreadyProposal,
    /// Another group has this handle.
    GroupTaken,
    /// The member likes the post already.
    AlreadyLiked,
    /// The member has not liked the post (nothing to take back).
    NotLiked,
    /// The member has bookmarked the post already.
    AlreadyBookmarked,
    /// A tag by that name exists.
    TagTaken,
    /// A tag group by that name exists.
    TagGroupTaken,
    /// The poll is closed.
    PollClosed,
    /// They voted in this poll already.
    AlreadyVoted,
    /// They have not voted in this poll.
    NotVoted,
}

impl Clash {
    /// The field the clash is about, if one.
    pub fn field(&self) -> Option<Field> {
        match self {
            Clash::UsernameTaken(_) => Some(Field::Username),
            Clash::EmailTaken => Some(Field::Email),
            Clash::SlugTaken => Some(Field::Slug),
            Clash::WordWatched => Some(Field::Word),
            Clash::NumberTaken(_) => Some(Field::Number),
            Clash::AlreadyEndorsed | Clash::AlreadyAdopted => Some(Field::Project),
            Clash::AlreadyProposal => None,
            Clash::GroupTaken => Some(Field::Group),
            Clash::TagTaken => Some(Field::TagName),
            Clash::TagGroupTaken => Some(Field::TagGroupName),
            Clash::PollClosed | Clash::AlreadyVoted | Clash::NotVoted => None,
            Clash::AlreadyLiked | Clash::NotLiked | Clash::AlreadyBookmarked => None,
            Clash::NewerVersion
            | Clash::AlreadyFlagged
            | Clash::AlreadyResolved
            | Clash::AlreadyDone => None,
        }
    }
}

impl ServiceError {
    /// One problem with one field.
    pub fn invalid(field: Field, problem: Problem) -> ServiceError {
        ServiceError::Invalid(vec![FieldError::new(field, problem)])
    }
}

impl From<Vec<FieldError>> for ServiceError {
    fn from(problems: Vec<FieldError>) -> Self {
        ServiceError::Invalid(problems)
    }
}

impl From<FieldError> for ServiceError {
    fn from(problem: FieldError) -> Self {
        ServiceError::Invalid(vec![problem])
    }
}

impl From<Refusal> for ServiceError {
    fn from(refusal: Refusal) -> Self {
        ServiceError::Refused(refusal)
    }
}

impl From<Missing> for ServiceError {
    fn from(missing: Missing) -> Self {
        ServiceError::NotFound(missing)
    }
}

impl From<Clash> for ServiceError {
    fn from(clash: Clash) -> Self {
        ServiceError::Conflict(vec![clash])
    }
}

impl From<DbError> for ServiceError {
    fn from(error: DbError) -> Self {
        ServiceError::Database(error)
    }
}

impl From<diesel::result::Error> for ServiceError {
    fn from(error: diesel::result::Error) -> Self {
        ServiceError::Database(DbError::Query(error))
    }
}

impl std::error::Error for ServiceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServiceError::Database(error) => Some(error),
            _ => None,
        }
    }
}

/// Turns "no such row" into the [`Missing`] thing it was.
pub trait Found<T> {
    /// The value, or `missing` if the query found no row.
    fn found_or(self, missing: Missing) -> Result<T, ServiceError>;
}

impl<T> Found<T> for diesel::QueryResult<T> {
    fn found_or(self, missing: Missing) -> Result<T, ServiceError> {
        match self {
            Err(diesel::result::Error::NotFound) => Err(ServiceError::NotFound(missing)),
            other => other.map_err(ServiceError::from),
        }
    }
}

/// Turns an optional lookup's `None` into the [`Missing`] thing it was.
pub trait Present<T> {
    /// The value, or `missing` if the lookup found nothing.
    fn present_or(self, missing: Missing) -> Result<T, ServiceError>;
}

impl<T> Present<T> for diesel::QueryResult<Option<T>> {
    fn present_or(self, missing: Missing) -> Result<T, ServiceError> {
        match self {
            Ok(Some(value)) => Ok(value),
            Ok(None) | Err(diesel::result::Error::NotFound) => Err(ServiceError::NotFound(missing)),
            Err(other) => Err(other.into()),
        }
    }
}
