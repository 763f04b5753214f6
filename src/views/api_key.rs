//! The admin page for API keys: every key with whom it acts for, its scopes and its last use,
//! a button to revoke it, and the form that makes one (whose secret is shown once, here).

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::models::api_key::{ApiKey, SCOPES};
use crate::models::user::UserSummary;
use crate::views::components::{
    admin_tabs, csrf_field, described_by, field_error, form_errors, invalid, time,
};
use crate::views::layout::{PageContext, page};

/// What the new-key form was filled in with, to show it again beside its problems.
#[derive(Debug, Clone, Default)]
pub struct KeyDraft {
    /// The user it acts as (when not for all users).
    pub username: String,
    /// It acts for all users.
    pub all_users: bool,
    /// What it is for.
    pub description: String,
    /// The scopes ticked.
    pub scopes: Vec<String>,
}

/// A key just made: its id and the secret, shown this once.
#[derive(Debug, Clone)]
pub struct NewSecret {
    /// The key's id, to find it in the list.
    pub id: i64,
    /// The secret to send as `Api-Key`.
    pub secret: String,
}

/// The API keys page.
pub fn api_keys_page(
    ctx: &PageContext,
    keys: &[(ApiKey, UserSummary)],
    made: Option<&NewSecret>,
    draft: &KeyDraft,
    errors: &[Complaint],
) -> Markup {
    let body = html! {
        h1 { "API keys" }
        (admin_tabs("api-keys"))
        p.lead {
            "Scripts and bots send a key as the " code { "Api-Key" } " header, as they do to Discourse. "
            "A key for all users acts as whoever the " code { "Api-Username" } " header names."
        }
        @if let Some(made) = made {
            div.notice role="status" {
                h2 { "Key " (made.id) " made" }
                p { "Copy it now: it is stored only as a hash and will not be shown again." }
                p { label for="new-key" { "The key" } }
                input #new-key type="text" readonly value=(made.secret) size="70" spellcheck="false" autocomplete="off";
            }
        }
        @if keys.is_empty() {
            p.empty { "No API keys yet." }
        } @else {
            div.table-scroll role="region" aria-label="API keys" tabindex="0" {
                table.listing {
                    thead {
                        tr {
                            th scope="col" { "Key" }
                            th scope="col" { "Acts for" }
                            th scope="col" { "Scopes" }
                            th scope="col" { "Made" }
                            th scope="col" { "Last used" }
                            th scope="col" { "State" }
                        }
                    }
                    tbody {
                        @for (key, user) in keys {
                            (key_row(ctx, key, user))
                        }
                    }
                }
            }
        }
        h2 #new-key-form { "New API key" }
        (new_key_form(ctx, draft, errors))
    };
    page(ctx, "API keys", body)
}

fn key_row(ctx: &PageContext, key: &ApiKey, user: &UserSummary) -> Markup {
    html! {
        tr {
            th scope="row" {
                (key.id)
                @if !key.description.is_empty() { br; span.muted { (key.description) } }
            }
            td {
                @if key.all_users { "All users" br; span.muted { "made by " (user.username) } }
                @else { a href={ "/u/" (user.username) } { (user.username) } }
            }
            td {
                @if key.scopes.is_empty() { "Everything" }
                @else { @for scope in key.scopes.split_whitespace() { code { (scope) } " " } }
            }
            td { (time(key.created_at)) }
            td { @match key.last_used_at { Some(at) => (time(at)), None => "Never" } }
            td {
                @if let Some(at) = key.revoked_at {
                    "Revoked " (time(at))
                } @else {
                    form.inline method="post" action={ "/admin/api-keys/" (key.id) "/revoke" } {
                        (csrf_field(ctx))
                        button.danger type="submit" aria-label={ "Revoke key " (key.id) } { "Revoke" }
                    }
                }
            }
        }
    }
}

fn new_key_form(ctx: &PageContext, draft: &KeyDraft, errors: &[Complaint]) -> Markup {
    html! {
        (form_errors(errors))
        form.stacked method="post" action="/admin/api-keys" {
            (csrf_field(ctx))
            fieldset {
                legend { "Acts for" }
                div.field.checkbox {
                    input #acting-user type="radio" name="acting" value="user" checked[!draft.all_users];
                    label for="acting-user" { "One user" }
                }
                div.field.checkbox {
                    input #acting-all type="radio" name="acting" value="all" checked[draft.all_users];
                    label for="acting-all" { "All users (the request's Api-Username says which)" }
                }
            }
            div.field {
                label for="username" { "Username (for a one-user key)" }
                input #username name="username" type="text" maxlength="60" value=(draft.username)
                    autocomplete="off"
                    aria-invalid=[invalid(errors, "username")] aria-describedby=[described_by(errors, "username", None)];
                (field_error(errors, "username"))
            }
            div.field {
                label for="description" { "What it is for" }
                input #description name="description" type="text" maxlength="200" value=(draft.description);
            }
            fieldset aria-describedby="scopes-hint" {
                legend { "Scopes" }
                p.hint #scopes-hint { "Tick none for a key that may do everything its user may." }
                @for scope in SCOPES {
                    @let id = format!("scope-{}", scope.replace(':', "-"));
                    div.field.checkbox {
                        input id=(id) type="checkbox" name="scopes[]" value=(scope)
                            checked[draft.scopes.iter().any(|s| s == scope)];
                        label for=(id) { code { (scope) } }
                    }
                }
                (field_error(errors, "scopes"))
            }
            button.primary type="submit" { "Make key" }
        }
    }
}
