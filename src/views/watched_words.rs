//! The admin page for watched words: the list by action, with a button to remove each, and the
//! form that adds one. What each action does is said beside it, so an admin knows what a word
//! will do before adding it.

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::models::watched_word::{MAX_WORD_CHARS, WatchedAction, WatchedWord};
use crate::views::components::{
    admin_tabs, csrf_field, described_by, field_error, form_errors, invalid, time,
};
use crate::views::layout::{PageContext, page};

/// What the add form was filled in with, to show it again beside its problems.
#[derive(Debug, Clone, Default)]
pub struct WordDraft {
    /// The word typed.
    pub word: String,
    /// The action chosen (`action_key`).
    pub action: String,
}

/// An action's name and what it does, for the page.
fn describe(action: WatchedAction) -> (&'static str, &'static str) {
    match action {
        WatchedAction::Block => (
            "Block",
            "A post or title with the word is refused; its author is told which word, and keeps what they wrote.",
        ),
        WatchedAction::RequireApproval => (
            "Require approval",
            "A post with the word waits in the review queue until a moderator approves it (staff posts are published).",
        ),
        WatchedAction::Censor => (
            "Censor",
            "The word is shown masked (■■■) in posts. Existing posts are masked after convene rebake.",
        ),
    }
}

/// `GET /admin/watched_words`.
pub fn watched_words_page(
    ctx: &PageContext,
    words: &[WatchedWord],
    draft: &WordDraft,
    errors: &[Complaint],
) -> Markup {
    let body = html! {
        h1 { "Watched words" }
        (admin_tabs("watched-words"))
        p.lead {
            "Words and phrases checked in every new or edited title and post. "
            "Matching ignores case and takes whole words only; " code { "*" } " stands for any letters, "
            "so " code { "spam*" } " also matches “spammer”."
        }
        @for action in WatchedAction::ALL {
            @let (name, what) = describe(action);
            @let listed: Vec<&WatchedWord> = words.iter().filter(|w| w.action() == action).collect();
            section aria-labelledby={ "words-" (action.as_str()) } {
                h2 id={ "words-" (action.as_str()) } { (name) }
                p.hint { (what) }
                @if listed.is_empty() {
                    p.empty { "No words." }
                } @else {
                    ul.activity {
                        @for word in listed {
                            li {
                                code { (word.word) } " · added " (time(word.created_at)) " "
                                form.inline method="post" action={ "/admin/watched_words/" (word.id) "/delete" } {
                                    (csrf_field(ctx))
                                    button.danger type="submit" aria-label={ "Remove “" (word.word) "” from " (name) } { "Remove" }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 #add-word { "Add a word" }
        (form_errors(errors))
        form.stacked method="post" action="/admin/watched_words" aria-labelledby="add-word" {
            (csrf_field(ctx))
            div.field {
                label for="word" { "Word or phrase" }
                input #word name="word" type="text" required maxlength=(MAX_WORD_CHARS) value=(draft.word)
                    autocomplete="off" spellcheck="false"
                    aria-invalid=[invalid(errors, "word")] aria-describedby=[described_by(errors, "word", None)];
                (field_error(errors, "word"))
            }
            fieldset aria-describedby=[described_by(errors, "action_key", None)] {
                legend { "What it does" }
                @for action in WatchedAction::ALL {
                    @let id = format!("action-{}", action.as_str());
                    div.field.checkbox {
                        input id=(id) type="radio" name="action_key" value=(action.as_str())
                            checked[draft.action == action.as_str() || (draft.action.is_empty() && action == WatchedAction::Block)];
                        label for=(id) { (describe(action).0) }
                    }
                }
                (field_error(errors, "action_key"))
            }
            div.actions { button type="submit" { "Add word" } }
        }
    };
    page(ctx, "Watched words", body)
}
