//! Row types and their queries, one file per resource. Functions take `&mut AnyConnection`
//! and return `diesel::QueryResult`. Reads are public; statements that write are `pub(crate)`,
//! composed by `services` into one transaction per use-case (nothing else writes rows).

pub mod activity;
pub mod api_key;
pub mod bookmark;
pub mod category;
pub mod digest;
pub mod email_token;
pub mod flag;
pub mod group;
pub mod ids;
pub mod incoming_mail;
pub mod invalid;
pub mod job_lease;
pub mod like;
pub mod login_attempt;
pub mod mail_outbox;
pub mod notification;
pub mod poll;
pub mod post;
pub mod project;
pub mod proposal;
pub mod queued_post;
pub mod rate_limit;
pub mod reading;
pub mod reviewable;
pub mod revision;
pub mod role;
pub mod search_change;
pub mod session;
pub mod site_secret;
pub mod staff_log;
pub mod tag;
pub mod topic;
pub mod trust;
pub mod user;
pub mod user_note;
pub mod user_option;
pub mod visibility;
pub mod watched_word;
pub mod watching;

/// True when `error` is a unique-constraint violation (same kind on both backends).
pub fn is_unique_violation(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Turns a title or name into a URL slug: lowercase ASCII words joined by hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 80 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    // Titles in other scripts have no ASCII; Discourse uses "topic" then too.
    if slug.is_empty() {
        "topic".to_owned()
    } else {
        slug
    }
}

/// A topic's slug: `slugify`, except that digits alone become "topic" (as in Discourse), since
/// `/t/{slug}/{id}` with a numeric slug would read as `/t/{id}/{post_number}`.
pub fn topic_slug(title: &str) -> String {
    let slug = slugify(title);
    if slug.bytes().all(|b| b.is_ascii_digit()) {
        "topic".to_owned()
    } else {
        slug
    }
}
