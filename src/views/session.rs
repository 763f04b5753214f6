//! Sign-up and log-in pages.

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::views::components::{csrf_field, described_by, field_error, form_errors, invalid};
use crate::views::layout::{PageContext, page};

/// What the sign-up form holds when it comes back (never the password).
#[derive(Debug, Clone, Default)]
pub struct SignupDraft {
    /// Username.
    pub username: String,
    /// Email.
    pub email: String,
    /// Display name.
    pub name: String,
}

/// The sign-up form.
pub fn signup_page(ctx: &PageContext, draft: &SignupDraft, errors: &[Complaint]) -> Markup {
    let min = ctx.config.auth.min_password_length;
    let body = html! {
        h1 { "Sign up" }
        (form_errors(errors))
        form.stacked method="post" action="/signup" {
            (csrf_field(ctx))
            div.field {
                label for="username" { "Username" }
                input #username name="username" type="text" required minlength="3" maxlength="20"
                    autocomplete="username" value=(draft.username)
                    aria-invalid=[invalid(errors, "username")]
                    aria-describedby=[described_by(errors, "username", Some("username-hint"))];
                p.hint #username-hint { "3–20 letters, digits, _ . or -. People mention you as @username." }
                (field_error(errors, "username"))
            }
            div.field {
                label for="name" { "Name (optional)" }
                input #name name="name" type="text" maxlength="60" autocomplete="name" value=(draft.name)
                    aria-invalid=[invalid(errors, "name")] aria-describedby=[described_by(errors, "name", None)];
                (field_error(errors, "name"))
            }
            div.field {
                label for="email" { "Email" }
                input #email name="email" type="email" required autocomplete="email" value=(draft.email)
                    aria-invalid=[invalid(errors, "email")] aria-describedby=[described_by(errors, "email", None)];
                (field_error(errors, "email"))
            }
            div.field {
                label for="password" { "Password" }
                input #password name="password" type="password" required minlength=(min)
                    autocomplete="new-password" aria-invalid=[invalid(errors, "password")]
                    aria-describedby=[described_by(errors, "password", Some("password-hint"))];
                p.hint #password-hint { "At least " (min) " characters." }
                (field_error(errors, "password"))
            }
            div.field.checkbox {
                input #accept_coc name="accept_coc" type="checkbox" value="on" required
                    aria-invalid=[invalid(errors, "accept_coc")] aria-describedby=[described_by(errors, "accept_coc", None)];
                label for="accept_coc" {
                    "I have read and accept the "
                    a href=(ctx.config.site.code_of_conduct_url) { "code of conduct" }
                }
            }
            (field_error(errors, "accept_coc"))
            div.actions { button.primary type="submit" { "Create account" } }
        }
        p { "Already have an account? " a href="/login" { "Log in" } }
    };
    page(ctx, "Sign up", body)
}

/// The log-in form.
pub fn login_page(ctx: &PageContext, login: &str, next: &str, errors: &[Complaint]) -> Markup {
    let body = html! {
        h1 { "Log in" }
        (form_errors(errors))
        form.stacked method="post" action="/login" {
            (csrf_field(ctx))
            input type="hidden" name="next" value=(next);
            div.field {
                label for="login" { "Username or email" }
                input #login name="login" type="text" required autocomplete="username" value=(login);
            }
            div.field {
                label for="password" { "Password" }
                input #password name="password" type="password" required autocomplete="current-password";
            }
            div.actions { button.primary type="submit" { "Log in" } }
        }
        p { a href="/password-reset" { "Forgot your password?" } }
        p { "New here? " a href="/signup" { "Sign up" } }
    };
    page(ctx, "Log in", body)
}
