//! What can be wrong with what people send, field by field: the vocabulary every input check
//! (`NewTopicInput`, `SignupInput`, `CategoryInput`, …) reports in. No sentences here: the
//! `messages` module words each (field, problem) pair, and forms use the field's name to mark
//! the input that needs fixing.

/// A field of something people send: a form field, or the JSON key of the same meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A topic's title.
    Title,
    /// The category a topic goes in.
    Category,
    /// A post's Markdown.
    Body,
    /// Why an edit was made.
    EditReason,
    /// The post a reply answers.
    ReplyTo,
    /// A new account's username.
    Username,
    /// An email address.
    Email,
    /// A person's display name.
    DisplayName,
    /// A password.
    Password,
    /// Accepting the code of conduct at sign-up.
    CodeOfConduct,
    /// A category's name.
    CategoryName,
    /// A category's slug.
    Slug,
    /// A category's colour.
    Colour,
    /// A category's description.
    Description,
    /// The category a subcategory nests under.
    Parent,
    /// A category's sort position.
    Position,
    /// Days after which a category's solved questions close.
    CloseSolvedAfter,
    /// A project category's homepage.
    Homepage,
    /// A project category's source repository.
    Repository,
    /// The scopes an API key is limited to.
    Scopes,
    /// When notifications are mailed (always, when away, never).
    EmailLevel,
    /// A member's own daily cap on notification mail.
    MailCap,
    /// How often the digest comes.
    DigestFrequency,
    /// A member's time zone.
    TimeZone,
    /// The password of the signed-in member, asked again before a change to the account.
    CurrentPassword,
    /// Why a flag, sanction or resolution was made, in the person's own words.
    Reason,
    /// When a silence or suspension ends.
    Until,
    /// The kind of flag (`post_action_type_id`).
    FlagType,
    /// A member's trust level.
    TrustLevel,
    /// A watched word.
    Word,
    /// What a watched word does.
    WatchedAction,
    /// A topic's slow-mode interval, in seconds.
    SlowMode,
    /// A staff note or official warning about a member.
    Note,
    /// The posts chosen to move to another topic.
    MovedPosts,
    /// The topic posts move or merge into.
    DestinationTopic,
    /// A proposal's stage.
    Stage,
    /// A proposal's number.
    Number,
    /// A proposal's type (Standard or Process).
    ProposalKind,
    /// A proposal's authors.
    Authors,
    /// A link to a proposal's pull request.
    PullRequest,
    /// A link to a proposal's published document.
    Document,
    /// The proposal that replaces one.
    SupersededBy,
    /// The project someone acts for.
    Project,
    /// Where a project documents its adoption.
    AdoptionUrl,
    /// A proposal's idea or comments topic.
    RelatedTopic,
    /// A group's handle.
    Group,
    /// A project's package index page.
    PackageUrl,
    /// A project's logo image.
    LogoUrl,
    /// The post marked as a question's solution.
    Solution,
    /// When a bookmark's reminder is due.
    Reminder,
    /// A topic's tags.
    Tags,
    /// A tag's name, where staff make one.
    TagName,
    /// A tag group's name.
    TagGroupName,
    /// A poll in a post.
    Poll,
    /// The polls of a post, together.
    Polls,
    /// One of a poll's options.
    PollOption,
    /// When a poll closes.
    PollClose,
    /// How many options a multiple-choice poll's voters pick.
    PollChoices,
    /// The options a vote picks.
    PollVote,
}

impl Field {
    /// The name of the form field (and JSON key) that carries it, so a form can mark it.
    pub fn form_name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Category => "category",
            Field::Body => "raw",
            Field::EditReason => "edit_reason",
            Field::ReplyTo => "reply_to_post_number",
            Field::Username => "username",
            Field::Email => "email",
            Field::DisplayName | Field::CategoryName => "name",
            Field::Password => "password",
            Field::CodeOfConduct => "accept_coc",
            Field::Slug => "slug",
            Field::Colour => "color",
            Field::Description => "description",
            Field::Parent => "parent_id",
            Field::Position => "position",
            Field::CloseSolvedAfter => "close_solved_after_days",
            Field::Homepage => "homepage_url",
            Field::Repository => "repository_url",
            Field::Scopes => "scopes",
            Field::EmailLevel => "email_level",
            Field::MailCap => "max_emails_per_day",
            Field::DigestFrequency => "digest_frequency",
            Field::TimeZone => "time_zone",
            Field::CurrentPassword => "password",
            Field::Reason => "reason",
            Field::Until => "until",
            Field::FlagType => "post_action_type_id",
            Field::TrustLevel => "trust_level",
            Field::Word => "word",
            Field::WatchedAction => "action_key",
            Field::SlowMode => "seconds",
            Field::Note => "note",
            Field::MovedPosts => "post_ids",
            Field::DestinationTopic => "destination_topic_id",
            Field::Stage => "stage",
            Field::Number => "number",
            Field::ProposalKind => "kind",
            Field::Authors => "authors",
            Field::PullRequest => "pull_request_url",
            Field::Document => "document_url",
            Field::SupersededBy => "superseded_by",
            Field::Project => "project",
            Field::AdoptionUrl => "url",
            Field::RelatedTopic => "idea_topic_id",
            Field::Group => "group",
            Field::PackageUrl => "package_url",
            Field::LogoUrl => "logo_url",
            Field::Solution => "id",
            Field::Reminder => "reminder_at",
            Field::Tags => "tags",
            Field::TagName | Field::TagGroupName => "name",
            // Polls are written in the post's Markdown.
            Field::Poll
            | Field::Polls
            | Field::PollOption
            | Field::PollClose
            | Field::PollChoices => "raw",
            Field::PollVote => "options",
        }
    }
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// It is required and empty.
    Blank,
    /// Fewer than `min` characters.
    TooShort {
        /// The least allowed.
        min: usize,
    },
    /// More than `max` characters.
    TooLong {
        /// The most allowed.
        max: usize,
        /// How many it has.
        actual: usize,
    },
    /// More than `max` bytes: refused outright (413), not just corrected.
    TooLarge {
        /// The most allowed.
        max: usize,
        /// How many it has.
        actual: usize,
    },
    /// It does not have the required shape (a username, an email address, a colour…).
    Malformed,
    /// It names something that does not exist (a category id, a post number).
    Unknown(i64),
    /// It is well-formed but not allowed here (a subcategory as a parent, a password that
    /// contains the username).
    NotAllowed,
    /// More items than allowed (tags on a topic, options in a poll).
    TooMany {
        /// The most allowed.
        max: usize,
        /// How many it has.
        actual: usize,
    },
    /// More links to other sites than a new member may post.
    TooManyLinks {
        /// The most allowed.
        max: usize,
        /// How many it has.
        actual: usize,
    },
    /// More images than a new member may post.
    TooManyImages {
        /// The most allowed.
        max: usize,
        /// How many it has.
        actual: usize,
    },
}

/// One problem with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    /// Which field.
    pub field: Field,
    /// What is wrong with it.
    pub problem: Problem,
}

impl FieldError {
    /// `field` has `problem`.
    pub fn new(field: Field, problem: Problem) -> FieldError {
        FieldError { field, problem }
    }
}

/// Collects field problems while checking an input, so every problem is reported at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

/// The longest web address a link field holds.
pub const MAX_URL_CHARS: usize = 500;

/// An optional web address (`http://` or `https://`): `None` when blank; noted as malformed
/// (and `None`) when it is not one.
pub fn optional_url(field: Field, value: &str, problems: &mut Problems) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        None
    } else if (value.starts_with("https://") || value.starts_with("http://"))
        && value.len() <= MAX_URL_CHARS
        && !value.chars().any(char::is_whitespace)
    {
        Some(value.to_owned())
    } else {
        problems.add(field, Problem::Malformed);
        None
    }
}

impl Problems {
    /// Notes that `field` has `problem`.
    pub fn add(&mut self, field: Field, problem: Problem) {
        self.0.push(FieldError::new(field, problem));
    }

    /// Notes a problem found by a check of one field.
    pub fn note<T>(&mut self, checked: Result<T, FieldError>) -> Option<T> {
        checked.map_err(|problem| self.0.push(problem)).ok()
    }

    /// Whether nothing was noted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `value` if nothing was noted, else every problem.
    pub fn or_value<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }

    /// Every problem noted.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.0
    }
}
