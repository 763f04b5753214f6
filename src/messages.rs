//! Every sentence Convene says to a person about a refusal or a mistake, in one place: the
//! wording of refusals, missing things, clashes and field problems (as `Display` for their
//! types), and the few messages of the HTTP shell. Keeping them together keeps the tone the
//! same everywhere, and gives translation one file to start from.
//!
//! Write for the person who sees it: say what happened and what to do, without blame or jargon.

use std::fmt;

use crate::auth::Refusal;
use crate::models::email_token::LinkProblem;
use crate::models::invalid::{Field, FieldError, Problem};
use crate::services::{Clash, Missing, ServiceError};

/// A message for a person, and the form field it is about (if any), so a form can show it
/// beside that field and mark the field invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    /// The form field's name (`title`, `raw`, …), or `None` for the form as a whole.
    pub field: Option<&'static str>,
    /// What to tell the person.
    pub text: String,
}

impl Complaint {
    /// A message about the form as a whole.
    pub fn general(text: impl Into<String>) -> Complaint {
        Complaint {
            field: None,
            text: text.into(),
        }
    }
}

impl From<&FieldError> for Complaint {
    fn from(error: &FieldError) -> Self {
        Complaint {
            field: Some(error.field.form_name()),
            text: error.to_string(),
        }
    }
}

impl From<&Clash> for Complaint {
    fn from(clash: &Clash) -> Self {
        Complaint {
            field: clash.field().map(Field::form_name),
            text: clash.to_string(),
        }
    }
}

/// The complaints in a service error that a form can show.
pub fn complaints(error: &ServiceError) -> Vec<Complaint> {
    match error {
        ServiceError::Invalid(problems) => problems.iter().map(Complaint::from).collect(),
        ServiceError::Conflict(clashes) => clashes.iter().map(Complaint::from).collect(),
        ServiceError::Blocked(blocked) => vec![Complaint {
            field: Some(blocked.field.form_name()),
            text: blocked_word(blocked),
        }],
        ServiceError::Tag(refused) => vec![Complaint {
            field: Some(Field::Tags.form_name()),
            text: tag_refused(refused),
        }],
        other => vec![Complaint::general(other.to_string())],
    }
}

/// Writes a count with thousands separators, as people read them: 65,536.
fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::NotSignedIn => "You need to log in to do that.",
            Refusal::TopicClosed => "This topic is closed: it no longer accepts replies.",
            Refusal::ReadOnlyCategory => "Only staff can post in this category.",
            Refusal::NotYourPost => "You can only edit your own posts.",
            Refusal::NotYourTopic => "You can only change topics you started.",
            Refusal::NotStaff => "Only moderators and admins can do that.",
            Refusal::NotAdmin => "Only admins can do that.",
            Refusal::OperatorOnly => "Only the operator can do that, from the command line.",
            Refusal::EmailNotVerified => {
                "Confirm your email address first: open the link we mailed you. \
                 You can ask for a new one at /verify."
            }
            Refusal::NotYourMail => {
                "Only the account's owner and admins can read the mail meant for it."
            }
            Refusal::NotYourEmail => {
                "Only the account's owner and admins can see its email address."
            }
            Refusal::Silenced => {
                "A moderator has silenced your account: you can read, but not post or flag. \
                 Your profile says why and until when."
            }
            Refusal::NewMemberCannotFlag => {
                "New members can flag once they have read and posted a little (trust level 1). \
                 To report a code of conduct problem now, write to the moderators."
            }
            Refusal::OwnPost => "You cannot flag your own post; edit or delete it instead.",
            Refusal::OwnPostLike => "You cannot like your own post.",
            Refusal::LikeUndoWindowPassed => {
                "A like can be taken back only in the first minutes after giving it; this one stays."
            }
            Refusal::NotModeratorHere => {
                "Only moderators of this category, and the forum's staff, can do that."
            }
            Refusal::CannotSanction => {
                "Admins cannot be silenced or suspended, moderators only by an admin, and \
                 nobody can sanction themself."
            }
            Refusal::CannotAnonymise => {
                "Admins cannot be anonymised (make them a member first), and nobody can \
                 anonymise themself here."
            }
            Refusal::PostLocked => "A moderator has locked this post: only staff can edit it now.",
            Refusal::NotOnCommittee => "Only members of the steering committee decide proposals.",
            Refusal::NotRepresentative => "Only the project's representatives can act for it.",
            Refusal::NotProposalAuthor => {
                "Only the proposal's authors and the steering committee can change its details."
            }
            Refusal::NotProposalCategory => "This category does not take proposals.",
            Refusal::NotAsker => {
                "Only the person who asked, and the category's moderators, mark a solution."
            }
        })
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Topic(id) => write!(f, "There is no topic with id {id}."),
            Missing::Post(id) => write!(f, "There is no post with id {id}."),
            Missing::PostNumber(number) => write!(f, "This topic has no post #{number}."),
            Missing::Category(id) => write!(f, "There is no category with id {id}."),
            Missing::CategorySlug(slug) => write!(f, "There is no category with the slug {slug}."),
            Missing::User(name) => write!(f, "There is no user called {name}."),
            Missing::EmailLink(LinkProblem::Unknown) => f.write_str(
                "This link does not work: it may have been cut short by your mail program. \
                 Copy the whole address from the mail, or ask for a new link.",
            ),
            Missing::EmailLink(LinkProblem::Used) => f.write_str(
                "This link was used already; each works once. If you still need to, ask for a \
                 new link.",
            ),
            Missing::EmailLink(LinkProblem::Expired) => {
                f.write_str("This link has expired. Ask for a new one.")
            }
            Missing::UserId(id) => write!(f, "There is no user with id {id}."),
            Missing::ApiKey(id) => write!(f, "There is no API key with id {id}."),
            Missing::Notification(id) => write!(f, "You have no notification with id {id}."),
            Missing::Admin => f.write_str(
                "An all-users key is recorded as made by an admin, and there is none yet: \
                 make one first (convene user role NAME admin).",
            ),
            Missing::TopicPage { pages, wanted } => write!(
                f,
                "This topic has {pages} page{}; there is no page {wanted}.",
                if *pages == 1 { "" } else { "s" }
            ),
            Missing::Revision {
                post_number,
                versions,
                wanted,
            } => write!(
                f,
                "Post #{post_number} has {versions} versions; there is no version {wanted}."
            ),
            Missing::Page => f.write_str("There is no page at this address."),
            Missing::Reviewable(id) => write!(f, "There is no review item with id {id}."),
            Missing::ReviewAction(name) => write!(
                f,
                "A review item has no action called {name}. Use agree_and_hide, \
                 agree_and_keep, agree_and_delete, agree_and_silence, agree_and_suspend, \
                 disagree or ignore; for a queued post approve, reject, reject_and_silence or \
                 reject_and_suspend."
            ),
            Missing::WatchedWord(id) => write!(f, "There is no watched word with id {id}."),
            Missing::StaffNote(id) => write!(f, "There is no staff note with id {id}."),
            Missing::Proposal(id) => write!(f, "Topic {id} is not a proposal."),
            Missing::Project(slug) => write!(f, "There is no project called {slug}."),
            Missing::Group(name) => write!(f, "There is no group called {name}."),
            Missing::Bookmark(_) => f.write_str("You have no bookmark with that id."),
            Missing::Tag(name) => write!(f, "There is no tag called {name}."),
            Missing::TagGroup(id) => write!(f, "There is no tag group with id {id}."),
            Missing::Poll(name) => write!(f, "This post has no poll called {name}."),
        }
    }
}

impl fmt::Display for Clash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clash::UsernameTaken(name) => {
                write!(f, "The username {name} is taken. Please choose another.")
            }
            Clash::EmailTaken => {
                f.write_str("An account with that email already exists. Log in instead?")
            }
            Clash::SlugTaken => f.write_str("Another category already uses that slug."),
            Clash::AlreadyFlagged => {
                f.write_str("You have flagged this post already; the moderators will look at it.")
            }
            Clash::AlreadyResolved => f.write_str(
                "This review item has been resolved already, perhaps by another moderator \
                 just now. Reload the queue to see what was decided.",
            ),
            Clash::AlreadyDone => f.write_str("That has been done already; nothing changed."),
            Clash::WordWatched => {
                f.write_str("That word is on the list already, with the same action.")
            }
            Clash::NumberTaken(number) => write!(
                f,
                "Number {number} belongs to another proposal, and numbers are never reused. \
                 Leave the number empty to give the next free one."
            ),
            Clash::AlreadyEndorsed => {
                f.write_str("Your project has endorsed this proposal already; nothing changed.")
            }
            Clash::AlreadyAdopted => f.write_str(
                "Your project has recorded adopting this proposal already; nothing changed.",
            ),
            Clash::AlreadyProposal => f.write_str("This topic is a proposal already."),
            Clash::AlreadyLiked => f.write_str("You like this post already; nothing changed."),
            Clash::NotLiked => f.write_str("You have not liked this post; nothing changed."),
            Clash::AlreadyBookmarked => {
                f.write_str("You have bookmarked this post already; change that bookmark instead.")
            }
            Clash::GroupTaken => f.write_str(
                "Another group already has that handle; add members to it, or choose another.",
            ),
            Clash::PollClosed => f.write_str(
                "This poll is closed: it takes no more votes, and votes stay as they are.",
            ),
            Clash::AlreadyVoted => f.write_str(
                "You have voted in this poll already. To change your vote, remove it first; \
                 nothing changed.",
            ),
            Clash::NotVoted => f.write_str("You have not voted in this poll; nothing changed."),
            Clash::TagTaken => f.write_str("A tag by that name exists already."),
            Clash::TagGroupTaken => f.write_str("A tag group by that name exists already."),
            Clash::NewerVersion => f.write_str(
                "Someone else saved a new version of this post while you were editing. \
                 Reload it, then make your change again.",
            ),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Field as F;
        use Problem as P;
        match (self.field, self.problem) {
            (F::Title, P::Blank) => f.write_str("The title cannot be empty."),
            (F::Title, P::TooLong { max, actual }) => write!(
                f,
                "The title is {} characters long; at most {} are allowed.",
                count(actual),
                count(max)
            ),
            (F::Category, P::Blank) => f.write_str("Choose a category for the topic."),
            (F::Category, P::Unknown(id)) => write!(f, "There is no category with id {id}."),
            (F::Body, P::Blank) => f.write_str("The post cannot be empty."),
            (F::Body, P::TooLarge { max, actual }) => write!(
                f,
                "The post is {} bytes long; at most {} are allowed. Please shorten it.",
                count(actual),
                count(max)
            ),
            (F::EditReason, P::TooLong { max, .. }) => write!(
                f,
                "The edit reason can be at most {} characters.",
                count(max)
            ),
            (F::ReplyTo, P::Unknown(number)) => {
                write!(f, "This topic has no post #{number} to reply to.")
            }
            (F::Username, P::Malformed) => f.write_str(
                "The username must be 3–20 letters, digits, _ . or -, starting and ending with \
                 a letter, digit or _.",
            ),
            (F::Email, P::Malformed) => f.write_str(
                "That does not look like an email address: it needs a name, an @ and a domain, \
                 like ada@example.org.",
            ),
            (F::DisplayName, P::TooLong { max, .. }) => {
                write!(f, "The name can be at most {} characters.", count(max))
            }
            (F::Password, P::TooShort { min }) => write!(
                f,
                "The password must be at least {} characters long.",
                count(min)
            ),
            (F::Password, P::TooLong { max, .. }) => write!(
                f,
                "The password can be at most {} characters long.",
                count(max)
            ),
            (F::Password, P::NotAllowed) => {
                f.write_str("The password must not contain the username.")
            }
            (F::CodeOfConduct, _) => {
                f.write_str("Please read and accept the code of conduct to join.")
            }
            (F::CategoryName, P::Blank) => f.write_str("The category needs a name."),
            (F::CategoryName, P::TooLong { max, .. }) => write!(
                f,
                "The category name can be at most {} characters.",
                count(max)
            ),
            (F::Slug, _) => f.write_str(
                "The slug may only hold lowercase letters, digits and hyphens (at most 50).",
            ),
            (F::Colour, _) => f.write_str("The colour must be six hex digits, like 0088CC."),
            (F::Description, P::TooLong { max, .. }) => write!(
                f,
                "The description can be at most {} characters.",
                count(max)
            ),
            (F::Parent, P::Unknown(id)) => {
                write!(f, "There is no category with id {id} to nest under.")
            }
            (F::Parent, _) => f.write_str(
                "The parent must be a top-level category (categories nest one level deep).",
            ),
            (F::Position, _) => f.write_str("The position must be a whole number, like 0 or 3."),
            (F::Tags, P::TooMany { max, actual }) => write!(
                f,
                "A topic carries at most {} tags; {} were chosen.",
                count(max),
                count(actual)
            ),
            (F::Tags, _) => f.write_str("Tags are separated by commas or spaces."),
            (F::Poll, P::TooShort { .. }) => f.write_str(
                "A poll needs at least 2 options, each on its own line starting with * between \
                 [poll] and [/poll].",
            ),
            (F::Poll, P::TooMany { max, actual }) => write!(
                f,
                "A poll can have at most {} options; this one has {}.",
                count(max),
                count(actual)
            ),
            (F::Poll, P::NotAllowed) => f.write_str(
                "Two polls in one post need different names: add name=… to one of them, as in \
                 [poll name=second].",
            ),
            (F::Poll, _) => f.write_str(
                "A poll's type is regular (one choice) or multiple: [poll type=multiple].",
            ),
            (F::Polls, P::TooMany { max, .. }) => {
                write!(f, "A post can hold at most {} polls.", count(max))
            }
            (F::Polls, _) => f.write_str("This post has too many polls."),
            (F::PollOption, P::TooLong { max, .. }) => write!(
                f,
                "A poll option can be at most {} characters long.",
                count(max)
            ),
            (F::PollOption, _) => f.write_str("A poll lists each option once."),
            (F::PollClose, _) => f.write_str(
                "A poll's closing time is written like close=2027-01-31T12:00:00Z (UTC).",
            ),
            (F::PollChoices, _) => f.write_str(
                "In a multiple-choice poll, min and max count options: at least 1, min no more \
                 than max, and max no more than the options there are.",
            ),
            (F::PollVote, P::Blank) => f.write_str("Choose an option to vote for."),
            (F::PollVote, P::TooMany { max: 1, .. }) => {
                f.write_str("This poll takes one choice: choose a single option.")
            }
            (F::PollVote, P::TooMany { max, .. }) => {
                write!(f, "Choose at most {} options in this poll.", count(max))
            }
            (F::PollVote, P::TooShort { min }) => {
                write!(f, "Choose at least {} options in this poll.", count(min))
            }
            (F::PollVote, _) => f.write_str(
                "That option is not in this poll (it may have changed): reload the page and \
                 vote again.",
            ),
            (F::TagName, P::Blank) => f.write_str("Type the tag's name."),
            (F::TagName, _) => write!(
                f,
                "A tag is 1–{} letters, digits, - or _ (spaces become -).",
                crate::models::tag::MAX_TAG_CHARS
            ),
            (F::TagGroupName, P::Blank) => f.write_str("The tag group needs a name."),
            (F::TagGroupName, _) => write!(
                f,
                "A tag group's name can be at most {} characters.",
                crate::models::tag::MAX_GROUP_CHARS
            ),
            (F::CloseSolvedAfter, _) => write!(
                f,
                "Close solved questions after a whole number of days from 1 to {}, or leave it empty.",
                crate::models::category::MAX_CLOSE_SOLVED_DAYS
            ),
            (F::Homepage, _) => {
                f.write_str("The homepage must be a web address starting with https://.")
            }
            (F::Repository, _) => {
                f.write_str("The repository link must be a web address starting with https://.")
            }
            (F::Scopes, _) => write!(
                f,
                "Each scope must be one of: {}.",
                crate::models::api_key::SCOPES.join(", ")
            ),
            (F::Email, P::NotAllowed) => f.write_str("That is already your address."),
            (F::CurrentPassword, _) => f.write_str(
                "That is not your current password. It is asked again before the address changes.",
            ),
            (F::EmailLevel, _) => {
                f.write_str("Choose when notifications are mailed: always, when away, or never.")
            }
            (F::MailCap, _) => f.write_str(
                "The daily limit must be a whole number from 1 to the site's own limit, or empty.",
            ),
            (F::DigestFrequency, _) => {
                f.write_str("Choose how often the digest comes: weekly, daily or never.")
            }
            (F::TimeZone, _) => f.write_str(
                "Choose a time zone from the list (an IANA name such as Europe/Paris or UTC).",
            ),
            (F::Reason, P::Blank) => f.write_str("Please say why, in a sentence or two."),
            (F::Reason, P::TooLong { max, .. }) => {
                write!(f, "The reason can be at most {} characters.", count(max))
            }
            (F::Until, P::Blank | P::Malformed) => f.write_str(
                "Say until when: a date like 2027-01-31, a time like 2027-01-31T08:00, or a \
                 number of days.",
            ),
            (F::Until, P::NotAllowed) => f.write_str("The end must be in the future."),
            (F::Until, P::TooLong { max, .. }) => write!(
                f,
                "A silence or suspension can last at most {} days.",
                count(max)
            ),
            (F::FlagType, _) => f.write_str(
                "Choose why you are flagging: off-topic (3), inappropriate (4), spam (8), \
                 code of conduct (20) or something else (7).",
            ),
            (F::TrustLevel, _) => f.write_str("A trust level is a whole number from 0 to 4."),
            (F::Word, P::Blank) => {
                f.write_str("Type the word or phrase to watch (more than just `*`).")
            }
            (F::Word, P::TooLong { max, .. }) => {
                write!(
                    f,
                    "A watched word can be at most {} characters.",
                    count(max)
                )
            }
            (F::Word, P::NotAllowed) => write!(
                f,
                "The list is full ({} words); remove one before adding another.",
                count(crate::models::watched_word::MAX_WORDS)
            ),
            (F::SlowMode, _) => write!(
                f,
                "Slow mode is off (0) or a whole number of seconds from 60 to {} (a week).",
                count(crate::services::topic::MAX_SLOW_MODE_SECONDS as usize)
            ),
            (F::MovedPosts, P::Blank) => f.write_str("Choose at least one post to move."),
            (F::MovedPosts, P::Unknown(id)) => write!(
                f,
                "Post {id} is not in this topic (it may have moved already); choose again."
            ),
            (F::MovedPosts, _) => f.write_str(
                "The first post stays with its topic; to move all of it, merge the topic \
                 into the other instead.",
            ),
            (F::DestinationTopic, P::Blank | P::Malformed) => {
                f.write_str("Say which topic: its number, or its address (like /t/its-title/123).")
            }
            (F::DestinationTopic, P::Unknown(id)) => write!(f, "There is no topic {id}."),
            (F::DestinationTopic, _) => {
                f.write_str("A topic cannot move or merge into itself; choose another topic.")
            }
            (F::Stage, P::NotAllowed) => f.write_str(
                "Projects endorse a proposal once the committee has accepted it, and not after \
                 it is withdrawn or superseded.",
            ),
            (F::Stage, _) => {
                f.write_str("Choose a stage: idea, accepted, published, withdrawn or superseded.")
            }
            (F::Number, P::NotAllowed) => f.write_str(
                "This proposal has its number already, and keeps it for good: leave the number \
                 empty.",
            ),
            (F::Number, _) => write!(
                f,
                "The number must be a whole number from 0 to {}, or empty for the next free one.",
                count(crate::models::proposal::MAX_NUMBER as usize)
            ),
            (F::ProposalKind, _) => f.write_str("Choose the type: Standard or Process."),
            (F::Authors, P::Blank) => f.write_str("Name at least one author."),
            (F::Authors, P::TooLong { max, actual }) => write!(
                f,
                "That is {} authors; at most {} are listed.",
                count(actual),
                count(max)
            ),
            (F::Authors, _) => write!(
                f,
                "Each author is a username or a name of at most {} characters, one per line or \
                 separated by commas.",
                crate::models::proposal::MAX_AUTHOR_CHARS
            ),
            (F::PullRequest, _) => {
                f.write_str("The pull request link must be a web address starting with https://.")
            }
            (F::Document, _) => {
                f.write_str("The document link must be a web address starting with https://.")
            }
            (F::Solution, P::NotAllowed) => f.write_str(
                "Only a reply in a question category can be a solution: this topic is not a \
                 question, or this post is the question itself.",
            ),
            (F::Solution, _) => f.write_str(
                "A hidden or deleted post cannot be a solution: mark a reply people can read.",
            ),
            (F::PackageUrl, _) => {
                f.write_str("The package index page must be a web address starting with https://.")
            }
            (F::LogoUrl, _) => {
                f.write_str("The logo must be an image's web address starting with https://.")
            }
            (F::AdoptionUrl, _) => f.write_str(
                "The link to where the project documents its adoption must be a web address \
                 starting with https://.",
            ),
            (F::SupersededBy, P::Blank | P::Malformed) => {
                f.write_str("Say which proposal replaces this one: its topic's number or address.")
            }
            (F::SupersededBy, P::Unknown(id)) => write!(f, "Topic {id} is not a proposal."),
            (F::SupersededBy, _) => f.write_str(
                "A proposal cannot be superseded by itself, nor by one that it already replaces \
                 (directly or through others).",
            ),
            (F::Project, P::NotAllowed) => f.write_str(
                "Only core projects endorse proposals (any project may record adopting one).",
            ),
            (F::Project, _) => f.write_str("Choose the project you act for."),
            (F::RelatedTopic, P::Unknown(id)) => write!(f, "There is no topic {id}."),
            (F::RelatedTopic, _) => f.write_str(
                "A related topic is given by its number or address (like /t/its-title/123).",
            ),
            (F::Group, P::Malformed) => f.write_str(
                "A group's handle is up to 40 lowercase letters, digits and hyphens, starting \
                 with a letter (maintainers, steering-committee).",
            ),
            (F::Reminder, P::NotAllowed) => {
                f.write_str("The reminder must be in the future (or leave it empty).")
            }
            (F::Reminder, _) => f.write_str(
                "Say when to remind you as a date and time in UTC, like 2027-01-31T08:00, or \
                 leave it empty.",
            ),
            (F::Group, _) => f.write_str("Choose a group."),
            (F::Note, P::Blank) => f.write_str("Please write the note."),
            (F::Note, P::TooLong { max, .. }) => {
                write!(f, "A note can be at most {} characters.", count(max))
            }
            (F::WatchedAction, _) => {
                f.write_str("Choose what the word does: block, require_approval or censor.")
            }
            (F::Body, P::TooManyLinks { max, actual }) => write!(
                f,
                "New members may put at most {max} links to other sites in a post, and this \
                 one has {actual}. Please remove some; once you have taken part for a while, \
                 the limit goes."
            ),
            (F::Body, P::TooManyImages { max, actual }) => write!(
                f,
                "New members may put at most {max} images in a post, and this one has \
                 {actual}. Please remove some; once you have taken part for a while, the limit \
                 goes."
            ),
            // Pairs no check produces today; still worded, never a panic.
            (field, P::Blank) => write!(f, "Please fill in the {} field.", field.form_name()),
            (field, _) => write!(f, "Please check the {} field.", field.form_name()),
        }
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceError::Refused(refusal) => refusal.fmt(f),
            ServiceError::NotFound(missing) => missing.fmt(f),
            ServiceError::Invalid(problems) => join(f, problems),
            ServiceError::Conflict(clashes) => join(f, clashes),
            ServiceError::TooFast(pace) => f.write_str(&too_fast(pace)),
            ServiceError::Limited(limit) => f.write_str(&limit_reached(limit)),
            ServiceError::Blocked(blocked) => f.write_str(&blocked_word(blocked)),
            ServiceError::Tag(refused) => f.write_str(&tag_refused(refused)),
            ServiceError::Database(_) => f.write_str(INTERNAL),
        }
    }
}

fn join<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(" ")?;
        }
        item.fmt(f)?;
    }
    Ok(())
}

/// A post stopped by a watched word: which word, so its author can rephrase and send again.
fn blocked_word(blocked: &crate::services::Blocked) -> String {
    let place = if blocked.field == Field::Title {
        "title"
    } else {
        "post"
    };
    format!(
        "Your {place} contains “{}”, which this forum does not allow. Please rephrase it and \
         send it again: nothing was posted.",
        blocked.found
    )
}

/// A tag a topic cannot carry: which, and what to do instead.
fn tag_refused(refused: &crate::services::TagRefused) -> String {
    use crate::services::TagProblem;
    let name = &refused.name;
    match refused.why {
        TagProblem::Malformed => format!(
            "“{name}” cannot be a tag: tags are 1–{} letters, digits, - or _ (spaces become -).",
            crate::models::tag::MAX_TAG_CHARS
        ),
        TagProblem::Unknown { min_trust } if min_trust > 4 => format!(
            "There is no tag “{name}”. Choose from the forum's tags (listed at /tags); staff \
             make new ones. Nothing was saved."
        ),
        TagProblem::Unknown { min_trust } => format!(
            "There is no tag “{name}”. Choose from the forum's tags (listed at /tags); members \
             of trust level {min_trust} and staff make new ones. Nothing was saved."
        ),
        TagProblem::NotHere => format!(
            "The tag “{name}” is for other categories: choose another tag or category. \
             Nothing was saved."
        ),
    }
}

/// A suspended member trying to log in (or use their API key): why, and until when.
pub fn suspended(until: chrono::NaiveDateTime, reason: Option<&str>) -> String {
    let reason = reason
        .map(|r| format!(" The reason given: {r}"))
        .unwrap_or_default();
    format!(
        "This account is suspended until {} UTC.{reason}",
        until.format("%Y-%m-%d %H:%M")
    )
}

/// Our fault: the cause is logged, never shown.
pub const INTERNAL: &str =
    "Something went wrong on our side. It has been logged; please try again.";
/// A login that matched no account, or the wrong password (the same answer for both).
pub const LOGIN_FAILED: &str = "That username or email and password do not match an account.";
/// A state-changing request without the visitor's CSRF token.
pub const FORM_EXPIRED: &str = "This form has expired or did not come from this site. Go back, \
     reload the page and send it again.";
/// A body larger than the forum accepts at all.
pub const BODY_TOO_LARGE: &str = "The request body is larger than this forum accepts.";
/// A form body larger than the forum accepts.
pub const FORM_TOO_LARGE: &str = "The form is larger than this forum accepts.";
/// A form that is not URL-encoded.
pub const FORM_NOT_URLENCODED: &str =
    "The form could not be read: send it as application/x-www-form-urlencoded.";
/// A form with bytes that are not UTF-8.
pub const FORM_NOT_UTF8: &str =
    "The form could not be read: it contains text that is not valid UTF-8.";
/// JSON sent with another content type.
pub const JSON_CONTENT_TYPE: &str = "Send JSON with Content-Type: application/json.";
/// An `Api-Key` header that is not text.
pub const API_KEY_NOT_TEXT: &str = "The Api-Key header is not valid text.";
/// An all-users `Api-Key` without `Api-Username`.
pub const API_USERNAME_MISSING: &str =
    "This API key acts for all users: send an Api-Username header to say which.";
/// An `Api-Username` header that is not text.
pub const API_USERNAME_NOT_TEXT: &str = "The Api-Username header is not valid text.";
/// An `Api-Key` that was revoked.
pub const API_KEY_REVOKED: &str = "This API key was revoked; ask an admin for a new one.";
/// An `Api-Key` that belongs to someone other than `Api-Username`.
pub const API_KEY_NOT_THEIRS: &str =
    "This API key does not belong to the user named in Api-Username.";
/// An `Api-Key` that is not one of ours.
pub const API_KEY_UNKNOWN: &str = "The API key is not valid.";

/// An all-users `Api-Key` whose `Api-Username` names nobody.
pub fn api_username_unknown(name: &str) -> String {
    format!("The Api-Username header names {name}, and there is no user called that.")
}

/// A scoped `Api-Key` used for a request its scopes do not cover (`needed`: the scope that
/// would, if there is one).
pub fn api_key_out_of_scope(needed: Option<&str>) -> String {
    match needed {
        Some(scope) => {
            format!("This API key's scopes do not allow this request: it needs the {scope} scope.")
        }
        None => "This API key's scopes do not allow this request: it needs a key without \
                 scopes."
            .to_owned(),
    }
}
/// The `raw` field missing from an API request.
pub const RAW_REQUIRED: &str = "raw is required: the post's Markdown.";
/// The `title` field missing from an API request that starts a topic.
pub const TITLE_REQUIRED: &str = "title is required for a new topic (or send topic_id to reply).";

/// A form that could not be decoded.
pub fn form_unreadable(cause: impl fmt::Display) -> String {
    format!("The form could not be read: {cause}.")
}

/// A JSON body that could not be decoded.
pub fn json_unreadable(cause: impl fmt::Display) -> String {
    format!("The JSON body could not be read: {cause}.")
}

/// A query string that could not be decoded.
pub fn query_unreadable(cause: impl fmt::Display) -> String {
    format!("The query string could not be read: {cause}.")
}

/// A query parameter whose value is not one the page knows.
pub fn query_parameter_unreadable(name: &str, cause: impl fmt::Display) -> String {
    format!("The parameter {name} could not be read: {cause}.")
}

/// A silenced member, told on every page: why, and until when.
pub fn silenced(until: chrono::NaiveDateTime, reason: Option<&str>) -> String {
    let reason = reason
        .map(|r| format!(" The reason given: {r}"))
        .unwrap_or_default();
    format!(
        "A moderator has silenced this account until {} UTC: you can read and log in, but not \
         post or flag.{reason}",
        until.format("%Y-%m-%d %H:%M")
    )
}

/// `/modlog` on a forum that does not publish its moderation log.
pub const MODLOG_OFF: &str =
    "This forum does not publish its moderation log (the setting is moderation.public_modlog).";

/// `force_destroy`: Convene deletes softly, so staff can always restore.
pub const PERMANENT_DELETE_REFUSED: &str = "Posts are deleted softly here, so that staff can \
     restore them: send the request without force_destroy.";

/// A field that must be a whole number and is not.
pub fn not_a_number(field: &str, value: &str) -> String {
    format!("{field} {value:?} is not a whole number.")
}

/// A body in an encoding the API does not read.
pub fn unsupported_body(media_type: &str) -> String {
    if media_type.is_empty() {
        "Say what the body is: send it as application/json, application/x-www-form-urlencoded \
         or multipart/form-data, with that Content-Type."
            .to_owned()
    } else {
        format!(
            "Bodies of type {media_type} are not read here: send application/json, \
             application/x-www-form-urlencoded or multipart/form-data."
        )
    }
}

/// A body field whose value is not what it should be.
pub fn body_field_unreadable(key: &str, cause: impl fmt::Display) -> String {
    if key.is_empty() || key == "." {
        format!("The request body could not be read: {cause}.")
    } else {
        format!("The field {key} could not be read: {cause}.")
    }
}

/// A form key whose brackets do not make a `name[part]` or `name[]` key.
pub fn body_key_malformed(key: &str) -> String {
    format!("The key {key} is not a name, name[part] or name[] key.")
}

/// A form key used both for a value and for a group or list.
pub fn body_key_conflict(key: &str) -> String {
    format!(
        "The key {key} is used both for a single value and for a group or list; send one shape."
    )
}

/// A file sent where none is taken.
pub fn no_files_here(field: &str) -> String {
    format!("This takes no files, but the field {field} is one.")
}

/// More post ids than one answer holds.
pub fn too_many_post_ids(most: usize) -> String {
    format!("Ask for at most {} posts at a time.", count(most))
}

/// A letter avatar asked for at a size it is not drawn at.
pub fn avatar_size(smallest: u64, largest: u64) -> String {
    format!(
        "Avatars are drawn from {smallest} to {largest} pixels wide; ask for a size in between."
    )
}

/// A list order Convene does not sort by.
pub fn unknown_order(name: &str) -> String {
    format!(
        "order={name} is not understood: use activity, created, likes, views or posts \
         (and ascending=true for least first)."
    )
}

/// A top-list period that is none of Discourse's.
pub fn unknown_period() -> String {
    "The period must be all, yearly, quarterly, monthly, weekly or daily.".to_owned()
}

/// A topic status Convene cannot set yet.
pub fn status_not_supported(status: &str) -> String {
    format!(
        "There is no topic status called {status}: the topic tools set closed, pinned and \
         visible (listed)."
    )
}

/// A watching level that is not one of the numbers offered.
pub fn notification_level_unknown(offered: &str) -> String {
    format!("Choose a notification level: one of {offered}.")
}

/// An account an admin made through the API.
pub fn account_created(username: &str) -> String {
    format!("The account {username} was created; it can log in now.")
}

/// A span of seconds in words: "45 seconds", "4 minutes", "2 hours", "3 days".
pub fn duration_words(seconds: u64) -> String {
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if seconds >= 2 * 86_400 && seconds.is_multiple_of(86_400) {
        plural(seconds / 86_400, "day")
    } else if seconds >= 3600 {
        plural(seconds.div_ceil(3600), "hour")
    } else if seconds >= 120 {
        plural(seconds.div_ceil(60), "minute")
    } else {
        plural(seconds, "second")
    }
}

/// A posting limit reached, and when the member may write again.
pub fn too_fast(pace: &crate::services::Pace) -> String {
    use crate::services::{Window, Writing};
    let (what, plural) = match pace.writing {
        Writing::Topic => ("topic", "topics"),
        Writing::Reply => ("reply", "replies"),
    };
    let limit = pace.limit;
    let noun = if limit == 1 { what } else { plural };
    let wait = duration_words(pace.seconds);
    match pace.window {
        Window::Day => format!(
            "New members may write {limit} {noun} a day, so spam cannot flood the forum; you can \
             write again in {wait}."
        ),
        Window::Minute => format!(
            "You have written {limit} {noun} in the last minute, as many as the forum allows; \
             please wait {wait} and try again."
        ),
        Window::SlowMode(every) => format!(
            "This topic is in slow mode: each person may post once every {}, so the discussion \
             can breathe. You can reply again in {wait}; your draft is kept.",
            slow_mode_every(every)
        ),
    }
}

/// A slow-mode interval in words ("10 minutes", "1 hour").
pub fn slow_mode_every(seconds: i32) -> String {
    crate::models::topic::interval_words(seconds)
}

/// A `[limits]` limit reached, what it allows, and when to try again.
pub fn limit_reached(
    &crate::services::Limit {
        what,
        limit,
        seconds,
    }: &crate::services::Limit,
) -> String {
    use crate::services::Limited;
    let wait = duration_words(seconds);
    match what {
        Limited::Previews => format!(
            "You have asked for {limit} previews in the last minute, as many as the forum \
             allows; please wait {wait} and try again. Your draft is kept."
        ),
        Limited::Searches => format!(
            "You have searched {limit} times in the last minute, as many as the forum allows; \
             please wait {wait} and try again."
        ),
        Limited::ApiRequests => format!(
            "This API key has made {limit} requests in the last minute, as many as the forum \
             allows ([limits] api_key_requests_per_minute); wait {wait} and try again."
        ),
        Limited::Signups => format!(
            "{limit} accounts have been made from your address in the last hour, as many as \
             the forum allows; please try again in {wait}."
        ),
    }
}

/// `/metrics` asked for from an address not allowed and without the token.
pub const METRICS_FORBIDDEN: &str = "The metrics are for the forum's operators: ask from an \
     address in [metrics] allowed_addresses, or send Authorization: Bearer with [metrics] token.";

/// Too many attempts of something limited (logins, account mail).
pub fn rate_limited(seconds: u64) -> String {
    format!("Too many attempts. Please wait {seconds} seconds and try again.")
}

/// A search query longer than the forum accepts.
pub fn search_too_long(max_chars: usize) -> String {
    format!("The search is too long: use at most {max_chars} characters.")
}

/// A results page that is not a number from 1 to 1000.
pub fn search_page_out_of_range(page: &str) -> String {
    format!("page {page:?} is not a results page: give a whole number from 1 to 1000.")
}

/// A date operator whose value is not a date.
pub fn search_bad_date(operator: &str, value: &str) -> String {
    format!(
        "{operator}:{value} is not a date. Write {operator}:YYYY-MM-DD (for example \
         {operator}:2024-06-30), {operator}:YYYY-MM, {operator}:YYYY, a number of days ago \
         ({operator}:7) or {operator}:yesterday."
    )
}

/// Shown above results while the index is being rebuilt.
pub fn search_rebuilding(done: u64, total: u64) -> String {
    format!(
        "The search index is being rebuilt ({done} of {total} posts so far), so some \
         results may be missing. Try again in a little while."
    )
}

/// Shown when a query's words were cut to the most searched.
pub fn search_words_dropped(dropped: usize, kept: usize) -> String {
    format!("Only the first {kept} words were searched; {dropped} more were left out.")
}

/// Why a suggested search may find something: a near spelling.
pub fn search_try_spelling(word: &str, better: &str) -> String {
    format!("“{better}” instead of “{word}”, which no post contains")
}

/// Why a suggested search may find something: one filter fewer.
pub fn search_try_without(filter: &str) -> String {
    format!("without {filter}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_and_waits_read_as_people_say_them() {
        assert_eq!(slow_mode_every(600), "10 minutes");
        assert_eq!(slow_mode_every(60), "1 minute");
        assert_eq!(slow_mode_every(3600), "1 hour");
        assert_eq!(slow_mode_every(43_200), "12 hours");
        assert_eq!(slow_mode_every(86_400), "24 hours");
        assert_eq!(slow_mode_every(7 * 86_400), "7 days");
        assert_eq!(duration_words(1), "1 second");
        assert_eq!(duration_words(45), "45 seconds");
        assert_eq!(duration_words(121), "3 minutes");
        assert_eq!(duration_words(3601), "2 hours");
    }

    #[test]
    fn counts_are_written_with_thousands_separators() {
        assert_eq!(count(7), "7");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(65536), "65,536");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn field_problems_name_their_form_field() {
        let complaint = Complaint::from(&FieldError::new(Field::Body, Problem::Blank));
        assert_eq!(complaint.field, Some("raw"));
        assert_eq!(complaint.text, "The post cannot be empty.");
        let clash = Complaint::from(&Clash::NewerVersion);
        assert_eq!(clash.field, None);
    }
}
