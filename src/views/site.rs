//! Pages about the site itself: the built-in code of conduct and error pages.

use maud::{Markup, html};

use crate::views::layout::{PageContext, page};

/// The built-in code of conduct (used when `site.code_of_conduct_url` is `/code-of-conduct`).
pub fn code_of_conduct_page(ctx: &PageContext) -> Markup {
    let body = html! {
        h1 { "Code of conduct" }
        p.lead { "This forum is for people who build and use open-source scientific software. We want it to be welcoming, respectful and useful for everyone." }
        h2 { "We expect you to" }
        ul {
            li { "Be kind and patient. Assume good intent; many readers work in a second language." }
            li { "Be respectful of differing views, experience and backgrounds." }
            li { "Stay on topic, and give credit for the work of others." }
            li { "Describe images with alt text so everyone can follow." }
        }
        h2 { "We do not accept" }
        ul {
            li { "Harassment, insults, or discriminatory jokes and language." }
            li { "Personal attacks, trolling, or sustained disruption." }
            li { "Publishing others' private information without permission." }
            li { "Spam and advertising." }
        }
        h2 { "Enforcement" }
        p { "Moderators may edit or hide posts and silence or suspend accounts that break this code. Every action is recorded. If you see a problem, contact the moderators." }
    };
    page(ctx, "Code of conduct", body)
}

/// An error page for HTTP status `status`: what went wrong and where to go next.
pub fn error_page(ctx: &PageContext, status: u16, messages: &[String]) -> Markup {
    let heading = match status {
        400 => "That request did not make sense",
        401 => "Please log in",
        403 => "You can't do that",
        404 => "Page not found",
        409 => "That clashes with something that exists",
        413 => "That is too large",
        422 => "Please check what you sent",
        429 => "Slow down",
        _ => "Something went wrong",
    };
    let body = html! {
        h1 { (heading) }
        div role="alert" { @for m in messages { p { (m) } } }
        p {
            @if status == 401 { a href="/login" { "Log in" } " · " }
            a href="/" { "Go to the front page" }
        }
    };
    page(ctx, heading, body)
}
