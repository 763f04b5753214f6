//! The pages behind a mail's one-click unsubscribe link: a GET asks (mail scanners open
//! links, and a GET must change nothing), a POST stops that kind of mail. Mail clients that
//! speak RFC 8058 POST straight away, without a login.

use maud::{Markup, html};

use crate::models::user_option::MailStream;
use crate::views::components::csrf_field;
use crate::views::layout::{PageContext, page};

/// Asks whether to stop `stream` for `username`.
pub fn confirm(ctx: &PageContext, action: &str, username: &str, stream: MailStream) -> Markup {
    let what = stream.describe();
    let body = html! {
        h1 { "Stop " (what) "?" }
        p { "For the account " strong { (username) } ". You can turn them on again at any time." }
        form method="post" action=(action) {
            (csrf_field(ctx))
            button type="submit" { "Stop " (what) }
        }
        p { a href="/my/preferences" { "Or choose exactly what you are sent" } " (you will be asked to log in)." }
    };
    page(ctx, &format!("Stop {what}"), body)
}

/// After stopping.
pub fn stopped(ctx: &PageContext, stream: MailStream) -> Markup {
    let what = stream.describe();
    let body = html! {
        h1 { "No more " (what) }
        p role="status" { "Done: you will get no more " (what) " from this forum." }
        p { "Changed your mind? " a href="/my/preferences" { "Choose again in your preferences" } "." }
    };
    page(ctx, &format!("No more {what}"), body)
}

/// A link that was altered, cut short, or is for a kind of mail that does not exist.
pub fn bad_link(ctx: &PageContext) -> Markup {
    let body = html! {
        h1 { "This unsubscribe link does not work" }
        p { "It may have been cut short by your mail program or altered. Copy the whole address from the mail, or choose what you are sent in " a href="/my/preferences" { "your preferences" } "." }
    };
    page(ctx, "This unsubscribe link does not work", body)
}
