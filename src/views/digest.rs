//! A digest's web view: the same content as the mail, at a stable address the mail links to
//! (`/u/{username}/digest/{period}`), and the admins' preview of anyone's next digest.

use maud::{Markup, html};

use crate::mail::compose::digest_body;
use crate::models::digest::Digest;
use crate::views::components::human_date;
use crate::views::layout::{PageContext, page};

/// The digest page. `next` marks the period still in progress (a preview).
pub fn digest_page(ctx: &PageContext, username: &str, digest: &Digest, next: bool) -> Markup {
    let frequency = match digest.period.frequency {
        crate::models::user_option::DigestFrequency::Daily => "Daily",
        _ => "Weekly",
    };
    let title = format!("{frequency} digest for {username}");
    let body = html! {
        h1 { (title) }
        p.meta {
            @if next {
                "The period in progress, so far: from " (human_date(digest.period.start))
                " until it is sent, " (human_date(digest.period.end)) " (UTC)."
            } @else {
                "From " (human_date(digest.period.start)) " to " (human_date(digest.period.end)) " (UTC)."
            }
        }
        // Links in the digest are absolute (they are written for mail); on the site, to here.
        (digest_body(digest, ""))
        p { a href="/my/preferences" { "Choose how often digests come and what they hold" } }
    };
    page(ctx, &title, body)
}
