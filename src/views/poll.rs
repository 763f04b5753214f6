//! A poll inside its post: the voting form (radio buttons or checkboxes, a plain form that needs
//! no script), the results as bars with their numbers in words, and its author's close
//! button. The cooked HTML holds each poll's static list (`markdown::poll`); the topic page
//! swaps it for this.

use maud::{Markup, PreEscaped, html};

use crate::models::ids::PostId;
use crate::models::poll::PollView;
use crate::views::components::csrf_field;
use crate::views::layout::PageContext;

/// What the viewer may do with a post's polls.
#[derive(Debug, Clone, Copy)]
pub struct PollPowers {
    /// They are signed in (and so may vote in an open poll).
    pub signed_in: bool,
    /// They may close and reopen the post's polls (its author, staff, its moderators).
    pub may_close: bool,
}

/// A post's cooked HTML with each poll's static list swapped for the live poll.
pub fn cooked_with_polls(
    ctx: &PageContext,
    post: PostId,
    html_in: &str,
    polls: &[PollView],
    powers: PollPowers,
) -> Markup {
    let mut out = String::with_capacity(html_in.len() + 2048);
    let mut rest = html_in;
    let mut shown = Vec::new();
    while let Some(start) = rest.find("<div class=\"poll\" data-poll=\"") {
        let after = &rest[start..];
        let name_start = "<div class=\"poll\" data-poll=\"".len();
        let name_end = after[name_start..].find('"').map(|e| name_start + e);
        let close = after.find("</ul></div>").map(|e| e + "</ul></div>".len());
        let (Some(name_end), Some(close)) = (name_end, close) else {
            break;
        };
        let name = &after[name_start..name_end];
        out.push_str(&rest[..start]);
        match polls.iter().find(|p| p.poll.name == name) {
            Some(view) => {
                out.push_str(&poll_box(ctx, post, view, powers).into_string());
                shown.push(name.to_owned());
            }
            None => out.push_str(&after[..close]),
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    // A poll whose place was not found (never expected) still shows, after the text.
    for view in polls.iter().filter(|v| !shown.contains(&v.poll.name)) {
        out.push_str(&poll_box(ctx, post, view, powers).into_string());
    }
    html! { div.cooked { (PreEscaped(out)) } }
}

/// The percentage `part` is of `whole`, rounded.
fn percent(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        0
    } else {
        (part * 100 + whole / 2) / whole
    }
}

/// One poll: its state, the form or the results, and its tools.
pub fn poll_box(ctx: &PageContext, post: PostId, view: &PollView, powers: PollPowers) -> Markup {
    let poll = &view.poll;
    let id = format!("poll-{}-{}", post.0, poll.name);
    let voted = !view.chosen.is_empty();
    let may_vote = powers.signed_in && !view.closed && !voted;
    let results_shown = match poll.results.as_str() {
        "on_close" => view.closed,
        "on_vote" => view.closed || voted,
        _ => true,
    };
    let rule = if poll.multiple() {
        if poll.min_choices == poll.max_choices {
            format!("choose {}", poll.max_choices)
        } else {
            format!("choose {} to {}", poll.min_choices, poll.max_choices)
        }
    } else {
        "choose one".to_owned()
    };
    // Counted in votes for one choice, in voters for several (as Discourse does).
    let whole: i64 = if poll.multiple() {
        view.voters
    } else {
        view.options.iter().map(|(_, n)| n).sum()
    };
    html! {
        section.poll-box aria-labelledby={ (id) "-heading" } {
            p.poll-head id={ (id) "-heading" } {
                strong { "Poll" @if poll.name != "poll" { ": " (poll.name) } }
                " · " (rule)
                " · " (view.voters) @if view.voters == 1 { " voter" } @else { " voters" }
                @if view.closed { " · " span.badge { "Closed" } }
                @else if let Some(at) = poll.closes_at { " · closes " (crate::views::components::time(at)) }
            }
            @if may_vote {
                form method="post" action="/polls/vote" {
                    (csrf_field(ctx))
                    input type="hidden" name="post_id" value=(post.0);
                    input type="hidden" name="poll_name" value=(poll.name);
                    fieldset {
                        legend { "Your vote (" (rule) ")" }
                        @for (option, _) in &view.options {
                            @let input_id = format!("{id}-option-{}", option.id);
                            div.field.checkbox {
                                @if poll.multiple() {
                                    input id=(input_id) type="checkbox" name="options[]" value=(option.id);
                                } @else {
                                    input id=(input_id) type="radio" name="options[]" value=(option.id) required;
                                }
                                label for=(input_id) { (option.text) }
                            }
                        }
                    }
                    button type="submit" { "Vote" }
                }
            } @else if !powers.signed_in && !view.closed {
                p.hint { a href={ "/login?next=" (crate::views::layout::url_component(&ctx.path)) } { "Log in" } " to vote." }
            }
            @if results_shown && (!may_vote || poll.results == "always") {
                ul.poll-results aria-label="Results" {
                    @for (option, votes) in &view.options {
                        @let share = percent(*votes, whole);
                        li {
                            span.poll-option {
                                (option.text)
                                @if view.chosen.contains(&option.id) { " " span.badge { "your vote" } }
                            }
                            " "
                            progress max="100" value=(share) aria-hidden="true" {}
                            " "
                            span.poll-count { (votes) @if *votes == 1 { " vote" } @else { " votes" } " (" (share) " %)" }
                            @if let Some(names) = view.names.get(&option.id).filter(|n| !n.is_empty()) {
                                " " span.poll-voters { "— " (names.join(", ")) }
                            }
                        }
                    }
                }
            } @else if !results_shown {
                p.hint {
                    @if poll.results == "on_close" { "Results show when the poll closes." }
                    @else { "Results show once you vote." }
                }
            }
            @if voted && !view.closed {
                form.inline method="post" action="/polls/unvote" {
                    (csrf_field(ctx))
                    input type="hidden" name="post_id" value=(post.0);
                    input type="hidden" name="poll_name" value=(poll.name);
                    button type="submit" { "Remove my vote" }
                }
            }
            @if powers.may_close {
                form.inline method="post" action="/polls/toggle_status" {
                    (csrf_field(ctx))
                    input type="hidden" name="post_id" value=(post.0);
                    input type="hidden" name="poll_name" value=(poll.name);
                    input type="hidden" name="status" value=(if view.closed { "open" } else { "closed" });
                    button type="submit" { @if view.closed { "Reopen poll" } @else { "Close poll" } }
                }
            }
        }
    }
}
