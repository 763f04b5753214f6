//! What the moderators tell a member by mail when they act on them or their post: the words,
//! made from the staff-log row of the action and from how things stand when the mail leaves.
//! A silence or suspension lifted (or a post shown again) before then is not mailed at all,
//! and a changed end date is told as it now is, so the mail is never out of step with the
//! forum. The moderator is never named: who may see that is the forum's setting
//! (`moderation.modlog_names_moderators`), and a mail cannot be taken back.

use chrono::NaiveDateTime;

use crate::models::staff_log::{StaffAction, StaffLogEntry};
use crate::models::user::User;

/// A moderation mail's words: subject, paragraphs, and one link (path and words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The subject line (the site's name is put before it).
    pub subject: String,
    /// What happened, why, and what it means, a paragraph each.
    pub paragraphs: Vec<String>,
    /// A path on the forum.
    pub link_path: String,
    /// The link's words.
    pub link_words: &'static str,
}

/// The post an action was about, as the mail links it.
#[derive(Debug, Clone)]
pub struct AboutPost {
    /// Its address on the forum.
    pub path: String,
    /// Whether it is hidden now.
    pub hidden: bool,
}

/// Why a moderation row is not mailed.
pub type Skip = &'static str;

fn when(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The moderator's words, as a paragraph, if they gave any.
fn reason_paragraph(entry: &StaffLogEntry) -> Option<String> {
    entry
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| format!("The reason given: {r}"))
}

/// "in “Title”", when the row knows the topic's title.
fn in_topic(entry: &StaffLogEntry) -> String {
    entry
        .subject
        .as_deref()
        .map(|title| format!(" in “{title}”"))
        .unwrap_or_default()
}

/// The mail for `entry`, done to `member`, as things stand at `now`; or why none is sent.
/// `cooldown` is how long after a hiding the author's edit shows the post again.
pub fn words(
    entry: &StaffLogEntry,
    member: &User,
    post: Option<&AboutPost>,
    now: NaiveDateTime,
    cooldown: chrono::Duration,
) -> Result<Notice, Skip> {
    let action = entry.kind().ok_or("the log row's action is unknown")?;
    let mut paragraphs = Vec::new();
    let notice =
        |subject: String, paragraphs: Vec<String>, path: &str, link: &'static str| Notice {
            subject,
            paragraphs,
            link_path: path.to_owned(),
            link_words: link,
        };
    match action {
        StaffAction::UserSilenced => {
            let until = member
                .silenced_until
                .filter(|until| *until > now)
                .ok_or("the silence was lifted before the mail left")?;
            paragraphs.push(format!(
                "A moderator has silenced your account until {}.",
                when(until)
            ));
            paragraphs.extend(reason_paragraph(entry));
            paragraphs.push(
                "Until then you can read the forum and log in, but not start topics, reply, or \
                 flag posts. Your moderation page says why and until when."
                    .to_owned(),
            );
            Ok(notice(
                format!("Your account is silenced until {}", when(until)),
                paragraphs,
                "/my/moderation",
                "See your moderation page",
            ))
        }
        StaffAction::UserSuspended => {
            let until = member
                .suspended_until
                .filter(|until| *until > now)
                .ok_or("the suspension was lifted before the mail left")?;
            paragraphs.push(format!(
                "A moderator has suspended your account until {}.",
                when(until)
            ));
            paragraphs.extend(reason_paragraph(entry));
            paragraphs.push(
                "Until then you cannot log in, and you have been logged out everywhere. The \
                 code of conduct says what the forum asks of everyone."
                    .to_owned(),
            );
            Ok(notice(
                format!("Your account is suspended until {}", when(until)),
                paragraphs,
                "/code-of-conduct",
                "Read the code of conduct",
            ))
        }
        StaffAction::WarningGiven => {
            paragraphs.push("The moderators have given you an official warning.".to_owned());
            if let Some(text) = entry
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                paragraphs.push(format!("It says: {text}"));
            }
            paragraphs.push(
                "A warning is part of your moderation record; it limits nothing by itself."
                    .to_owned(),
            );
            Ok(notice(
                "An official warning from the moderators".to_owned(),
                paragraphs,
                "/my/moderation",
                "See your moderation page",
            ))
        }
        StaffAction::PostHidden => {
            let post = post.ok_or("the hidden post is gone")?;
            if !post.hidden {
                return Err("the post was shown again before the mail left");
            }
            let by_flags = entry.acting_user_id.is_none();
            paragraphs.push(if by_flags {
                format!(
                    "Your post{} was hidden because several members flagged it.",
                    in_topic(entry)
                )
            } else {
                format!("A moderator has hidden your post{}.", in_topic(entry))
            });
            if !by_flags {
                paragraphs.extend(reason_paragraph(entry));
            }
            paragraphs.push(if by_flags {
                format!(
                    "Readers no longer see it. You can edit it to address their concerns: an \
                     edit made at least {} minutes after it was hidden shows it again, unless it \
                     was hidden before. A moderator will also look at it.",
                    cooldown.num_minutes()
                )
            } else {
                "Readers no longer see it; you and the moderators still do.".to_owned()
            });
            Ok(notice(
                format!("Your post{} was hidden", in_topic(entry)),
                paragraphs,
                &post.path,
                "See the post",
            ))
        }
        StaffAction::QueuedPostRejected => {
            paragraphs.push(format!(
                "A moderator has looked at your post{} and not published it.",
                in_topic(entry)
            ));
            paragraphs.extend(reason_paragraph(entry));
            paragraphs
                .push("Your moderation page keeps what you wrote, so nothing is lost.".to_owned());
            Ok(notice(
                format!("Your post{} was not published", in_topic(entry)),
                paragraphs,
                "/my/moderation",
                "See your moderation page",
            ))
        }
        _ => Err("this action is not mailed to its member"),
    }
}
